namespace VmafTiny.Train;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small generator written out here so that training bytes do not
/// depend on <see cref="Random"/>'s implementation, which .NET does not promise to keep.
/// </summary>
/// <remarks>Algorithms by Blackman and Vigna (public domain reference code at prng.di.unimi.it).</remarks>
internal struct Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the state from SplitMix64 over <paramref name="seed"/> and <paramref name="stream"/>.</summary>
    /// <remarks>Different streams of the same seed give unrelated sequences (one stream per fold).</remarks>
    public Rng(ulong seed, ulong stream)
    {
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A double uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer uniform in [0, <paramref name="n"/>) (Lemire's multiply-shift; bias below 2^-32).</summary>
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    /// <summary>Fisher–Yates shuffle of <paramref name="a"/>.</summary>
    public void Shuffle(int[] a)
    {
        for (var i = a.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
