using BenchmarkDotNet.Attributes;
using VmafTiny.Decode;
using VmafTiny.Features;
using VmafTiny.Features.OpenCL;

namespace VmafTiny.Benchmarks;

/// <summary>
/// Whole-frame feature extraction (VIF, ADM, motion) on the 1080p benchmark pair, frames already in memory:
/// the CPU kernels at one thread and at all cores, against the OpenCL device. Times are per frame
/// (OperationsPerInvoke), so 1 / mean is the frame rate.
/// </summary>
/// <remarks>
/// The pair is <c>ref1080.y4m</c> and <c>dist1080.y4m</c> in <c>VMAF_TINY_BENCH_DIR</c> (default /work/bench-data);
/// the device is <c>VMAF_TINY_DEVICE</c> (default: opencl, the first GPU, else the first OpenCL device).
/// Run: <c>dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter *OpenClFrame* --job short</c>
/// (tools/gpu-check.sh does).
/// </remarks>
public class OpenClFrameBenchmark
{
    /// <summary>Frames per operation.</summary>
    private const int Frames = 8;

    private YuvFrame[] _reference = [];
    private YuvFrame[] _distorted = [];
    private FeatureDevice _device = FeatureDevice.Cpu;

    /// <summary>Reads the first <see cref="Frames"/> frame pairs and opens the device (building its program once).</summary>
    [GlobalSetup]
    public void Setup()
    {
        string dir = Environment.GetEnvironmentVariable("VMAF_TINY_BENCH_DIR") is { Length: > 0 } d ? d : "/work/bench-data";
        string referencePath = Path.Combine(dir, "ref1080.y4m"), distortedPath = Path.Combine(dir, "dist1080.y4m");
        if (!File.Exists(referencePath) || !File.Exists(distortedPath))
        {
            throw new FileNotFoundException($"the 1080p benchmark pair is not in {dir} (set VMAF_TINY_BENCH_DIR)");
        }

        using FramePairReader pairs = FramePairReader.Open(referencePath, distortedPath);
        var reference = new List<YuvFrame>();
        var distorted = new List<YuvFrame>();
        var (r, dist) = pairs.CreateFrames();
        while (reference.Count < Frames && pairs.ReadPair(r, dist))
        {
            reference.Add(r);
            distorted.Add(dist);
            (r, dist) = pairs.CreateFrames();
        }

        _reference = [.. reference];
        _distorted = [.. distorted];
        string name = Environment.GetEnvironmentVariable(OpenClDevices.EnvironmentVariable) is { Length: > 0 } n ? n : "opencl";
        _device = OpenClDevices.Resolve(name);
        Console.WriteLine($"// device: {_device.Description}, {_reference.Length} frames of {_reference[0].Format}");
        Run(new FeatureOptions { Device = _device });   // warm: builds the program, compiles the kernels
    }

    /// <summary>CPU kernels (the best path here), one thread.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public double CpuOneThread() => Run(new FeatureOptions { Threads = 1, Device = FeatureDevice.Cpu });

    /// <summary>CPU kernels, one thread per core.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public double CpuAllCores() => Run(new FeatureOptions { Threads = 0, Device = FeatureDevice.Cpu });

    /// <summary>The OpenCL device (a new stream: queues and buffers per run, the program is the process's).</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public double OpenCl() => Run(new FeatureOptions { Device = _device });

    private double Run(FeatureOptions options)
    {
        double sum = 0;
        using var stream = new FeatureStream(_reference[0].Format, options);
        for (int i = 0; i < _reference.Length; i++)
        {
            foreach (FrameFeatures f in stream.Push(_reference[i], _distorted[i]))
            {
                sum += f.Adm2 + f.VifScale0 + f.Motion2;
            }
        }

        foreach (FrameFeatures f in stream.Complete())
        {
            sum += f.Adm2 + f.VifScale0 + f.Motion2;
        }

        return sum;
    }
}
