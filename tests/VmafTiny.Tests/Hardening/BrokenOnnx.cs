using Google.Protobuf;

namespace VmafTiny.Tests.Hardening;

/// <summary>
/// A hand-written ONNX model that meets the vmaf_tiny contract on paper (input <c>features</c> [N, 6], output
/// <c>vmaf</c> [N], float32) and fails inside ONNX Runtime at every run: its output is <c>Range(0, 1, m - m)</c> with
/// <c>m = ReduceMax(features)</c>, and a zero step is a run-time error ("delta in Range operator can not be zero").
/// The step depends on the input, so nothing is folded at load, and shape inference, which cannot know the length
/// of such a Range, leaves the declared [N] standing.
/// </summary>
internal static class BrokenOnnx
{
    public static byte[] Bytes()
    {
        return Message(m =>
        {
            Varint(m, 1, 8);                                    // ir_version
            Nested(m, 8, o => Varint(o, 2, 17));                // opset_import { version 17 }
            Nested(m, 7, g =>                                   // graph
            {
                Nested(g, 1, n =>                               // node: m = ReduceMax(features), keepdims 0: a scalar
                {
                    Text(n, 1, "features");
                    Text(n, 2, "m");
                    Text(n, 3, "max");
                    Text(n, 4, "ReduceMax");
                    Nested(n, 5, a =>
                    {
                        Text(a, 1, "keepdims");
                        Varint(a, 3, 0);
                        Varint(a, 20, 2);                       // AttributeType INT
                    });
                });
                Nested(g, 1, n =>                               // node: delta = m - m, zero at run time
                {
                    Text(n, 1, "m");
                    Text(n, 1, "m");
                    Text(n, 2, "delta");
                    Text(n, 3, "zero");
                    Text(n, 4, "Sub");
                });
                Nested(g, 1, n =>                               // node: vmaf = Range(start, limit, delta)
                {
                    Text(n, 1, "start");
                    Text(n, 1, "limit");
                    Text(n, 1, "delta");
                    Text(n, 2, "vmaf");
                    Text(n, 3, "range");
                    Text(n, 4, "Range");
                });
                Text(g, 2, "broken");
                Scalar(g, "start", 0f);
                Scalar(g, "limit", 1f);
                Tensor(g, 11, "features", 6);                   // input [N, 6]
                Tensor(g, 12, "vmaf", null);                    // output [N]
            });
        });
    }

    private static void Scalar(CodedOutputStream g, string name, float value) => Nested(g, 5, t =>
    {
        Varint(t, 2, 1);                                        // data_type FLOAT, no dims: a scalar
        Text(t, 8, name);
        t.WriteTag(9, WireFormat.WireType.LengthDelimited);     // raw_data
        t.WriteBytes(ByteString.CopyFrom(BitConverter.GetBytes(value)));
    });

    private static void Tensor(CodedOutputStream g, int field, string name, int? width) => Nested(g, field, v =>
    {
        Text(v, 1, name);
        Nested(v, 2, type => Nested(type, 1, tensor =>
        {
            Varint(tensor, 1, 1);                               // elem_type FLOAT
            Nested(tensor, 2, shape =>
            {
                Nested(shape, 1, d => Text(d, 2, "N"));
                if (width is { } w)
                {
                    Nested(shape, 1, d => Varint(d, 1, w));
                }
            });
        }));
    });

    private static void Varint(CodedOutputStream s, int field, long value)
    {
        s.WriteTag(field, WireFormat.WireType.Varint);
        s.WriteInt64(value);
    }

    private static void Text(CodedOutputStream s, int field, string value)
    {
        s.WriteTag(field, WireFormat.WireType.LengthDelimited);
        s.WriteString(value);
    }

    private static void Nested(CodedOutputStream s, int field, Action<CodedOutputStream> body)
    {
        s.WriteTag(field, WireFormat.WireType.LengthDelimited);
        s.WriteBytes(ByteString.CopyFrom(Message(body)));
    }

    private static byte[] Message(Action<CodedOutputStream> body)
    {
        using var ms = new MemoryStream();
        var s = new CodedOutputStream(ms, leaveOpen: true);
        body(s);
        s.Flush();
        return ms.ToArray();
    }
}
