// vmaf-tiny build script (Cake 7). Run through ./build.sh, which installs prerequisites first.
//   --target=Build       build the solution (Release)
//   --target=Test        build, then run the whole test suite; results in artifacts/test-results
//   --target=Demo        score the bundled sample pair in samples/
//   --target=TrainModel  retrain vmaf_tiny_v2 from the carried corpus into model/
//   --target=CompareLibvmaf --libvmaf=PATH --data=DIR [--runs=N]
//                        time vmaf-tiny against libvmaf's vmaf tool side by side (bench/compare-libvmaf.sh);
//                        needs the benchmark pairs in DIR and a libvmaf build, both outside the repository

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var solution = "./VmafTinyNative.sln";
var cli = $"./src/Cli/bin/{configuration}/net10.0/linux-x64/vmaf-tiny.dll";
var testResults = "./artifacts/test-results";

Task("Build")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
});

// The whole suite runs once; the tests whose outcome depends on the instruction set (Category=Isa: kernels,
// golden clips, path selection) run again at each lower level the runtime can be held to (style guide: every
// path is tested, including what Auto picks on machines without AVX-512 or without any SIMD). Slow
// integration tests therefore run once. Variants a run cannot execute show as skipped, never as passed.
var cpuLevels = new (string Name, string Variable, string Filter)[]
{
    ("default", null, null),
    ("no-avx512", "DOTNET_EnableAVX512", "Category=Isa"),
    ("no-simd", "DOTNET_EnableHWIntrinsic", "Category=Isa"),
};

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    var failures = new List<string>();
    foreach (var level in cpuLevels)
    {
        var settings = new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            ResultsDirectory = testResults,
            Loggers = { $"trx;LogFileName=VmafTiny.Tests.{level.Name}.trx", "console;verbosity=minimal" },
            EnvironmentVariables = new Dictionary<string, string>(),
            Filter = level.Filter,
        };
        if (level.Variable != null)
        {
            settings.EnvironmentVariables[level.Variable] = "0";
        }

        Information($"Test run: {level.Name}");
        try
        {
            DotNetTest("./tests/VmafTiny.Tests/VmafTiny.Tests.csproj", settings);
        }
        catch (Exception e)
        {
            failures.Add($"{level.Name}: {e.Message}");
        }
    }

    if (failures.Count > 0)
    {
        throw new CakeException("test runs failed: " + string.Join("; ", failures));
    }
});

Task("Demo")
    .IsDependentOn("Build")
    .Does(() =>
{
    EnsureDirectoryExists("./artifacts/demo");
    RunCli("score samples/ref.mp4 samples/dist.mp4 --output artifacts/demo/vmaf_tiny_v2.json");
    RunCli("score samples/ref.mp4 samples/dist.mp4 --model vmaf_v0.6.1 --output artifacts/demo/vmaf_v0.6.1.json");
});

Task("TrainModel")
    .IsDependentOn("Build")
    .Does(() =>
{
    RunCli("train --corpus model/corpus/train.csv.gz --out model/vmaf_tiny_v2.onnx");

    // src/Score embeds model/: rebuild so the tool ships what was just trained.
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
});

// Not part of Test: it needs data and a libvmaf binary from outside the repository, and a quiet machine.
Task("CompareLibvmaf")
    .IsDependentOn("Build")
    .Does(() =>
{
    string libvmaf = Argument<string>("libvmaf", null) ?? throw new CakeException("CompareLibvmaf needs --libvmaf=PATH (libvmaf 3.2.0's vmaf tool)");
    string data = Argument<string>("data", null) ?? throw new CakeException("CompareLibvmaf needs --data=DIR (the benchmark pairs; see bench/compare-libvmaf.sh --help)");
    var arguments = $"bench/compare-libvmaf.sh --libvmaf \"{libvmaf}\" --data \"{data}\" -n {Argument("runs", 5)}";
    if (HasArgument("only"))
    {
        arguments += $" --only {Argument<string>("only")}";
    }

    int code = StartProcess("bash", new ProcessSettings { Arguments = arguments });
    if (code != 0)
    {
        throw new CakeException($"compare-libvmaf.sh exited with {code}");
    }
});

void RunCli(string arguments)
{
    int code = StartProcess("dotnet", new ProcessSettings { Arguments = $"{cli} {arguments}" });
    if (code != 0)
    {
        throw new CakeException($"vmaf-tiny {arguments} exited with {code}");
    }
}

RunTarget(target);
