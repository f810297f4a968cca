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
    /// <param name="full">Compute VIF and ADM too (false for frames skipped by subsampling).</param>
    /// <param name="done">Receives the sums, or the error that stopped the frame.</param>
    void Submit(int index, byte[] reference, byte[] distorted, bool motion, bool full, Action<FrameSums?, Exception?> done);
}

/// <summary>One frame's integer results: the motion SAD, the VIF sums per scale and the ADM sums per scale.</summary>
internal sealed class FrameSums
{
    /// <summary>libvmaf's integer SAD of the reference against the previous one (0 without a previous frame).</summary>
    public ulong Sad { get; init; }

    /// <summary>Whether VIF and ADM were computed.</summary>
    public bool Full { get; init; }

    /// <summary>VIF sums of scales 0..3.</summary>
    public VifSums[] Vif { get; } = new VifSums[4];

    /// <summary>ADM denominator sums of scales 0..3.</summary>
    public AdmDenSums[] AdmDen { get; } = new AdmDenSums[4];

    /// <summary>ADM numerator sums of scales 0..3.</summary>
    public AdmNumSums[] AdmNum { get; } = new AdmNumSums[4];

    /// <summary>
    /// The doubles: the motion SAD score (0 without <paramref name="motion"/>), adm2 and the four VIF scales, by the
    /// CPU path's finishing code.
    /// </summary>
    public (double Sad, double Adm2, VifScores Vif) ToFeatures(bool motion, int width, int height, AdmScaleGeometry[] admGeometry)
    {
        double sad = motion ? MotionExtractor.Score(Sad, width, height) : 0.0;
        if (!Full)
        {
            return (sad, 0.0, default);
        }

        double adm2 = AdmExtractor.Score(AdmDen, AdmNum, admGeometry, AdmExtractor.NumDenLimit(width, height)).Adm2;
        var vif = new VifScores(Vif[0].Score, Vif[1].Score, Vif[2].Score, Vif[3].Score);
        return (sad, adm2, vif);
    }
}
