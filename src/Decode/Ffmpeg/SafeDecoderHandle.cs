using System.Runtime.InteropServices;

namespace VmafTiny.Decode.Ffmpeg;

/// <summary>Owns a native VtShimDecoder (demuxer, decoder, scaler); released with VtShim_Close.</summary>
internal sealed class SafeDecoderHandle : SafeHandle
{
    private static long s_live;
    private int _counted = 1;

    /// <summary>Called by the interop marshaller.</summary>
    public SafeDecoderHandle()
        : base(nint.Zero, ownsHandle: true)
    {
        Interlocked.Increment(ref s_live);
    }

    /// <summary>Handles created and not yet disposed or finalized (tests check that a run frees every one).</summary>
    internal static long Live => Interlocked.Read(ref s_live);

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Interop.Decoder.Close(handle);
        return true;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _counted, 0) == 1)
        {
            Interlocked.Decrement(ref s_live);
        }

        base.Dispose(disposing);
    }
}

/// <summary>Owns a native VtShimScalerContext; released with VtShim_ScalerClose.</summary>
internal sealed class SafeScalerHandle : SafeHandle
{
    private static long s_live;
    private int _counted = 1;

    /// <summary>Called by the interop marshaller.</summary>
    public SafeScalerHandle()
        : base(nint.Zero, ownsHandle: true)
    {
        Interlocked.Increment(ref s_live);
    }

    /// <summary>Handles created and not yet disposed or finalized (tests check that a run frees every one).</summary>
    internal static long Live => Interlocked.Read(ref s_live);

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Interop.Decoder.ScalerClose(handle);
        return true;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _counted, 0) == 1)
        {
            Interlocked.Decrement(ref s_live);
        }

        base.Dispose(disposing);
    }
}
