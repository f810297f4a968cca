using System.Buffers.Binary;
using Google.Protobuf;

namespace VmafTiny.Tests.Score.Tiny;

/// <summary>
/// A slow, obviously correct reading of an MLP-style ONNX file, for tests: it parses the protobuf by hand
/// (onnx.proto field numbers) and evaluates the graph's nodes in double precision, one row at a time.
/// Supports exactly the ops these graphs use: Sub, Div, Gemm, Relu, Squeeze.
/// </summary>
internal sealed class OnnxReference
{
    private readonly List<Node> _nodes = [];
    private readonly Dictionary<string, Tensor> _initializers = [];

    private OnnxReference(byte[] bytes)
    {
        var model = new CodedInputStream(bytes);
        uint tag;
        while ((tag = model.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 7)
            {
                ReadGraph(model.ReadBytes().ToByteArray());
            }
            else if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                IrVersion = model.ReadInt64();
            }
            else
            {
                model.SkipLastField();
            }
        }
    }

    /// <summary>The file's ONNX IR version.</summary>
    public long IrVersion { get; }

    /// <summary>Op types in graph order.</summary>
    public IEnumerable<string> OpTypes => _nodes.Select(n => n.Op);

    /// <summary>Initializer names and their dims.</summary>
    public IReadOnlyDictionary<string, long[]> InitializerDims => _initializers.ToDictionary(kv => kv.Key, kv => kv.Value.Dims);

    /// <summary>Float values of an initializer.</summary>
    public double[] Initializer(string name) => _initializers[name].Values;

    public static OnnxReference Read(string path) => new(File.ReadAllBytes(path));

    public static OnnxReference Read(byte[] bytes) => new(bytes);

    /// <summary>Evaluates the graph for one row of raw features; returns the single output value.</summary>
    /// <param name="features">The input row.</param>
    /// <param name="float32">
    /// Round every intermediate to float32 as the graph's element type prescribes (dot products accumulate
    /// with fused multiply-adds, then add the bias, as ONNX Runtime's CPU Gemm does); false: exact double math.
    /// </param>
    public double Evaluate(ReadOnlySpan<double> features, bool float32 = false)
    {
        const string inputName = "features", outputName = "vmaf";
        Func<double, double> round = float32 ? v => (float)v : v => v;
        var values = new Dictionary<string, double[]> { [inputName] = features.ToArray() };
        double[] Get(string n) => values.TryGetValue(n, out var v) ? v : _initializers[n].Values;
        foreach (var node in _nodes)
        {
            double[] result;
            switch (node.Op)
            {
                case "Sub":
                    result = Broadcast(Get(node.Inputs[0]), Get(node.Inputs[1]), (a, b) => round(a - b));
                    break;
                case "Div":
                    result = Broadcast(Get(node.Inputs[0]), Get(node.Inputs[1]), (a, b) => round(a / b));
                    break;
                case "Relu":
                    result = Get(node.Inputs[0]).Select(v => Math.Max(v, 0.0)).ToArray();
                    break;
                case "Squeeze":
                    result = Get(node.Inputs[0]);
                    break;
                case "Gemm":
                    result = Gemm(node, Get(node.Inputs[0]), round);
                    break;
                default:
                    throw new NotSupportedException($"op {node.Op}");
            }

            values[node.Output] = result;
        }

        var output = values[outputName];
        Assert.Single(output);
        return output[0];
    }

    private static double[] Broadcast(double[] a, double[] b, Func<double, double, double> f) =>
        a.Select((v, i) => f(v, b.Length == 1 ? b[0] : b[i])).ToArray();

    private double[] Gemm(Node node, double[] x, Func<double, double> round)
    {
        Assert.Equal(0, node.Ints.GetValueOrDefault("transA", 0));
        Assert.Equal(1.0, node.Floats.GetValueOrDefault("alpha", 1.0));
        Assert.Equal(1.0, node.Floats.GetValueOrDefault("beta", 1.0));
        var transB = node.Ints.GetValueOrDefault("transB", 0) == 1;
        var w = _initializers[node.Inputs[1]];
        var bias = _initializers[node.Inputs[2]].Values;
        var nOut = (int)(transB ? w.Dims[0] : w.Dims[1]);
        var nIn = (int)(transB ? w.Dims[1] : w.Dims[0]);
        Assert.Equal(nIn, x.Length);
        var y = new double[nOut];
        for (var o = 0; o < nOut; o++)
        {
            var s = 0.0;
            for (var i = 0; i < nIn; i++)
            {
                s = round(Math.FusedMultiplyAdd(transB ? w.Values[(o * nIn) + i] : w.Values[(i * nOut) + o], x[i], s));
            }

            y[o] = round(s + (bias.Length == 1 ? bias[0] : bias[o]));
        }

        return y;
    }

    private void ReadGraph(byte[] bytes)
    {
        var g = new CodedInputStream(bytes);
        uint tag;
        while ((tag = g.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    _nodes.Add(ReadNode(g.ReadBytes().ToByteArray()));
                    break;
                case 5:
                    var t = ReadTensor(g.ReadBytes().ToByteArray());
                    _initializers[t.Name] = t;
                    break;
                default:
                    g.SkipLastField();
                    break;
            }
        }
    }

    private static Node ReadNode(byte[] bytes)
    {
        var n = new Node();
        var s = new CodedInputStream(bytes);
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: n.Inputs.Add(s.ReadString()); break;
                case 2: n.Output = s.ReadString(); break;
                case 4: n.Op = s.ReadString(); break;
                case 5: ReadAttribute(s.ReadBytes().ToByteArray(), n); break;
                default: s.SkipLastField(); break;
            }
        }

        return n;
    }

    private static void ReadAttribute(byte[] bytes, Node n)
    {
        var s = new CodedInputStream(bytes);
        string name = "";
        float? f = null;
        long? i = null;
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: name = s.ReadString(); break;
                case 2: f = s.ReadFloat(); break;
                case 3: i = s.ReadInt64(); break;
                default: s.SkipLastField(); break;
            }
        }

        if (f is { } fv)
        {
            n.Floats[name] = fv;
        }

        if (i is { } iv)
        {
            n.Ints[name] = iv;
        }
    }

    private static Tensor ReadTensor(byte[] bytes)
    {
        var s = new CodedInputStream(bytes);
        var dims = new List<long>();
        var floats = new List<double>();
        int type = 0;
        string name = "";
        byte[] raw = [];
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                    {
                        var packed = new CodedInputStream(s.ReadBytes().ToByteArray());
                        while (!packed.IsAtEnd)
                        {
                            dims.Add(packed.ReadInt64());
                        }
                    }
                    else
                    {
                        dims.Add(s.ReadInt64());
                    }

                    break;
                case 2: type = s.ReadInt32(); break;
                case 4:
                    if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                    {
                        var packed = new CodedInputStream(s.ReadBytes().ToByteArray());
                        while (!packed.IsAtEnd)
                        {
                            floats.Add(packed.ReadFloat());
                        }
                    }
                    else
                    {
                        floats.Add(s.ReadFloat());
                    }

                    break;
                case 8: name = s.ReadString(); break;
                case 9: raw = s.ReadBytes().ToByteArray(); break;
                default: s.SkipLastField(); break;
            }
        }

        double[] values = type switch
        {
            1 when raw.Length > 0 => Enumerable.Range(0, raw.Length / 4)
                .Select(k => (double)BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(k * 4))).ToArray(),
            1 => [.. floats],
            7 => Enumerable.Range(0, raw.Length / 8).Select(k => (double)BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(k * 8))).ToArray(),
            _ => throw new NotSupportedException($"tensor {name}: data type {type}"),
        };
        return new Tensor(name, [.. dims], values);
    }

    private sealed record Tensor(string Name, long[] Dims, double[] Values);

    private sealed class Node
    {
        public List<string> Inputs { get; } = [];

        public string Output { get; set; } = "";

        public string Op { get; set; } = "";

        public Dictionary<string, long> Ints { get; } = [];

        public Dictionary<string, double> Floats { get; } = [];
    }
}
