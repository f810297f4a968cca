using System.Numerics;
using System.Runtime.InteropServices;

namespace VmafTiny.Decode;

/// <summary>The largest sample of a plane, for the check against the declared bit depth.</summary>
internal static class SampleRange
{
    /// <summary>The largest value in <paramref name="samples"/> (0 when empty): a vector max, then the tail.</summary>
    public static int Max(ReadOnlySpan<ushort> samples)
    {
        var vectors = MemoryMarshal.Cast<ushort, Vector<ushort>>(samples);
        var acc = Vector<ushort>.Zero;
        foreach (Vector<ushort> v in vectors)
        {
            acc = Vector.Max(acc, v);
        }

        int max = 0;
        for (int i = 0; i < Vector<ushort>.Count; i++)
        {
            max = Math.Max(max, acc[i]);
        }

        for (int i = vectors.Length * Vector<ushort>.Count; i < samples.Length; i++)
        {
            max = Math.Max(max, samples[i]);
        }

        return max;
    }
}
