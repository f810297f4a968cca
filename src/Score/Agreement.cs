namespace VmafTiny.Score;

/// <summary>Agreement between two series (a model and its teacher, two logs of one video): PLCC, SROCC, RMSE, largest error.</summary>
public static class Agreement
{
    /// <summary>Pearson's linear correlation; NaN when either side is constant.</summary>
    public static double Plcc(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckLengths(a, b);
        var n = a.Length;
        double ma = 0, mb = 0;
        for (var i = 0; i < n; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < n; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }

        return saa == 0 || sbb == 0 ? double.NaN : sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>Spearman's rank correlation: Pearson's over ranks, ties given their average rank; NaN when either side is constant or has a NaN (which has no rank).</summary>
    public static double Srocc(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckLengths(a, b);
        return HasNaN(a) || HasNaN(b) ? double.NaN : Plcc(Ranks(a), Ranks(b));
    }

    private static bool HasNaN(ReadOnlySpan<double> v)
    {
        foreach (double x in v)
        {
            if (double.IsNaN(x))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Root mean squared difference.</summary>
    public static double Rmse(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckLengths(a, b);
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            s += d * d;
        }

        return Math.Sqrt(s / a.Length);
    }

    /// <summary>Largest absolute difference.</summary>
    public static double MaxAbsError(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckLengths(a, b);
        var m = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]));
        }

        return m;
    }

    /// <summary>1-based ranks, ties averaged.</summary>
    public static double[] Ranks(ReadOnlySpan<double> v)
    {
        var n = v.Length;
        var idx = new int[n];
        var keys = v.ToArray();
        for (var i = 0; i < n; i++)
        {
            idx[i] = i;
        }

        Array.Sort(keys, idx);
        var ranks = new double[n];
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && keys[j + 1] == keys[i])
            {
                j++;
            }

            var r = ((i + j) / 2.0) + 1.0;
            for (var k = i; k <= j; k++)
            {
                ranks[idx[k]] = r;
            }

            i = j + 1;
        }

        return ranks;
    }

    private static void CheckLengths(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length || a.Length == 0)
        {
            throw new ArgumentException("the two series must be non-empty and of equal length");
        }
    }
}
