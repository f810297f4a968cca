using System.Globalization;
using System.Runtime.Intrinsics.X86;
using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Shipping;

/// <summary>
/// The libvmaf-compatible C library in artifacts/native (the Cake target Native; Test builds it first), from C: the
/// programs in tests/c are compiled with gcc against it through pkg-config, as a libvmaf user's program would be.
/// <c>api_test</c> checks every function, the ownership rules, the pool and the error returns itself;
/// <c>score_y4m</c> scores golden pairs (every pixel format at 8 and 10 bits, the three integer models, a model file,
/// threads, the pool, subsampling) and its %.17g values must be libvmaf's golden doubles. Runs once (not a
/// Category=Isa test): the C front picks the build by the CPU, and the test runs both levels this CPU has.
/// </summary>
public class CApiTests : IClassFixture<CApiTests.Programs>
{
    private readonly Programs _programs;

    public CApiTests(Programs programs) => _programs = programs;

    private static bool CpuHasV4 => Avx2.IsSupported && Avx512F.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported &&
                                    Avx512DQ.IsSupported && Avx512F.VL.IsSupported;

    [SkippableFact]
    public void Api_test_passes_every_check()
    {
        string folder = _programs.Folder();
        using var temp = Shipped.Temp("capi");
        var run = Shipped.Run(Path.Combine(folder, "api_test"), [ModelJson, temp.Path]);
        Assert.True(run.Code == 0, run.Stdout + run.Stderr);
        Assert.StartsWith("ok ", run.Stdout);
    }

    [SkippableFact]
    public void Golden_pairs_through_the_C_api_give_libvmafs_doubles()
    {
        // (clip, log variant, options): 4:2:0, 4:2:2, 4:4:4 and 4:0:0 pictures at 8 and 10 bits (a golden clip's luma
        // handed over in another format gives the same values: libvmaf's integer features read luma only).
        (string Clip, string? Variant, string[] Options)[] cases =
        [
            ("g01_pan_420p8_320x180", null, []),
            ("g02_zoom_420p10_352x288", "neg", ["--model", "vmaf_v0.6.1neg", "--threads", "2"]),
            ("g03_blur_444p8_256x144", "4k", ["--model", "vmaf_4k_v0.6.1", "--pool", "3"]),
            ("g04_noise_422p10_320x240", null, ["--model-path", ModelJson, "--threads", "2"]),
            ("g01_pan_420p8_320x180", null, ["--pixfmt", "400"]),
            ("g02_zoom_420p10_352x288", null, ["--pixfmt", "400", "--pool", "2"]),
            ("g03_blur_444p8_256x144", null, ["--pixfmt", "422"]),
            ("g04_noise_422p10_320x240", null, ["--pixfmt", "444"]),
            ("g10_blurnoise_420p12_160x90", null, ["--threads", "3"]),

            // PSNR registered by name (as FFmpeg's libvmaf filter does with feature=name=psnr) reads the chroma planes too.
            ("g02_zoom_420p10_352x288", "psnr", ["--feature", "psnr"]),
            ("g05_odd_444p8_333x197", "psnr", ["--feature", "psnr", "--threads", "2"]),
        ];
        foreach (var (clip, variant, options) in cases)
        {
            var result = Score(clip, options);
            AssertGolden(result, clip, variant, $"{clip} {string.Join(' ', options)}");
        }
    }

    [SkippableFact]
    public void Psnr_with_mse_and_apsnr_gives_libvmafs_values_and_aggregate()
    {
        // libvmaf's log of psnr=enable_apsnr=true:enable_mse=true: per-frame PSNR and MSE (the same doubles) and the
        // run's APSNR in the log's aggregate_metrics (once missing: the log had no aggregate at all).
        const string clip = "g04_noise_422p10_320x240";
        using var temp = Shipped.Temp("capi-psnr");
        string prefix = Path.Combine(temp.Path, "psnr");
        var result = Score(clip, ["--feature", "psnr=enable_apsnr=true:enable_mse=true", "--threads", "2", "--out", prefix]);
        var golden = GoldenClips.Frames(clip, "psnr-apsnr-mse");
        for (int i = 0; i < golden.Count; i++)
        {
            foreach (string key in new[] { "psnr_y", "psnr_cb", "psnr_cr", "mse_y", "mse_cb", "mse_cr" })
            {
                Assert.True(result.Values.TryGetValue((i, key), out double actual), $"no {key} at frame {i}");
                Assert.True(actual == golden[i][key], $"frame {i} {key}: libvmaf {golden[i][key]:R}, C API {actual:R}");
            }
        }

        using var expected = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(GoldenClips.LogPath(clip, "psnr-apsnr-mse")));
        using var written = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(prefix + ".json"));
        var aggregate = written.RootElement.GetProperty("aggregate_metrics");
        foreach (string key in new[] { "apsnr_y", "apsnr_cb", "apsnr_cr" })
        {
            double libvmaf = expected.RootElement.GetProperty("aggregate_metrics").GetProperty(key).GetDouble();
            Assert.Equal(libvmaf.ToString("F6", CultureInfo.InvariantCulture), aggregate.GetProperty(key).GetRawText());
        }
    }

    [SkippableFact]
    public void Each_x86_64_level_gives_libvmafs_doubles_and_says_which_runs()
    {
        const string clip = "g01_pan_420p8_320x180";
        var best = Score(clip, ["--debug", "1"]);
        Assert.Contains(CpuHasV4 ? "x86-64-v4 build (AVX-512)" : "x86-64-v3 build (AVX2)", best.Stderr);
        Assert.Contains(CpuHasV4 ? "avx512 kernels" : "avx2 kernels", best.Stderr);
        AssertGolden(best, clip, null, "best level");

        var v3 = Score(clip, ["--debug", "1"], new Dictionary<string, string?> { ["VMAF_TINY_ISA"] = "x86-64-v3" });
        Assert.Contains("x86-64-v3 build (AVX2)", v3.Stderr);
        Assert.Contains("avx2 kernels", v3.Stderr);
        AssertGolden(v3, clip, null, "x86-64-v3");
    }

    [SkippableFact]
    public void Subsampled_pictures_keep_libvmafs_values_and_the_others_have_only_motion()
    {
        // libvmaf computes motion on every picture and keeps it at every index (vmaf_feature_score_at_index finds
        // it), ADM and VIF (so the score) on every third only; at one and at two threads.
        const string clip = "g09_scenecut_420p8_320x180";
        foreach (string threads in new[] { "0", "2" })
        {
            AssertSubsampled(clip, Score(clip, ["--subsample", "3", "--threads", threads]));
        }
    }

    [SkippableFact]
    public void Vmaf_tiny_v2_scores_are_the_net_librarys()
    {
        const string clip = "g01_pan_420p8_320x180";
        var result = Score(clip, ["--model", "vmaf_tiny_v2"]);
        var golden = GoldenClips.Frames(clip);
        var frames = golden.Select((m, i) => new FrameFeatures(
            i, m["integer_adm2"], m["integer_vif_scale0"], m["integer_vif_scale1"], m["integer_vif_scale2"], m["integer_vif_scale3"],
            m["integer_motion2"])).ToArray();
        var expected = new double[frames.Length];
        using (IFrameScorer scorer = ModelCatalog.Resolve("vmaf_tiny_v2"))
        {
            scorer.Score(frames, expected);
        }

        for (int i = 0; i < frames.Length; i++)
        {
            Assert.True(result.Values[(i, "vmaf")] == expected[i], $"frame {i}: .NET {expected[i]:R}, C API {result.Values[(i, "vmaf")]:R}");
        }
    }

    [SkippableFact]
    public void Write_output_is_libvmafs_layout_byte_for_byte_but_version_and_fps()
    {
        using var temp = Shipped.Temp("capi-out");
        string prefix = Path.Combine(temp.Path, "g01");
        Score("g01_pan_420p8_320x180", ["--out", prefix]);
        foreach (string ext in new[] { "json", "xml", "csv", "sub" })
        {
            string expected = File.ReadAllText(Path.Combine(GoldenClips.DataDirectory, $"g01.libvmaf-format.{ext}"));
            Assert.Equal(WithoutVersionAndFps(expected), WithoutVersionAndFps(File.ReadAllText($"{prefix}.{ext}")));
        }
    }

    [SkippableFact]
    public void The_install_is_a_distributions_libvmaf_with_only_the_c_api_exported()
    {
        _ = _programs.Folder();     // skips, as every test here does, where artifacts/native is not built
        string lib = Path.Combine(_programs.Native, "lib");
        Assert.Equal("libvmaf.so.3", new FileInfo(Path.Combine(lib, "libvmaf.so")).LinkTarget);
        Assert.Equal("libvmaf.so.3.2.0", new FileInfo(Path.Combine(lib, "libvmaf.so.3")).LinkTarget);
        var readelf = Shipped.Run("readelf", ["-d", Path.Combine(lib, "libvmaf.so.3.2.0")]);
        Assert.Contains("Library soname: [libvmaf.so.3]", readelf.Stdout);

        var nm = Shipped.Run("nm", ["-D", "--defined-only", Path.Combine(lib, "libvmaf.so.3.2.0")]);
        string[] symbols = nm.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[^1]).ToArray();
        Assert.Equal(29, symbols.Length);
        Assert.All(symbols, s => Assert.StartsWith("vmaf_", s));
        foreach (string level in new[] { "x86-64-v3", "x86-64-v4" })
        {
            var build = Shipped.Run("nm", ["-D", "--defined-only", Path.Combine(lib, "vmaf-tiny", $"libvmaf-tiny-{level}.so")]);
            Assert.All(
                build.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[^1]),
                s => Assert.True(s.StartsWith("vt_", StringComparison.Ordinal) || s.StartsWith("DotNetRuntimeDebugHeader", StringComparison.Ordinal) || s == "V1.0", s));
        }

        var pc = _programs.PkgConfig("--modversion");
        Assert.Equal("3.2.0", pc.Trim());
    }

    /// <summary>libvmaf's vmaf_v0.6.1.json, as the repository carries it.</summary>
    private static string ModelJson => Path.Combine(Shipped.RepoRoot, "src", "Score", "Models", "vmaf_v0.6.1.json");

    private static string WithoutVersionAndFps(string log) => string.Join('\n', log.Split('\n').Select(line =>
        line.Contains("\"version\"", StringComparison.Ordinal) || line.Contains("\"fps\"", StringComparison.Ordinal) ||
        line.StartsWith("<VMAF version=", StringComparison.Ordinal) || line.Contains("<fyi fps=", StringComparison.Ordinal)
            ? "(version or fps)"
            : line));

    private static void AssertSubsampled(string clip, ScoreResult result)
    {
        var golden = GoldenClips.Frames(clip);
        string[] motion = ["integer_motion2", "integer_motion3", "VMAF_integer_feature_motion_sad_score"];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < golden.Count; i++)
        {
            if (i % 3 != 0)
            {
                Assert.Contains(i, result.Missing);
                foreach (string key in motion)
                {
                    Assert.True(result.Values.TryGetValue((i, key), out double actual), $"frame {i}: no {key}");
                    Assert.True(actual == golden[i][key], $"frame {i} {key}: libvmaf {golden[i][key]:R}, C API {actual:R}");
                }

                Assert.DoesNotContain(result.Values.Keys, k => k.Frame == i && !motion.Contains(k.Key));
                continue;
            }

            foreach (var (key, expected) in golden[i])
            {
                Assert.True(result.Values[(i, key)] == expected, $"frame {i} {key}: libvmaf {expected:R}, C API {result.Values[(i, key)]:R}");
            }

            sum += golden[i]["vmaf"];
            count++;
        }

        Assert.Equal(sum / count, result.Pooled["mean"]);
    }

    private static void AssertGolden(ScoreResult result, string clip, string? variant, string what)
    {
        var golden = GoldenClips.Frames(clip, variant);
        for (int i = 0; i < golden.Count; i++)
        {
            foreach (var (key, expected) in golden[i])
            {
                Assert.True(result.Values.TryGetValue((i, key), out double actual), $"{what}: no {key} at frame {i}");
                Assert.True(actual == expected, $"{what} frame {i} {key}: libvmaf {expected:R}, C API {actual:R}");
            }
        }

        Assert.DoesNotContain(result.Values.Keys, k => k.Frame >= golden.Count);
        foreach (var (method, expected) in GoldenClips.Pooled(clip, variant)["vmaf"])
        {
            Assert.True(result.Pooled[method] == expected, $"{what} pooled {method}: libvmaf {expected:R}, C API {result.Pooled[method]:R}");
        }
    }

    private ScoreResult Score(string clip, string[] options, IReadOnlyDictionary<string, string?>? environment = null)
    {
        string folder = _programs.Folder();
        var run = Shipped.Run(
            Path.Combine(folder, "score_y4m"), [GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), .. options], environment);
        Assert.True(run.Code == 0, $"score_y4m {clip} {string.Join(' ', options)}: {run.Stderr}");
        var result = new ScoreResult(run.Stderr);
        foreach (string line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ');
            switch (f[0])
            {
                case "frame":
                    result.Values[(int.Parse(f[1], CultureInfo.InvariantCulture), f[2])] = double.Parse(f[3], CultureInfo.InvariantCulture);
                    break;
                case "pooled":
                    result.Pooled[f[1]] = double.Parse(f[2], CultureInfo.InvariantCulture);
                    break;
                case "missing":
                    result.Missing.Add(int.Parse(f[1], CultureInfo.InvariantCulture));
                    break;
            }
        }

        return result;
    }

    private sealed record ScoreResult(string Stderr)
    {
        public Dictionary<(int Frame, string Key), double> Values { get; } = new();

        public Dictionary<string, double> Pooled { get; } = new();

        public List<int> Missing { get; } = new();
    }

    /// <summary>The C programs of tests/c compiled once (per test run) against artifacts/native through pkg-config.</summary>
    public sealed class Programs : IDisposable
    {
        private readonly Lazy<(string? Folder, string? Problem)> _built;
        private readonly Shipped.TempFolder _temp = Shipped.Temp("capi-bin");

        public Programs() => _built = new(Build);

        /// <summary>artifacts/native.</summary>
        public string Native { get; } = Path.Combine(Shipped.RepoRoot, "artifacts", "native");

        /// <summary>The folder holding api_test and score_y4m; skips the test when the library is not built.</summary>
        public string Folder()
        {
            var (folder, problem) = _built.Value;
            Skip.If(problem is not null && folder is null && problem.StartsWith("skip:", StringComparison.Ordinal), problem);
            Assert.True(folder is not null, problem);
            return folder!;
        }

        /// <summary>pkg-config's answer for libvmaf, reading artifacts/native/lib/pkgconfig only.</summary>
        public string PkgConfig(string arguments)
        {
            Folder();
            var run = Shipped.Run("sh", ["-c", $"pkg-config {arguments} libvmaf"], Environment());
            Assert.True(run.Code == 0, run.Stderr);
            return run.Stdout;
        }

        /// <inheritdoc/>
        public void Dispose() => _temp.Dispose();

        private Dictionary<string, string?> Environment() => new()
        {
            ["PKG_CONFIG_PATH"] = Path.Combine(Native, "lib", "pkgconfig"),
            ["PKG_CONFIG_LIBDIR"] = Path.Combine(Native, "lib", "pkgconfig"),
        };

        private (string?, string?) Build()
        {
            if (!File.Exists(Path.Combine(Native, "lib", "libvmaf.so")))
            {
                return (null, $"skip: no C library in {Native}: run ./build.sh --target=Native (the Test target does)");
            }

            string sources = Path.Combine(Shipped.RepoRoot, "tests", "c");
            string lib = Path.Combine(Native, "lib");
            foreach (string program in new[] { "api_test", "score_y4m" })
            {
                string command =
                    $"gcc -O1 -g -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror $(pkg-config --cflags libvmaf) " +
                    $"'{sources}/{program}.c' -o '{_temp.Path}/{program}' $(pkg-config --libs libvmaf) -Wl,-rpath,'{lib}' -lm";
                var run = Shipped.Run("sh", ["-c", command], Environment());
                if (run.Code != 0)
                {
                    return (null, $"{command}: {run.Stderr}");
                }
            }

            return (_temp.Path, null);
        }
    }
}
