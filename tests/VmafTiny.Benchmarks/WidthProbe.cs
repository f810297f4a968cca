using System.Globalization;
using VmafTiny.Features;
using VmafTiny.Features.Vif;

namespace VmafTiny.Benchmarks;

/// <summary>
/// Whether VIF scale 0's statistic waits on the cache: the same number of pixels (a 1080p frame's) as images of
/// different widths, from 256 columns (every row of the pass's window and word rows inside L1) to 3840 (the word rows
/// alone exceed it), timed per pixel:
/// <c>dotnet run -c Release --project tests/VmafTiny.Benchmarks -- width-probe [SECONDS-PER-CASE] [PATH]</c>.
/// If the narrow images cost no less per pixel, a cache-blocked (column-strip) traversal has nothing to win.
/// </summary>
internal static class WidthProbe
{
    public static int Run(string[] args)
    {
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
        CpuPath path = args.Length > 2 ? Enum.Parse<CpuPath>(args[2], ignoreCase: true) : CpuPath.Avx512;
        IVifKernels kernels = VifExtractor.Select(path);
        Console.WriteLine($"VIF scale 0, {kernels.Name}, 2073600 pixels, fastest thread-CPU run");
        foreach (int width in new[] { 256, 384, 512, 768, 1024, 1920, 3840 })
        {
            int height = 2073600 / width;
            (byte[] reference, byte[] distorted, _) = SyntheticLuma.Make(width, height, 8);
            var scratch = new VifScratch(width);
            var referenceOut = new ushort[(width / 2) * (height / 2)];
            var distortedOut = new ushort[(width / 2) * (height / 2)];
            double statistic = QuickTimes.Min(() => kernels.Statistic8(reference, distorted, width, width, height, 100.0, scratch), seconds);
            double withSubsample = QuickTimes.Min(
                () => kernels.Statistic8Subsample(reference, distorted, width, width, height, 100.0, referenceOut, distortedOut, scratch), seconds);
            Console.WriteLine(
                $"{width,5} x {height,-5} statistic {statistic,7:F3} ms ({statistic * 1e6 / (width * height):F2} ns/pixel)," +
                $" with scale 1's subsampling {withSubsample,7:F3} ms ({withSubsample * 1e6 / (width * height):F2} ns/pixel)");
        }

        return 0;
    }
}
