// vmaf-tiny build script (Cake 7). Run through ./build.sh, which installs prerequisites first.
//   --target=Build       build the solution (Release)
//   --target=Test        build, then run the whole test suite; results in artifacts/test-results
//   --target=Demo        score the bundled sample pair in samples/
//   --target=TrainModel  retrain vmaf_tiny_v2 from the carried corpus into model/

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

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    DotNetTest("./tests/VmafTiny.Tests/VmafTiny.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        ResultsDirectory = testResults,
        Loggers = { "trx;LogFileName=VmafTiny.Tests.trx", "console;verbosity=normal" },
    });
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
