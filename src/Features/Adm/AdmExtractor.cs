using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafTiny.Features.Simd;

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
/// <remarks>
/// <see cref="Aim"/> is set only by an extractor made to measure it (libvmaf's default, which vmaf-tiny runs for
/// libvmaf's full outputs); otherwise it is 0, as libvmaf's with <c>adm_skip_aim</c>.
/// </remarks>
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
    /// <summary>
    /// <c>integer_aim</c>: the additive-impairment measure, Σ over scales of the masking numerator of the additive
    /// impairment under the restored image's masking (no noise floor), over adm2's denominator.
    /// </summary>
    public double Aim { get; init; }

    /// <summary>
    /// <c>integer_adm3</c>: max(adm2 · 0.5 + (1 − AIM) · (1 − 0.5), 0), libvmaf's default <c>adm_dlm_weight</c> 0.5 and
    /// <c>adm_min_val</c> 0 (integer_adm.c: extract).
    /// </summary>
    public double Adm3
    {
        get
        {
            const double DlmWeight = 0.5, MinValue = 0.0;
            double adm3 = (Adm2 * DlmWeight) + ((1 - Aim) * (1 - DlmWeight));
            return adm3 > MinValue ? adm3 : MinValue;
        }
    }

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
/// libvmaf 3.2.0's integer ADM: adm2, the per-scale ratios, and when asked for, AIM (and so adm3). Holds its row
/// buffers, so one instance per thread; not thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Port of integer_adm.c: integer_compute_adm (libvmaf f85a8536) with the vmaf_v0.6.1 defaults; the AIM numerator
/// (which adm2 does not depend on) only when the extractor is made with <c>aim</c>. AIM is the same CSF and
/// masking stages with the roles swapped: the CSF of the restored image masks the additive impairment, with no
/// noise floor (libvmaf's <c>measure_aim</c>). The stages run through an
/// <see cref="IAdmKernels"/>, one band row per call; this class owns the buffers, the order of the rows and the
/// float/double finishing shared by every kernel set.
/// </para>
/// <para>
/// libvmaf runs each stage over whole band planes, scale after scale. Here a frame streams through all four
/// scales at once: band row i of a scale needs rows 2i − 1 .. 2i + 2 of the previous scale's band a (mirrored at
/// the edges), so each scale keeps the last four rows of its input a, and every stage of a band row runs as soon
/// as the row exists: decouple and CSF on it, the denominator on it, and contrast masking on the row above (whose
/// 3x3 neighbourhood is then complete). Every row sum is the same integer libvmaf forms, and integer sums do not
/// depend on their order, so the results are bit for bit libvmaf's while a few dozen rows per scale are live
/// (about 100 kB at 1080p instead of some 36 MB of planes, and all of it in cache).
/// </para>
/// </remarks>
public sealed class AdmExtractor
{
    private readonly IAdmKernels _kernels;
    private readonly int _width;
    private readonly int _height;
    private readonly int _bitDepth;
    private readonly double _numDenLimit;
    private readonly bool _aim;
    private readonly double _gainLimit;
    private readonly Scale0 _scale0;
    private readonly ScaleS123[] _scales = new ScaleS123[3];

    /// <summary>Prepares buffers for frames of the given luma size and bit depth, on the best CPU path.</summary>
    public AdmExtractor(int width, int height, int bitDepth)
        : this(width, height, bitDepth, CpuPath.Auto)
    {
    }

    /// <summary>Prepares buffers for frames of the given luma size and bit depth, on <paramref name="cpu"/> at most.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Frames under 33x33 or above <see cref="VideoFormat.MaximumDimension"/>, or a bit depth outside 8..16.</exception>
    /// <exception cref="VmafTinyException"><paramref name="cpu"/> names a path this CPU lacks (see <see cref="CpuDispatch"/>).</exception>
    public AdmExtractor(int width, int height, int bitDepth, CpuPath cpu)
        : this(width, height, bitDepth, cpu, aim: false)
    {
    }

    /// <summary>
    /// Prepares buffers for frames of the given luma size and bit depth, on <paramref name="cpu"/> at most; with
    /// <paramref name="aim"/>, <see cref="ExtractDetailed"/> also measures AIM (about a quarter more work).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Frames under 33x33 or above <see cref="VideoFormat.MaximumDimension"/>, or a bit depth outside 8..16.</exception>
    /// <exception cref="VmafTinyException"><paramref name="cpu"/> names a path this CPU lacks (see <see cref="CpuDispatch"/>).</exception>
    public AdmExtractor(int width, int height, int bitDepth, CpuPath cpu, bool aim)
        : this(width, height, bitDepth, cpu, aim, AdmTables.EnhancementGainLimit)
    {
    }

    /// <summary>
    /// Prepares buffers for frames of the given luma size and bit depth, on <paramref name="cpu"/> at most; with
    /// <paramref name="aim"/> it also measures AIM, and <paramref name="enhancementGainLimit"/> is libvmaf's
    /// <c>adm_enhn_gain_limit</c> (1..100; 100 by default, 1 for the NEG models).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Frames under 33x33 or above <see cref="VideoFormat.MaximumDimension"/>, a bit depth outside 8..16, or a gain limit outside 1..100.</exception>
    /// <exception cref="VmafTinyException"><paramref name="cpu"/> names a path this CPU lacks (see <see cref="CpuDispatch"/>).</exception>
    public AdmExtractor(int width, int height, int bitDepth, CpuPath cpu, bool aim, double enhancementGainLimit)
    {
        if (!(enhancementGainLimit >= 1.0 && enhancementGainLimit <= AdmTables.EnhancementGainLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(enhancementGainLimit), enhancementGainLimit, "adm_enhn_gain_limit must be 1..100");
        }

        ExtractorGuard.CheckGeometry("ADM", width, height, bitDepth);

        _kernels = SelectKernels(cpu);
        _width = width;
        _height = height;
        _bitDepth = bitDepth;
        _numDenLimit = NumDenLimit(width, height);
        _aim = aim;
        _gainLimit = enhancementGainLimit;

        var g0 = new AdmScaleGeometry(0, width, height);
        _scale0 = new Scale0(g0, aim);
        AdmScaleGeometry previous = g0;
        for (int scale = 1; scale < 4; scale++)
        {
            var g = new AdmScaleGeometry(scale, previous.Width, previous.Height);
            _scales[scale - 1] = new ScaleS123(g, aim);
            previous = g;
        }
    }

    /// <summary>Name of the kernel set in use (e.g. "scalar"), for logs and bug reports.</summary>
    public string KernelName => _kernels.Name;

    /// <summary>Computes adm2 for one reference/distorted luma pair.</summary>
    public double Extract(LumaPlane reference, LumaPlane distorted) => ExtractDetailed(reference, distorted).Adm2;

    /// <summary>Computes adm2, the per-scale numerators and denominators and, if the extractor measures it, AIM for one luma pair.</summary>
    /// <exception cref="ArgumentException">A plane's size or bit depth differs from the constructor's.</exception>
    public AdmScores ExtractDetailed(LumaPlane reference, LumaPlane distorted)
    {
        ExtractorGuard.CheckPlane(reference, nameof(reference), _width, _height, _bitDepth);
        ExtractorGuard.CheckPlane(distorted, nameof(distorted), _width, _height, _bitDepth);
        _scale0.Reset();
        foreach (ScaleS123 s in _scales)
        {
            s.Reset();
        }

        AdmScaleGeometry g = _scale0.Geometry;
        ReadOnlySpan<int> rowTaps = g.RowTaps;
        int w = g.InputWidth;
        for (int i = 0; i < g.Height; i++)
        {
            int t0 = rowTaps[4 * i], t1 = rowTaps[(4 * i) + 1], t2 = rowTaps[(4 * i) + 2], t3 = rowTaps[(4 * i) + 3];
            AdmRow<short> refRow = _scale0.RefRow, disRow = _scale0.DisRow;
            if (_bitDepth == 8)
            {
                ReadOnlySpan<byte> r = reference.Samples8, d = distorted.Samples8;
                int rs = reference.Stride, ds = distorted.Stride;
                _kernels.Dwt2Row8(r.Slice(t0 * rs, w), r.Slice(t1 * rs, w), r.Slice(t2 * rs, w), r.Slice(t3 * rs, w), g, refRow, _scale0.Scratch);
                _kernels.Dwt2Row8(d.Slice(t0 * ds, w), d.Slice(t1 * ds, w), d.Slice(t2 * ds, w), d.Slice(t3 * ds, w), g, disRow, _scale0.Scratch);
            }
            else
            {
                ReadOnlySpan<ushort> r = reference.Samples16, d = distorted.Samples16;
                int rs = reference.Stride, ds = distorted.Stride;
                _kernels.Dwt2Row16(r.Slice(t0 * rs, w), r.Slice(t1 * rs, w), r.Slice(t2 * rs, w), r.Slice(t3 * rs, w), _bitDepth, g, refRow, _scale0.Scratch);
                _kernels.Dwt2Row16(d.Slice(t0 * ds, w), d.Slice(t1 * ds, w), d.Slice(t2 * ds, w), d.Slice(t3 * ds, w), _bitDepth, g, disRow, _scale0.Scratch);
            }

            if (i + 1 < g.Height)
            {
                // The next band row's two new input rows (the other two are this row's last two), for both images.
                int bytesPerSample = _bitDepth == 8 ? 1 : 2;
                PrefetchRows(reference, rowTaps[(4 * i) + 6], rowTaps[(4 * i) + 7], w * bytesPerSample);
                PrefetchRows(distorted, rowTaps[(4 * i) + 6], rowTaps[(4 * i) + 7], w * bytesPerSample);
            }

            _scale0.BandRow(_kernels, i, _gainLimit);

            // i16_to_i32: scale 1 reads band a widened to int32.
            ScaleS123 next = _scales[0];
            Widen(refRow.A, next.RefInput(i));
            Widen(disRow.A, next.DisInput(i));
            InputRowReady(0, i);
        }

        Span<float> num = stackalloc float[4];
        Span<float> den = stackalloc float[4];
        Span<float> aim = stackalloc float[4];
        num[0] = NumeratorScale0(_scale0.NumTotal, g, g.NoiseFloor);
        den[0] = DenominatorScale0(_scale0.DenTotal, g);
        aim[0] = _aim ? NumeratorScale0(_scale0.AimTotal, g, noiseFloor: 0f) : 0f;
        for (int scale = 1; scale < 4; scale++)
        {
            ScaleS123 s = _scales[scale - 1];
            num[scale] = NumeratorS123(s.NumTotal, s.Geometry, s.Geometry.NoiseFloor);
            den[scale] = DenominatorS123(s.DenTotal, s.Geometry);
            aim[scale] = _aim ? NumeratorS123(s.AimTotal, s.Geometry, noiseFloor: 0f) : 0f;
        }

        return Pool(num, den, aim, _numDenLimit);
    }

    /// <summary>
    /// adm2 and the per-scale values from the four scales' integer sums (no AIM): the float finishing of
    /// <see cref="ExtractDetailed"/>, for the OpenCL device, which computes only the sums.
    /// </summary>
    internal static AdmScores Score(
        ReadOnlySpan<AdmDenSums> denSums, ReadOnlySpan<AdmNumSums> numSums, ReadOnlySpan<AdmScaleGeometry> geometry, double numDenLimit)
    {
        Span<float> num = stackalloc float[4];
        Span<float> den = stackalloc float[4];
        Span<float> aim = stackalloc float[4];
        num[0] = NumeratorScale0(numSums[0], geometry[0], geometry[0].NoiseFloor);
        den[0] = DenominatorScale0(denSums[0], geometry[0]);
        for (int scale = 1; scale < 4; scale++)
        {
            num[scale] = NumeratorS123(numSums[scale], geometry[scale], geometry[scale].NoiseFloor);
            den[scale] = DenominatorS123(denSums[scale], geometry[scale]);
        }

        return Pool(num, den, aim, numDenLimit);
    }

    /// <summary>The geometry of the four scales of a <paramref name="width"/> x <paramref name="height"/> luma.</summary>
    internal static AdmScaleGeometry[] Geometry(int width, int height)
    {
        var geometry = new AdmScaleGeometry[4];
        int w = width, h = height;
        for (int scale = 0; scale < 4; scale++)
        {
            geometry[scale] = new AdmScaleGeometry(scale, w, h);
            w = geometry[scale].Width;
            h = geometry[scale].Height;
        }

        return geometry;
    }

    /// <summary>Sums below 1e-10 · (area / 1080p area) count as zero (integer_adm.c's numden_limit).</summary>
    internal static double NumDenLimit(int width, int height) => 1e-10 * (width * height) / (1920.0 * 1080.0);

    /// <summary>Per-scale floats summed in double, in scale order; adm2 = Σ num / Σ den (1 when Σ den is zero), AIM likewise.</summary>
    private static AdmScores Pool(ReadOnlySpan<float> num, ReadOnlySpan<float> den, ReadOnlySpan<float> aim, double numDenLimit)
    {
        double numSum = 0, denSum = 0, aimSum = 0;
        for (int scale = 0; scale < 4; scale++)
        {
            numSum += num[scale];
            denSum += den[scale];
            aimSum += aim[scale];
        }

        numSum = numSum < numDenLimit ? 0 : numSum;
        denSum = denSum < numDenLimit ? 0 : denSum;

        // C leaves score_aim unset when den is 0; den holds three noise floors per scale, so it never is.
        double adm2 = denSum == 0.0 ? 1.0 : numSum / denSum;
        double aimScore = denSum == 0.0 ? 0.0 : aimSum / denSum;
        return new AdmScores(adm2, num[0], den[0], num[1], den[1], num[2], den[2], num[3], den[3]) { Aim = aimScore };
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
    internal static float NumeratorScale0(AdmNumSums sums, AdmScaleGeometry g) => NumeratorScale0(sums, g, g.NoiseFloor);

    /// <summary>The scale 0 numerator with <paramref name="noiseFloor"/> (0 for AIM: libvmaf's noise weight 0 there).</summary>
    internal static float NumeratorScale0(AdmNumSums sums, AdmScaleGeometry g, float noiseFloor)
    {
        ReadOnlySpan<int> e = AdmTables.CmScale0Exponent;
        float fh = (float)(sums.H / Math.Pow(2, e[0] - g.CmCubeShiftHv - g.CmRowShift));
        float fv = (float)(sums.V / Math.Pow(2, e[1] - g.CmCubeShiftHv - g.CmRowShift));
        float fd = (float)(sums.D / Math.Pow(2, e[2] - g.CmCubeShiftD - g.CmRowShift));
        return SumCubeRoots(fh, fv, fd, noiseFloor);
    }

    /// <summary>
    /// Scales 1–3 numerator: the divisor 2^(E − cube − row) is stored as a float and the int64 accumulator is
    /// divided in float, as C's <c>accum / final_shift[scale - 1]</c> does (<c>i4_adm_cm</c>).
    /// </summary>
    internal static float NumeratorS123(AdmNumSums sums, AdmScaleGeometry g) => NumeratorS123(sums, g, g.NoiseFloor);

    /// <summary>The scales 1–3 numerator with <paramref name="noiseFloor"/> (0 for AIM).</summary>
    internal static float NumeratorS123(AdmNumSums sums, AdmScaleGeometry g, float noiseFloor)
    {
        float divisor = (float)Math.Pow(2, AdmTables.CmS123Exponent[g.Scale - 1] - g.CmCubeShiftHv - g.CmRowShift);
        return SumCubeRoots((float)sums.H / divisor, (float)sums.V / divisor, (float)sums.D / divisor, noiseFloor);
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
        cpu, AdmScalar.Instance, (AdmSimd<Simd256, Vector256<int>>.Instance, AdmSimd<Simd256, Vector256<int>>.IsSupported), (AdmSimd<Simd512, Vector512<int>>.Instance, AdmSimd<Simd512, Vector512<int>>.IsSupported));

    /// <summary>
    /// Hints rows <paramref name="first"/> and <paramref name="second"/> of <paramref name="plane"/> (<paramref name="bytes"/>
    /// each), which the next band row's DWT reads, before this row's band stages run (<see cref="RowPrefetch"/>).
    /// </summary>
    private static void PrefetchRows(LumaPlane plane, int first, int second, int bytes)
    {
        int strideBytes = plane.Stride * (plane.Is8Bit ? 1 : 2);
        ReadOnlySpan<byte> all = plane.Is8Bit ? plane.Samples8 : MemoryMarshal.AsBytes(plane.Samples16);
        RowPrefetch.Row(all, first, strideBytes, bytes);
        RowPrefetch.Row(all, second, strideBytes, bytes);
    }

    /// <summary>C's <c>i16_to_i32</c> of a band row (a data move: whole vectors where the runtime has them).</summary>
    private static void Widen(ReadOnlySpan<short> source, Span<int> destination)
    {
        int n = source.Length;
        _ = destination[..n];
        ref short s = ref MemoryMarshal.GetReference(source);
        ref int d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - Vector<short>.Count; i += Vector<short>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref s, (nuint)i), out Vector<int> low, out Vector<int> high);
                low.StoreUnsafe(ref d, (nuint)i);
                high.StoreUnsafe(ref d, (nuint)(i + Vector<int>.Count));
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i);
        }
    }

    /// <summary>
    /// Row <paramref name="row"/> of scale <paramref name="scale"/>'s band a (both images) is in the next scale's
    /// input ring: computes every band row of the next scale whose four input rows are now there, and so on down.
    /// </summary>
    private void InputRowReady(int scale, int row)
    {
        ScaleS123 s = _scales[scale];
        AdmScaleGeometry g = s.Geometry;
        int last = g.InputHeight - 1;
        while (s.NextRow < g.Height && Math.Min((2 * s.NextRow) + 2, last) <= row)
        {
            int i = s.NextRow++;
            ReadOnlySpan<int> taps = g.RowTaps.AsSpan(4 * i, 4);
            _kernels.Dwt2RowS123(s.RefInput(taps[0]), s.RefInput(taps[1]), s.RefInput(taps[2]), s.RefInput(taps[3]), g, s.RefRow, s.Scratch);
            _kernels.Dwt2RowS123(s.DisInput(taps[0]), s.DisInput(taps[1]), s.DisInput(taps[2]), s.DisInput(taps[3]), g, s.DisRow, s.Scratch);
            s.BandRow(_kernels, i, _gainLimit);
            if (scale < 2)
            {
                ScaleS123 next = _scales[scale + 1];
                s.RefRow.A.CopyTo(next.RefInput(i));
                s.DisRow.A.CopyTo(next.DisInput(i));
                InputRowReady(scale + 1, i);
            }
        }
    }

    /// <summary>
    /// One scale's live rows and sums: the current band row of both images, and rings of four rows (indexed by
    /// row mod 4) for the restored coefficients and the CSF outputs, which contrast masking reads one row late;
    /// with AIM also for the additive impairment and the restored image's CSF outputs (libvmaf's <c>measure_aim</c>
    /// pass: the same CSF and masking stages with the two roles swapped).
    /// </summary>
    /// <remarks>
    /// Band row i of the decouple/CSF region is decoupled and CSF-filtered as soon as it exists; the denominator
    /// takes it if it lies in the pooling region; then masking runs on row i − 1, whose neighbourhood (CSF rows
    /// i − 2 .. i, or the mirrored row 1 above row 0) is complete. The last row, whose lower neighbour is itself,
    /// is masked when it arrives. Masking reads only rows of the decouple/CSF region (it is the pooling region
    /// plus one row and column each side).
    /// </remarks>
    private abstract class ScaleRows<T>
        where T : unmanaged
    {
        private readonly Band _ref;
        private readonly Band _dis;
        private readonly Band _additive;
        private readonly Band[] _restored = new Band[4];
        private readonly Band[] _csfA = new Band[4];
        private readonly Band[] _csfF = new Band[4];
        private readonly Band[]? _additiveRing;
        private readonly Band[]? _aimA;
        private readonly Band[]? _aimF;

        protected ScaleRows(AdmScaleGeometry geometry, bool aim)
        {
            Geometry = geometry;
            int w = geometry.Width;
            _ref = new Band(w, withA: true);
            _dis = new Band(w, withA: true);
            _additive = new Band(w, withA: false);
            for (int k = 0; k < 4; k++)
            {
                _restored[k] = new Band(w, withA: false);
                _csfA[k] = new Band(w, withA: false);
                _csfF[k] = new Band(w, withA: false);
            }

            if (aim)
            {
                _additiveRing = new Band[4];
                _aimA = new Band[4];
                _aimF = new Band[4];
                for (int k = 0; k < 4; k++)
                {
                    _additiveRing[k] = new Band(w, withA: false);
                    _aimA[k] = new Band(w, withA: false);
                    _aimF[k] = new Band(w, withA: false);
                }
            }
        }

        public AdmScaleGeometry Geometry { get; }

        /// <summary>The reference's current band row (the DWT writes it).</summary>
        public AdmRow<T> RefRow => _ref.Row;

        /// <summary>The distorted's current band row.</summary>
        public AdmRow<T> DisRow => _dis.Row;

        /// <summary>Denominator: Σ over the pooling rows of (row sum + rounding) &gt;&gt; row shift.</summary>
        public AdmDenSums DenTotal { get; private set; }

        /// <summary>Numerator: Σ over the pooling rows of (row sum + rounding) &gt;&gt; row shift.</summary>
        public AdmNumSums NumTotal { get; private set; }

        /// <summary>AIM's numerator, summed as <see cref="NumTotal"/> (zero unless the scale measures AIM).</summary>
        public AdmNumSums AimTotal { get; private set; }

        /// <summary>The band rows computed so far (scales 1–3 count them to know which comes next).</summary>
        public int NextRow { get; set; }

        public void Reset()
        {
            DenTotal = default;
            NumTotal = default;
            AimTotal = default;
            NextRow = 0;
        }

        /// <summary>Runs every stage that band row <paramref name="i"/> (in <see cref="RefRow"/> and <see cref="DisRow"/>) completes.</summary>
        public void BandRow(IAdmKernels kernels, int i, double gainLimit)
        {
            AdmScaleGeometry g = Geometry;
            AdmRegion taps = g.Taps, eval = g.Evaluation;
            if (i >= taps.Top && i < taps.Bottom)
            {
                AdmRow<T> restored = _restored[i & 3].Row, additive = (_additiveRing?[i & 3] ?? _additive).Row;
                Decouple(kernels, RefRow, DisRow, gainLimit, restored, additive);
                Csf(kernels, additive, _csfA[i & 3].Row, _csfF[i & 3].Row);
                if (_aimA is not null)
                {
                    Csf(kernels, restored, _aimA[i & 3].Row, _aimF![i & 3].Row);
                }
            }

            if (i >= eval.Top && i < eval.Bottom)
            {
                AdmDenSums d = DenRow(kernels, RefRow);
                ulong add = (ulong)AdmScaleGeometry.RoundingOf(g.DenRowShift);
                int shift = g.DenRowShift;
                DenTotal = new AdmDenSums(DenTotal.H + ((d.H + add) >> shift), DenTotal.V + ((d.V + add) >> shift), DenTotal.D + ((d.D + add) >> shift));
            }

            if (i - 1 >= eval.Top && i - 1 < eval.Bottom)
            {
                Mask(kernels, i - 1);
            }

            if (i == g.Height - 1 && i >= eval.Top && i < eval.Bottom)
            {
                Mask(kernels, i);
            }
        }

        protected abstract void Decouple(IAdmKernels kernels, in AdmRow<T> reference, in AdmRow<T> distorted, double gainLimit, in AdmRow<T> restored, in AdmRow<T> additive);

        protected abstract void Csf(IAdmKernels kernels, in AdmRow<T> additive, in AdmRow<T> csfA, in AdmRow<T> csfF);

        protected abstract AdmDenSums DenRow(IAdmKernels kernels, in AdmRow<T> reference);

        protected abstract AdmNumSums CmRow(IAdmKernels kernels, in AdmRow<T> restored, in AdmRow<T> csfA, in AdmRow<T> up, in AdmRow<T> mid, in AdmRow<T> down);

        /// <summary>Masking of band row <paramref name="r"/>: rows mirror at the top (−1 → 1) and replicate at the bottom (h → h − 1).</summary>
        private void Mask(IAdmKernels kernels, int r)
        {
            int up = r == 0 ? 1 : r - 1;
            int down = r == Geometry.Height - 1 ? r : r + 1;
            AdmNumSums n = CmRow(kernels, _restored[r & 3].Row, _csfA[r & 3].Row, _csfF[up & 3].Row, _csfF[r & 3].Row, _csfF[down & 3].Row);
            int shift = Geometry.CmRowShift;
            long add = AdmScaleGeometry.RoundingOf(shift);
            NumTotal = new AdmNumSums(NumTotal.H + ((n.H + add) >> shift), NumTotal.V + ((n.V + add) >> shift), NumTotal.D + ((n.D + add) >> shift));
            if (_aimA is not null)
            {
                AdmNumSums a = CmRow(kernels, _additiveRing![r & 3].Row, _aimA[r & 3].Row, _aimF![up & 3].Row, _aimF[r & 3].Row, _aimF[down & 3].Row);
                AimTotal = new AdmNumSums(AimTotal.H + ((a.H + add) >> shift), AimTotal.V + ((a.V + add) >> shift), AimTotal.D + ((a.D + add) >> shift));
            }
        }

        /// <summary>One row of a band set (a optional, h, v, d).</summary>
        private sealed class Band(int width, bool withA)
        {
            private readonly T[] _a = withA ? new T[width] : [];
            private readonly T[] _h = new T[width];
            private readonly T[] _v = new T[width];
            private readonly T[] _d = new T[width];

            public AdmRow<T> Row
            {
                [MethodImpl(MethodImplOptions.AggressiveInlining)]
                get => new(_a, _h, _v, _d);
            }
        }
    }

    /// <summary>Scale 0: int16 bands computed from the luma planes.</summary>
    private sealed class Scale0(AdmScaleGeometry geometry, bool aim) : ScaleRows<short>(geometry, aim)
    {
        /// <summary>The DWT's row scratch (2 × input width).</summary>
        public short[] Scratch { get; } = new short[2 * geometry.InputWidth];

        protected override void Decouple(IAdmKernels kernels, in AdmRow<short> reference, in AdmRow<short> distorted, double gainLimit, in AdmRow<short> restored, in AdmRow<short> additive) =>
            kernels.DecoupleRow(reference, distorted, Geometry, gainLimit, restored, additive);

        protected override void Csf(IAdmKernels kernels, in AdmRow<short> additive, in AdmRow<short> csfA, in AdmRow<short> csfF) =>
            kernels.CsfRow(additive, Geometry, csfA, csfF);

        protected override AdmDenSums DenRow(IAdmKernels kernels, in AdmRow<short> reference) => kernels.CsfDenRow(reference, Geometry);

        protected override AdmNumSums CmRow(IAdmKernels kernels, in AdmRow<short> restored, in AdmRow<short> csfA, in AdmRow<short> up, in AdmRow<short> mid, in AdmRow<short> down) =>
            kernels.CmRow(restored, csfA, up, mid, down, Geometry);
    }

    /// <summary>Scales 1–3: int32 bands computed from a ring of the previous scale's last four band-a rows.</summary>
    private sealed class ScaleS123 : ScaleRows<int>
    {
        private readonly int[][] _refInput = new int[4][];
        private readonly int[][] _disInput = new int[4][];

        public ScaleS123(AdmScaleGeometry geometry, bool aim)
            : base(geometry, aim)
        {
            for (int k = 0; k < 4; k++)
            {
                _refInput[k] = new int[geometry.InputWidth];
                _disInput[k] = new int[geometry.InputWidth];
            }

            Scratch = new int[2 * geometry.InputWidth];
        }

        /// <summary>The DWT's row scratch (2 × input width).</summary>
        public int[] Scratch { get; }

        /// <summary>
        /// Input row <paramref name="row"/> of the reference's previous band a: the ring slot row mod 4. Output row
        /// i reads rows 2i − 1 .. 2i + 2 (mirrored at the edges), four consecutive rows, and is computed as soon as
        /// the last of them arrives, so they are the four in the ring.
        /// </summary>
        public Span<int> RefInput(int row) => _refInput[row & 3];

        /// <summary>Input row <paramref name="row"/> of the distorted's previous band a.</summary>
        public Span<int> DisInput(int row) => _disInput[row & 3];

        protected override void Decouple(IAdmKernels kernels, in AdmRow<int> reference, in AdmRow<int> distorted, double gainLimit, in AdmRow<int> restored, in AdmRow<int> additive) =>
            kernels.DecoupleRowS123(reference, distorted, Geometry, gainLimit, restored, additive);

        protected override void Csf(IAdmKernels kernels, in AdmRow<int> additive, in AdmRow<int> csfA, in AdmRow<int> csfF) =>
            kernels.CsfRowS123(additive, Geometry, csfA, csfF);

        protected override AdmDenSums DenRow(IAdmKernels kernels, in AdmRow<int> reference) => kernels.CsfDenRowS123(reference, Geometry);

        protected override AdmNumSums CmRow(IAdmKernels kernels, in AdmRow<int> restored, in AdmRow<int> csfA, in AdmRow<int> up, in AdmRow<int> mid, in AdmRow<int> down) =>
            kernels.CmRowS123(restored, csfA, up, mid, down, Geometry);
    }
}
