using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VmafTiny.Features.Vif;

/// <summary>
/// The constant tables of integer VIF: the four Q16 Gaussian filters and the 2048·log2 lookup table.
/// This is the only copy; every kernel variant takes its taps from here.
/// </summary>
/// <remarks>Values of integer_vif.h: vif_filter1d_table / vif_filter1d_width and integer_vif.c: log_generate (libvmaf f85a8536).</remarks>
internal static class VifTables
{
    /// <summary>σn² = 2.0 in units of (8-bit luma)²·2^16: the noise variance of the VIF model.</summary>
    public const int SigmaNsq = 65536 << 1;

    /// <summary>2048·17 = 2048·log2(<see cref="SigmaNsq"/>): subtracted so the denominator term is 2048·log2(1 + σ1²/σn²).</summary>
    public const int Log2SigmaNsq = 2048 * 17;

    /// <summary>The ε that keeps the gain's divisor away from zero (σ1² + ε), in (8-bit luma)²·2^16: 65536 · 1e-10.</summary>
    public const double GainEpsilon = 65536 * 1.0e-10;

    /// <summary>The largest filter half-width (scale 0: 17 taps).</summary>
    public const int MaxFilterHalf = 8;


    /// <summary>
    /// 2048·log2(i) for i = 32767..65535, as libvmaf builds it: <c>(uint16)round(log2f((float)i) · 2048)</c> with
    /// C's round (half away from zero). Entries below 32767 are 0 and never read (lookups shift the argument
    /// into [32768, 65535]). 65537 entries like libvmaf's, so index 65536 exists (also 0, also never read).
    /// </summary>
    /// <remarks>
    /// <c>(float)Math.Log2(i)</c> reproduces glibc's log2f for every entry here, while rounding the double
    /// log2 directly differs in 38 entries (digest §5.6). Multiplying a float by 2048 is exact. A test checks
    /// the table against the digest's checksum, so a platform whose log2 differs is caught.
    /// </remarks>
    public static readonly ushort[] Log2 = BuildLog2();

    /// <summary>
    /// The address of <see cref="Log2"/>'s first entry, for gathers: the table lives on the pinned object heap, so
    /// the address never changes and no <c>fixed</c> is needed in the kernels.
    /// </summary>
    public static readonly unsafe ushort* Log2Pointer = (ushort*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Log2));

    /// <summary>The Q16 filter of <paramref name="scale"/> (0..3); each sums to 65536.</summary>
    /// <remarks>
    /// The filters are data in the image (spans over constants, no static arrays) and this is inlined, so a kernel
    /// that names its scale gets the span as a constant, with no call and no static-base lookup in precompiled code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<ushort> Filter(int scale) => scale switch
    {
        0 => Filter0,
        1 => Filter1,
        2 => Filter2,
        3 => Filter3,
        _ => throw new ArgumentOutOfRangeException(nameof(scale)),
    };

    private static ReadOnlySpan<ushort> Filter0 =>
        [489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784, 7455, 6547, 5274, 3896, 2640, 1640, 935, 489];

    private static ReadOnlySpan<ushort> Filter1 => [1244, 3663, 7925, 12590, 14692, 12590, 7925, 3663, 1244];

    private static ReadOnlySpan<ushort> Filter2 => [3571, 16004, 26386, 16004, 3571];

    private static ReadOnlySpan<ushort> Filter3 => [10904, 43728, 10904];

    /// <summary>
    /// The filter of <paramref name="scale"/> as <c>vpmaddwd</c> terms over adjacent taps: Σ over the pairs of
    /// Low·x[Offset] + High·x[Offset + 1] equals Σ f[k]·x[k], every coefficient a positive int16. Taps above
    /// 32767 (scale 3's 43728) are split in two halves that each pair with a neighbour; an odd tap out pairs
    /// with a zero weight (its second word is read but does not count).
    /// </summary>
    public static ReadOnlySpan<TapPair> Pairs(int scale) => PairTables[scale];

    private static readonly TapPair[][] PairTables = [BuildPairs(0), BuildPairs(1), BuildPairs(2), BuildPairs(3)];

    private static TapPair[] BuildPairs(int scale)
    {
        // (position, weight) items, big taps split so each weight fits a signed word.
        var items = new List<(int Position, int Weight)>();
        ReadOnlySpan<ushort> f = Filter(scale);
        for (int k = 0; k < f.Length; k++)
        {
            if (f[k] > short.MaxValue)
            {
                items.Add((k, f[k] / 2));
                items.Add((k, f[k] - (f[k] / 2)));
            }
            else
            {
                items.Add((k, f[k]));
            }
        }

        var pairs = new List<TapPair>();
        for (int i = 0; i < items.Count;)
        {
            if (i + 1 < items.Count && items[i + 1].Position == items[i].Position + 1)
            {
                pairs.Add(new TapPair(items[i].Position, (short)items[i].Weight, (short)items[i + 1].Weight));
                i += 2;
            }
            else
            {
                pairs.Add(new TapPair(items[i].Position, (short)items[i].Weight, 0));
                i++;
            }
        }

        return [.. pairs];
    }

    /// <summary>
    /// 2048·log2(<paramref name="x"/>) from the table, truncating <paramref name="x"/> to its 16 leading bits
    /// (no rounding). Needs <paramref name="x"/> ≥ 2^16.
    /// </summary>
    /// <remarks>Port of integer_vif.h: log2_32 (libvmaf f85a8536).</remarks>
    public static int Log2Of32(ReadOnlySpan<ushort> table, uint x)
    {
        int k = 16 - System.Numerics.BitOperations.LeadingZeroCount(x);
        return table[(int)(x >> k)] + 2048 * k;
    }

    /// <summary>
    /// 2048·log2(<paramref name="x"/>) from the table, truncating <paramref name="x"/> to its 16 leading bits.
    /// Needs <paramref name="x"/> ≥ 2^16 (VIF only passes values ≥ 2^17).
    /// </summary>
    /// <remarks>Port of integer_vif.h: log2_64 (libvmaf f85a8536).</remarks>
    public static int Log2Of64(ReadOnlySpan<ushort> table, ulong x)
    {
        int k = 48 - System.Numerics.BitOperations.LeadingZeroCount(x);
        return table[(int)(x >> k)] + 2048 * k;
    }

    private static ushort[] BuildLog2()
    {
        ushort[] t = GC.AllocateArray<ushort>(65537, pinned: true);
        for (int i = 32767; i < 65536; i++)
        {
            float l = (float)Math.Log2(i) * 2048f;
            t[i] = (ushort)Math.Round(l, MidpointRounding.AwayFromZero);
        }

        return t;
    }
}

/// <summary>One <c>vpmaddwd</c> term of a filter: weights of taps <paramref name="Offset"/> and <paramref name="Offset"/> + 1.</summary>
/// <param name="Offset">The first tap's index in the filter window.</param>
/// <param name="Low">Its weight.</param>
/// <param name="High">The next tap's weight (0 where the window ends).</param>
internal readonly record struct TapPair(int Offset, short Low, short High);
