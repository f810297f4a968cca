using System.Runtime.InteropServices;
using VmafTiny.Features.Simd;

namespace VmafTiny.Features.Psnr;

/// <summary>
/// The SIMD PSNR kernels, written once for every register width (<see cref="Simd256"/>: the "avx2" kernels,
/// <see cref="Simd512"/>: "avx512"), bit-exact with <see cref="PsnrScalar"/>: whole registers per row, the columns
/// after the last whole register through <see cref="PsnrScalar"/>'s row helpers. Nothing past a row's width is read.
/// </summary>
/// <remarks>
/// <para>Same sums as integer_psnr.c: psnr and psnr_hbd (libvmaf f85a8536), regrouped; integer sums do not depend
/// on their order.</para>
/// <para><b>8-bit.</b> Samples widened to words (<c>vpmovzxbw</c>), e = r − d (|e| ≤ 255), <c>vpmaddwd</c> of e with
/// itself gives e₀² + e₁² ≤ 130,050 per dword. The dwords add up mod 2^32 like libvmaf's uint32 <c>sse_inner</c>,
/// so a row's lane total plus its tail, mod 2^32, is that row's sum exactly (wrapped where C wraps: rows over
/// 66051 samples); rows add in 64 bits.</para>
/// <para><b>16-bit.</b> e = max(r, d) − min(r, d) is |r − d| exactly in uint16, for any sample values, not only
/// those under the declared bit depth (so signed word differences and <c>vpmaddwd</c> are out). e is unpacked
/// with zero words into dwords (in-lane order, irrelevant to a sum) and squared by <c>vpmuludq</c> into uint64
/// lanes (e² ≤ 65535² &lt; 2^32), the even dwords directly, the odd ones after <see cref="ISimd{TVector}.Odd"/>.</para>
/// </remarks>
/// <typeparam name="TSimd">The register width.</typeparam>
/// <typeparam name="TVector">Its register type.</typeparam>
internal sealed class PsnrSimd<TSimd, TVector> : IPsnrKernels
    where TSimd : struct, ISimd<TVector>
    where TVector : struct
{
    /// <summary>The one instance.</summary>
    public static readonly PsnrSimd<TSimd, TVector> Instance = new();

    private PsnrSimd()
    {
    }

    /// <summary>True when the CPU and runtime run this width.</summary>
    public static bool IsSupported => TSimd.IsSupported;

    /// <inheritdoc />
    public string Name => CpuDispatch.Name(TSimd.Path);

    /// <summary>Samples per register as words: 16 or 32.</summary>
    private static int Words => 2 * TSimd.Int32Count;

    /// <inheritdoc />
    /// <remarks>SIMD version of <see cref="PsnrScalar.Sse8"/>.</remarks>
    public ulong Sse8(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, int stride, int width, int height)
    {
        PsnrScalar.CheckInput(reference.Length, distorted.Length, stride, width, height);
        int vectorEnd = width - (width % Words);
        ref byte r = ref MemoryMarshal.GetReference(reference);
        ref byte d = ref MemoryMarshal.GetReference(distorted);
        ulong sse = 0;
        for (int i = 0; i < height; i++)
        {
            nuint row = (nuint)i * (nuint)stride;
            TVector sum = TSimd.Zero;
            for (int j = 0; j < vectorEnd; j += Words)
            {
                TVector e = TSimd.SubtractInt16(
                    TSimd.LoadWidenUInt8ToInt16(ref r, row + (nuint)j), TSimd.LoadWidenUInt8ToInt16(ref d, row + (nuint)j));
                sum = TSimd.AddInt32(sum, TSimd.MultiplyAddAdjacent(e, e));
            }

            sse += unchecked(TSimd.SumUInt32(sum) + PsnrScalar.RowSse8(
                reference.Slice((int)row, width), distorted.Slice((int)row, width), vectorEnd, width));
        }

        return sse;
    }

    /// <inheritdoc />
    /// <remarks>SIMD version of <see cref="PsnrScalar.Sse16"/>.</remarks>
    public ulong Sse16(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, int stride, int width, int height)
    {
        PsnrScalar.CheckInput(reference.Length, distorted.Length, stride, width, height);
        int vectorEnd = width - (width % Words);
        ref ushort r = ref MemoryMarshal.GetReference(reference);
        ref ushort d = ref MemoryMarshal.GetReference(distorted);
        ulong tails = 0;
        TVector sum = TSimd.Zero;
        for (int i = 0; i < height; i++)
        {
            nuint row = (nuint)i * (nuint)stride;
            for (int j = 0; j < vectorEnd; j += Words)
            {
                TVector a = TSimd.Load(ref r, row + (nuint)j);
                TVector b = TSimd.Load(ref d, row + (nuint)j);
                TVector e = TSimd.SubtractInt16(TSimd.MaxUInt16(a, b), TSimd.MinUInt16(a, b));
                TVector low = TSimd.UnpackLowInt16(e, TSimd.Zero);
                TVector high = TSimd.UnpackHighInt16(e, TSimd.Zero);
                sum = TSimd.AddInt64(sum, TSimd.MultiplyEvenUInt32(low, low));
                sum = TSimd.AddInt64(sum, TSimd.MultiplyEvenUInt32(high, high));
                low = TSimd.Odd(low);
                high = TSimd.Odd(high);
                sum = TSimd.AddInt64(sum, TSimd.MultiplyEvenUInt32(low, low));
                sum = TSimd.AddInt64(sum, TSimd.MultiplyEvenUInt32(high, high));
            }

            tails += PsnrScalar.RowSse16(reference.Slice((int)row, width), distorted.Slice((int)row, width), vectorEnd, width);
        }

        return unchecked((ulong)TSimd.SumInt64(sum) + tails);
    }
}
