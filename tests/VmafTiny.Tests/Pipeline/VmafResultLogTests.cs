using VmafTiny.Score.Logs;
using VmafTiny.Tests.Decode;

namespace VmafTiny.Tests.Pipeline;

/// <summary><see cref="VmafResult.ToLog"/>: one log per key order and notes setting, whoever asks and in what order.</summary>
public sealed class VmafResultLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A run whose two key orders differ: PSNR is temporal, so libvmaf's threaded CLI logs it first.</summary>
    private VmafResult Run()
    {
        var format = new VideoFormat(64, 48, 8, ChromaFormat.Yuv420);
        string reference = _dir.File("r.y4m"), distorted = _dir.File("d.y4m");
        TestVideo.WriteY4m(reference, format, 3, seed: 1);
        TestVideo.WriteY4m(distorted, format, 3, seed: 2);
        return Vmaf.Score(reference, distorted, new VmafOptions { Model = "vmaf_v0.6.1", Features = ["psnr"], Threads = 1 });
    }

    private static string FirstKey(VmafLog log) => log.Frames[0].Metrics[0].Key;

    [Fact]
    public void Each_order_is_built_once_and_handed_out_unchanged_after_another_order()
    {
        VmafResult result = Run();
        VmafLog threaded = result.ToLog(LogKeyOrder.LibvmafThreaded);
        VmafLog plain = result.ToLog(LogKeyOrder.Libvmaf);
        VmafLog plainNoNotes = result.ToLog(LogKeyOrder.Libvmaf, notes: false);
        Assert.Equal("psnr_y", FirstKey(threaded));
        Assert.NotEqual("psnr_y", FirstKey(plain));

        // A single cache slot was re-filled by every other order: asking again rebuilt the log, and a thread asking for
        // one order between another's store and its return got the other's. A log stored once per order and returned
        // from a local cannot be swapped; the interleaving itself cannot be forced without a hook, so this checks the
        // caching that rules it out.
        Assert.Same(threaded, result.ToLog(LogKeyOrder.LibvmafThreaded));
        Assert.Same(plain, result.ToLog());
        Assert.Same(plainNoNotes, result.ToLog(LogKeyOrder.Libvmaf, notes: false));
        Assert.NotSame(plain, plainNoNotes);
        Assert.Throws<ArgumentOutOfRangeException>(() => result.ToLog((LogKeyOrder)7));
    }
}
