namespace VmafTiny.Features.Adm;

/// <summary>A rectangle of band coefficients: rows [Top, Bottom), columns [Left, Right).</summary>
internal readonly record struct AdmRegion(int Top, int Bottom, int Left, int Right)
{
    /// <summary>Number of coefficients inside.</summary>
    public int Area => (Bottom - Top) * (Right - Left);

    /// <summary>
    /// The pooling region of a <paramref name="width"/> × <paramref name="height"/> band (denominator and
    /// numerator): the border of about 10 % is left out.
    /// </summary>
    /// <remarks>
    /// C's <c>int left = w * ADM_BORDER_FACTOR - 0.5</c>: the double expression truncated toward zero, in this
    /// order. Bands narrower than 15 keep every column.
    /// </remarks>
    public static AdmRegion Evaluation(int width, int height)
    {
        int left = (int)(width * AdmTables.BorderFactor - 0.5);
        int top = (int)(height * AdmTables.BorderFactor - 0.5);
        return new AdmRegion(top, height - top, left, width - left);
    }

    /// <summary>
    /// The decouple and CSF region: the pooling region plus the one-coefficient apron the 3x3 masking reads,
    /// clamped to the band.
    /// </summary>
    /// <remarks>C's <c>int left = w * ADM_BORDER_FACTOR - 0.5 - 1; right = w - left + 2</c>, then clamped.</remarks>
    public static AdmRegion Taps(int width, int height)
    {
        int left = (int)(width * AdmTables.BorderFactor - 0.5 - 1);
        int top = (int)(height * AdmTables.BorderFactor - 0.5 - 1);
        int right = width - left + 2;
        int bottom = height - top + 2;
        return new AdmRegion(Math.Max(top, 0), Math.Min(bottom, height), Math.Max(left, 0), Math.Min(right, width));
    }
}

/// <summary>
/// Everything about one ADM scale that depends only on the frame size: the DWT input and band sizes, the
/// sample indices of the DWT, both regions and every size-derived shift. Built once per extractor.
/// </summary>
internal sealed class AdmScaleGeometry
{
    /// <summary>Creates the geometry of <paramref name="scale"/> for a DWT input of the given size.</summary>
    public AdmScaleGeometry(int scale, int inputWidth, int inputHeight)
    {
        if (inputWidth < 5 || inputHeight < 5)
        {
            // libvmaf's index builder breaks below 5 (digest §3): frames under 33x33 end here at scale 3.
            throw new ArgumentException($"ADM scale {scale} needs a DWT input of at least 5x5, not {inputWidth}x{inputHeight}");
        }

        Scale = scale;
        InputWidth = inputWidth;
        InputHeight = inputHeight;
        Width = (inputWidth + 1) / 2;
        Height = (inputHeight + 1) / 2;
        RowTaps = BuildTaps(inputHeight);
        ColumnTaps = BuildTaps(inputWidth);
        Evaluation = AdmRegion.Evaluation(Width, Height);
        Taps = AdmRegion.Taps(Width, Height);

        int evalWidth = Evaluation.Right - Evaluation.Left;
        int evalHeight = Evaluation.Bottom - Evaluation.Top;
        if (scale == 0)
        {
            // ceil(log2(area) - 20), at least 0: non-zero only from about 4K up.
            DenRowShift = Math.Max(CeilLog2(Evaluation.Area) - 20, 0);
            DenCubeShift = 0;
            CmCubeShiftHv = CeilLog2(Width) - 4;
            CmCubeShiftD = CeilLog2(Width) - 3;
        }
        else
        {
            DenRowShift = CeilLog2(evalHeight);
            DenCubeShift = CeilLog2(evalWidth);
            CmCubeShiftHv = CeilLog2(Width);
            CmCubeShiftD = CmCubeShiftHv;
        }

        CmRowShift = CeilLog2(Height);

        // powf((bottom - top) * (right - left) * adm_noise_weight, 1.0f / 3.0f): int area, double product,
        // converted to float for powf.
        NoiseFloor = MathF.Pow((float)(Evaluation.Area * AdmTables.NoiseWeight), AdmTables.OneThird);
    }

    /// <summary>0 for the finest scale, up to 3.</summary>
    public int Scale { get; }

    /// <summary>Width of the DWT input (the luma at scale 0, the previous band otherwise).</summary>
    public int InputWidth { get; }

    /// <summary>Height of the DWT input.</summary>
    public int InputHeight { get; }

    /// <summary>Band width, ceil(InputWidth / 2); bands are stored with this stride.</summary>
    public int Width { get; }

    /// <summary>Band height, ceil(InputHeight / 2).</summary>
    public int Height { get; }

    /// <summary>Input rows read by output row i: RowTaps[4i .. 4i+3] (<c>dwt2_src_indices_filt</c>).</summary>
    public int[] RowTaps { get; }

    /// <summary>Input columns read by output column j: ColumnTaps[4j .. 4j+3].</summary>
    public int[] ColumnTaps { get; }

    /// <summary>Region pooled by the denominator and the numerator.</summary>
    public AdmRegion Evaluation { get; }

    /// <summary>Region computed by decouple and CSF (the pooling region plus the masking apron).</summary>
    public AdmRegion Taps { get; }

    /// <summary>Denominator per-row shift: scale 0 ceil(log2(area) − 20) ≥ 0; scales 1–3 ceil(log2(rows)).</summary>
    public int DenRowShift { get; }

    /// <summary>Denominator per-coefficient cube shift of scales 1–3, ceil(log2(columns)); 0 at scale 0.</summary>
    public int DenCubeShift { get; }

    /// <summary>Masking cube shift for h and v: ceil(log2(w) − 4) at scale 0, ceil(log2(w)) at scales 1–3.</summary>
    public int CmCubeShiftHv { get; }

    /// <summary>Masking cube shift for d: ceil(log2(w) − 3) at scale 0, ceil(log2(w)) at scales 1–3.</summary>
    public int CmCubeShiftD { get; }

    /// <summary>Masking per-row shift, ceil(log2(h)) of the band height.</summary>
    public int CmRowShift { get; }

    /// <summary>The noise floor (area · 0.03125)^(1/3) added once per orientation to numerator and denominator.</summary>
    public float NoiseFloor { get; }

    /// <summary>
    /// <c>(uint32_t)pow(2, shift - 1)</c>: the rounding constant C derives from a shift (0 for a shift of 0).
    /// </summary>
    public static long RoundingOf(int shift) => shift > 0 ? 1L << (shift - 1) : 0;

    /// <summary>
    /// ceil(log2(n)) for n ≥ 1, exactly as C's <c>ceil(log2(n))</c> gives it: log2 of an integer that is not a
    /// power of two is never within rounding of an integer for the sizes a frame can have, and subtracting a
    /// small integer (the "- 4", "- 20" forms) is exact.
    /// </summary>
    public static int CeilLog2(int n) => n <= 1 ? 0 : 32 - int.LeadingZeroCount(n - 1);

    /// <summary>
    /// Port of integer_adm.c: dwt2_src_indices_filt for one dimension of size <paramref name="n"/> (≥ 5):
    /// symmetric extension with edge repeat (index n → n − 1, n + 1 → n − 2), and output 0 reading [1, 0, 1, 2].
    /// </summary>
    private static int[] BuildTaps(int n)
    {
        int half = (n + 1) / 2;
        var taps = new int[4 * half];
        taps[0] = 1;
        taps[1] = 0;
        taps[2] = 1;
        taps[3] = 2;
        for (int i = 1; i < half; i++)
        {
            for (int k = 0; k < 4; k++)
            {
                int index = 2 * i - 1 + k;
                taps[4 * i + k] = index >= n ? 2 * n - index - 1 : index;
            }
        }

        return taps;
    }
}
