using VmafTiny.Features;

namespace VmafTiny.Score;

/// <summary>One frame's features and its model scores.</summary>
/// <param name="Features">The frame's features.</param>
/// <param name="Score">The first model's score (NaN when only features are computed).</param>
public readonly record struct FrameResult(FrameFeatures Features, double Score)
{
    private readonly IReadOnlyList<double>? _scores = [];

    /// <summary>Frame number in the scored sequence.</summary>
    public int Index => Features.Index;

    /// <summary>Every model's score, in the order the models were given (empty when only features are computed).</summary>
    /// <remarks>Never null: a <c>default</c> FrameResult (an array's fresh slots) has none, as does <c>Scores = null</c>.</remarks>
    public IReadOnlyList<double> Scores
    {
        get => _scores ?? [];
        init => _scores = value;
    }

    /// <summary>Equal when the features and every score are (the same doubles; NaN equals NaN).</summary>
    public bool Equals(FrameResult other) =>
        Features.Equals(other.Features) && Score.Equals(other.Score) && Scores.SequenceEqual(other.Scores);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Features, Score, Scores.Count);
}
