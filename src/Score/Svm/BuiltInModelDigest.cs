using System.Globalization;
using System.Text;

namespace VmafTiny.Score.Svm;

/// <summary>
/// The built-in models as the CLI reads them at start: what libvmaf's JSON says (<see cref="VmafSvmModel.ModelSpecification"/>),
/// one item a line, then the libsvm text as the JSON's model string has it. Reading it needs no JSON parser, so a run
/// with a built-in model does not load System.Text.Json. The digests (Models/*.svm) are made from the embedded JSON by
/// <see cref="Write"/>; a test holds each to its JSON, and the model read from it to the model parsed from the JSON.
/// </summary>
/// <remarks>
/// <code>
/// vmaf-tiny model digest 1
/// feature VMAF_integer_feature_adm2_score adm_enhn_gain_limit=1.0     (one line per feature, its options after it)
/// slopes 0.012020766332648465 2.8098077502505414 ...                  (norm_type linear_rescale only)
/// intercepts -0.3092981927591963 ...
/// transform enabled=false p0=1.70674692 p1=1.72643844 p2=-0.00705305 knots=- out_lte_in=false out_gte_in=true
/// clip 0 100
/// libsvm
/// svm_type nu_svr ...                                                  (the rest of the file, verbatim)
/// </code>
/// Doubles are written round-trip ("R") and read back to the same bits; "-" is an absent term.
/// </remarks>
internal static class BuiltInModelDigest
{
    private const string Header = "vmaf-tiny model digest 1";
    private const string LibsvmLine = "libsvm";

    /// <summary>The model <paramref name="digest"/> describes, with <paramref name="flags"/> applied.</summary>
    /// <exception cref="InvalidOperationException">Not a digest this version writes (a build defect: the digests ship inside the assembly).</exception>
    public static VmafSvmModel Read(string digest, string id, ModelFlags flags)
    {
        int split = digest.IndexOf("\n" + LibsvmLine + "\n", StringComparison.Ordinal);
        string[] lines = split < 0 ? [] : digest[..split].Split('\n');
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new InvalidOperationException($"the built-in {id} model's digest is not one vmaf-tiny {Header[^1]} reads");
        }

        var names = new List<string>();
        var options = new List<KeyValuePair<string, string>[]>();
        double[]? slopes = null, intercepts = null, clip = null;
        VmafSvmModel.TransformSpec? transform = null;
        foreach (string line in lines.AsSpan(1))
        {
            string[] words = line.Split(' ');
            string[] rest = words[1..];
            switch (words[0])
            {
                case "feature":
                    names.Add(rest[0]);
                    var pairs = new KeyValuePair<string, string>[rest.Length - 1];
                    for (int i = 0; i < pairs.Length; i++)
                    {
                        pairs[i] = Pair(rest[i + 1]);
                    }

                    options.Add(pairs);
                    break;
                case "slopes":
                    slopes = Numbers(rest);
                    break;
                case "intercepts":
                    intercepts = Numbers(rest);
                    break;
                case "clip":
                    clip = Numbers(rest);
                    break;
                case "transform":
                    transform = ReadTransform(rest);
                    break;
                default:
                    throw new InvalidOperationException($"the built-in {id} model's digest has a line vmaf-tiny does not read: {line}");
            }
        }

        string libsvm = digest[(split + LibsvmLine.Length + 2)..];
        var spec = new VmafSvmModel.ModelSpecification([.. names], [.. options], slopes, intercepts, libsvm, transform, clip);
        return VmafSvmModel.Create(id, spec, flags);
    }

    /// <summary>The digest of <paramref name="spec"/> (read with its transform, <see cref="ModelFlags.EnableTransform"/>).</summary>
    /// <exception cref="ArgumentException">A name or option with a space or line break, which the digest cannot hold.</exception>
    public static string Write(VmafSvmModel.ModelSpecification spec)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (int i = 0; i < spec.FeatureNames.Length; i++)
        {
            text.Append("feature ").Append(Word(spec.FeatureNames[i]));
            foreach (var (key, value) in spec.Options[i])
            {
                text.Append(' ').Append(Word(key)).Append('=').Append(Word(value));
            }

            text.Append('\n');
        }

        if (spec.Slopes is { } slopes && spec.Intercepts is { } intercepts)
        {
            text.Append("slopes ").AppendJoin(' ', Array.ConvertAll(slopes, Format)).Append('\n');
            text.Append("intercepts ").AppendJoin(' ', Array.ConvertAll(intercepts, Format)).Append('\n');
        }

        if (spec.Transform is { } t)
        {
            string knots = t.Knots is { } k ? string.Join(',', Array.ConvertAll(k, p => Format(p.X) + ":" + Format(p.Y))) : "-";
            text.Append(CultureInfo.InvariantCulture,
                $"transform enabled={Bool(t.Enabled)} p0={Optional(t.P0)} p1={Optional(t.P1)} p2={Optional(t.P2)} knots={knots} out_lte_in={Bool(t.OutLteIn)} out_gte_in={Bool(t.OutGteIn)}\n");
        }

        if (spec.Clip is { } clip)
        {
            text.Append("clip ").AppendJoin(' ', Array.ConvertAll(clip, Format)).Append('\n');
        }

        return text.Append(LibsvmLine).Append('\n').Append(spec.Libsvm).ToString();
    }

    private static VmafSvmModel.TransformSpec ReadTransform(string[] fields)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string field in fields)
        {
            var (key, value) = Pair(field);
            values.Add(key, value);
        }

        (double X, double Y)[]? knots = null;
        if (values["knots"] != "-")
        {
            string[] points = values["knots"].Split(',');
            knots = new (double X, double Y)[points.Length];
            for (int i = 0; i < points.Length; i++)
            {
                int colon = points[i].IndexOf(':');
                knots[i] = (Number(points[i][..colon]), Number(points[i][(colon + 1)..]));
            }
        }

        return new VmafSvmModel.TransformSpec(
            values["enabled"] == "true", OptionalNumber(values["p0"]), OptionalNumber(values["p1"]), OptionalNumber(values["p2"]), knots,
            values["out_lte_in"] == "true", values["out_gte_in"] == "true");
    }

    private static KeyValuePair<string, string> Pair(string field)
    {
        int equals = field.IndexOf('=');
        return equals > 0
            ? new KeyValuePair<string, string>(field[..equals], field[(equals + 1)..])
            : throw new InvalidOperationException($"the built-in model digest has '{field}' where key=value belongs");
    }

    // Loops, not Array.ConvertAll or LINQ: generic instantiations over primitives are JIT-compiled at start.
    private static double[] Numbers(string[] words)
    {
        var values = new double[words.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Number(words[i]);
        }

        return values;
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double? OptionalNumber(string text) => text == "-" ? null : Number(text);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Optional(double? value) => value is double v ? Format(v) : "-";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Word(string text) =>
        text.Length > 0 && text.AsSpan().IndexOfAny(" \n\r=") < 0 ? text : throw new ArgumentException($"'{text}' cannot be written in a model digest");
}
