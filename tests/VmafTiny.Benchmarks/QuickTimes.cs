using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafTiny.Features;
using VmafTiny.Features.Adm;
using VmafTiny.Features.Motion;
using VmafTiny.Features.Simd;
using VmafTiny.Features.Vif;
using VmafTiny.Tests.Kernels;

namespace VmafTiny.Benchmarks;

/// <summary>
/// The fastest of many runs of each ADM stage, of ADM, VIF and motion per 1080p frame, on every path, in one process:
/// <c>dotnet run -c Release --project tests/VmafTiny.Benchmarks -- quick [SECONDS-PER-CASE] [vif|adm|all] [PATH]</c>
/// (<c>vif</c>: the VIF stages and frame only; <c>adm</c>: the ADM stages and frame only, <c>adm-frame</c>: the ADM
/// frame only, for a profiler; PATH: scalar, avx2 or
/// avx512, that column only). On a shared,
/// loaded machine the minimum is the figure closest to an unloaded run (BenchmarkDotNet's means drift with the
/// load); use BenchmarkDotNet (the Adm*/Motion* classes) on a quiet machine for distributions.
/// </summary>
internal static class QuickTimes
{
    public static int Run(string[] args)
    {
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
        var stages = new AdmStageInputs();
        (byte[] previous, _, byte[] current) = SyntheticLuma.Make(AdmScalarBenchmark.Width, AdmScalarBenchmark.Height, 8);
        var row = new int[AdmScalarBenchmark.Width + (2 * MotionTables.FilterHalf)];
        string only = args.Length > 2 ? args[2] : "all";

        // QUICK_FILTER=TEXT: only the rows whose label contains TEXT (A/B runs of one stage on a loaded machine).
        string? filter = Environment.GetEnvironmentVariable("QUICK_FILTER");
        bool Wanted(string label) => string.IsNullOrEmpty(filter) || label.Contains(filter, StringComparison.Ordinal);
        CpuPath[] paths = args.Length > 3 ? [Enum.Parse<CpuPath>(args[3], ignoreCase: true)] : [CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512];
        Console.Write($"{"ms per 1080p frame (min)",-28}");
        foreach (CpuPath path in paths)
        {
            Console.Write($"{path.ToString().ToLowerInvariant(),10}");
        }

        Console.WriteLine();
        if (only != "vif")
        {
            foreach ((string name, Func<IAdmKernels, Action> make) in only == "adm-frame" ? [] : stages.Cases().Where(c => Wanted(c.Name)))
            {
                Console.Write($"{name,-28}");
                foreach (IAdmKernels k in paths.Select(AdmStageInputs.For))
                {
                    Console.Write($"{Min(make(k), seconds),10:F3}");
                }

                Console.WriteLine();
            }

            if (Wanted("adm frame (extractor)"))
            {
                Console.Write($"{"adm frame (extractor)",-28}");
                foreach (CpuPath path in paths)
                {
                    var adm = new AdmExtractor(AdmScalarBenchmark.Width, AdmScalarBenchmark.Height, 8, path);
                    Console.Write($"{Min(() => stages.Extract(adm), seconds),10:F3}");
                }

                Console.WriteLine();
            }

            if (Wanted("adm frame (whole planes)"))
            {
                Console.Write($"{"adm frame (whole planes)",-28}");
                foreach (IAdmKernels k in paths.Select(AdmStageInputs.For))
                {
                    Console.Write($"{Min(() => stages.PlaneFrame(k), seconds),10:F3}");
                }

                Console.WriteLine();
            }
        }

        if (only is "adm" or "adm-frame")
        {
            if (Wanted("motion frame"))
            {
                Console.Write($"{"motion frame",-28}");
                foreach (CpuPath path in paths)
                {
                    IMotionKernels k = MotionKernels(path);
                    Console.Write($"{Min(() => k.Pipeline8(previous, AdmScalarBenchmark.Width, current, AdmScalarBenchmark.Width, AdmScalarBenchmark.Width, AdmScalarBenchmark.Height, row), seconds),10:F3}");
                }

                Console.WriteLine();
            }

            return 0;
        }

        foreach ((string name, Func<IVifKernels, Action> make) in stages.VifCases())
        {
            Console.Write($"{name,-28}");
            foreach (CpuPath path in paths)
            {
                Console.Write($"{Min(make(Features.Vif.VifExtractor.Select(path)), seconds),10:F3}");
            }

            Console.WriteLine();
        }

        Console.Write($"{"vif frame (extractor)",-28}");
        foreach (CpuPath path in paths)
        {
            var vif = new Features.Vif.VifExtractor(AdmScalarBenchmark.Width, AdmScalarBenchmark.Height, 8, path);
            Console.Write($"{Min(() => stages.Extract(vif), seconds),10:F3}");
        }

        Console.WriteLine();
        Console.Write($"{"motion frame",-28}");
        foreach (IMotionKernels k in paths.Select(MotionKernels))
        {
            Console.Write($"{Min(() => k.Pipeline8(previous, AdmScalarBenchmark.Width, current, AdmScalarBenchmark.Width, AdmScalarBenchmark.Width, AdmScalarBenchmark.Height, row), seconds),10:F3}");
        }

        Console.WriteLine();
        return 0;
    }

    private static IMotionKernels MotionKernels(CpuPath path) => path switch
    {
        CpuPath.Scalar => MotionScalar.Instance,
        CpuPath.Avx2 => MotionSimd<Simd256, Vector256<int>>.Instance,
        _ => MotionSimd<Simd512, Vector512<int>>.Instance,
    };

    /// <summary>
    /// The cost per frame outside the kernels: <c>quick-pipeline REF DIST [RUNS]</c> reads the pair through
    /// <see cref="Decode.FramePairReader"/> into a one-thread <see cref="FeatureStream"/> that runs no extractor
    /// (reading, copying and orchestration only), then one that runs vmaf_v0.6.1's; the fastest run of each, in
    /// thread CPU time per frame.
    /// </summary>
    public static int Pipeline(string[] args)
    {
        string reference = args[1], distorted = args[2];
        int runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        foreach ((string name, IReadOnlyList<ExtractorOptions>? extractors) in new (string, IReadOnlyList<ExtractorOptions>?)[] { ("no extractor", []), ("vmaf_v0.6.1's", null) })
        {
            double best = double.MaxValue;
            int frames = 0;
            for (int run = 0; run < runs; run++)
            {
                long start = ThreadCpuNanoseconds();
                using var pairs = Decode.FramePairReader.Open(reference, distorted);
                using var stream = new FeatureStream(pairs.Reference.Format, new FeatureOptions { Threads = 1, Extractors = extractors });
                var ready = new List<FrameFeatures>();
                LumaPairSource read = pairs.ReadLumaPair;
                while (stream.Push(read, ready))
                {
                }

                stream.Complete(ready);
                frames = ready.Count;
                best = Math.Min(best, (ThreadCpuNanoseconds() - start) / 1e6);
            }

            Console.WriteLine($"{name,-16} {best / frames,8:F3} ms per frame (thread CPU, fastest of {runs} runs of {frames} frames)");
        }

        return 0;
    }

    /// <summary>
    /// The fastest run in milliseconds of this thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>: time the thread
    /// was preempted does not count, which on a loaded machine is most of a long run's wall time), over runs
    /// filling about <paramref name="seconds"/> of wall time.
    /// </summary>
    internal static double Min(Action action, double seconds)
    {
        action();
        double best = double.MaxValue;
        var total = Stopwatch.StartNew();
        int runs = 0;
        while (runs < 5 || total.Elapsed.TotalSeconds < seconds)
        {
            long start = ThreadCpuNanoseconds();
            action();
            best = Math.Min(best, (ThreadCpuNanoseconds() - start) / 1e6);
            runs++;
        }

        return best;
    }

    private static unsafe long ThreadCpuNanoseconds()
    {
        long* ts = stackalloc long[2];
        return ClockGetTime(3, ts) == 0 ? (ts[0] * 1_000_000_000L) + ts[1] : throw new InvalidOperationException("clock_gettime failed");
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern unsafe int ClockGetTime(int clock, long* timespec);

    /// <summary>Every ADM stage's input for the 1080p pair, computed once by the scalar kernels.</summary>
    private sealed class AdmStageInputs : AdmStageBenchmark
    {
        public AdmStageInputs()
        {
            BitDepth = 8;
            Setup();
            _distorted = AdmScalarBenchmark.Upscaled(AdmScalarBenchmark.Luma(".dist.y4m.gz", out int w, out int h), w, h, 8);
        }

        private readonly byte[] _distorted;

        public static IAdmKernels For(CpuPath path) => Kernels(path);

        public double Extract(Features.Vif.VifExtractor vif) => vif.Extract(
            new LumaPlane(Ref8, W, H, W, 8),
            new LumaPlane(_distorted, W, H, W, 8)).Scale0;

        public double Extract(AdmExtractor adm) => adm.Extract(
            new LumaPlane(Ref8, W, H, W, 8),
            new LumaPlane(_distorted, W, H, W, 8));

        /// <summary>
        /// Each VIF stage of the 1080p pair, as the extractor runs them: scale 0's statistic and subsampling on the 8-bit
        /// frame, then scales 1-3 on the subsampled images (computed once here by the scalar oracle).
        /// </summary>
        public IEnumerable<(string Name, Func<IVifKernels, Action> Make)> VifCases()
        {
            var scratch = new VifScratch(W);
            int w = W, h = H;
            var images = new List<(ushort[] Ref, ushort[] Dis, int W, int H)>();
            var r1 = new ushort[(w / 2) * (h / 2)];
            var d1 = new ushort[(w / 2) * (h / 2)];
            VifScalar.Instance.SubsampleRd8(Ref8, _distorted, w, w, h, r1, d1, scratch);
            images.Add((r1, d1, w / 2, h / 2));
            for (int scale = 2; scale <= 3; scale++)
            {
                var (pr, pd, pw, ph) = images[^1];
                var r = new ushort[(pw / 2) * (ph / 2)];
                var d = new ushort[(pw / 2) * (ph / 2)];
                VifScalar.Instance.SubsampleRd16(pr, pd, pw, pw, ph, scale, 8, r, d, scratch);
                images.Add((r, d, pw / 2, ph / 2));
            }

            yield return ("vif s0 statistic", k => () => k.Statistic8(Ref8, _distorted, w, w, h, 100.0, scratch));
            var outR = new ushort[r1.Length];
            var outD = new ushort[d1.Length];
            yield return ("vif s0->1 subsample", k => () => k.SubsampleRd8(Ref8, _distorted, w, w, h, outR, outD, scratch));
            yield return ("vif s0 both in one pass", k => () => k.Statistic8Subsample(Ref8, _distorted, w, w, h, 100.0, outR, outD, scratch));

            // The same planes as 10-bit luma (×4): scale 0 of 10/12-bit input runs vif_statistic_16.
            ushort[] ref10 = Array.ConvertAll(Ref8, v => (ushort)(v << 2));
            ushort[] dis10 = Array.ConvertAll(_distorted, v => (ushort)(v << 2));
            yield return ("vif s0 statistic 10-bit", k => () => k.Statistic16(ref10, dis10, w, w, h, 0, 10, 100.0, scratch));
            for (int scale = 1; scale <= 3; scale++)
            {
                var (r, d, iw, ih) = images[scale - 1];
                int s = scale;
                yield return ($"vif s{s} statistic", k => () => k.Statistic16(r, d, iw, iw, ih, s, 8, 100.0, scratch));
                if (s < 3)
                {
                    yield return ($"vif s{s}->{s + 1} subsample", k => () => k.SubsampleRd16(r, d, iw, iw, ih, s + 1, 8, outR, outD, scratch));
                }
            }
        }

        /// <summary>Every stage on whole planes, scale after scale, as libvmaf (and this project before streaming) runs them.</summary>
        public void PlaneFrame(IAdmKernels k)
        {
            Dwt(k, Ref8, Ref0);
            k.Dwt2_8(_distorted, W, G[0], Dis0.Bands, Scratch16);
            k.Decouple(Ref0.Bands, Dis0.Bands, G[0], Restored0.Bands, Additive0.Bands);
            k.CsfDen(Ref0.Bands, G[0]);
            k.Csf(Additive0.Bands, G[0], CsfA0.Bands, CsfF0.Bands);
            k.Cm(Restored0.Bands, CsfA0.Bands, CsfF0.Bands, G[0]);
            foreach (StageS123 st in S123)
            {
                k.Dwt2S123(st.RefInput, st.InputStride, st.G, st.Ref.Bands, st.Scratch);
                k.Dwt2S123(st.DisInput, st.InputStride, st.G, st.Dis.Bands, st.Scratch);
                k.DecoupleS123(st.Ref.Bands, st.Dis.Bands, st.G, st.Restored.Bands, st.Additive.Bands);
                k.CsfDenS123(st.Ref.Bands, st.G);
                k.CsfS123(st.Additive.Bands, st.G, st.CsfA.Bands, st.CsfF.Bands);
                k.CmS123(st.Restored.Bands, st.CsfA.Bands, st.CsfF.Bands, st.G);
            }
        }

        public IEnumerable<(string Name, Func<IAdmKernels, Action> Make)> Cases()
        {
            var dwtOut = new Bands16(G[0].Width * G[0].Height, G[0].Width);
            yield return ("s0 dwt (one image)", k => () => Dwt(k, Ref8, dwtOut));
            var one = new Bands16(G[0].Width, G[0].Width);
            yield return ("s0 dwt into one row", k =>
            {
                var scratch = new short[2 * W];
                return () =>
                {
                    int[] t = G[0].RowTaps;
                    for (int i = 0; i < G[0].Height; i++)
                    {
                        k.Dwt2Row8(Ref8.AsSpan(t[4 * i] * W, W), Ref8.AsSpan(t[(4 * i) + 1] * W, W), Ref8.AsSpan(t[(4 * i) + 2] * W, W), Ref8.AsSpan(t[(4 * i) + 3] * W, W), G[0], one.Bands.Row(0, G[0].Width), scratch);
                    }
                };
            });
            yield return ("s0 decouple", k => () => k.Decouple(Ref0.Bands, Dis0.Bands, G[0], Restored0.Bands, Additive0.Bands));
            yield return ("s0 csf", k => () => k.Csf(Additive0.Bands, G[0], CsfA0.Bands, CsfF0.Bands));
            yield return ("s0 den", k => () => k.CsfDen(Ref0.Bands, G[0]));
            yield return ("s0 cm", k => () => k.Cm(Restored0.Bands, CsfA0.Bands, CsfF0.Bands, G[0]));
            yield return ("s1-3 dwt (both images)", k => () =>
            {
                foreach (StageS123 st in S123)
                {
                    k.Dwt2S123(st.RefInput, st.InputStride, st.G, st.Ref.Bands, st.Scratch);
                    k.Dwt2S123(st.DisInput, st.InputStride, st.G, st.Dis.Bands, st.Scratch);
                }
            });
            yield return ("s1-3 decouple", k => () =>
            {
                foreach (StageS123 st in S123)
                {
                    k.DecoupleS123(st.Ref.Bands, st.Dis.Bands, st.G, st.Restored.Bands, st.Additive.Bands);
                }
            });
            yield return ("s1-3 csf + den", k => () =>
            {
                foreach (StageS123 st in S123)
                {
                    k.CsfS123(st.Additive.Bands, st.G, st.CsfA.Bands, st.CsfF.Bands);
                    k.CsfDenS123(st.Ref.Bands, st.G);
                }
            });
            yield return ("s1-3 cm", k => () =>
            {
                foreach (StageS123 st in S123)
                {
                    k.CmS123(st.Restored.Bands, st.CsfA.Bands, st.CsfF.Bands, st.G);
                }
            });
        }
    }
}
