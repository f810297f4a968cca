using System.Globalization;
using VmafTiny.Decode;
using VmafTiny.Features;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cli.Commands.Libvmaf;

/// <summary>
/// Runs libvmaf 3.2.0's <c>vmaf</c> command line: the same options, the same defaults (vmaf_v0.6.1 keyed
/// <c>vmaf</c>, an XML log, every output libvmaf writes), the same log bytes (version and fps aside), and stdout
/// left to the log (<c>-o /dev/stdout</c>, <c>-o -</c>). A thin layer over <see cref="VmafRun"/>.
/// </summary>
internal static class LibvmafCommand
{
    /// <summary>The name shown in usage lines.</summary>
    public const string Usage = "vmaf-tiny vmaf";

    /// <summary>Parses libvmaf's command line (without the program name) and runs it.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        LibvmafSettings settings;
        try
        {
            settings = LibvmafCommandLine.Parse(args);
        }
        catch (LibvmafUsageException e)
        {
            stderr.WriteLine($"vmaf-tiny: {e.Message} (run '{Usage} --help' for usage)");
            return VmafTinyCli.ExitUsage;
        }
        catch (LibvmafUnsupportedException e)
        {
            stderr.WriteLine($"vmaf-tiny: {e.Message}");
            return VmafTinyCli.ExitFailure;
        }

        if (settings.Help)
        {
            stdout.Write(LibvmafHelp.Text);
            return 0;
        }

        if (settings.Version)
        {
            // libvmaf prints its version on stderr and stops.
            stderr.WriteLine($"{Vmaf.LogVersion} (libvmaf {LibvmafHelp.LibvmafVersion} command line)");
            return 0;
        }

        return Run(settings, stdout, stderr);
    }

    private static int Run(LibvmafSettings s, TextWriter stdout, TextWriter stderr)
    {
        LogPrecision.TryParse(s.Precision ?? "libvmaf", out LogPrecision precision);
        VmafOptions options = ToOptions(s);

        // Everything that can refuse the run does so before any frame is computed (libvmaf finds a bad -o only at
        // the end, and then exits 0 without a log).
        var modelFiles = options.EffectiveModels.Select(Score.ModelSpec.Parse).Where(m => m.Version is null).Select(m => m.Path!);
        LogOutput? output = LogOutput.Open(s.Output, [s.Reference!, s.Distorted!, .. modelFiles]);
        using VmafRun run = VmafRun.Open(s.Reference!, s.Distorted!, options);
        if (output is not null)
        {
            LogOutput.CheckKeys(run.Models.Select(m => m.Spec.LogKey), s.Format);
        }

        if (!s.Quiet)
        {
            foreach (string note in run.Notes)
            {
                stderr.WriteLine($"vmaf-tiny: {note}");
            }
        }

        VmafResult result = run.Run();
        foreach (string warning in result.Warnings)
        {
            stderr.WriteLine($"vmaf-tiny: warning: {warning}");
        }

        // libvmaf's key order depends on whether it ran a thread pool (--threads N, N >= 1). Its log has no notes
        // (differing frame rates, y4m's I?, a scaled distorted video): they went to stderr above, and the log keeps
        // libvmaf's layout whatever the inputs.
        VmafLog log = result.ToLog(s.Threads is > 0 ? LogKeyOrder.LibvmafThreaded : LogKeyOrder.Libvmaf, notes: false);
        output?.Write(log, s.Format, precision, stdout);

        // libvmaf's summary: each model's pooled mean on stderr, named by version or path, unless -q with a log.
        if (!s.Quiet || s.Output is null)
        {
            var specs = options.EffectiveModels.Select(Score.ModelSpec.Parse).ToArray();
            for (int m = 0; m < result.Models.Count; m++)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{specs[m].Label}: {result.PooledScores[m].Mean:F6}"));
            }
        }

        return 0;
    }

    /// <summary>The library options libvmaf's settings mean, with vmaf-tiny's defaults where libvmaf's would be slower.</summary>
    internal static VmafOptions ToOptions(LibvmafSettings s)
    {
        RawVideoOptions? raw = null;
        if (s.UseYuv)
        {
            if (s.Width > int.MaxValue || s.Height > int.MaxValue)
            {
                throw new VmafTinyException($"raw .yuv input: {s.Width}x{s.Height} is not a frame size");
            }

            raw = new RawVideoOptions((int)s.Width, (int)s.Height, s.PixelFormat!.Value, (int)s.BitDepth);
        }

        return new VmafOptions
        {
            Models = s.Models,
            NoPrediction = s.NoPrediction,
            Features = s.Features,
            DefaultFeatures = false,
            LibvmafOutputs = true,
            Raw = raw,
            Threads = s.Threads is { } t ? (int)Math.Clamp(t, 1u, 1024u) : 0,
            Subsample = (int)Math.Clamp(s.Subsample, 1u, int.MaxValue),
            Cpu = CpuDispatch.FromLibvmafCpuMask(s.CpuMask),
            FrameCount = s.FrameCount == 0 ? null : (int)Math.Min(s.FrameCount, int.MaxValue),
            FrameSkipReference = (int)Math.Min(s.FrameSkipReference, int.MaxValue),
            FrameSkipDistorted = (int)Math.Min(s.FrameSkipDistorted, int.MaxValue),
        };
    }
}
