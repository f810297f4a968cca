using VmafTiny.Features.Adm;
using VmafTiny.Features.OpenCL.Runtime;

namespace VmafTiny.Features.OpenCL.Adm;

/// <summary>
/// Integer ADM on an OpenCL device: the four scales from the two lumas already on the device, each scale's
/// row-rounded denominator and masking sums added to the frame's sums (slots <see cref="KernelSource.SumAdmDen"/>,
/// <see cref="KernelSource.SumAdmNum"/>); <c>AdmExtractor.Score</c> finishes them on the host, as for the CPU.
/// </summary>
/// <remarks>
/// Port of integer_adm.c (libvmaf f85a8536), as adm.cl. Band planes are a, h, v, d of one buffer per image and
/// scale (int16 at scale 0, int32 after); decouple and CSF are one pass, whose outputs for the masking are the
/// restored bands and the per-coefficient threshold terms (see adm_dcsf_s0).
/// </remarks>
internal sealed class AdmOpenCl : IDisposable
{
    private readonly OpenClContext _context;
    private readonly AdmScaleGeometry[] _geometry;
    private readonly int _bitDepth;
    private readonly ClKernel _dwt0;
    private readonly ClKernel _dwt1;
    private readonly ClKernel _dwt23;
    private readonly ClKernel _dcsf0;
    private readonly ClKernel _dcsf123;
    private readonly ClKernel _sums0;
    private readonly ClKernel _sums123;
    private readonly ClKernel _rows;
    private readonly ClBuffer[] _refBands = new ClBuffer[4];
    private readonly ClBuffer[] _disBands = new ClBuffer[4];
    private readonly ClBuffer _restored0;
    private readonly ClBuffer _restored123;
    private readonly ClBuffer _fsum;
    private readonly ClBuffer _csum;
    private readonly ClBuffer _rowSums;

    /// <summary>Prepares kernels and buffers for frames of the given size and depth.</summary>
    public AdmOpenCl(OpenClContext context, int width, int height, int bitDepth)
    {
        _context = context;
        _bitDepth = bitDepth;
        _geometry = AdmExtractor.Geometry(width, height);
        _dwt0 = new ClKernel(context, bitDepth > 8 ? "adm_dwt_s0_16" : "adm_dwt_s0_8");
        _dwt1 = new ClKernel(context, "adm_dwt_s1");
        _dwt23 = new ClKernel(context, "adm_dwt_s23");
        _dcsf0 = new ClKernel(context, "adm_dcsf_s0");
        _dcsf123 = new ClKernel(context, "adm_dcsf_s123");
        _sums0 = new ClKernel(context, "adm_sums_s0");
        _sums123 = new ClKernel(context, "adm_sums_s123");
        _rows = new ClKernel(context, "adm_rows");
        for (int s = 0; s < 4; s++)
        {
            long bytes = BandBytes(_geometry[s]);
            _refBands[s] = new ClBuffer(context, bytes, $"adm scale {s} bands");
            _disBands[s] = new ClBuffer(context, bytes, $"adm scale {s} bands");
        }

        long n0 = Area(_geometry[0]);
        _restored0 = new ClBuffer(context, 3 * 2 * n0, "adm restored bands");
        _restored123 = new ClBuffer(context, 3 * 4 * Area(_geometry[1]), "adm restored bands");
        _fsum = new ClBuffer(context, 4 * n0, "adm thresholds");
        _csum = new ClBuffer(context, 4 * n0, "adm thresholds");
        _rowSums = new ClBuffer(context, RowSumsBytes(_geometry[0]), "adm row sums");
    }

    /// <summary>The geometry of the four scales.</summary>
    public IReadOnlyList<AdmScaleGeometry> Geometry => _geometry;

    /// <summary>Device memory these buffers take.</summary>
    public static long DeviceBytes(int width, int height)
    {
        AdmScaleGeometry[] g = AdmExtractor.Geometry(width, height);
        long n0 = Area(g[0]);
        return g.Sum(s => 2 * BandBytes(s)) + (6 * n0) + (12 * Area(g[1])) + (8 * n0) + RowSumsBytes(g[0]);
    }

    /// <summary>The largest single buffer.</summary>
    public static long LargestBuffer(int width, int height) => BandBytes(AdmExtractor.Geometry(width, height)[0]);

    /// <summary>The band buffer of scale <paramref name="scale"/> (a, h, v, d planes) for the reference (0) or distorted (1).</summary>
    public ClBuffer Bands(int scale, int image) => image == 0 ? _refBands[scale] : _disBands[scale];

    /// <summary>The restored bands (h, v, d) of scale 0 (int16) or of the last scale 1–3 run (int32).</summary>
    public ClBuffer Restored(int scale) => scale == 0 ? _restored0 : _restored123;

    /// <summary>The per-coefficient threshold terms of the last scale run: fsum and csum (int32 planes of band size).</summary>
    public (ClBuffer Fsum, ClBuffer Csum) Thresholds => (_fsum, _csum);

    /// <summary>Enqueues the four scales of the pair, sums into <paramref name="sums"/>.</summary>
    public void Enqueue(nint queue, ClBuffer reference, ClBuffer distorted, ClBuffer sums)
    {
        Dwt0(queue, reference, distorted);
        DecoupleCsf(queue, 0);
        Sums(queue, 0, sums);
        for (int scale = 1; scale < 4; scale++)
        {
            Dwt123(queue, scale);
            DecoupleCsf(queue, scale);
            Sums(queue, scale, sums);
        }
    }

    /// <summary>Scale 0 DWT of both lumas into the scale 0 bands.</summary>
    public void Dwt0(nint queue, ClBuffer reference, ClBuffer distorted)
    {
        AdmScaleGeometry g = _geometry[0];
        OpenClLibrary.Check(
            _dwt0.With(reference, distorted, _bitDepth, g.InputWidth, g.InputHeight, g.Width, g.Height, _refBands[0], _disBands[0])
                .Run(queue, Grid.Pointwise(g.Width, g.Height, _context.Group, depth: 2)),
            _dwt0.Name);
    }

    /// <summary>DWT of scale <paramref name="scale"/> (1..3) from the previous scale's bands a.</summary>
    public void Dwt123(nint queue, int scale)
    {
        AdmScaleGeometry g = _geometry[scale];
        ClKernel kernel = scale == 1 ? _dwt1 : _dwt23;
        int k = scale - 1;
        OpenClLibrary.Check(
            kernel.With(
                    _refBands[scale - 1], _disBands[scale - 1], g.InputWidth, g.InputHeight, g.Width, g.Height,
                    AdmTables.DwtS123VerticalAdd[k], AdmTables.DwtS123VerticalShift[k], AdmTables.DwtS123HorizontalAdd[k],
                    AdmTables.DwtS123HorizontalShift[k], _refBands[scale], _disBands[scale])
                .Run(queue, Grid.Pointwise(g.Width, g.Height, _context.Group, depth: 2)),
            kernel.Name);
    }

    /// <summary>Decouple and CSF of scale <paramref name="scale"/> over its CSF region.</summary>
    public void DecoupleCsf(nint queue, int scale)
    {
        AdmScaleGeometry g = _geometry[scale];
        AdmRegion r = g.Taps;
        Grid grid = Grid.Pointwise(r.Right - r.Left, r.Bottom - r.Top, _context.Group);
        int rc = scale == 0
            ? _dcsf0.With(_refBands[0], _disBands[0], g.Width, g.Height, r.Left, r.Top, r.Right, r.Bottom, _context.DivLookup, _restored0, _fsum, _csum)
                .Run(queue, grid)
            : _dcsf123.With(_refBands[scale], _disBands[scale], g.Width, g.Height, r.Left, r.Top, r.Right, r.Bottom, scale, _context.DivLookup, _restored123, _fsum, _csum)
                .Run(queue, grid);
        OpenClLibrary.Check(rc, scale == 0 ? "adm_dcsf_s0" : "adm_dcsf_s123");
    }

    /// <summary>
    /// Denominator and masking sums of scale <paramref name="scale"/> over its pooling region: per band row (six
    /// accumulators per row, zeroed first), then each row rounded by its shift into <paramref name="sums"/>.
    /// </summary>
    public unsafe void Sums(nint queue, int scale, ClBuffer sums)
    {
        AdmScaleGeometry g = _geometry[scale];
        AdmRegion r = g.Evaluation;
        int rows = r.Bottom - r.Top;
        if (rows <= 0 || r.Right <= r.Left)
        {
            return;
        }

        ulong zero = 0;
        OpenClLibrary.Check(
            _context.Api.EnqueueFillBuffer(queue, _rowSums.Handle, &zero, sizeof(ulong), 0, (nuint)(6L * sizeof(ulong) * rows), 0, null, null),
            "clEnqueueFillBuffer(adm row sums)");
        Grid grid = Grid.RowChunks(r.Right - r.Left, rows, _context.Group);
        int rc = scale == 0
            ? _sums0.With(
                    _refBands[0], _restored0, _fsum, _csum, g.Width, g.Height, r.Left, r.Top, r.Right, g.CmCubeShiftHv, g.CmCubeShiftD, _rowSums)
                .Run(queue, grid)
            : _sums123.With(
                    _refBands[scale], _restored123, _fsum, _csum, g.Width, g.Height, r.Left, r.Top, r.Right, scale, g.DenCubeShift,
                    g.CmCubeShiftHv, _rowSums)
                .Run(queue, grid);
        OpenClLibrary.Check(rc, scale == 0 ? "adm_sums_s0" : "adm_sums_s123");
        OpenClLibrary.Check(
            _rows.With(_rowSums, rows, scale, g.DenRowShift, g.CmRowShift, sums).Run(queue, Grid.RowChunks(rows, 1, _context.Group)),
            "adm_rows");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (IDisposable d in new IDisposable[] { _dwt0, _dwt1, _dwt23, _dcsf0, _dcsf123, _sums0, _sums123, _rows, _restored0, _restored123, _fsum, _csum, _rowSums })
        {
            d.Dispose();
        }

        foreach (ClBuffer b in _refBands.Concat(_disBands))
        {
            b.Dispose();
        }
    }

    private static long Area(AdmScaleGeometry g) => (long)g.Width * g.Height;

    /// <summary>Six uint64 accumulators per pooled row of scale 0 (the most rows).</summary>
    private static long RowSumsBytes(AdmScaleGeometry g0) => 6L * sizeof(ulong) * Math.Max(g0.Evaluation.Bottom - g0.Evaluation.Top, 1);

    /// <summary>Four planes: int16 at scale 0, int32 after.</summary>
    private static long BandBytes(AdmScaleGeometry g) => 4 * Area(g) * (g.Scale == 0 ? 2 : 4);
}
