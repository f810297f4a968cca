using System.Diagnostics;
using VmafTiny.Features;
using VmafTiny.Features.OpenCL;
using VmafTiny.Features.OpenCL.Runtime;
using VmafTiny.Features.Psnr;
using VmafTiny.Tests.Cli;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.OpenCl;

/// <summary>
/// Every way the OpenCL device can fail ends as one clear line (exit 1 from the CLI, no log written): no loader, no
/// platform, an index that does not exist, a device without what the kernels need, kernels that do not build (the
/// build log saved to a file the message names), not enough device memory, and a device error mid-run (naming the
/// frame). Tests that need a working device skip, saying why, without one.
/// </summary>
public class OpenClErrorTests
{
    private const string Clip = "g01_pan_420p8_320x180";

    [Fact]
    public void A_missing_loader_is_no_device_found()
    {
        var e = Assert.Throws<VmafTinyException>(() => OpenClLibrary.Load(() => throw new DllNotFoundException("libOpenCL.so.1: cannot open shared object file")));
        Assert.StartsWith("no OpenCL device found; install an ICD such as pocl-opencl-icd", e.Message);
        Assert.Contains("libOpenCL.so.1", e.Message);
    }

    [Fact]
    public void No_platform_is_one_line_exit_1_and_no_log()
    {
        // ocl-icd reads its ICDs from OCL_ICD_VENDORS: an empty folder is a machine without any platform.
        string empty = Directory.CreateTempSubdirectory("vmaf-tiny-no-icd-").FullName;
        string output = Path.Combine(empty, "out.json");
        try
        {
            var env = new Dictionary<string, string> { ["OCL_ICD_VENDORS"] = empty };
            var (code, _, stderr) = RunChild(env, "features", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--device", "opencl", "-o", output);
            Assert.Equal(1, code);
            Assert.Equal("vmaf-tiny: no OpenCL device found; install an ICD such as pocl-opencl-icd", stderr.Trim());
            Assert.False(File.Exists(output));

            // The listing still works (the CPU is a device) and says the same.
            var (listCode, list, _) = RunChild(env, "devices");
            Assert.Equal(0, listCode);
            Assert.Contains("cpu ", list);
            Assert.Contains("opencl    none: no OpenCL device found; install an ICD such as pocl-opencl-icd", list);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void A_library_of_the_loaders_name_without_its_entry_points_is_no_device_found()
    {
        // A stub (or an OpenCL 1.1 loader) first on LD_LIBRARY_PATH: libm under both of the loader's names. It loads,
        // but clGetPlatformIDs is not there: one line and exit 1, and the listing still lists, as without a loader.
        string folder = Directory.CreateTempSubdirectory("vmaf-tiny-stub-loader-").FullName;
        string output = Path.Combine(folder, "out.json");
        try
        {
            string libm = Directory.GetFiles("/lib/x86_64-linux-gnu", "libm.so.6").Concat(Directory.GetFiles("/usr/lib/x86_64-linux-gnu", "libm.so.6")).First();
            File.CreateSymbolicLink(Path.Combine(folder, "libOpenCL.so.1"), libm);
            File.CreateSymbolicLink(Path.Combine(folder, "libOpenCL.so"), libm);
            var env = new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = folder };
            var (code, _, stderr) = RunChild(env, "features", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--device", "opencl", "-o", output);
            Assert.Equal(1, code);
            string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("vmaf-tiny: no OpenCL device found; install an ICD such as pocl-opencl-icd (the OpenCL loader did not load: libOpenCL.so.1 lacks clGetPlatformIDs, ", line);
            Assert.DoesNotContain("internal error", line);
            Assert.False(File.Exists(output));

            var (listCode, list, listErrors) = RunChild(env, "devices");
            Assert.True(listCode == 0, listErrors);
            Assert.Contains("opencl    none: no OpenCL device found; install an ICD such as pocl-opencl-icd (the OpenCL loader did not load: ", list);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_loader_that_does_not_load_is_named_by_the_linkers_words_alone()
    {
        // .NET's message wraps dlerror's lines in advice, with a literal backslash-n on Linux.
        const string message = "Unable to load shared library 'libOpenCL.so.1' or one of its dependencies. In order to help diagnose " +
            "loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment " +
            "variable: \\n/opt/x/libOpenCL.so.1: file too short\\n";
        Assert.Equal("/opt/x/libOpenCL.so.1: file too short", OpenClLibrary.LoadError(message));
        Assert.Equal("libOpenCL.so.1: cannot open shared object file", OpenClLibrary.LoadError("libOpenCL.so.1: cannot open shared object file"));
    }

    [Fact]
    public void The_environment_names_the_device_when_the_command_line_does_not()
    {
        string reference = GoldenClips.ReferencePath(Clip), distorted = GoldenClips.DistortedPath(Clip);
        var env = new Dictionary<string, string> { [OpenClDevices.EnvironmentVariable] = "bogus" };
        var (code, _, stderr) = RunChild(env, "features", reference, distorted, "--frame-count", "2");
        Assert.Equal(1, code);
        Assert.Equal("vmaf-tiny: VMAF_TINY_DEVICE=bogus: unknown device 'bogus' (use cpu, opencl or opencl:N; 'vmaf-tiny devices' lists them)", stderr.Trim());

        // --device wins over the environment.
        var (cpuCode, _, cpuStderr) = RunChild(env, "features", reference, distorted, "--frame-count", "2", "--device", "cpu");
        Assert.True(cpuCode == 0, cpuStderr);
        Assert.Contains(" kernels", cpuStderr);
    }

    [SkippableFact]
    public void An_index_that_does_not_exist_is_one_line_exit_1_and_no_log()
    {
        OpenClTestBed.RequireDevice();
        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-opencl-{Guid.NewGuid():N}.json");
        var r = CliRunner.Run("features", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--device", "opencl:99", "-o", output);
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.ErrorLines);
        Assert.StartsWith("vmaf-tiny: OpenCL device 99 does not exist: this machine has ", r.ErrorLines[0]);
        Assert.Contains("opencl:0", r.ErrorLines[0]);
        Assert.False(File.Exists(output));
    }

    [SkippableFact]
    public void Devices_lists_the_cpu_and_each_device_with_its_index()
    {
        OpenClDeviceInfo device = OpenClTestBed.RequireDevice();
        var r = CliRunner.Run("devices");
        Assert.Equal(0, r.ExitCode);
        string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("cpu ", lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"{device.Selector}  {device.Kind}  {device.Name} (", StringComparison.Ordinal));
    }

    [Fact]
    public void A_device_without_what_the_kernels_need_says_which()
    {
        IReadOnlyList<string> missing = OpenClDevices.MissingRequirements("cl_khr_icd cl_khr_global_int32_base_atomics", "OpenCL 1.1 Mesa", compiler: false);
        Assert.Equal(4, missing.Count);
        var info = new OpenClDeviceInfo(0, "Test platform", "Test GPU", "GPU", "OpenCL 1.1 Mesa", 1L << 30, 1L << 28, 8, missing);
        var e = Assert.Throws<VmafTinyException>(() => new OpenClFeatureDevice(info));
        Assert.Equal(
            "OpenCL device opencl:0 (Test GPU) cannot run the kernels: it lacks OpenCL 1.2 (it reports 'OpenCL 1.1 Mesa'), " +
            "cl_khr_fp64 (double precision, for the float steps of VIF and ADM), cl_khr_int64_base_atomics (64-bit atomic sums), " +
            "an OpenCL C compiler",
            e.Message);

        Assert.Empty(OpenClDevices.MissingRequirements("cl_khr_fp64 cl_khr_int64_base_atomics", "OpenCL 3.0 CUDA", compiler: true));
        Assert.Equal(["cl_khr_fp64 (double precision, for the float steps of VIF and ADM)"], OpenClDevices.MissingRequirements("cl_khr_int64_base_atomics", "OpenCL 1.2", true));
    }

    [SkippableFact]
    public void Kernels_that_do_not_build_save_the_build_log_to_the_file_the_message_names()
    {
        OpenClDeviceInfo device = OpenClTestBed.RequireDevice();
        var e = Assert.Throws<OpenClException>(() => OpenClContext.CreateUncached(device, KernelSource.Text + "\n#error deliberately broken kernel\n"));
        Assert.StartsWith($"the OpenCL kernels did not build on {device.Selector} ({device.Name}): CL_BUILD_PROGRAM_FAILURE (-11)", e.Message);
        int at = e.Message.IndexOf("; build log saved to ", StringComparison.Ordinal);
        Assert.True(at > 0, e.Message);
        string path = e.Message[(at + "; build log saved to ".Length)..];
        try
        {
            Assert.True(File.Exists(path), path);
            Assert.Contains("deliberately broken kernel", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Frames_too_large_for_the_device_memory_are_refused_naming_the_sizes()
    {
        var small = new OpenClDeviceInfo(0, "Test platform", "Test GPU", "GPU", "OpenCL 3.0", 1L << 30, 256L << 20, 8, []);
        var e = Assert.Throws<VmafTinyException>(() => OpenClFrameEngine.CheckMemory(small, new VideoFormat(7680, 4320, 10, ChromaFormat.Yuv420)));
        Assert.Matches(
            @"^OpenCL device opencl:0 \(Test GPU\) has not enough memory for 7680x4320 frames: they need \d+ MiB \(largest buffer 633 MiB\); the device has 1024 MiB and allows 256 MiB per buffer$",
            e.Message);
        OpenClFrameEngine.CheckMemory(small, new VideoFormat(1280, 720, 10, ChromaFormat.Yuv420));   // fits
    }

    [SkippableFact]
    public void The_largest_frames_fail_before_any_frame_when_the_device_lacks_the_memory()
    {
        OpenClDeviceInfo device = OpenClTestBed.RequireDevice();
        var format = new VideoFormat(VideoFormat.MaximumDimension, VideoFormat.MaximumDimension, 16, ChromaFormat.Yuv420);
        var (total, largest) = OpenClFrameEngine.MemoryNeeded(format);
        FeatureStream Open() => new(format, new FeatureOptions { Device = OpenClDevices.Select(device.Index) });
        if (total > (long)device.GlobalMemory || largest > (long)device.MaxAllocation)
        {
            var e = Assert.Throws<VmafTinyException>(Open);
            Assert.StartsWith($"OpenCL device {device.Selector} ({device.Name}) has not enough memory for 16384x16384 frames: ", e.Message);
        }
        else
        {
            // A device this large holds them: the stream opens (and is closed at once).
            Open().Dispose();
        }
    }

    [Theory]
    [InlineData("libvmaf", "integer_aim and integer_adm3 (libvmaf's further outputs) are not computed on opencl:7 (Test GPU, Test platform); run on the CPU (--device cpu, or VMAF_TINY_DEVICE=cpu)")]
    [InlineData("psnr", "PSNR is not computed on opencl:7 (Test GPU, Test platform); run on the CPU (--device cpu, or VMAF_TINY_DEVICE=cpu)")]
    [InlineData("psnr-extractor", "PSNR is not computed on opencl:7 (Test GPU, Test platform); run on the CPU (--device cpu, or VMAF_TINY_DEVICE=cpu)")]
    [InlineData("adm-neg", "adm with an enhancement-gain limit other than 100 (the NEG models) is not computed on opencl:7 (Test GPU, Test platform); run on the CPU (--device cpu, or VMAF_TINY_DEVICE=cpu)")]
    [InlineData("vif-neg", "vif with an enhancement-gain limit other than 100 (the NEG models) is not computed on opencl:7 (Test GPU, Test platform); run on the CPU (--device cpu, or VMAF_TINY_DEVICE=cpu)")]
    public void What_the_device_does_not_compute_is_refused_in_one_line_before_it_opens(string what, string message)
    {
        // A device that cannot open (no such platform): the refusal must come first, whatever the machine has.
        var info = new OpenClDeviceInfo(7, "Test platform", "Test GPU", "GPU", "OpenCL 3.0", 1L << 30, 1L << 28, 8, []);
        var options = new FeatureOptions
        {
            Device = new OpenClFeatureDevice(info),
            LibvmafOutputs = what == "libvmaf",
            Psnr = what == "psnr" ? new PsnrOptions() : null,
            Extractors = what switch
            {
                "adm-neg" => [new AdmOptions(), new AdmOptions { EnhancementGainLimit = 1.0 }, new MotionOptions(), new VifOptions()],
                "vif-neg" => [new AdmOptions(), new MotionOptions(), new VifOptions { EnhancementGainLimit = 1.0 }],
                "psnr-extractor" => [new AdmOptions(), new MotionOptions(), new VifOptions(), new PsnrExtractorOptions()],
                _ => null,
            },
        };
        var e = Assert.Throws<VmafTinyException>(() => new FeatureStream(new VideoFormat(64, 48, 8, ChromaFormat.Yuv420), options));
        Assert.Equal(message, e.Message);
    }

    [SkippableFact]
    public void A_device_error_mid_run_names_the_frame()
    {
        OpenClDeviceInfo device = OpenClTestBed.RequireDevice();
        var format = new VideoFormat(64, 48, 8, ChromaFormat.Yuv420);
        var faulty = new OpenClFeatureDevice(device) { FaultAtFrame = 2 };
        var emitted = new List<int>();
        using var stream = new FeatureStream(format, new FeatureOptions { Device = faulty });
        var frame = new YuvFrame(format);
        var e = Assert.Throws<OpenClException>(() =>
        {
            for (int i = 0; i < 8; i++)
            {
                frame.PlaneBytes(0).Fill((byte)(i * 16));
                emitted.AddRange(stream.Push(frame, frame).Select(f => f.Index));
            }

            emitted.AddRange(stream.Complete().Select(f => f.Index));
        });
        Assert.StartsWith($"OpenCL device error at frame 2 on {device.Selector} ({device.Name}): ", e.Message);
        Assert.All(emitted, i => Assert.True(i < 2, $"frame {i} emitted after the failed frame 2"));
    }

    private static (int Code, string Stdout, string Stderr) RunChild(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vmaf-tiny.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove(OpenClDevices.EnvironmentVariable);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "child vmaf-tiny did not finish in 60 s");
        return (process.ExitCode, stdout, stderr.Result);
    }
}
