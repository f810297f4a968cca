using System.Runtime.InteropServices;

namespace VmafTiny.Decode.Ffmpeg;

/// <summary>Owns a native VtShimDecoder (demuxer, decoder, scaler); released with VtShim_Close.</summary>
internal sealed class SafeDecoderHandle : SafeHandle
{
    /// <summary>Called by the interop marshaller.</summary>
    public SafeDecoderHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Interop.Decoder.Close(handle);
        return true;
    }
}

/// <summary>Owns a native VtShimScalerContext; released with VtShim_ScalerClose.</summary>
internal sealed class SafeScalerHandle : SafeHandle
{
    /// <summary>Called by the interop marshaller.</summary>
    public SafeScalerHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Interop.Decoder.ScalerClose(handle);
        return true;
    }
}
