using VmafTiny.Features;
using VmafTiny.Features.Psnr;
using Xunit.Abstractions;

namespace VmafTiny.Tests.Features.Psnr;

/// <summary>
/// PSNR on what the golden clips do not reach, against libvmaf 3.2.0's own values (TestData/psnr, made by
/// make-references.sh through libvmaf's API): odd-sized 4:2:0 (libvmaf compares the floored w/2 x h/2 chroma, and the
/// extra column and row differ wildly here), 4:0:0 at 16 bits with 0-against-65535 samples, min_sse ceilings with an
/// identical frame, reduced_hbd_peak, chroma off with APSNR (libvmaf still aggregates Cb and Cr: −∞, logged as
/// null), and an 8-bit row of 66100 samples whose uint32 row sum wraps. Every kernel path this CPU runs.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class PsnrEdgeCaseTests(ITestOutputHelper output)
{
    private static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "psnr");

    /// <summary>xunit MemberData: every case of cases.txt at every explicit kernel path.</summary>
    public static IEnumerable<object[]> CasesAndPaths() =>
        from line in File.ReadAllLines(Path.Combine(DataDirectory, "cases.txt"))
        where line.Length > 0
        from path in new[] { CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512 }
        select new object[] { line.Split(' ')[0], path };

    [SkippableTheory]
    [MemberData(nameof(CasesAndPaths))]
    public void Every_value_equals_libvmaf(string name, CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        string[] fields = File.ReadAllLines(Path.Combine(DataDirectory, "cases.txt")).Single(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ');
        var format = new VideoFormat(
            int.Parse(fields[1]),
            int.Parse(fields[2]),
            int.Parse(fields[4]),
            fields[3] switch { "420" => ChromaFormat.Yuv420, "422" => ChromaFormat.Yuv422, "444" => ChromaFormat.Yuv444, _ => ChromaFormat.Mono });
        PsnrOptions options = Parse(fields.Length > 5 ? fields[5] : string.Empty);
        var clip = FramePairs.Raw(Unpacked($"{name}.ref.yuv"), Unpacked($"{name}.dist.yuv"), format);
        var expected = PsnrReference.Load(Path.Combine(DataDirectory, $"{name}.psnr.libvmaf.json"));
        int compared = expected.AssertRun(new PsnrExtractor(format, options, path), clip, $"{name} {path}");
        output.WriteLine($"{name} {path}: {clip.Reference.Count} frames, {compared} values equal");
    }

    /// <summary>libvmaf's option string (name=value pairs joined by ':') as <see cref="PsnrOptions"/>.</summary>
    private static PsnrOptions Parse(string text)
    {
        var options = new PsnrOptions();
        foreach (string pair in text.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=');
            options = kv[0] switch
            {
                "enable_chroma" => options with { EnableChroma = bool.Parse(kv[1]) },
                "enable_mse" => options with { EnableMse = bool.Parse(kv[1]) },
                "enable_apsnr" => options with { EnableApsnr = bool.Parse(kv[1]) },
                "reduced_hbd_peak" => options with { ReducedHbdPeak = bool.Parse(kv[1]) },
                "min_sse" => options with { MinSse = double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {kv[0]}"),
            };
        }

        return options;
    }

    private static string Unpacked(string file) => TestDataFiles.Unpacked(Path.Combine(DataDirectory, file + ".gz"), "psnr");
}
