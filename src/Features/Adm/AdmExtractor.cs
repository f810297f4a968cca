namespace VmafTiny.Features.Adm;

/// <summary>
/// One frame's integer ADM results: adm2 and, per scale, the numerator and denominator libvmaf pools
/// (its <c>integer_adm_num_scaleN</c> / <c>integer_adm_den_scaleN</c> debug values, floats widened to double).
/// </summary>
/// <param name="Adm2">The adm2 score (<c>integer_adm2</c>): Σ num / Σ den, not clipped.</param>
/// <param name="Num0">Scale 0 numerator.</param>
/// <param name="Den0">Scale 0 denominator.</param>
/// <param name="Num1">Scale 1 numerator.</param>
/// <param name="Den1">Scale 1 denominator.</param>
/// <param name="Num2">Scale 2 numerator.</param>
/// <param name="Den2">Scale 2 denominator.</param>
/// <param name="Num3">Scale 3 numerator.</param>
/// <param name="Den3">Scale 3 denominator.</param>
public readonly record struct AdmScores(
    double Adm2,
    double Num0,
    double Den0,
    double Num1,
    double Den1,
    double Num2,
    double Den2,
    double Num3,
    double Den3)
{
    /// <summary><c>integer_adm_scale0</c>: num / den of scale 0.</summary>
    public double Scale0 => Num0 / Den0;

    /// <summary><c>integer_adm_scale1</c>.</summary>
    public double Scale1 => Num1 / Den1;

    /// <summary><c>integer_adm_scale2</c>.</summary>
    public double Scale2 => Num2 / Den2;

    /// <summary><c>integer_adm_scale3</c>.</summary>
    public double Scale3 => Num3 / Den3;

    /// <summary>integer_adm_scale<paramref name="scale"/> by index 0..3.</summary>
    public double Scale(int scale) => scale switch
    {
        0 => Scale0,
        1 => Scale1,
        2 => Scale2,
        3 => Scale3,
        _ => throw new ArgumentOutOfRangeException(nameof(scale)),
    };
}

/// <summary>
/// libvmaf 3.2.0's integer ADM, reduced to what adm2 needs. Holds its scratch buffers, so one instance per
/// thread; not thread-safe.
/// </summary>
/// <remarks>
/// Port of integer_adm.c: integer_compute_adm (libvmaf f85a8536) without the AIM numerator (adm_skip_aim:
/// adm2 does not depend on it) and with the vmaf_v0.6.1 defaults. The stages run through an
/// <see cref="IAdmKernels"/>; this class owns the buffers, the scale loop and the float/double finishing
/// shared by every kernel set. Scale 0 bands are int16, scales 1–3 int32, each stored with the band width as
/// stride.
/// </remarks>
public sealed class AdmExtractor
{
    private readonly IAdmKernels _kernels;
    private readonly AdmScaleGeometry[] _geometry = new AdmScaleGeometry[4];
    private readonly int _width;
    private readonly int _height;
    private readonly int _bitDepth;
    private readonly double _numDenLimit;

    // Scale 0 (int16): reference and distorted DWT, decouple (restored, additive), CSF (a, f).
    private readonly Planes<short> _ref0;
    private readonly Planes<short> _dis0;
    private readonly Planes<short> _restored0;
    private readonly Planes<short> _additive0;
    private readonly Planes<short> _csfA0;
    private readonly Planes<short> _csfF0;
    private readonly short[] _scratch16;

    // Scales 1–3 (int32): the widened scale 0 band a (input of scale 1), two band-a planes per image used in
    // turn (scale s reads one while writing the other), and detail planes sized for scale 1 and reused.
    private readonly int[] _widenedRef;
    private readonly int[] _widenedDis;
    private readonly int[][] _refA = new int[2][];
    private readonly int[][] _disA = new int[2][];
    private readonly Planes<int> _ref123;
    private readonly Planes<int> _dis123;
    private readonly Planes<int> _restored123;
    private readonly Planes<int> _additive123;
    private readonly Planes<int> _csfA123;
    private readonly Planes<int> _csfF123;
    private readonly int[] _scratch32;

    /// <summary>Prepares buffers for frames of the given luma size and bit depth, on the best CPU path.</summary>
    public AdmExtractor(int width, int height, int bitDepth)
        : this(width, height, bitDepth, CpuPath.Auto)
    {
    }

    /// <summary>Prepares buffers for frames of the given luma size and bit depth, on <paramref name="cpu"/> at most.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Frames under 33x33, or a bit depth outside 8..16.</exception>
    /// <exception cref="VmafTinyException"><paramref name="cpu"/> names a path this CPU lacks (see <see cref="CpuDispatch"/>).</exception>
    public AdmExtractor(int width, int height, int bitDepth, CpuPath cpu)
    {
        ExtractorGuard.CheckGeometry("ADM", width, height, bitDepth);

        _kernels = SelectKernels(cpu);
        _width = width;
        _height = height;
        _bitDepth = bitDepth;
        _numDenLimit = 1e-10 * (width * height) / (1920.0 * 1080.0);

        int w = width, h = height;
        for (int scale = 0; scale < 4; scale++)
        {
            _geometry[scale] = new AdmScaleGeometry(scale, w, h);
            w = _geometry[scale].Width;
            h = _geometry[scale].Height;
        }

        AdmScaleGeometry g0 = _geometry[0], g1 = _geometry[1];
        int size0 = g0.Width * g0.Height;
        _ref0 = new Planes<short>(size0, withA: true);
        _dis0 = new Planes<short>(size0, withA: true);
        _restored0 = new Planes<short>(size0, withA: false);
        _additive0 = new Planes<short>(size0, withA: false);
        _csfA0 = new Planes<short>(size0, withA: false);
        _csfF0 = new Planes<short>(size0, withA: false);
        _scratch16 = new short[2 * width];

        int size1 = g1.Width * g1.Height;
        _widenedRef = new int[size0];
        _widenedDis = new int[size0];
        for (int k = 0; k < 2; k++)
        {
            _refA[k] = new int[size1];
            _disA[k] = new int[size1];
        }

        _ref123 = new Planes<int>(size1, withA: false);
        _dis123 = new Planes<int>(size1, withA: false);
        _restored123 = new Planes<int>(size1, withA: false);
        _additive123 = new Planes<int>(size1, withA: false);
        _csfA123 = new Planes<int>(size1, withA: false);
        _csfF123 = new Planes<int>(size1, withA: false);
        _scratch32 = new int[2 * g1.InputWidth];
    }

    /// <summary>Name of the kernel set in use (e.g. "scalar"), for logs and bug reports.</summary>
    public string KernelName => _kernels.Name;

    /// <summary>Computes adm2 for one reference/distorted luma pair.</summary>
    public double Extract(LumaPlane reference, LumaPlane distorted) => ExtractDetailed(reference, distorted).Adm2;

    /// <summary>Computes adm2 and the per-scale numerators and denominators for one luma pair.</summary>
    /// <exception cref="ArgumentException">A plane's size or bit depth differs from the constructor's.</exception>
    public AdmScores ExtractDetailed(LumaPlane reference, LumaPlane distorted)
    {
        ExtractorGuard.CheckPlane(reference, nameof(reference), _width, _height, _bitDepth);
        ExtractorGuard.CheckPlane(distorted, nameof(distorted), _width, _height, _bitDepth);
        Span<float> num = stackalloc float[4];
        Span<float> den = stackalloc float[4];

        // Scale 0: int16 bands straight from the luma.
        AdmScaleGeometry g = _geometry[0];
        int stride = g.Width;
        AdmBands<short> ref0 = _ref0.Bands(stride);
        AdmBands<short> dis0 = _dis0.Bands(stride);
        if (_bitDepth == 8)
        {
            _kernels.Dwt2_8(reference.Samples8, reference.Stride, g, ref0, _scratch16);
            _kernels.Dwt2_8(distorted.Samples8, distorted.Stride, g, dis0, _scratch16);
        }
        else
        {
            _kernels.Dwt2_16(reference.Samples16, reference.Stride, _bitDepth, g, ref0, _scratch16);
            _kernels.Dwt2_16(distorted.Samples16, distorted.Stride, _bitDepth, g, dis0, _scratch16);
        }

        AdmBands<short> restored0 = _restored0.Bands(stride);
        AdmBands<short> csfA0 = _csfA0.Bands(stride);
        AdmBands<short> csfF0 = _csfF0.Bands(stride);
        _kernels.Decouple(ref0, dis0, g, restored0, _additive0.Bands(stride));
        den[0] = DenominatorScale0(_kernels.CsfDen(ref0, g), g);
        _kernels.Csf(_additive0.Bands(stride), g, csfA0, csfF0);
        num[0] = NumeratorScale0(_kernels.Cm(restored0, csfA0, csfF0, g), g);

        // i16_to_i32: scale 1 reads band a widened to int32.
        Widen(ref0.A, _widenedRef);
        Widen(dis0.A, _widenedDis);
        ReadOnlySpan<int> refInput = _widenedRef;
        ReadOnlySpan<int> disInput = _widenedDis;
        int inputStride = stride;

        for (int scale = 1; scale < 4; scale++)
        {
            g = _geometry[scale];
            stride = g.Width;
            int turn = scale & 1;
            AdmBands<int> refBands = _ref123.Bands(stride, _refA[turn]);
            AdmBands<int> disBands = _dis123.Bands(stride, _disA[turn]);
            _kernels.Dwt2S123(refInput, inputStride, g, refBands, _scratch32);
            _kernels.Dwt2S123(disInput, inputStride, g, disBands, _scratch32);

            AdmBands<int> restored = _restored123.Bands(stride);
            AdmBands<int> additive = _additive123.Bands(stride);
            AdmBands<int> csfA = _csfA123.Bands(stride);
            AdmBands<int> csfF = _csfF123.Bands(stride);
            _kernels.DecoupleS123(refBands, disBands, g, restored, additive);
            den[scale] = DenominatorS123(_kernels.CsfDenS123(refBands, g), g);
            _kernels.CsfS123(additive, g, csfA, csfF);
            num[scale] = NumeratorS123(_kernels.CmS123(restored, csfA, csfF, g), g);

            refInput = _refA[turn];
            disInput = _disA[turn];
            inputStride = stride;
        }

        // Per-scale floats summed in double, in scale order.
        double numSum = 0, denSum = 0;
        for (int scale = 0; scale < 4; scale++)
        {
            numSum += num[scale];
            denSum += den[scale];
        }

        numSum = numSum < _numDenLimit ? 0 : numSum;
        denSum = denSum < _numDenLimit ? 0 : denSum;
        double adm2 = denSum == 0.0 ? 1.0 : numSum / denSum;
        return new AdmScores(adm2, num[0], den[0], num[1], den[1], num[2], den[2], num[3], den[3]);
    }

    /// <summary>
    /// Scale 0 denominator: csf = (double)acc / 2^(18 − S) · rfactor³ per orientation, then
    /// Σ (powf(csf, 1/3) + noise floor) in float, h + v + d in that order (<c>adm_csf_den_scale</c>).
    /// </summary>
    internal static float DenominatorScale0(AdmDenSums sums, AdmScaleGeometry g)
    {
        double shift = Math.Pow(2, 18 - g.DenRowShift);
        return FinishDenominator(sums, shift, 0, g.NoiseFloor);
    }

    /// <summary>Scales 1–3 denominator: as scale 0 with 2^(conv − rows − cube) (<c>adm_csf_den_s123</c>).</summary>
    internal static float DenominatorS123(AdmDenSums sums, AdmScaleGeometry g)
    {
        // C computes the exponent in uint32; it is positive for every frame size ADM supports.
        uint exponent = unchecked((uint)(AdmTables.DenS123Exponent[g.Scale - 1] - g.DenRowShift - g.DenCubeShift));
        return FinishDenominator(sums, Math.Pow(2, exponent), g.Scale, g.NoiseFloor);
    }

    /// <summary>
    /// Scale 0 numerator: F = (float)(acc / 2^(E − cube − row)) in double, then Σ (powf(F, 1/3) + noise floor)
    /// in float (<c>adm_cm</c>).
    /// </summary>
    internal static float NumeratorScale0(AdmNumSums sums, AdmScaleGeometry g)
    {
        ReadOnlySpan<int> e = AdmTables.CmScale0Exponent;
        float fh = (float)(sums.H / Math.Pow(2, e[0] - g.CmCubeShiftHv - g.CmRowShift));
        float fv = (float)(sums.V / Math.Pow(2, e[1] - g.CmCubeShiftHv - g.CmRowShift));
        float fd = (float)(sums.D / Math.Pow(2, e[2] - g.CmCubeShiftD - g.CmRowShift));
        return SumCubeRoots(fh, fv, fd, g.NoiseFloor);
    }

    /// <summary>
    /// Scales 1–3 numerator: the divisor 2^(E − cube − row) is stored as a float and the int64 accumulator is
    /// divided in float, as C's <c>accum / final_shift[scale - 1]</c> does (<c>i4_adm_cm</c>).
    /// </summary>
    internal static float NumeratorS123(AdmNumSums sums, AdmScaleGeometry g)
    {
        float divisor = (float)Math.Pow(2, AdmTables.CmS123Exponent[g.Scale - 1] - g.CmCubeShiftHv - g.CmRowShift);
        return SumCubeRoots((float)sums.H / divisor, (float)sums.V / divisor, (float)sums.D / divisor, g.NoiseFloor);
    }

    private static float FinishDenominator(AdmDenSums sums, double shift, int scale, float noiseFloor)
    {
        double[] cubes = AdmTables.RFactorCubed;
        double csfH = sums.H / shift * cubes[3 * scale];
        double csfV = sums.V / shift * cubes[3 * scale + 1];
        double csfD = sums.D / shift * cubes[3 * scale + 2];
        return SumCubeRoots((float)csfH, (float)csfV, (float)csfD, noiseFloor);
    }

    /// <summary>
    /// (powf(h, 1/3f) + floor) + (powf(v, 1/3f) + floor) + (powf(d, 1/3f) + floor), in float and in that order.
    /// MathF.Pow is the platform's powf (glibc on Linux, as libvmaf's).
    /// </summary>
    private static float SumCubeRoots(float h, float v, float d, float noiseFloor)
    {
        float sh = MathF.Pow(h, AdmTables.OneThird) + noiseFloor;
        float sv = MathF.Pow(v, AdmTables.OneThird) + noiseFloor;
        float sd = MathF.Pow(d, AdmTables.OneThird) + noiseFloor;
        return sh + sv + sd;
    }

    /// <summary>The kernels for <paramref name="cpu"/>, through the extractors' one ladder (<see cref="KernelLadder"/>).</summary>
    internal static IAdmKernels SelectKernels(CpuPath cpu) => KernelLadder.Select<IAdmKernels>(
        cpu, AdmScalar.Instance, (AdmAvx2.Instance, AdmAvx2.IsSupported), (AdmAvx512.Instance, AdmAvx512.IsSupported));

    private static void Widen(ReadOnlySpan<short> source, Span<int> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    /// <summary>Backing arrays of one band set (a optional, h, v, d).</summary>
    private sealed class Planes<T>(int size, bool withA)
        where T : unmanaged
    {
        private readonly T[] _a = withA ? new T[size] : [];
        private readonly T[] _h = new T[size];
        private readonly T[] _v = new T[size];
        private readonly T[] _d = new T[size];

        public AdmBands<T> Bands(int stride) => new(_a, _h, _v, _d, stride);

        public AdmBands<T> Bands(int stride, T[] a) => new(a, _h, _v, _d, stride);
    }
}
