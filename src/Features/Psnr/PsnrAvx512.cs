using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Psnr;

/// <summary>
/// The AVX-512 (F + BW) PSNR kernels: <see cref="PsnrAvx2"/>'s arithmetic on 512-bit vectors (32 samples per step),
/// the columns after the last whole vector through the scalar row helpers. Nothing past a row's width is read.
/// </summary>
/// <remarks>
/// Same sums as integer_psnr.c: psnr and psnr_hbd (libvmaf f85a8536), regrouped as <see cref="PsnrAvx2"/> describes
/// (8-bit: vpmaddwd pairs in int32 lanes that wrap like the row's uint32; 16-bit: |r − d| in uint16, vpmuludq squares
/// into uint64 lanes).
/// </remarks>
internal sealed unsafe class PsnrAvx512 : IPsnrKernels
{
    /// <summary>The one instance.</summary>
    public static readonly PsnrAvx512 Instance = new();

    private PsnrAvx512()
    {
    }

    /// <summary>True when the CPU and runtime run AVX-512 F and BW (as <see cref="CpuDispatch.IsSupported"/> asks).</summary>
    public static bool IsSupported => Avx512F.IsSupported && Avx512BW.IsSupported;

    /// <inheritdoc />
    public string Name => "avx512";

    /// <inheritdoc />
    /// <remarks>AVX-512 version of <see cref="PsnrScalar.Sse8"/>.</remarks>
    public ulong Sse8(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, int stride, int width, int height)
    {
        PsnrScalar.CheckInput(reference.Length, distorted.Length, stride, width, height);
        int vectorEnd = width & ~31;
        ulong sse = 0;
        fixed (byte* r = reference, d = distorted)
        {
            for (int i = 0; i < height; i++)
            {
                nint row = (nint)i * stride;
                Vector512<int> sum = Vector512<int>.Zero;
                for (int j = 0; j < vectorEnd; j += 32)
                {
                    Vector512<short> e = Avx512BW.Subtract(
                        Avx512BW.ConvertToVector512Int16(Vector256.Load(r + row + j)),
                        Avx512BW.ConvertToVector512Int16(Vector256.Load(d + row + j)));
                    sum = Avx512F.Add(sum, Avx512BW.MultiplyAddAdjacent(e, e));
                }

                uint rowSum = unchecked(Vector512.Sum(sum.AsUInt32()) + PsnrScalar.RowSse8(
                    reference.Slice((int)row, width), distorted.Slice((int)row, width), vectorEnd, width));
                sse += rowSum;
            }
        }

        return sse;
    }

    /// <inheritdoc />
    /// <remarks>AVX-512 version of <see cref="PsnrScalar.Sse16"/>.</remarks>
    public ulong Sse16(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, int stride, int width, int height)
    {
        PsnrScalar.CheckInput(reference.Length, distorted.Length, stride, width, height);
        int vectorEnd = width & ~31;
        ulong tails = 0;
        Vector512<ulong> sum = Vector512<ulong>.Zero;
        fixed (ushort* r = reference, d = distorted)
        {
            for (int i = 0; i < height; i++)
            {
                nint row = (nint)i * stride;
                for (int j = 0; j < vectorEnd; j += 32)
                {
                    Vector512<ushort> a = Vector512.Load(r + row + j);
                    Vector512<ushort> b = Vector512.Load(d + row + j);
                    Vector512<ushort> e = Avx512BW.Subtract(Avx512BW.Max(a, b), Avx512BW.Min(a, b));

                    // uint32 lanes: per 128-bit lane, columns 0-3 (low) and 4-7 (high) of its 8; order is irrelevant to a sum.
                    Vector512<ulong> low = Avx512BW.UnpackLow(e, Vector512<ushort>.Zero).AsUInt64();
                    Vector512<ulong> high = Avx512BW.UnpackHigh(e, Vector512<ushort>.Zero).AsUInt64();
                    sum = Avx512F.Add(sum, Avx512F.Multiply(low.AsUInt32(), low.AsUInt32()));
                    sum = Avx512F.Add(sum, Avx512F.Multiply(high.AsUInt32(), high.AsUInt32()));
                    low = Avx512F.ShiftRightLogical(low, 32);
                    high = Avx512F.ShiftRightLogical(high, 32);
                    sum = Avx512F.Add(sum, Avx512F.Multiply(low.AsUInt32(), low.AsUInt32()));
                    sum = Avx512F.Add(sum, Avx512F.Multiply(high.AsUInt32(), high.AsUInt32()));
                }

                tails += PsnrScalar.RowSse16(reference.Slice((int)row, width), distorted.Slice((int)row, width), vectorEnd, width);
            }
        }

        return unchecked(Vector512.Sum(sum) + tails);
    }
}
