namespace VmafTiny.Features.Vif;

/// <summary>
/// The layout of one scale's <see cref="VifTables.Pairs"/> as compile-time constants, so the SIMD horizontal pass
/// (<see cref="VifSimd{TSimd, TVector}"/>) unrolls its tap pairs with constant load offsets. The weights stay in
/// <see cref="VifTables"/>; a test holds these shapes to the tables.
/// </summary>
internal interface IShape
{
    /// <summary>The scale (0..3).</summary>
    static abstract int Scale { get; }

    /// <summary>The filter's half-width: taps = 2·Half + 1.</summary>
    static abstract int Half { get; }

    /// <summary>The number of tap pairs: 9, 5, 3 or 2.</summary>
    static abstract int Pairs { get; }

    /// <summary>The window offset of pair <paramref name="index"/>'s first tap.</summary>
    static abstract int Offset(int index);
}

/// <summary>Scale 0: 17 taps, pairs at 0, 2, …, 16 (the last with a zero weight).</summary>
internal readonly struct Shape0 : IShape
{
    public static int Scale => 0;

    public static int Half => 8;

    public static int Pairs => 9;

    public static int Offset(int index) => 2 * index;
}

/// <summary>Scale 1: 9 taps, pairs at 0, 2, 4, 6, 8.</summary>
internal readonly struct Shape1 : IShape
{
    public static int Scale => 1;

    public static int Half => 4;

    public static int Pairs => 5;

    public static int Offset(int index) => 2 * index;
}

/// <summary>Scale 2: 5 taps, pairs at 0, 2, 4.</summary>
internal readonly struct Shape2 : IShape
{
    public static int Scale => 2;

    public static int Half => 2;

    public static int Pairs => 3;

    public static int Offset(int index) => 2 * index;
}

/// <summary>Scale 3: 3 taps, the centre (43728, too big for a signed word) split over pairs at 0 and 1.</summary>
internal readonly struct Shape3 : IShape
{
    public static int Scale => 3;

    public static int Half => 1;

    public static int Pairs => 2;

    public static int Offset(int index) => index;
}
