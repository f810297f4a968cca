using VmafTiny.Features.Adm;
using VmafTiny.Features.Motion;
using VmafTiny.Features.Vif;

namespace VmafTiny.Features;

/// <summary>
/// A device that computes whole frames: every scale of VIF and ADM and the motion SAD, from the two lumas, as the
/// integer sums the CPU kernels also produce. The host turns them into doubles with the CPU path's own finishing
/// (<see cref="FrameSums.ToFeatures"/>), so a device's results are the CPU's, bit for bit.
/// </summary>
/// <remarks>
/// Frames are submitted in index order from one thread; the engine keeps up to <see cref="Depth"/> of them in flight
/// and reports each, in order, through its callback (on a thread of its own). Motion reads the previous frame's
/// reference luma, which the engine keeps on the device.
/// </remarks>
internal interface IFrameEngine : IDisposable
{
    /// <summary>The device, for run summaries.</summary>
    string Description { get; }

    /// <summary>How many frames the engine keeps in flight; the caller holds at least this many frame buffers.</summary>
    int Depth { get; }

    /// <summary>
    /// Queues frame <paramref name="index"/>. <paramref name="reference"/> and <paramref name="distorted"/> are the
    /// tightly packed lumas in pinned arrays that stay untouched until <paramref name="done"/> runs; done is called
    /// exactly once, with the sums or the error. Blocks while the device is full.
    /// </summary>
    /// <param name="index">The frame number (names the frame in errors).</param>
    /// <param name="reference">Reference luma.</param>
    /// <param name="distorted">Distorted luma.</param>
    /// <param name="motion">Compute the SAD against the previous frame's reference (false for frame 0).</param>
    /// <param name="adm">Compute ADM (false for frames skipped by subsampling).</param>
    /// <param name="vif">Compute VIF.</param>
    /// <param name="done">Receives the sums, or the error that stopped the frame.</param>
    void Submit(int index, byte[] reference, byte[] distorted, bool motion, bool adm, bool vif, Action<FrameSums?, Exception?> done);
}

/// <summary>One frame's integer results: the motion SAD, the VIF sums per scale and the ADM sums per scale.</summary>
internal sealed class FrameSums
{
    /// <summary>libvmaf's integer SAD of the reference against the previous one (0 without a previous frame).</summary>
    public ulong Sad { get; init; }

    /// <summary>Whether the motion SAD was computed.</summary>
    public bool Motion { get; init; }

    /// <summary>Whether ADM was computed.</summary>
    public bool Adm { get; init; }

    /// <summary>Whether VIF was computed.</summary>
    public bool Vif { get; init; }

    /// <summary>VIF sums of scales 0..3.</summary>
    public VifSums[] VifSums { get; } = new VifSums[4];

    /// <summary>ADM denominator sums of scales 0..3.</summary>
    public AdmDenSums[] AdmDen { get; } = new AdmDenSums[4];

    /// <summary>ADM numerator sums of scales 0..3.</summary>
    public AdmNumSums[] AdmNum { get; } = new AdmNumSums[4];

    /// <summary>
    /// The doubles, by the CPU path's finishing code: the motion SAD score, the ADM scores and the four VIF scales
    /// (each zero when not computed).
    /// </summary>
    public (double Sad, AdmScores Adm, VifScores Vif) ToFeatures(int width, int height, AdmScaleGeometry[] admGeometry)
    {
        double sad = Motion ? MotionExtractor.Score(Sad, width, height) : 0.0;
        AdmScores adm = Adm ? AdmExtractor.Score(AdmDen, AdmNum, admGeometry, AdmExtractor.NumDenLimit(width, height)) : default;
        VifScores vif = Vif ? new VifScores(VifSums[0].Score, VifSums[1].Score, VifSums[2].Score, VifSums[3].Score) : default;
        return (sad, adm, vif);
    }
}
