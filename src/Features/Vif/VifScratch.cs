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
        MeansPacked = new ulong[n];
        SquaresPacked = new ulong[n];
        Horizontal = new ulong[4 * maxWidth];
        WordStride = WordPadLeft + maxWidth + WordPadRight;
        Words = new ushort[WordRows * WordStride];
        Sigmas = new int[3 * (maxWidth + SigmaPad)];
        ListStride = maxWidth + ListPad;
        Lists = new int[4 * ListStride];
    }

    /// <summary>Spare <see cref="Sigmas"/> entries per quantity: a row's last vector block may overhang by &lt; 2·16 pixels.</summary>
    private const int SigmaPad = 32;

    /// <summary>
    /// Spare <see cref="Lists"/> entries per list: a packed register stored whole past the last entry, then two registers
    /// of zeros (≤ 2·16 + 16).
    /// </summary>
    private const int ListPad = 48;

    /// <summary>Entries of a word row before its column 0: the filter apron (≤ 8), rounded up.</summary>
    public const int WordPadLeft = 16;

    /// <summary>
    /// Entries of a word row after its last column: the mirrored apron (≤ 8), the zero-weighted word of the
    /// last tap pair, and the overhang of a last, partly valid vector block (&lt; 2·16 words): ≤ 8 + 1 + 31.
    /// </summary>
    public const int WordPadRight = 48;

    /// <summary>The number of word rows (<see cref="Words"/>): a statistic's eight and scale 1's two means beside them.</summary>
    public const int WordRows = 10;

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

    /// <summary>
    /// <see cref="VifScalarFast"/>'s vertically filtered means, μ1 | μ2 &lt;&lt; 32 (index <see cref="Pad"/> is column 0).
    /// </summary>
    public ulong[] MeansPacked { get; }

    /// <summary><see cref="VifScalarFast"/>'s vertical ref² | dis² &lt;&lt; 32 sums of 8-bit luma (index <see cref="Pad"/> is column 0).</summary>
    public ulong[] SquaresPacked { get; }

    /// <summary><see cref="VifScalarFast"/>'s horizontal sums: four rows of <see cref="MaxWidth"/> (means packed, ref², dis², ref·dis).</summary>
    public ulong[] Horizontal { get; }

    /// <summary>Distance between two rows of <see cref="Words"/>.</summary>
    public int WordStride { get; }

    /// <summary>
    /// The SIMD kernels' vertically filtered rows as biased 16-bit words (value − 32768, the operand form of
    /// <c>vpmaddwd</c>), <see cref="WordRows"/> rows of <see cref="WordStride"/>, column 0 at
    /// <see cref="WordPadLeft"/>: statistics use μ1, μ2, then the high and low halves of the uint32 squares
    /// (ref², dis², ref·dis); subsampling uses the first two (reference, distorted), or rows 8 and 9 when it runs in
    /// the statistic's pass.
    /// </summary>
    public ushort[] Words { get; }

    /// <summary>
    /// The SIMD kernels' σ1², σ2², σ12 of one row, register by register (three registers each): the hand-over from the
    /// horizontal filtering to the per-pixel terms.
    /// </summary>
    public int[] Sigmas { get; }

    /// <summary>
    /// The SIMD kernels' lists of one row's pixels with log terms (VifSimd.PixelTerms): σ1² of every pixel with a
    /// denominator term, then σ1², σ2², σ12 of every pixel with a numerator term, four lists <see cref="ListStride"/>
    /// entries apart.
    /// </summary>
    public int[] Lists { get; }

    /// <summary>Distance between two of the <see cref="Lists"/>.</summary>
    public int ListStride { get; }
}
