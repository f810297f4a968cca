using VmafTiny.Score;
using VmafTiny.Score.Svm;
using VmafTiny.Score.Tiny;
using VmafTiny.Tests.Decode;
using VmafTiny.Tests.Hardening;
using VmafTiny.Tests.Score.Tiny;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// Model files (issue 10, items 3, 4, 7 and 8): size-limited before reading, jailed whatever their kind, and a model
/// whose output is not a number, or that fails inside ONNX Runtime, is one line naming the model.
/// </summary>
public sealed class CliModelHardeningTests : IDisposable
{
    private static readonly VideoFormat Small = new(64, 48, 8, ChromaFormat.Yuv420);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>libvmaf's vmaf_v0.6.1.json, as this build carries it.</summary>
    private static string BuiltInJson()
    {
        using var stream = typeof(VmafSvmModel).Assembly.GetManifestResourceStream("VmafTiny.Score.Models.vmaf_v0.6.1.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public void A_huge_model_file_is_refused_before_it_is_read()
    {
        string path = _dir.File("huge.json");
        using (var f = File.Create(path))
        {
            f.SetLength(1L << 30);    // sparse: 1 GiB that costs no disk
        }

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var r = Score("-m", path);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L << 20, "the model file was read");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {path}: 1073741824 bytes is larger than the 4 MiB a model file may have; refusing to read it"], r.ErrorLines);
    }

    [Theory]
    [InlineData("zero.json")]
    [InlineData("zero.onnx")]
    public void A_model_that_is_a_device_is_refused_before_it_is_read(string name)
    {
        string path = _dir.File(name);
        File.CreateSymbolicLink(path, "/dev/zero");
        if (name.EndsWith(".onnx", StringComparison.Ordinal))
        {
            // A valid sidecar, so that the model file itself is reached.
            File.WriteAllBytes(_dir.File("zero.json"), TinyModels.Manifest("zero", [], TinyModels.HandMade()).ToSidecarBytes());
        }

        var r = Score("-m", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("is not a regular file (a device, FIFO or socket); refusing to read it as a model", Assert.Single(r.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_libvmaf_bootstrap_model_says_what_it_is()
    {
        string path = _dir.File("vmaf_b_v0.6.3.json");
        File.WriteAllText(path, "{\"0\": {\"model_dict\": {}}, \"1\": {\"model_dict\": {}}}");
        var r = Score("-m", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {path}: not a usable libvmaf SVM model: it is a model collection (bootstrap models for confidence intervals), which vmaf-tiny does not compute"], r.ErrorLines);
    }

    [Fact]
    public void A_libvmaf_model_without_a_key_names_the_key()
    {
        string path = _dir.File("partial.json");
        File.WriteAllText(path, BuiltInJson().Replace("\"feature_names\"", "\"renamed\"", StringComparison.Ordinal));
        var r = Score("-m", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {path}: not a usable libvmaf SVM model: \"feature_names\" is missing"], r.ErrorLines);
    }

    [Fact]
    public void The_jail_holds_for_libvmaf_json_models()
    {
        string jail = _dir.File("jail");
        Directory.CreateDirectory(jail);
        string outside = _dir.File("vmaf_v0.6.1.json");
        File.WriteAllText(outside, BuiltInJson());
        var e = Assert.Throws<VmafTinyException>(() => VmafSvmModel.Load(outside, jail));
        Assert.StartsWith($"{outside}: refusing to load a model outside {ModelJail.EnvironmentVariable}={jail}", e.Message, StringComparison.Ordinal);
        File.Copy(outside, Path.Combine(jail, "vmaf_v0.6.1.json"));
        Assert.Equal("vmaf_v0.6.1", VmafSvmModel.Load(Path.Combine(jail, "vmaf_v0.6.1.json"), jail).Id);

        // Through the CLI, with the variable set (a child process: the environment is process-wide).
        var r = CliProcess.Run(
            ["score", Video("r.y4m"), Video("d.y4m"), "-m", outside],
            environment: new Dictionary<string, string> { [ModelJail.EnvironmentVariable] = jail });
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"vmaf-tiny: {outside}: refusing to load a model outside", Assert.Single(r.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_whose_output_is_nan_is_an_error_naming_the_model_and_the_frame()
    {
        string path = TinyModels.Write(_dir.FullPath, "nan_model", TinyModels.HandMade(outputBias: float.NaN));
        var r = Score("-m", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {path}: the model's score for frame 0 is NaN; refusing a non-finite score"], r.ErrorLines);
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void Non_finite_scores_from_any_scorer_are_refused_by_the_session()
    {
        using var session = new VmafSession(Small, new ConstantScorer(double.PositiveInfinity));
        var frame = new YuvFrame(Small);
        session.Push(frame, frame);
        var e = Assert.Throws<VmafTinyException>(() => session.Complete());
        Assert.Equal("model constant: the score for frame 0 is Infinity; refusing a non-finite score", e.Message);
    }

    [Fact]
    public void A_model_that_fails_inside_onnx_runtime_is_one_line_and_its_log_is_not_printed()
    {
        // A child process: ONNX Runtime logs to the process's own stderr, below .NET.
        byte[] bytes = BrokenOnnx.Bytes();
        string path = _dir.File("broken_model.onnx");
        File.WriteAllBytes(path, bytes);
        File.WriteAllBytes(_dir.File("broken_model.json"), TinyModels.Manifest("broken_model", bytes, TinyModels.HandMade()).ToSidecarBytes());
        var r = CliProcess.Run(["score", Video("r.y4m"), Video("d.y4m"), "-m", path, "--threads", "1", "-q"]);
        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.ErrorLines);
        // The CLI scores an ONNX model 16 frames a call: the line names the call's frames (here the clip's three).
        Assert.True(line.StartsWith($"vmaf-tiny: {path}: ONNX Runtime failed scoring frames 0..2 (", StringComparison.Ordinal), line);
        Assert.DoesNotContain('\u001b', r.Stderr);
    }

    private CliRunner.Result Score(params string[] options) =>
        CliRunner.Run(["score", Video("r.y4m"), Video("d.y4m"), .. options]);

    private string Video(string name)
    {
        string path = _dir.File(name);
        if (!File.Exists(path))
        {
            TestVideo.WriteY4m(path, Small, 3);
        }

        return path;
    }

    private sealed class ConstantScorer(double value) : IFrameScorer
    {
        public string LogKey => "constant";

        public string Description => "constant";

        public void Score(ReadOnlySpan<VmafTiny.Features.FrameFeatures> frames, Span<double> scores) => scores[..frames.Length].Fill(value);

        public void Dispose()
        {
        }
    }
}
