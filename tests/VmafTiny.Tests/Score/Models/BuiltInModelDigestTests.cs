using VmafTiny.Score.Svm;
using VmafTiny.Tests.Shipping;

namespace VmafTiny.Tests.Score.Models;

/// <summary>
/// The built-in models are read from digests of libvmaf's JSON (src/Score/Models/*.svm, so that a run does not load
/// System.Text.Json): each digest is the one its embedded JSON makes, and the model read from it is, field for field
/// and bit for bit, the model parsed from the JSON, with every flag.
/// To remake the digests after changing a JSON or the format: VMAF_TINY_WRITE_MODEL_DIGESTS=1 dotnet test --filter BuiltInModelDigestTests.
/// </summary>
public class BuiltInModelDigestTests
{
    public static IEnumerable<object[]> Ids => VmafSvmModel.BuiltInIds.Select(id => new object[] { id });

    public static IEnumerable<object[]> IdsAndFlags =>
        from id in VmafSvmModel.BuiltInIds
        from flags in new[] { ModelFlags.None, ModelFlags.DisableClip, ModelFlags.EnableTransform, ModelFlags.DisableClip | ModelFlags.EnableTransform }
        select new object[] { id, flags };

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_digest_is_the_one_its_json_makes(string id)
    {
        string expected = BuiltInModelDigest.Write(VmafSvmModel.ReadSpecification(VmafSvmModel.BuiltInJson(id), ModelFlags.EnableTransform));
        if (Environment.GetEnvironmentVariable("VMAF_TINY_WRITE_MODEL_DIGESTS") == "1")
        {
            File.WriteAllText(Path.Combine(Shipped.RepoRoot, "src", "Score", "Models", id + ".svm"), expected);
        }

        using Stream stream = typeof(VmafSvmModel).Assembly.GetManifestResourceStream($"VmafTiny.Score.Models.{id}.svm")
            ?? throw new InvalidOperationException($"no embedded digest for {id}");
        string embedded = new StreamReader(stream).ReadToEnd();
        Assert.True(expected == embedded, $"src/Score/Models/{id}.svm is not the digest of {id}.json: remake it (see this class's summary)");
    }

    [Theory]
    [MemberData(nameof(IdsAndFlags))]
    public void The_model_read_from_a_digest_is_the_model_parsed_from_its_json(string id, ModelFlags flags)
    {
        VmafSvmModel json = VmafSvmModel.Parse(VmafSvmModel.BuiltInJson(id), id, id, flags);
        VmafSvmModel digest = VmafSvmModel.BuiltIn(id, flags);

        Assert.Equal(json.Id, digest.Id);
        Assert.Equal(json.Features, digest.Features);
        Assert.Equal(json.FeatureOrder, digest.FeatureOrder);
        Assert.Equal(Bits(json.Slopes), Bits(digest.Slopes));
        Assert.Equal(Bits(json.Intercepts), Bits(digest.Intercepts));
        Assert.Equal(Bits(json.Svm.Gamma), Bits(digest.Svm.Gamma));
        Assert.Equal(Bits(json.Svm.Rho), Bits(digest.Svm.Rho));
        Assert.Equal(Bits(json.Svm.Coefficients), Bits(digest.Svm.Coefficients));
        Assert.Equal(Bits(json.Svm.Vectors), Bits(digest.Svm.Vectors));
        Assert.Equal(json.Svm.Dimensions, digest.Svm.Dimensions);
        Assert.Equal(json.Transform is null, digest.Transform is null);
        if (json.Transform is { } a && digest.Transform is { } b)
        {
            Assert.Equal(a with { Knots = null }, b with { Knots = null });
            Assert.Equal(a.Knots, b.Knots);
        }

        Assert.Equal(Bits(json.ClipMin), Bits(digest.ClipMin));
        Assert.Equal(Bits(json.ClipMax), Bits(digest.ClipMax));

        // And so the same scores, beyond the clip and through the transform.
        var random = new Random(11);
        for (int n = 0; n < 50; n++)
        {
            double[] inputs = [.. Enumerable.Range(0, json.Features.Count).Select(_ => random.NextDouble() * 1.2)];
            Assert.Equal(Bits(json.PredictInputs(inputs)), Bits(digest.PredictInputs(inputs)));
        }
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    private static long[] Bits(IReadOnlyList<double> values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
