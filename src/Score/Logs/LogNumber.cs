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

        // Digits of round_half_even(|value| * 10^decimals), an integer. The 128-bit and big-integer arithmetic sits in
        // helpers of its own: ReadyToRun cannot precompile a method that passes UInt128 to the framework, and the
        // BigInteger case (|value| >= 2^52) would load System.Runtime.Numerics for every log.
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
    private static int FractionDigits(ulong m, int shift, int decimals, Span<char> digits)
    {
        // m < 2^53 and 10^17 < 2^57, so the product fits in 110 bits.
        UInt128 product = (UInt128)m * PowersOfTen[decimals];
        UInt128 quotient;
        if (shift >= 111)
        {
            quotient = 0; // product < 2^110 <= half of 2^shift: rounds down to 0
        }
        else
        {
            quotient = product >> shift;
            UInt128 remainder = product - (quotient << shift);
            UInt128 half = UInt128.One << (shift - 1);
            if (remainder > half || (remainder == half && (quotient & 1) != 0))
            {
                quotient++;
            }
        }

        quotient.TryFormat(digits, out int count, default, CultureInfo.InvariantCulture);
        return count;
    }
}
