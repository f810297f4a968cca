using VmafTiny.Score;

namespace VmafTiny.Tests.Score;

/// <summary>PLCC, SROCC, RMSE and ranks against values worked out by hand.</summary>
public sealed class AgreementTests
{
    [Fact]
    public void Plcc_of_linear_and_anti_linear_series()
    {
        double[] x = [1, 2, 3, 4, 5];
        Assert.Equal(1.0, Agreement.Plcc(x, x.Select(v => (3 * v) + 7).ToArray()), 12);
        Assert.Equal(-1.0, Agreement.Plcc(x, x.Select(v => -v).ToArray()), 12);
        Assert.True(double.IsNaN(Agreement.Plcc(x, [2, 2, 2, 2, 2])));
    }

    [Fact]
    public void Plcc_matches_a_hand_computed_value()
    {
        // x mean 2, y mean 3: dx = (-1, 0, 1), dy = (-2, 2, 0); sum dx*dy = 2, sum dx^2 = 2, sum dy^2 = 8 -> 2 / sqrt(16).
        Assert.Equal(0.5, Agreement.Plcc([1, 2, 3], [1, 5, 3]), 12);
        // dx = dy up to order: (-1.5, -0.5, 0.5, 1.5) and (-1.5, 0.5, -0.5, 1.5); 4 / 5.
        Assert.Equal(0.8, Agreement.Plcc([1, 2, 3, 4], [1, 3, 2, 4]), 12);
    }

    [Fact]
    public void Ranks_average_ties()
    {
        Assert.Equal([1.0, 3.0, 3.0, 3.0, 5.0], Agreement.Ranks([10, 20, 20, 20, 30]));
        Assert.Equal([2.5, 1.0, 2.5], Agreement.Ranks([7, 3, 7]));
    }

    [Fact]
    public void Srocc_is_NaN_when_a_value_is_NaN()
    {
        // A NaN has no rank: it must not be ranked first and give a number (here 0.8 before the fix).
        Assert.True(double.IsNaN(Agreement.Srocc([double.NaN, 2, 3, 4], [1, 2, 3, 4])));
        Assert.True(double.IsNaN(Agreement.Srocc([1, 2, 3, 4], [1, double.NaN, 3, 4])));
    }

    [Fact]
    public void Srocc_is_rank_based()
    {
        double[] x = [1, 2, 3, 4, 5];
        Assert.Equal(1.0, Agreement.Srocc(x, x.Select(v => Math.Exp(v)).ToArray()), 12);
        Assert.Equal(-1.0, Agreement.Srocc(x, [9, 7, 5, 3, 1]), 12);
    }

    [Fact]
    public void Rmse_and_max_error()
    {
        Assert.Equal(Math.Sqrt((1 + 4 + 0) / 3.0), Agreement.Rmse([1, 2, 3], [2, 4, 3]), 12);
        Assert.Equal(2.0, Agreement.MaxAbsError([1, 2, 3], [2, 4, 3]));
        Assert.Throws<ArgumentException>(() => Agreement.Rmse([1], [1, 2]));
    }
}
