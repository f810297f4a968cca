namespace VmafTiny.Features.Vif;

/// <summary>
/// Per-thread row buffers for the VIF kernels: libvmaf's <c>buf.tmp</c> arrays, each with
/// <see cref="Pad"/> spare entries on both sides for the mirrored filter apron.
/// </summary>
internal sealed class VifScratch
{
    /// <summary>Spare entries before column 0 and after the last column (the largest filter half-width).</summary>
    public const int Pad = VifTables.MaxFilterHalf;

    /// <summary>Allocates rows for images up to <paramref name="maxWidth"/> columns.</summary>
    public VifScratch(int maxWidth)
    {
        MaxWidth = maxWidth;
        int n = maxWidth + 2 * Pad;
        Mu1 = new uint[n];
        Mu2 = new uint[n];
        Ref = new uint[n];
        Dis = new uint[n];
        RefDis = new uint[n];
        RefConvol = new uint[n];
        DisConvol = new uint[n];
    }

    /// <summary>The widest image these rows fit.</summary>
    public int MaxWidth { get; }

    /// <summary>Vertically filtered reference mean, one row (index <see cref="Pad"/> is column 0).</summary>
    public uint[] Mu1 { get; }

    /// <summary>Vertically filtered distorted mean.</summary>
    public uint[] Mu2 { get; }

    /// <summary>Vertically filtered reference².</summary>
    public uint[] Ref { get; }

    /// <summary>Vertically filtered distorted².</summary>
    public uint[] Dis { get; }

    /// <summary>Vertically filtered reference·distorted.</summary>
    public uint[] RefDis { get; }

    /// <summary>Vertically filtered reference for subsampling.</summary>
    public uint[] RefConvol { get; }

    /// <summary>Vertically filtered distorted for subsampling.</summary>
    public uint[] DisConvol { get; }
}
