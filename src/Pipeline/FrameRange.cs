using System.Globalization;

namespace VmafTiny;

/// <summary>
/// Frames [<see cref="Start"/>, <see cref="End"/>) of a pair: a segment of a whole run, numbered as the whole run's
/// log numbers frames (after the frame skips). <see cref="End"/> null runs to the end. The CLI writes it
/// <c>A:B</c> (<c>--frames 0:1000</c>, <c>--frames 1000:</c>).
/// </summary>
/// <param name="Start">The first frame.</param>
/// <param name="End">One past the last frame, or null for the end of the videos.</param>
public readonly record struct FrameRange(int Start, int? End)
{
    /// <summary>Reads <c>A:B</c> or <c>A:</c> (A ≥ 0, B > A).</summary>
    /// <exception cref="VmafTinyException">The text is not such a range (one line saying why).</exception>
    public static FrameRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new VmafTinyException($"frame range '{Printable.Escape(text)}' is not A:B (frames A to B-1) or A: (from A to the end)");
        }

        if (!int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int start))
        {
            throw new VmafTinyException($"frame range '{Printable.Escape(text)}': '{Printable.Escape(text[..colon])}' is not a frame number");
        }

        string rest = text[(colon + 1)..];
        if (rest.Length == 0)
        {
            return new FrameRange(start, null);
        }

        if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int end))
        {
            throw new VmafTinyException($"frame range '{Printable.Escape(text)}': '{Printable.Escape(rest)}' is not a frame number");
        }

        if (end <= start)
        {
            throw new VmafTinyException($"frame range '{Printable.Escape(text)}' is empty: the end ({end}) must be after the start ({start}); frames A:B are A to B-1");
        }

        return new FrameRange(start, end);
    }

    /// <summary><c>A:B</c> or <c>A:</c>.</summary>
    public override string ToString() => End is int end
        ? string.Create(CultureInfo.InvariantCulture, $"{Start}:{end}")
        : string.Create(CultureInfo.InvariantCulture, $"{Start}:");
}
