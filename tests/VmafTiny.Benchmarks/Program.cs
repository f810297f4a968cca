using BenchmarkDotNet.Running;

namespace VmafTiny.Benchmarks;

/// <summary>Runs the benchmarks named on the command line (BenchmarkDotNet's switcher).</summary>
public static class Program
{
    /// <summary>
    /// Entry point; "decode FILE ..." times in-process FFmpeg decoding instead (<see cref="DecodeSpeed"/>), "quick"
    /// prints the fastest run of every ADM stage and of motion per path (<see cref="QuickTimes"/>), "width-probe" times VIF
    /// scale 0 per pixel at several image widths (<see cref="WidthProbe"/>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "decode")
        {
            return DecodeSpeed.Run(args);
        }

        if (args.Length > 0 && args[0] == "width-probe")
        {
            return WidthProbe.Run(args);
        }

        if (args.Length > 0 && args[0] == "quick")
        {
            return QuickTimes.Run(args);
        }

        if (args.Length > 2 && args[0] == "quick-pipeline")
        {
            return QuickTimes.Pipeline(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
