using VmafTiny.Score.Tiny;
using VmafTiny.Train;

namespace VmafTiny.Tests.Score.Tiny;

/// <summary>Loading refuses models whose bytes, sidecar, registry entry or graph do not match what is trusted.</summary>
public sealed class ModelTrustTests
{
    [Fact]
    public void A_well_formed_model_loads()
    {
        using var dir = new TempDir();
        using var scorer = OnnxScorer.Load(TinyModels.Write(dir.Path, "good", TinyModels.HandMade()), null);
        Assert.Equal("good", scorer.LogKey);
    }

    [Fact]
    public void Model_with_one_byte_changed_is_refused()
    {
        using var dir = new TempDir();
        var path = TinyModels.Write(dir.Path, "tampered", TinyModels.HandMade());
        var bytes = File.ReadAllBytes(path);
        bytes[^40] ^= 0x01; // inside the last initializer's float data: still a valid graph, other weights
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null));
        Assert.Contains("sha256", ex.Message);
        Assert.Contains("tampered.json", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Upstream_model_with_one_byte_changed_is_refused()
    {
        using var dir = new TempDir();
        foreach (var f in new[] { "vmaf_tiny_v2.onnx", "vmaf_tiny_v2.json" })
        {
            File.Copy(Path.Combine(TinyModels.UpstreamDirectory, f), Path.Combine(dir.Path, f));
        }

        var path = Path.Combine(dir.Path, "vmaf_tiny_v2.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x80;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("sha256", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null)).Message);
    }

    [Fact]
    public void Model_whose_graph_has_the_wrong_input_shape_is_refused_even_with_a_true_sha256()
    {
        using var dir = new TempDir();
        // Five inputs; the sidecar (true sha256) still claims the [-1, 6] contract.
        var path = TinyModels.Write(dir.Path, "five", TinyModels.HandMade(inputs: 5), m => m with
        {
            InputMean = [0, 0, 0, 0, 0, 0],
            InputStd = [1, 1, 1, 1, 1, 1],
        });

        var ex = Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null));
        Assert.Contains("graph does not match the vmaf_tiny contract", ex.Message);
        Assert.Contains("[-1, 5]", ex.Message);
    }

    [Fact]
    public void Model_whose_graph_has_a_fixed_batch_size_is_refused()
    {
        using var dir = new TempDir();
        var model = TinyModels.HandMade();

        // The input's batch dimension, dim_param "N", becomes dim_value 1; every enclosing length is re-encoded.
        var bytes = Rewrite(OnnxExporter.Export(model, "fixed"), [], dim => dim.SequenceEqual(new byte[] { 0x12, 0x01, (byte)'N' }) ? [0x08, 0x01] : dim);
        var path = Path.Combine(dir.Path, "fixed.onnx");
        File.WriteAllBytes(path, bytes);
        File.WriteAllBytes(Path.Combine(dir.Path, "fixed.json"), TinyModels.Manifest("fixed", bytes, model).ToSidecarBytes());

        var ex = Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null));
        Assert.Contains("'features' has shape [1, 6]", ex.Message);
    }

    [Theory]
    [InlineData("input_shape")]
    [InlineData("output_shape")]
    [InlineData("features")]
    [InlineData("input_name")]
    [InlineData("output_name")]
    [InlineData("kind")]
    public void Sidecar_declaring_another_contract_is_refused(string key)
    {
        using var dir = new TempDir();
        var path = TinyModels.Write(dir.Path, "declared", TinyModels.HandMade(), m => key switch
        {
            "input_shape" => m with { InputShape = [-1, 7] },
            "output_shape" => m with { OutputShape = [-1, 1] },
            "features" => m with { Features = ["vif_scale0", "adm2", "vif_scale1", "vif_scale2", "vif_scale3", "motion2"] },
            "input_name" => m with { InputName = "x" },
            "output_name" => m with { OutputName = "score" },
            _ => m with { Kind = "nr" },
        });

        var ex = Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null));
        Assert.Contains("does not match the vmaf_tiny contract", ex.Message);
        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void Model_without_a_sidecar_is_refused()
    {
        using var dir = new TempDir();
        var path = TinyModels.Write(dir.Path, "lonely", TinyModels.HandMade());
        File.Delete(Path.ChangeExtension(path, ".json"));
        Assert.Contains("sidecar", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null)).Message);
    }

    [Fact]
    public void Sidecar_for_another_file_is_refused()
    {
        using var dir = new TempDir();
        var path = TinyModels.Write(dir.Path, "this", TinyModels.HandMade(), m => m with { Onnx = "that.onnx" });
        Assert.Contains("'that.onnx'", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null)).Message);
    }

    [Fact]
    public void Registry_entry_is_the_trusted_one_and_must_agree_with_the_sidecar()
    {
        using var dir = new TempDir();
        var model = TinyModels.HandMade();
        var path = TinyModels.Write(dir.Path, "listed", model);
        var manifest = TinyModels.Manifest("listed", File.ReadAllBytes(path), model);
        var registryPath = Path.Combine(dir.Path, ModelRegistry.FileName);

        File.WriteAllBytes(registryPath, ModelRegistry.Upsert([], manifest, registryPath));
        using (OnnxScorer.Load(path, null))
        {
        }

        File.WriteAllBytes(registryPath, ModelRegistry.Upsert([], manifest with { Sha256 = new string('0', 64) }, registryPath));
        Assert.Contains("disagree", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null)).Message);

        File.WriteAllBytes(registryPath, ModelRegistry.Upsert([], manifest with { Id = "other" }, registryPath));
        Assert.Contains("not listed", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null)).Message);
    }

    [Fact]
    public void File_that_is_not_onnx_is_refused_with_one_line()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "junk.onnx");
        byte[] junk = [.. "this is not a model\nat all\n"u8];
        File.WriteAllBytes(path, junk);
        File.WriteAllBytes(Path.Combine(dir.Path, "junk.json"), TinyModels.Manifest("junk", junk, TinyModels.HandMade()).ToSidecarBytes());
        var ex = Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null));
        Assert.Contains("ONNX Runtime cannot load", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Malformed_sidecar_is_refused()
    {
        using var dir = new TempDir();
        var path = TinyModels.Write(dir.Path, "broken", TinyModels.HandMade());
        File.WriteAllText(Path.ChangeExtension(path, ".json"), "{\"id\": \"broken\", \"kind\": \"fr\"}");
        Assert.Contains("'onnx'", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, null)).Message);
    }

    [Fact]
    public void Missing_model_file_is_refused()
    {
        using var dir = new TempDir();
        Assert.Contains("not found", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(Path.Combine(dir.Path, "none.onnx"), null)).Message);
    }

    /// <summary>
    /// Re-serialises a protobuf message, passing the first dimension of the graph input's shape
    /// (ModelProto.graph 7 > GraphProto.input 11 > ValueInfoProto.type 2 > TypeProto.tensor_type 1 > shape 2 > dim 1)
    /// through <paramref name="edit"/>; enclosing lengths are recomputed.
    /// </summary>
    private static byte[] Rewrite(byte[] message, int[] path, Func<byte[], byte[]> edit)
    {
        int[] target = [7, 11, 2, 1, 2, 1];
        var r = new Google.Protobuf.CodedInputStream(message);
        using var ms = new MemoryStream();
        var w = new Google.Protobuf.CodedOutputStream(ms);
        var edited = false;
        uint tag;
        while ((tag = r.ReadTag()) != 0)
        {
            w.WriteTag(tag);
            switch (Google.Protobuf.WireFormat.GetTagWireType(tag))
            {
                case Google.Protobuf.WireFormat.WireType.Varint:
                    w.WriteUInt64(r.ReadUInt64());
                    break;
                case Google.Protobuf.WireFormat.WireType.Fixed32:
                    w.WriteFixed32(r.ReadFixed32());
                    break;
                case Google.Protobuf.WireFormat.WireType.Fixed64:
                    w.WriteFixed64(r.ReadFixed64());
                    break;
                default:
                    var bytes = r.ReadBytes().ToByteArray();
                    int[] here = [.. path, Google.Protobuf.WireFormat.GetTagFieldNumber(tag)];
                    if (here.SequenceEqual(target) && !edited)
                    {
                        bytes = edit(bytes);
                        edited = true;
                    }
                    else if (here.Length < target.Length && target.AsSpan(0, here.Length).SequenceEqual(here))
                    {
                        bytes = Rewrite(bytes, here, edit);
                    }

                    w.WriteBytes(Google.Protobuf.ByteString.CopyFrom(bytes));
                    break;
            }
        }

        w.Flush();
        return ms.ToArray();
    }
}
