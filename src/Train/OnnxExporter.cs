using System.Buffers.Binary;
using Google.Protobuf;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Train;

/// <summary>
/// Writes an <see cref="MlpModel"/> as a one-file ONNX model (IR 8, opset 17, weights inline):
/// <c>features</c> [N, in] → Sub(mean) → Div(std) → Gemm → Relu → … → Gemm → Squeeze(axis 1) → <c>vmaf</c> [N].
/// </summary>
/// <remarks>
/// Hand-rolled protobuf (field numbers from onnx/onnx.proto), fields in ascending order, no timestamps or
/// host names: the same model gives the same bytes. Gemm uses transB=1 with weights stored [out, in].
/// </remarks>
public static class OnnxExporter
{
    /// <summary>ONNX IR version written (IR 8 is the one that goes with opset 17).</summary>
    public const long IrVersion = 8;

    /// <summary>The producer name in the file.</summary>
    public const string ProducerName = "vmaf-tiny";

    /// <summary>
    /// The exporter's format revision, written as producer_version; bump it when the bytes this exporter
    /// writes for the same model change.
    /// </summary>
    public const string ProducerVersion = "1";

    // onnx.proto field numbers.
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelDocString = 6, ModelGraph = 7, ModelOpsetImport = 8;
    private const int OpsetDomain = 1, OpsetVersion = 2;
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    private const int AttrName = 1, AttrI = 3, AttrType = 20, AttrTypeInt = 2;
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    private const int ElemFloat = 1, ElemInt64 = 7;
    private const int ValueInfoName = 1, ValueInfoType = 2, TypeTensor = 1, TypeElemType = 1, TypeShape = 2;
    private const int ShapeDim = 1, DimValue = 1, DimParam = 2;

    /// <summary>Serialises <paramref name="model"/>; <paramref name="graphName"/> is usually the model id.</summary>
    /// <exception cref="ArgumentException">The model's last layer does not have one output.</exception>
    public static byte[] Export(MlpModel model, string graphName, string docString = "")
    {
        if (model.LayerSizes[^1] != 1)
        {
            throw new ArgumentException("the last layer must have one output (the score)", nameof(model));
        }

        var w = new ProtoWriter();
        w.Int64(ModelIrVersion, IrVersion);
        w.String(ModelProducerName, ProducerName);
        w.String(ModelProducerVersion, ProducerVersion);
        if (docString.Length > 0)
        {
            w.String(ModelDocString, docString);
        }

        w.Message(ModelGraph, g => WriteGraph(g, model, graphName));
        w.Message(ModelOpsetImport, o =>
        {
            o.String(OpsetDomain, "");
            o.Int64(OpsetVersion, ModelContract.Opset);
        });
        return w.ToArray();
    }

    private static void WriteGraph(ProtoWriter g, MlpModel model, string graphName)
    {
        var layers = model.Weights.Length;
        Node(g, "sub", "Sub", [ModelContract.InputName, "mean"], "centered");
        Node(g, "div", "Div", ["centered", "std"], "scaled");
        var previous = "scaled";
        for (var l = 0; l < layers; l++)
        {
            var fc = $"fc{l + 1}";
            var output = l < layers - 1 ? fc : "score2d";
            Node(g, fc, "Gemm", [previous, $"{fc}.weight", $"{fc}.bias"], output, ("transB", 1));
            previous = output;
            if (l < layers - 1)
            {
                Node(g, $"relu{l + 1}", "Relu", [fc], $"relu{l + 1}");
                previous = $"relu{l + 1}";
            }
        }

        Node(g, "squeeze", "Squeeze", [previous, "squeeze_axes"], ModelContract.OutputName);
        g.String(GraphName, graphName);

        FloatTensor(g, "mean", [model.LayerSizes[0]], model.Mean);
        FloatTensor(g, "std", [model.LayerSizes[0]], model.Std);
        for (var l = 0; l < layers; l++)
        {
            FloatTensor(g, $"fc{l + 1}.weight", [model.LayerSizes[l + 1], model.LayerSizes[l]], model.Weights[l]);
            FloatTensor(g, $"fc{l + 1}.bias", [model.LayerSizes[l + 1]], model.Biases[l]);
        }

        g.Message(GraphInitializer, t =>
        {
            t.Int64(TensorDims, 1);
            t.Int64(TensorDataType, ElemInt64);
            t.String(TensorName, "squeeze_axes");
            var raw = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(raw, 1);
            t.Bytes(TensorRawData, raw);
        });

        ValueInfo(g, GraphInput, ModelContract.InputName, model.LayerSizes[0]);
        ValueInfo(g, GraphOutput, ModelContract.OutputName, null);
    }

    private static void Node(ProtoWriter g, string name, string op, string[] inputs, string output, params (string Name, long Value)[] ints)
    {
        g.Message(GraphNode, n =>
        {
            foreach (var i in inputs)
            {
                n.String(NodeInput, i);
            }

            n.String(NodeOutput, output);
            n.String(NodeName, name);
            n.String(NodeOpType, op);
            foreach (var (attr, value) in ints)
            {
                n.Message(NodeAttribute, a =>
                {
                    a.String(AttrName, attr);
                    a.Int64(AttrI, value);
                    a.Int64(AttrType, AttrTypeInt);
                });
            }
        });
    }

    private static void FloatTensor(ProtoWriter g, string name, long[] dims, float[] values)
    {
        g.Message(GraphInitializer, t =>
        {
            foreach (var d in dims)
            {
                t.Int64(TensorDims, d);
            }

            t.Int64(TensorDataType, ElemFloat);
            t.String(TensorName, name);
            var raw = new byte[values.Length * 4];
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
            }

            t.Bytes(TensorRawData, raw);
        });
    }

    /// <summary>A float tensor value: [N, <paramref name="width"/>], or [N] when width is null.</summary>
    private static void ValueInfo(ProtoWriter g, int field, string name, int? width)
    {
        g.Message(field, v =>
        {
            v.String(ValueInfoName, name);
            v.Message(ValueInfoType, type => type.Message(TypeTensor, tensor =>
            {
                tensor.Int64(TypeElemType, ElemFloat);
                tensor.Message(TypeShape, shape =>
                {
                    shape.Message(ShapeDim, d => d.String(DimParam, "N"));
                    if (width is { } wd)
                    {
                        shape.Message(ShapeDim, d => d.Int64(DimValue, wd));
                    }
                });
            }));
        });
    }

    /// <summary>A protobuf message under construction (nested messages are built first, then length-prefixed).</summary>
    private sealed class ProtoWriter
    {
        private readonly MemoryStream _ms = new();
        private readonly CodedOutputStream _out;

        public ProtoWriter() => _out = new CodedOutputStream(_ms, leaveOpen: true);

        public void Int64(int field, long value)
        {
            _out.WriteTag(field, WireFormat.WireType.Varint);
            _out.WriteInt64(value);
        }

        public void String(int field, string value)
        {
            _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
            _out.WriteString(value);
        }

        public void Bytes(int field, byte[] value)
        {
            _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
            _out.WriteBytes(ByteString.CopyFrom(value));
        }

        public void Message(int field, Action<ProtoWriter> body)
        {
            var inner = new ProtoWriter();
            body(inner);
            Bytes(field, inner.ToArray());
        }

        public byte[] ToArray()
        {
            _out.Flush();
            return _ms.ToArray();
        }
    }
}
