using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VmafTiny.Score.Logs;

/// <summary>
/// How log numbers are printed: <see cref="Libvmaf"/> (the default), <see cref="Max"/>, or a fixed number of
/// <see cref="Decimals">decimals</see>. The fps figure is a timing and is always printed with two decimals.
/// </summary>
public readonly record struct LogPrecision
{
    /// <summary>The most decimals <see cref="Decimals"/> takes.</summary>
    public const int MaxDecimals = 17;

    // 0: libvmaf, -1: max, n + 1: n decimals. default(LogPrecision) is libvmaf's.
    private readonly int _code;

    private LogPrecision(int code) => _code = code;

    /// <summary>
    /// As libvmaf prints numbers: <c>%.6f</c>, or <c>%.16f</c> when the fraction has more than six leading zeros.
    /// Compact and comparable with libvmaf's files, but it does not give back the computed doubles.
    /// </summary>
    public static LogPrecision Libvmaf => default;

    /// <summary>
    /// The shortest text that parses back to the same double (for example <c>0.93425227977896075</c> or
    /// <c>1E-07</c>), so a log can be checked bit for bit.
    /// </summary>
    public static LogPrecision Max => new(-1);

    /// <summary>True for <see cref="Max"/>.</summary>
    public bool IsMax => _code == -1;

    /// <summary>The fixed number of decimals, or null for <see cref="Libvmaf"/> and <see cref="Max"/>.</summary>
    public int? FixedDecimals => _code > 0 ? _code - 1 : null;

    /// <summary>Every number printed as <c>%.Nf</c>, N = <paramref name="decimals"/> (0..17).</summary>
    public static LogPrecision Decimals(int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, MaxDecimals);
        return new LogPrecision(decimals + 1);
    }

    /// <summary>Reads "libvmaf", "max" or a number of decimals (0..17), as the CLI's <c>--precision</c> takes them.</summary>
    public static bool TryParse(string? text, out LogPrecision precision)
    {
        precision = default;
        switch (text)
        {
            case "libvmaf":
                return true;
            case "max":
                precision = Max;
                return true;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
            && n <= MaxDecimals)
        {
            precision = Decimals(n);
            return true;
        }

        return false;
    }

    /// <summary>"libvmaf", "max" or the number of decimals.</summary>
    public override string ToString() => _code switch
    {
        0 => "libvmaf",
        -1 => "max",
        _ => (_code - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Number formatting for the logs, character for character as libvmaf's glibc <c>printf</c> writes it.</summary>
public static class LogNumber
{
    /// <summary>Enough room for any number this class writes (%.17f of the largest double is 327 characters).</summary>
    public const int MaxLength = 340;

    private static readonly ulong[] PowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000,
    ];

    /// <summary>
    /// libvmaf's choice of format: the number of times the fractional part of |x| must be multiplied by 10 to
    /// reach 1 (0 for a whole number).
    /// </summary>
    /// <remarks>
    /// Port of <c>output.c: count_leading_zeros_d</c> (libvmaf f85a8536), with the same double multiplications.
    /// Its <c>(int)x</c> is undefined in C for |x| ≥ 2^31 (x86 gives INT_MIN, leaving a fraction ≥ 1); both give 0
    /// here, as on x86. NaN and infinity give 0.
    /// </remarks>
    public static int LeadingZeros(double x)
    {
        double a = Math.Abs(x);
        if (!(a < 2147483648.0))
        {
            return 0;
        }

        double fraction = a - (int)a;
        int count = 0;
        while (fraction < 1.0 && fraction != 0)
        {
            fraction *= 10;
            count++;
        }

        return count;
    }

    /// <summary>
    /// Writes <paramref name="value"/> as libvmaf does for a metric: <c>%.6f</c> when
    /// <see cref="LeadingZeros"/> ≤ 6, else <c>%.16f</c>; for <see cref="LogPrecision.Max"/>, the shortest
    /// round-trip form; for <see cref="LogPrecision.Decimals"/>, <c>%.Nf</c>. NaN and infinities are written as glibc prints them (nan, -nan, inf, -inf); the JSON writer
    /// writes <c>null</c> for them instead.
    /// </summary>
    /// <returns>The number of characters written.</returns>
    public static int Format(double value, LogPrecision precision, Span<char> destination)
    {
        if (precision.IsMax && double.IsFinite(value))
        {
            return value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture)
                ? written
                : throw new ArgumentException("destination too small", nameof(destination));
        }

        int decimals = precision.FixedDecimals ?? (LeadingZeros(value) <= 6 ? 6 : 16);
        return FormatFixed(value, decimals, destination);
    }

    /// <summary>
    /// Writes <paramref name="value"/> as glibc's <c>printf("%.Nf")</c> does, N = <paramref name="decimals"/>
    /// (0..17): the exact binary value rounded half to even, a minus sign for every negative value including −0,
    /// and nan, -nan, inf, -inf for the non-finite ones.
    /// </summary>
    /// <returns>The number of characters written.</returns>
    public static int FormatFixed(double value, int decimals, Span<char> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, LogPrecision.MaxDecimals);
        bool negative = double.IsNegative(value);
        if (!double.IsFinite(value))
        {
            string text = double.IsNaN(value) ? (negative ? "-nan" : "nan") : (negative ? "-inf" : "inf");
            text.CopyTo(destination);
            return text.Length;
        }

        // value = m * 2^e exactly.
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        int biased = (int)((bits >> 52) & 0x7FF);
        ulong m = bits & ((1UL << 52) - 1);
        int e;
        if (biased == 0)
        {
            e = -1074;
        }
        else
        {
            m |= 1UL << 52;
            e = biased - 1075;
        }

        // Digits of round_half_even(|value| * 10^decimals), an integer. |value| >= 2^52 takes BigInteger, in a method of
        // its own so that logs of ordinary values do not load System.Runtime.Numerics; the rest takes 128-bit arithmetic
        // on two ulongs (UInt128 cannot be precompiled: ReadyToRun leaves methods that use it to the JIT).
        Span<char> digits = stackalloc char[MaxLength];
        int count = e >= 0 ? WholeDigits(m, e, decimals, digits) : FractionDigits(m, -e, decimals, digits);

        // Lay out [-]int.frac, with at least one integer digit.
        int position = 0;
        if (negative)
        {
            destination[position++] = '-';
        }

        int integerDigits = count - decimals;
        if (integerDigits <= 0)
        {
            destination[position++] = '0';
        }
        else
        {
            digits[..integerDigits].CopyTo(destination[position..]);
            position += integerDigits;
        }

        if (decimals > 0)
        {
            destination[position++] = '.';
            for (int i = integerDigits; i < 0; i++)
            {
                destination[position++] = '0';
            }

            ReadOnlySpan<char> fraction = digits[Math.Max(integerDigits, 0)..count];
            fraction.CopyTo(destination[position..]);
            position += fraction.Length;
        }

        return position;
    }

    /// <summary>The digits of m * 2^e * 10^decimals (e >= 0), an integer.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int WholeDigits(ulong m, int e, int decimals, Span<char> digits)
    {
        BigInteger scaled = (new BigInteger(m) << e) * BigInteger.Pow(10, decimals);
        return scaled.TryFormat(digits, out int count, default, CultureInfo.InvariantCulture)
            ? count
            : throw new InvalidOperationException("number too long");
    }

    /// <summary>The digits of m * 10^decimals / 2^shift (shift >= 1), rounded half to even.</summary>
    /// <remarks>
    /// 128-bit arithmetic on two ulongs: UInt128 would keep this from being precompiled and JIT-compile a dozen of its
    /// operators at every start.
    /// </remarks>
    private static int FractionDigits(ulong m, int shift, int decimals, Span<char> digits)
    {
        // m < 2^53 and 10^17 < 2^57, so the product fits in 110 bits: high < 2^46.
        ulong high = MultiplyFull(m, PowersOfTen[decimals], out ulong low);
        ulong quotientHigh = 0, quotientLow;
        bool roundUp;
        if (shift >= 111)
        {
            quotientLow = 0; // product < 2^110 <= half of 2^shift: rounds down to 0
            roundUp = false;
        }
        else if (shift < 64)
        {
            quotientHigh = high >> shift;
            quotientLow = (low >> shift) | (high << (64 - shift));
            ulong remainder = low & ((1UL << shift) - 1);
            ulong half = 1UL << (shift - 1);
            roundUp = remainder > half || (remainder == half && (quotientLow & 1) != 0);
        }
        else
        {
            // The remainder is (high mod 2^s, low), half of 2^shift is (2^(s-1), 0), or (0, 2^63) when s is 0.
            int s = shift - 64;
            quotientLow = high >> s;
            ulong remainderHigh = s == 0 ? 0 : high & ((1UL << s) - 1);
            ulong halfHigh = s == 0 ? 0 : 1UL << (s - 1);
            ulong halfLow = s == 0 ? 1UL << 63 : 0;
            bool above = remainderHigh > halfHigh || (remainderHigh == halfHigh && low > halfLow);
            bool tie = remainderHigh == halfHigh && low == halfLow;
            roundUp = above || (tie && (quotientLow & 1) != 0);
        }

        if (roundUp && ++quotientLow == 0)
        {
            quotientHigh++;
        }

        return Decimal(quotientHigh, quotientLow, digits);
    }

    /// <summary>a * b as high * 2^64 + low.</summary>
    /// <remarks>
    /// Math.BigMul does the same, but its code depends on BMI2 (mulx), and ReadyToRun code compiled for crossgen2's
    /// baseline (x86-64-v2) that depends on an instruction set beyond it is rejected by the runtime on CPUs that have
    /// it: <see cref="FractionDigits"/> was JIT-compiled at every start. Four 32-bit partial products instead.
    /// </remarks>
    private static ulong MultiplyFull(ulong a, ulong b, out ulong low)
    {
        ulong aLow = (uint)a, aHigh = a >> 32, bLow = (uint)b, bHigh = b >> 32;
        ulong lowLow = aLow * bLow, highLow = aHigh * bLow, lowHigh = aLow * bHigh, highHigh = aHigh * bHigh;
        ulong middle = (lowLow >> 32) + (uint)highLow + (uint)lowHigh;    // < 3 * 2^32: no overflow
        low = (middle << 32) | (uint)lowLow;
        return highHigh + (highLow >> 32) + (lowHigh >> 32) + (middle >> 32);
    }

    /// <summary>The decimal digits of high * 2^64 + low, without leading zeros ("0" for 0).</summary>
    private static int Decimal(ulong high, ulong low, Span<char> digits)
    {
        const uint Billion = 1_000_000_000;
        if (high == 0)
        {
            low.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
            return written;
        }

        // Base-10^9 groups, least significant first, by long division of the four 32-bit limbs (2^128 < 10^45).
        Span<uint> limbs = [(uint)(high >> 32), (uint)high, (uint)(low >> 32), (uint)low];
        Span<uint> groups = stackalloc uint[5];
        int count = 0;
        bool more = true;
        while (more)
        {
            ulong remainder = 0;
            more = false;
            for (int i = 0; i < limbs.Length; i++)
            {
                ulong current = (remainder << 32) | limbs[i];
                limbs[i] = (uint)(current / Billion);
                remainder = current % Billion;
                more |= limbs[i] != 0;
            }

            groups[count++] = (uint)remainder;
        }

        groups[count - 1].TryFormat(digits, out int length, default, CultureInfo.InvariantCulture);
        for (int g = count - 2; g >= 0; g--)
        {
            groups[g].TryFormat(digits[length..], out int n, "D9", CultureInfo.InvariantCulture);
            length += n;
        }

        return length;
    }
}
