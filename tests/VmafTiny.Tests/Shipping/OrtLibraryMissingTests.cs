using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Shipping;

/// <summary>
/// The CLI that <c>./build.sh</c> builds, with ONNX Runtime's library taken away or broken: the default (ONNX) model
/// fails with one line naming the library and the loader's reason, exit 1, no log written; the built-in SVM models,
/// which do not need it, still score. Runs a copy of artifacts/cli (hard links where the file system allows).
/// </summary>
public class OrtLibraryMissingTests
{
    private const string Clip = "g01_pan_420p8_320x180";

    [SkippableFact]
    public void A_missing_or_broken_onnx_runtime_is_one_line_and_the_svm_still_scores()
    {
        Skip.IfNot(File.Exists(Shipped.Cli), $"no {Shipped.Cli}: run ./build.sh (the Build target publishes it)");
        using var temp = Shipped.Temp("ort-missing");
        string copy = Path.Combine(temp.Path, "cli");
        string source = Path.GetDirectoryName(Shipped.Cli)!;
        if (Shipped.Run("cp", ["-al", source, copy]).Code != 0)
        {
            Assert.Equal(0, Shipped.Run("cp", ["-a", source, copy]).Code);
        }

        string library = Path.Combine(copy, "runtimes", "linux-x64", "native", "libonnxruntime.so");
        Assert.True(File.Exists(library), $"the CLI ships ONNX Runtime at {library}");
        File.Delete(library);
        string cli = Path.Combine(copy, "vmaf-tiny");
        string log = Path.Combine(temp.Path, "log.json");
        string[] score = ["score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--threads", "1"];

        // One line with the loader's reason, exit 1, no log.
        void Refused(string reason)
        {
            var run = Shipped.Run(cli, [.. score, "-o", log]);
            Assert.Equal(1, run.Code);
            Assert.Equal($"vmaf-tiny: cannot load libonnxruntime.so, ONNX Runtime's library, which .onnx models need ({reason})", run.Stderr.TrimEnd('\n'));
            Assert.False(File.Exists(log));
        }

        Refused($"not in {Path.GetDirectoryName(library)}, beside the application or on the library path");
        File.WriteAllText(library, "not a shared object");
        Refused($"{library}: file too short");

        var svm = Shipped.Run(cli, [.. score, "--model", "vmaf_v0.6.1", "-q"]);
        Assert.Equal((0, ""), (svm.Code, svm.Stderr));
        Assert.Equal("vmaf_v0.6.1: 59.673502", svm.Stdout.Trim());
    }
}
