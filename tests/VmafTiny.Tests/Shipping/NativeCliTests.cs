using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using VmafTiny.Decode.Y4m;
using VmafTiny.Tests.Cli;
using VmafTiny.Features.OpenCL;
using VmafTiny.Tests.Golden;
using VmafTiny.Tests.OpenCl;

namespace VmafTiny.Tests.Shipping;

/// <summary>
/// The one-file native CLI (artifacts/publish/vmaf-tiny: the x86-64-v4 NativeAOT build in front, the x86-64-v3 one, and the
/// native libraries): every level this CPU runs, on every kernel path that level has, gives libvmaf's doubles on
/// golden clips; the front runs itself (AVX-512) on AVX-512 CPUs and hands over to the AVX2 build otherwise; mp4 input and the
/// ONNX model work from the libraries inside the file, and both of them load as themselves in one run; so does the
/// OpenCL device (where there is one); a damaged file or an impossible level is one clear line.
/// Runs once (not a Category=Isa test): the level is chosen by the front, not by the test's runtime.
/// </summary>
public class NativeCliTests
{
    private static readonly string[] FeatureKeys =
    [
        "integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "integer_motion2",
    ];

    /// <summary>The levels this CPU runs (judged by the CPU's flags, which the front also reads) and their kernel paths.</summary>
    public static IEnumerable<object[]> LevelsAndPaths
    {
        get
        {
            yield return ["x86-64-v3", "scalar"];
            yield return ["x86-64-v3", "avx2"];
            yield return ["x86-64-v4", "scalar"];
            yield return ["x86-64-v4", "avx2"];
            yield return ["x86-64-v4", "avx512"];
        }
    }

    private static bool CpuHasV3 => Avx2.IsSupported && Bmi2.IsSupported && Fma.IsSupported && Lzcnt.IsSupported;

    private static bool CpuHasV4 => CpuHasV3 && Avx512F.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported &&
                                    Avx512DQ.IsSupported && Avx512F.VL.IsSupported;

    [SkippableTheory]
    [MemberData(nameof(LevelsAndPaths))]
    public void Every_level_and_kernel_path_gives_libvmafs_doubles(string level, string cpu)
    {
        string cli = NativeCli();
        Skip.IfNot(level == "x86-64-v3" ? CpuHasV3 : CpuHasV4, $"this CPU (or runtime) lacks {level}");
        foreach (string clip in new[] { "g01_pan_420p8_320x180", "g02_zoom_420p10_352x288" })
        {
            using var temp = Shipped.Temp("native");
            string log = Path.Combine(temp.Path, "log.json");
            var run = Shipped.Run(
                cli,
                ["score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "--model", "vmaf_v0.6.1", "--precision", "max",
                 "-o", log, "--cpu", cpu, "--threads", "2"],
                new Dictionary<string, string?> { ["VMAF_TINY_ISA"] = level });
            Assert.True(run.Code == 0, run.Stderr);
            Assert.Contains($", {cpu} kernels", run.Stderr);

            using var doc = JsonDocument.Parse(File.ReadAllBytes(log));
            var expected = GoldenClips.Frames(clip);
            var frames = doc.RootElement.GetProperty("frames").EnumerateArray().ToArray();
            Assert.Equal(expected.Count, frames.Length);
            for (int i = 0; i < frames.Length; i++)
            {
                var metrics = frames[i].GetProperty("metrics");
                foreach (string key in FeatureKeys.Append("vmaf"))
                {
                    double actual = metrics.GetProperty(key).GetDouble();
                    Assert.True(expected[i][key] == actual, $"{clip} {level} {cpu} frame {i} {key}: libvmaf {expected[i][key]:R}, native {actual:R}");
                }
            }

            Assert.Equal(GoldenClips.Pooled(clip)["vmaf"]["mean"], doc.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf").GetProperty("mean").GetDouble());
        }
    }

    [SkippableFact]
    public void The_front_runs_the_best_level_here_and_auto_takes_its_best_path()
    {
        string cli = NativeCli();
        Skip.IfNot(CpuHasV3, "this CPU (or runtime) lacks x86-64-v3, the native CLI's floor");
        string clip = "g08_flat_420p8_192x108";
        string[] args = ["features", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip)];

        var auto = Shipped.Run(cli, args);
        Assert.True(auto.Code == 0, auto.Stderr);
        Assert.Contains(CpuHasV4 ? ", avx512 kernels" : ", avx2 kernels", auto.Stderr);

        var v3 = Shipped.Run(cli, args, new Dictionary<string, string?> { ["VMAF_TINY_ISA"] = "x86-64-v3" });
        Assert.True(v3.Code == 0, v3.Stderr);
        Assert.Contains(", avx2 kernels", v3.Stderr);

        // The AVX2 build cannot run AVX-512 kernels, and says so in one line.
        var refused = Shipped.Run(cli, [.. args, "--cpu", "avx512"], new Dictionary<string, string?> { ["VMAF_TINY_ISA"] = "x86-64-v3" });
        Assert.Equal(1, refused.Code);
        Assert.Equal("vmaf-tiny: requested the avx512 path, which this CPU or runtime does not support (best here: avx2)", refused.Stderr.Trim());
    }

    /// <summary>native/start/vt_prefault.c is linked into each NativeAOT build in the file (its marker, kept by strip).</summary>
    [SkippableFact]
    public void The_start_up_prefault_is_linked_into_each_build()
    {
        byte[] file = File.ReadAllBytes(NativeCli());
        byte[] marker = "vt_prefault: the zero-filled data mapped at start"u8.ToArray();
        int count = 0;
        for (int at = file.AsSpan().IndexOf(marker); at >= 0; at = file.AsSpan(at + 1).IndexOf(marker) is int next and >= 0 ? at + 1 + next : -1)
        {
            count++;
        }

        Assert.Equal(2, count); // x86-64-v3 and x86-64-v4
    }

    [SkippableFact]
    public void Mp4_input_and_the_onnx_model_run_from_the_libraries_inside_the_file()
    {
        string cli = NativeCli();
        var (reference, distorted) = Shipped.Samples;
        string[] args = ["score", reference, distorted, "--quiet"];
        var native = Shipped.Run(cli, args);
        Assert.True(native.Code == 0, native.Stderr);
        Assert.Equal(CliRunner.Run(args).Stdout, native.Stdout);

        // No Orleans in the native build (it is not AOT clean): cluster says so in one line.
        var cluster = Shipped.Run(cli, ["cluster", "worker", "--redis", "localhost:6379"]);
        Assert.Equal(1, cluster.Code);
        Assert.StartsWith("vmaf-tiny: cluster needs the .NET tool build of vmaf-tiny", cluster.Stderr.Trim());
        Assert.Single(cluster.Stderr.Trim().Split('\n'));
    }

    /// <summary>
    /// Both libraries inside the file in one run, the FFmpeg shim first (it scales the half-size distorted clip) and
    /// ONNX Runtime after it, at one thread (a fixed order) and two: each must be the library asked for. (The loader
    /// matches a path it has loaded before by its name, and each library is loaded from /proc/self/fd/N: with the first
    /// library's descriptor closed, the second got the same N and the loader handed back the shim in place of ONNX
    /// Runtime, "libonnxruntime.so has no OrtGetApiBase".)
    /// </summary>
    [SkippableFact]
    public void The_shim_then_onnx_runtime_load_from_the_file_as_themselves()
    {
        string cli = NativeCli();
        using var temp = Shipped.Temp("native-two-libraries");
        string reference = GoldenClips.DistortedPath("g01_pan_420p8_320x180");
        string distorted = Path.Combine(temp.Path, "half.y4m");
        WriteHalfSize(reference, distorted);
        foreach (string threads in new[] { "1", "2" })
        {
            string[] args = ["score", reference, distorted, "--threads", threads, "--quiet"];
            var native = Shipped.Run(cli, args);
            Assert.True(native.Code == 0, native.Stderr);
            Assert.Equal(CliRunner.Run(args).Stdout, native.Stdout);
        }
    }

    /// <summary>
    /// The front's variable naming the bundle's descriptor, inherited by a process that is not started from a bundle
    /// (a closed descriptor, standard input, not a descriptor at all): ignored, and the ONNX model loads ONNX Runtime the
    /// usual way. (A closed descriptor gave "internal error (NotSupportedException)".)
    /// </summary>
    [SkippableFact]
    public void A_stale_bundle_descriptor_in_the_environment_changes_nothing()
    {
        Skip.IfNot(File.Exists(Shipped.Cli), $"no {Shipped.Cli}: run ./build.sh (the Build target publishes it)");
        string clip = "g01_pan_420p8_320x180";
        string[] args = ["score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "--quiet"];
        var plain = Shipped.Run(Shipped.Cli, args);
        Assert.True(plain.Code == 0, plain.Stderr);
        foreach (string fd in new[] { "1000", "0", "-1", "x" })
        {
            var run = Shipped.Run(Shipped.Cli, args, new Dictionary<string, string?> { ["VMAF_TINY_BUNDLE_FD"] = fd });
            Assert.True(run.Code == 0, $"VMAF_TINY_BUNDLE_FD={fd}: {run.Stderr}");
            Assert.Equal(plain.Stdout, run.Stdout);
        }
    }

    /// <summary>
    /// <c>bench</c> in the native file runs itself again by the file's own path, which its "ran:" line shows (it showed
    /// <c>/proc/self/fd/N</c>, a descriptor of the process that ran it, which no one can run again).
    /// </summary>
    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Bench_in_the_native_file_runs_and_shows_the_file_by_its_path()
    {
        string cli = NativeCli();
        using var temp = Shipped.Temp("native-bench");
        string libvmaf = Path.Combine(temp.Path, "libvmaf.sh");
        string log = Path.Combine(GoldenClips.DataDirectory, "g01.libvmaf-format.json");
        File.WriteAllText(libvmaf, $$"""
            #!/bin/bash
            args=("$@")
            for ((k = 0; k < ${#args[@]}; k++)); do
              if [ "${args[k]}" = "-o" ]; then cp '{{log}}' "${args[k + 1]}"; fi
            done
            """.Replace("\r", string.Empty));
        File.SetUnixFileMode(libvmaf, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string clip = "g01_pan_420p8_320x180";
        var run = Shipped.Run(
            cli, ["bench", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "--libvmaf", libvmaf, "--runs", "1", "--warmup", "0"]);
        Assert.True(run.Code == 0, run.Stderr);
        Assert.Contains($"ran: {Path.GetFullPath(cli)} score ", run.Stdout);
        Assert.DoesNotContain("/proc/self/fd/", run.Stdout);
    }

    [SkippableFact]
    public void The_opencl_device_runs_from_the_native_file_with_libvmafs_doubles()
    {
        // The OpenCL loader is opened through NativeLibrary (Silk.NET's own resolver needs deps.json, which a NativeAOT
        // file has not): the devices are listed, and a golden clip scored on the device gives libvmaf's doubles.
        string cli = NativeCli();
        OpenClDeviceInfo device = OpenClTestBed.RequireDevice();
        var devices = Shipped.Run(cli, ["devices"]);
        Assert.True(devices.Code == 0, devices.Stderr);
        Assert.Contains($"{device.Selector}  {device.Kind}  {device.Name} (", devices.Stdout);

        const string Clip = "g01_pan_420p8_320x180";
        using var temp = Shipped.Temp("native-opencl");
        string log = Path.Combine(temp.Path, "log.json");
        var run = Shipped.Run(
            cli,
            ["score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--model", "vmaf_v0.6.1", "--precision", "max", "-o", log, "--device", device.Selector]);
        Assert.True(run.Code == 0, run.Stderr);
        Assert.Contains($"on {device.Selector} (", run.Stderr);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(log));
        var expected = GoldenClips.Frames(Clip);
        var frames = doc.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(expected.Count, frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            foreach (string key in FeatureKeys.Append("vmaf"))
            {
                double actual = frames[i].GetProperty("metrics").GetProperty(key).GetDouble();
                Assert.True(expected[i][key] == actual, $"{Clip} {device.Selector} frame {i} {key}: libvmaf {expected[i][key]:R}, native {actual:R}");
            }
        }
    }

    [SkippableFact]
    public void A_damaged_file_or_an_impossible_level_is_one_line_and_exit_code_1()
    {
        string cli = NativeCli();
        using var temp = Shipped.Temp("native-bad");
        string truncated = Path.Combine(temp.Path, "vmaf-tiny");
        using (var input = File.OpenRead(cli))
        using (var output = File.Create(truncated))
        {
            CopyBytes(input, output, input.Length - 4096);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(truncated, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }
        var damaged = Shipped.Run(truncated, ["--help"]);
        Assert.Equal(1, damaged.Code);
        Assert.Equal("vmaf-tiny: this file is not a complete vmaf-tiny bundle (truncated or damaged): rebuild it with ./build.sh --target=Publish", damaged.Stderr.Trim());

        // A closed stdout stays closed through the front (the bundle's descriptor took fd 1, and the result went into
        // it: "Bad file descriptor"), so the message is the CLI's own.
        string clip = "g08_flat_420p8_192x108";
        var closed = Shipped.Run("bash", ["-c", "exec \"$0\" \"$@\" >&-", cli, "features", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "-q"]);
        Assert.Equal(1, closed.Code);
        Assert.Equal("vmaf-tiny: cannot write the result to standard output: it is closed", closed.Stderr.Trim());

        var junk = Shipped.Run(cli, ["--help"], new Dictionary<string, string?> { ["VMAF_TINY_ISA"] = "avx9000" });
        Assert.Equal(1, junk.Code);
        Assert.Equal("vmaf-tiny: VMAF_TINY_ISA=avx9000 is not an x86-64 level (use x86-64-v3 or x86-64-v4)", junk.Stderr.Trim());

        if (!CpuHasV4)
        {
            var above = Shipped.Run(cli, ["--help"], new Dictionary<string, string?> { ["VMAF_TINY_ISA"] = "x86-64-v4" });
            Assert.Equal(1, above.Code);
            Assert.StartsWith("vmaf-tiny: VMAF_TINY_ISA=x86-64-v4 asks for more than this CPU has", above.Stderr.Trim());
        }
    }

    private static string NativeCli()
    {
        Skip.IfNot(File.Exists(Shipped.NativeCli), $"no {Shipped.NativeCli}: run ./build.sh --target=Publish (the Test target does)");
        return Shipped.NativeCli;
    }

    /// <summary>
    /// Writes every other sample of every other row of each plane of an 8-bit 4:2:0 y4m clip (read by the project's
    /// <see cref="Y4mReader"/>; even width and height, halves even too) as a half-size y4m clip.
    /// </summary>
    private static void WriteHalfSize(string source, string target)
    {
        using var reader = new Y4mReader(source);
        VideoFormat format = reader.Format;
        var frame = new YuvFrame(format);
        using var output = File.Create(target);
        output.Write(System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{format.Width / 2} H{format.Height / 2} F24:1 Ip A1:1 C420jpeg\n"));
        while (reader.ReadFrame(frame))
        {
            output.Write("FRAME\n"u8);
            for (int plane = 0; plane < format.PlaneCount; plane++)
            {
                Span<byte> samples = frame.Plane8(plane);
                int w = format.PlaneWidth(plane), h = format.PlaneHeight(plane);
                for (int row = 0; row < h; row += 2)
                {
                    for (int column = 0; column < w; column += 2)
                    {
                        output.WriteByte(samples[(row * w) + column]);
                    }
                }
            }
        }
    }

    private static void CopyBytes(Stream input, Stream output, long count)
    {
        var buffer = new byte[1 << 16];
        while (count > 0)
        {
            int n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            output.Write(buffer, 0, n);
            count -= n;
        }
    }
}
