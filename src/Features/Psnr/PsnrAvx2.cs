using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Psnr;

/// <summary>
/// The AVX2 PSNR kernels: <see cref="PsnrScalar"/>'s sums on whole vectors of 16 samples per row, the columns after
/// the last whole vector through the scalar row helpers. Nothing past a row's width is read.
/// </summary>
/// <remarks>
/// <para>8-bit: samples widened to int16 (vpmovzxbw), e = r − d (|e| ≤ 255), vpmaddwd gives e0² + e1² ≤ 130,050 per
/// int32 lane; the lanes add up mod 2^32 like libvmaf's uint32 <c>sse_inner</c>, so the row's lane total, plus the
/// tail, mod 2^32 is that row's sum exactly, and rows add in 64 bits.</para>
/// <para>16-bit: e = max(r, d) − min(r, d) is |r − d| exactly in uint16 (any sample values, not only those under
/// the declared bit depth, so signed 16-bit differences and vpmaddwd are out); e zero-extended to uint32 lanes and
/// squared by vpmuludq into uint64 lanes (e² &lt; 2^32), even lanes directly, odd lanes after a 32-bit shift.</para>
/// </remarks>
internal sealed unsafe class PsnrAvx2 : IPsnrKernels
{
    /// <summary>The one instance.</summary>
    public static readonly PsnrAvx2 Instance = new();

    private PsnrAvx2()
    {
    }

    /// <summary>True when the CPU and runtime run AVX2.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc />
    public string Name => "avx2";

    /// <inheritdoc />
    /// <remarks>AVX2 version of <see cref="PsnrScalar.Sse8"/>.</remarks>
    public ulong Sse8(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, int stride, int width, int height)
    {
        PsnrScalar.CheckInput(reference.Length, distorted.Length, stride, width, height);
        int vectorEnd = width & ~15;
        ulong sse = 0;
        fixed (byte* r = reference, d = distorted)
        {
            for (int i = 0; i < height; i++)
            {
                nint row = (nint)i * stride;
                Vector256<int> sum = Vector256<int>.Zero;
                for (int j = 0; j < vectorEnd; j += 16)
                {
                    Vector256<short> e = Avx2.Subtract(
                        Avx2.ConvertToVector256Int16(r + row + j), Avx2.ConvertToVector256Int16(d + row + j));
                    sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(e, e));
                }

                uint rowSum = unchecked(Vector256.Sum(sum.AsUInt32()) + PsnrScalar.RowSse8(
                    reference.Slice((int)row, width), distorted.Slice((int)row, width), vectorEnd, width));
                sse += rowSum;
            }
        }

        return sse;
    }

    /// <inheritdoc />
    /// <remarks>AVX2 version of <see cref="PsnrScalar.Sse16"/>.</remarks>
    public ulong Sse16(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, int stride, int width, int height)
    {
        PsnrScalar.CheckInput(reference.Length, distorted.Length, stride, width, height);
        int vectorEnd = width & ~15;
        ulong tails = 0;
        Vector256<ulong> sum = Vector256<ulong>.Zero;
        fixed (ushort* r = reference, d = distorted)
        {
            for (int i = 0; i < height; i++)
            {
                nint row = (nint)i * stride;
                for (int j = 0; j < vectorEnd; j += 16)
                {
                    Vector256<ushort> a = Avx.LoadVector256(r + row + j);
                    Vector256<ushort> b = Avx.LoadVector256(d + row + j);
                    Vector256<ushort> e = Avx2.Subtract(Avx2.Max(a, b), Avx2.Min(a, b));

                    // uint32 lanes: columns 0-3, 8-11 (low) and 4-7, 12-15 (high); the order is irrelevant to a sum.
                    Vector256<ulong> low = Avx2.UnpackLow(e, Vector256<ushort>.Zero).AsUInt64();
                    Vector256<ulong> high = Avx2.UnpackHigh(e, Vector256<ushort>.Zero).AsUInt64();
                    sum = Avx2.Add(sum, Avx2.Multiply(low.AsUInt32(), low.AsUInt32()));
                    sum = Avx2.Add(sum, Avx2.Multiply(high.AsUInt32(), high.AsUInt32()));
                    low = Avx2.ShiftRightLogical(low, 32);
                    high = Avx2.ShiftRightLogical(high, 32);
                    sum = Avx2.Add(sum, Avx2.Multiply(low.AsUInt32(), low.AsUInt32()));
                    sum = Avx2.Add(sum, Avx2.Multiply(high.AsUInt32(), high.AsUInt32()));
                }

                tails += PsnrScalar.RowSse16(reference.Slice((int)row, width), distorted.Slice((int)row, width), vectorEnd, width);
            }
        }

        return unchecked(Vector256.Sum(sum) + tails);
    }
}
