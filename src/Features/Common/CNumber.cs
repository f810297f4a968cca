using System.Globalization;

namespace VmafTiny.Features;

/// <summary>Numbers as C's <c>printf("%g")</c> prints them, for names libvmaf builds from option values.</summary>
internal static class CNumber
{
    /// <summary>
    /// <c>%g</c>: six significant digits, fixed notation when the decimal exponent is in [−4, 6), else
    /// <c>d.ddddde±XX</c>, trailing zeros and a trailing point removed (so 1.0 is "1", 0.03125 is "0.03125").
    /// </summary>
    public static string G(double value)
    {
        if (double.IsNaN(value))
        {
            return double.IsNegative(value) ? "-nan" : "nan";
        }

        if (double.IsInfinity(value))
        {
            return value < 0 ? "-inf" : "inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // The exponent after rounding to six significant digits decides the notation, as in C.
        string e = value.ToString("E5", CultureInfo.InvariantCulture);
        int at = e.IndexOf('E', StringComparison.Ordinal);
        int exponent = int.Parse(e.AsSpan(at + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= 6)
        {
            string mantissa = TrimZeros(e[..at]);
            string sign = exponent < 0 ? "-" : "+";
            return $"{mantissa}e{sign}{Math.Abs(exponent):00}";
        }

        return TrimZeros(value.ToString("F" + (5 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    private static string TrimZeros(string s) => s.Contains('.', StringComparison.Ordinal) ? s.TrimEnd('0').TrimEnd('.') : s;
}
