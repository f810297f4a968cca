using System.Runtime.InteropServices;
using System.Text.Json;
using VmafTiny.Features;
using VmafTiny.Features.OpenCL;
using VmafTiny.Tests.Cli;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.OpenCl;

/// <summary>
/// Every golden pair through <c>vmaf-tiny score --device opencl</c> (PoCL's CPU device in CI): every feature of every
/// frame, the vmaf_v0.6.1 score and the pooled values equal libvmaf 3.2.0's doubles exactly, as on the CPU. Skips,
/// saying why, without an OpenCL device. The library selects the device as the CLI does. Not <c>Category=Isa</c> (the device does not depend on the host's ISA).
/// </summary>
public class OpenClGoldenTests
{
    private static readonly string[] FeatureKeys =
    [
        "integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "integer_motion2",
    ];

    [SkippableTheory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Score_on_the_device_matches_libvmaf_on_every_frame(string name)
    {
        OpenClDeviceInfo device = OpenClTestBed.RequireDevice();
        var (log, stderr) = Score(device, name);
        Assert.Contains($"on {device.Selector} ({device.Name}, {device.Platform})", stderr);   // the run summary names the device
        var expected = GoldenClips.Frames(name);
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(expected.Count, frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            JsonElement metrics = frames[i].GetProperty("metrics");
            foreach (string key in FeatureKeys.Append("vmaf"))
            {
                double actual = metrics.GetProperty(key).GetDouble();
                Assert.True(expected[i][key] == actual, $"{name} frame {i} {key}: libvmaf {expected[i][key]:R}, opencl {actual:R}");
            }
        }

        var pooled = log.RootElement.GetProperty("pooled_metrics");
        foreach (var (key, stats) in GoldenClips.Pooled(name).Where(p => FeatureKeys.Contains(p.Key) || p.Key == "vmaf"))
        {
            foreach (var (stat, value) in stats)
            {
                Assert.Equal(value, pooled.GetProperty(key).GetProperty(stat).GetDouble());
            }
        }
    }

    [SkippableFact]
    public void Subsample_on_the_device_keeps_the_motion_of_the_frames_it_keeps()
    {
        OpenClDeviceInfo device = OpenClTestBed.RequireDevice();
        const string name = "g09_scenecut_420p8_320x180";
        var (log, _) = Score(device, name, "--subsample", "3");
        var expected = GoldenClips.Frames(name);
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        int[] kept = Enumerable.Range(0, expected.Count).Where(i => i % 3 == 0).ToArray();
        Assert.Equal(kept, frames.Select(f => f.GetProperty("frameNum").GetInt32()));
        foreach (var (frame, index) in frames.Zip(kept))
        {
            foreach (string key in FeatureKeys.Append("vmaf"))
            {
                Assert.Equal(expected[index][key], frame.GetProperty("metrics").GetProperty(key).GetDouble());
            }
        }
    }

    [SkippableFact]
    public void The_library_selects_the_device_and_gets_the_cpus_doubles()
    {
        OpenClDeviceInfo device = OpenClTestBed.RequireDevice();

        // VmafOptions.Device (a string, as --device): a 12-bit golden pair, every frame's features and score.
        const string name = "g10_blurnoise_420p12_160x90";
        string reference = GoldenClips.ReferencePath(name), distorted = GoldenClips.DistortedPath(name);
        VmafResult cpu = Vmaf.Score(reference, distorted, new VmafOptions { Model = "vmaf_v0.6.1", Device = "cpu" });
        VmafResult onDevice = Vmaf.Score(reference, distorted, new VmafOptions { Model = "vmaf_v0.6.1", Device = device.Selector });
        Assert.Equal("cpu", cpu.Device);
        Assert.Equal($"{device.Selector} ({device.Name}, {device.Platform})", onDevice.Device);
        Assert.Equal(cpu.Frames.Select(f => f.Features), onDevice.Frames.Select(f => f.Features));
        Assert.Equal(cpu.Frames.Select(f => f.Score), onDevice.Frames.Select(f => f.Score));

        // FeatureOptions.Device (a FeatureDevice): a FeatureStream of 16-bit noise, the CPU's stream at two threads.
        var format = new VideoFormat(67, 35, 16, ChromaFormat.Yuv420);
        using var cpuStream = new FeatureStream(format, new FeatureOptions { Threads = 2, Device = FeatureDevice.Cpu });
        using var deviceStream = new FeatureStream(format, new FeatureOptions { Device = OpenClDevices.Select(device.Index) });
        Assert.Equal(onDevice.Device, deviceStream.DeviceDescription);
        var random = new Random(12);
        YuvFrame r = new(format), d = new(format);
        var expected = new List<FrameFeatures>();
        var actual = new List<FrameFeatures>();
        for (int i = 0; i < 5; i++)
        {
            foreach (YuvFrame frame in new[] { r, d })
            {
                Span<ushort> luma = MemoryMarshal.Cast<byte, ushort>(frame.PlaneBytes(0));
                for (int j = 0; j < luma.Length; j++)
                {
                    luma[j] = (ushort)random.Next(65536);
                }
            }

            expected.AddRange(cpuStream.Push(r, d));
            actual.AddRange(deviceStream.Push(r, d));
        }

        expected.AddRange(cpuStream.Complete());
        actual.AddRange(deviceStream.Complete());
        Assert.Equal(5, actual.Count);
        Assert.Equal(expected, actual);
    }

    private static (JsonDocument Log, string Stderr) Score(OpenClDeviceInfo device, string name, params string[] extra)
    {
        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-opencl-{Guid.NewGuid():N}.json");
        try
        {
            var r = CliRunner.Run(
                ["score", GoldenClips.ReferencePath(name), GoldenClips.DistortedPath(name), "--model", "vmaf_v0.6.1", "--device", device.Selector,
                 "--format", "json", "--precision", "max", "--output", output, .. extra]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            return (JsonDocument.Parse(File.ReadAllBytes(output)), r.Stderr);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
