// vmaf-tiny build script (Cake 7). Run through ./build.sh, which installs prerequisites first.
//   --target=Build       build the solution (Release) and the CLI in artifacts/cli (self-contained, ReadyToRun with the framework)
//   --target=Pack        the NuGet packages into artifacts/packages: VmafTiny (library) and vmaf-tiny (.NET tool)
//   --target=Publish     the one-file native CLI, artifacts/publish/vmaf-tiny (NativeAOT per x86-64 level, the highest in front)
//   --target=Native      the libvmaf-compatible C library in artifacts/native (lib/libvmaf.so, include/libvmaf, pkg-config)
//   --target=Test        all of the above, then the whole test suite; results in artifacts/test-results
//   --target=Demo        score the bundled sample pair in samples/, and a y4m pair with the C sample (samples/c)
//   --target=TrainModel  retrain vmaf_tiny_v2 from the carried corpus into model/
//   --target=CompareLibvmaf [--libvmaf=PATH] [--data=DIR] [--runs=N] [--slow-runs=N] [--only=SETS]
//                        time vmaf-tiny against libvmaf's vmaf tool side by side (bench/compare-libvmaf.sh);
//                        needs the benchmark pairs and a libvmaf build, both outside the repository (defaults:
//                        $BENCH_DATA or /work/bench-data, $LIBVMAF or the timing build under /work/libvmaf)

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var solution = "./VmafTinyNative.sln";
var cliProject = "./src/Cli/VmafTiny.Cli.csproj";
var cliFolder = "./artifacts/cli";
var cli = $"{cliFolder}/vmaf-tiny";
var packages = "./artifacts/packages";
var publishFolder = "./artifacts/publish";
var testResults = "./artifacts/test-results";

// The x86-64 levels the native CLI is built for (native/NativeAot.props): the file runs the highest one the CPU
// has (the last is the file's front). x86-64-v3 (AVX2, FMA, BMI2; 2013 on) is the floor; CPUs below it use the .NET tool.
var isaLevels = new[] { "x86-64-v3", "x86-64-v4" };

Task("Build")
    .Does(() => BuildAll());

Task("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(packages);
    foreach (var project in new[] { "./src/Pipeline/VmafTiny.Pipeline.csproj", cliProject })
    {
        DotNetPack(project, new DotNetPackSettings { Configuration = configuration, OutputDirectory = packages });
    }
});

Task("Publish")
    .Does(() =>
{
    // One NativeAOT build per level, in its own obj/bin tree (the C# compiles once for both).
    var builds = new List<string>();
    foreach (var level in isaLevels)
    {
        var output = $"./artifacts/obj/publish/{level}";
        DotNetPublish(cliProject, new DotNetPublishSettings
        {
            Configuration = configuration,
            OutputDirectory = output,
            MSBuildSettings = new DotNetMSBuildSettings().WithProperty("VmafIsaLevel", level),
        });
        builds.Add($"vmaf-tiny.{level}={output}/vmaf-tiny");
    }

    // The highest level's build is the file's front: it runs itself on CPUs of its level, and otherwise hands over to
    // the best lower build inside the file (native/start/vt_front.c); the native libraries ride along and load on demand.
    var bundleBuild = "./native/build/bundle";
    Run("cmake", $"-S native/bundle -B {bundleBuild} -DCMAKE_BUILD_TYPE=Release");
    Run("cmake", $"--build {bundleBuild}");
    var natives = $"./artifacts/obj/publish/{isaLevels[^1]}/runtimes/linux-x64/native";
    EnsureDirectoryExists(publishFolder);
    Run($"{bundleBuild}/vt_bundle_write",
        $"{publishFolder}/vmaf-tiny {builds[^1].Split('=')[1]} {string.Join(" ", builds.Take(builds.Count - 1))} " +
        $"libonnxruntime.so={natives}/libonnxruntime.so libvtshim.so={natives}/libvtshim.so");
    Information($"{publishFolder}/vmaf-tiny: {new FileInfo($"{publishFolder}/vmaf-tiny").Length / 1048576.0:F1} MiB");
});

// libvmaf 3.2.0's C API served by vmaf-tiny, installed as a distribution installs libvmaf:
//   artifacts/native/lib/libvmaf.so.3.2.0 (the C front, native/libvmaf: libvmaf's symbols only), libvmaf.so.3 (soname)
//   and libvmaf.so linking to it; lib/vmaf-tiny/libvmaf-tiny-LEVEL.so (the NativeAOT build of src/Native per x86-64
//   level, the front loads the best one this CPU runs) and libonnxruntime.so; include/libvmaf/*.h; lib/pkgconfig/libvmaf.pc.
var nativeFolder = "./artifacts/native";
Task("Native")
    .Does(() =>
{
    var lib = $"{nativeFolder}/lib";
    var builds = $"{lib}/vmaf-tiny";
    CleanDirectory(nativeFolder);
    EnsureDirectoryExists(builds);
    EnsureDirectoryExists($"{lib}/pkgconfig");
    EnsureDirectoryExists($"{nativeFolder}/include/libvmaf");

    // One NativeAOT build per level, sharing the compiled IL (native/NativeAot.props).
    foreach (var level in isaLevels)
    {
        var output = $"./artifacts/obj/native/{level}";
        DotNetPublish("./src/Native/VmafTiny.Native.csproj", new DotNetPublishSettings
        {
            Configuration = configuration,
            OutputDirectory = output,
            MSBuildSettings = new DotNetMSBuildSettings().WithProperty("VmafIsaLevel", level),
        });
        CopyFile($"{output}/VmafTiny.Native.so", $"{builds}/libvmaf-tiny-{level}.so");
    }
    CopyFile($"./artifacts/obj/native/{isaLevels[^1]}/runtimes/linux-x64/native/libonnxruntime.so", $"{builds}/libonnxruntime.so");

    var frontBuild = "./native/build/libvmaf";
    Run("cmake", $"-S native/libvmaf -B {frontBuild} -DCMAKE_BUILD_TYPE=Release");
    Run("cmake", $"--build {frontBuild}");
    CopyFile($"{frontBuild}/libvmaf.so.3.2.0", $"{lib}/libvmaf.so.3.2.0");
    System.IO.File.CreateSymbolicLink($"{lib}/libvmaf.so.3", "libvmaf.so.3.2.0");
    System.IO.File.CreateSymbolicLink($"{lib}/libvmaf.so", "libvmaf.so.3");
    CopyFiles("./native/libvmaf/include/libvmaf/*.h", $"{nativeFolder}/include/libvmaf");

    // Relocatable: pkg-config finds the prefix from where the .pc file lies (PKG_CONFIG_PATH=artifacts/native/lib/pkgconfig).
    System.IO.File.WriteAllText($"{lib}/pkgconfig/libvmaf.pc", string.Join("\n",
        "prefix=${pcfiledir}/../..",
        "libdir=${prefix}/lib",
        "includedir=${prefix}/include",
        "",
        "Name: libvmaf",
        "Description: vmaf-tiny's implementation of libvmaf 3.2.0's C API (integer VMAF models, vmaf_tiny_v2)",
        "Version: 3.2.0",
        "Libs: -L${libdir} -lvmaf",
        "Cflags: -I${includedir} -I${includedir}/libvmaf",
        ""));
});

// The whole suite runs once; the tests whose outcome depends on the instruction set (Category=Isa: kernels,
// golden clips, path selection) run again at each lower level the runtime can be held to (style guide: every
// path is tested, including what Auto picks on machines without AVX-512 or without any SIMD). Slow
// integration tests therefore run once. Variants a run cannot execute show as skipped, never as passed.
// The no-AVX-512 level also turns AVX-VNNI off: the default run (on an AVX-512 or AVX-VNNI machine) tests the AVX2
// kernels' vpdpwssd, this one their vpmaddwd + vpaddd fallback (Simd256.MultiplyAddAdjacentAccumulate).
var cpuLevels = new (string Name, string[] Variables, string Filter)[]
{
    ("default", new string[0], null),
    ("no-avx512", new[] { "DOTNET_EnableAVX512", "DOTNET_EnableAVXVNNI" }, "Category=Isa"),
    ("no-simd", new[] { "DOTNET_EnableHWIntrinsic" }, "Category=Isa"),
};

// The packaging tests (tool install, a console app against the package) and the native binary's tests use what Pack
// and Publish made; built once here, they run once (not in the Isa re-runs).
Task("Test")
    .IsDependentOn("Build")
    .IsDependentOn("Pack")
    .IsDependentOn("Publish")
    .IsDependentOn("Native")
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
        foreach (var variable in level.Variables)
        {
            settings.EnvironmentVariables[variable] = "0";
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
    .IsDependentOn("Native")
    .Does(() =>
{
    EnsureDirectoryExists("./artifacts/demo");
    RunCli("score samples/ref.mp4 samples/dist.mp4 --output artifacts/demo/vmaf_tiny_v2.json");
    RunCli("score samples/ref.mp4 samples/dist.mp4 --model vmaf_v0.6.1 --output artifacts/demo/vmaf_v0.6.1.json");

    // The C sample (samples/c) built against artifacts/native through pkg-config, as a libvmaf user builds, scoring a
    // y4m pair (the golden g01 pair the tests carry: the sample reads y4m, samples/ holds mp4).
    var golden = "tests/VmafTiny.Tests/TestData/golden/g01_pan_420p8_320x180";
    Run("sh", $"-c \"gunzip -c {golden}.ref.y4m.gz > artifacts/demo/ref.y4m && gunzip -c {golden}.dist.y4m.gz > artifacts/demo/dist.y4m\"");
    var pkgConfig = new Dictionary<string, string> { ["PKG_CONFIG_PATH"] = MakeAbsolute(Directory($"{nativeFolder}/lib/pkgconfig")).FullPath };
    Run("sh", "-c \"cc -O2 -Wall -Wextra -Werror samples/c/vmaf_score.c -o artifacts/demo/vmaf_score $(pkg-config --cflags --libs libvmaf) -Wl,-rpath,$(pkg-config --variable=libdir libvmaf)\"", pkgConfig);
    Run("artifacts/demo/vmaf_score", "artifacts/demo/ref.y4m artifacts/demo/dist.y4m vmaf_v0.6.1");
});

Task("TrainModel")
    .IsDependentOn("Build")
    .Does(() =>
{
    RunCli("train --corpus model/corpus/train.csv.gz --out model/vmaf_tiny_v2.onnx");

    // src/Score embeds model/: rebuild so the tool ships what was just trained.
    BuildAll();
});

// Not part of Test: it needs data and a libvmaf binary from outside the repository, and a quiet machine.
Task("CompareLibvmaf")
    .IsDependentOn("Build")
    .Does(() =>
{
    // --libvmaf and --data default to the script's defaults (see bench/compare-libvmaf.sh --help).
    var arguments = $"bench/compare-libvmaf.sh --runs {Argument("runs", 5)}";
    if (HasArgument("libvmaf"))
    {
        arguments += $" --libvmaf \"{Argument<string>("libvmaf")}\"";
    }

    if (HasArgument("data"))
    {
        arguments += $" --data \"{Argument<string>("data")}\"";
    }

    if (HasArgument("slow-runs"))
    {
        arguments += $" --slow-runs {Argument<int>("slow-runs")}";
    }

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

void BuildAll()
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });

    // The CLI as users run it: self-contained, its start-up assemblies compiled ReadyToRun in one version bubble with
    // the framework it ships, so start-up does not wait for the JIT, SIMD kernels included (src/Cli/StartupImage.targets).
    // Publishing reuses the build; only the ReadyToRun compilation is added.
    CleanDirectory(cliFolder);
    DotNetPublish(cliProject, new DotNetPublishSettings
    {
        Configuration = configuration,
        NoBuild = true,
        OutputDirectory = cliFolder,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("VmafStartupImage", "true"),
    });
}

void RunCli(string arguments) => Run(cli, arguments);

void Run(string program, string arguments, IDictionary<string, string> environment = null)
{
    int code = StartProcess(program, new ProcessSettings { Arguments = arguments, EnvironmentVariables = environment });
    if (code != 0)
    {
        throw new CakeException($"{program} {arguments} exited with {code}");
    }
}

RunTarget(target);
