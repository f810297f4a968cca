using System.Globalization;
using System.Text;

namespace VmafTiny;

/// <summary>
/// Makes text that came from a file or a file name safe to show on a terminal: every control character (C0,
/// DEL, C1), line or paragraph separator, invisible formatting character (bidirectional overrides, zero-width
/// marks) and unpaired surrogate becomes a visible escape such as <c>\x1b</c>, <c>\r</c> or <c>\u202e</c>, so a
/// file cannot move the cursor, recolour or retitle the terminal, or split a one-line message in two.
/// </summary>
/// <remarks>
/// Escaping is idempotent: an escaped string has no character left to escape. Backslashes are kept as they are,
/// since file names may hold them; an escape can therefore look like a name that spells one out, which costs
/// nothing but ambiguity.
/// </remarks>
public static class Printable
{
    /// <summary>Returns <paramref name="text"/> with every character a terminal would act on escaped.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        int first = FirstToEscape(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // A well-formed pair: a printable character outside the basic plane (an emoji, say).
                sb.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (!NeedsEscape(c))
            {
                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    sb.Append(c < 0x100
                        ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}")
                        : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Bytes read from a file (a header, a tag) as Latin-1 text, escaped.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes) => Escape(Encoding.Latin1.GetString(bytes));

    private static int FirstToEscape(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (NeedsEscape(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool NeedsEscape(char c)
    {
        if (c is >= ' ' and < (char)0x7f)
        {
            return false;
        }

        return char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse;
    }
}
