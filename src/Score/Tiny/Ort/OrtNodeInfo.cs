namespace VmafTiny.Score.Tiny.Ort;

/// <summary>
/// A graph input or output as the loaded session reports it: name, kind and, for a tensor, element type and shape
/// (-1 for a symbolic dimension).
/// </summary>
/// <param name="Name">The name.</param>
/// <param name="Type">What it is (a tensor, a sequence, a map...).</param>
/// <param name="ElementType">A tensor's element type; <see cref="TensorElementType.Undefined"/> for anything else.</param>
/// <param name="Dimensions">A tensor's shape; empty for anything else.</param>
internal sealed record OrtNodeInfo(string Name, OnnxType Type, TensorElementType ElementType, long[] Dimensions)
{
    /// <summary>Whether this is a tensor.</summary>
    public bool IsTensor => Type == OnnxType.ONNX_TYPE_TENSOR;

    /// <summary>Reads input (or output) <paramref name="index"/> of <paramref name="session"/> (an <c>OrtSession*</c>).</summary>
    internal static unsafe OrtNodeInfo Read(nint session, nuint index, bool input)
    {
        string name = ReadName(session, index, input);
        nint typeInfo;
        OrtException.Check(input ? OrtApi.SessionGetInputTypeInfo(session, index, &typeInfo) : OrtApi.SessionGetOutputTypeInfo(session, index, &typeInfo));
        try
        {
            OnnxType type;
            OrtException.Check(OrtApi.GetOnnxTypeFromTypeInfo(typeInfo, &type));

            // Null for anything but a tensor; owned by the type info, not released apart.
            nint tensor;
            OrtException.Check(OrtApi.CastTypeInfoToTensorInfo(typeInfo, &tensor));
            if (type != OnnxType.ONNX_TYPE_TENSOR || tensor == nint.Zero)
            {
                return new OrtNodeInfo(name, type, TensorElementType.Undefined, []);
            }

            TensorElementType element;
            OrtException.Check(OrtApi.GetTensorElementType(tensor, &element));
            nuint rank;
            OrtException.Check(OrtApi.GetDimensionsCount(tensor, &rank));
            var dims = new long[(int)rank];
            fixed (long* p = dims)
            {
                OrtException.Check(OrtApi.GetDimensions(tensor, p, rank));
            }

            return new OrtNodeInfo(name, type, element, dims);
        }
        finally
        {
            OrtApi.ReleaseTypeInfo(typeInfo);
        }
    }

    private static unsafe string ReadName(nint session, nuint index, bool input)
    {
        // The default allocator is ONNX Runtime's own and is never released; the name it allocates is freed with it.
        nint allocator;
        OrtException.Check(OrtApi.GetAllocatorWithDefaultOptions(&allocator));
        byte* name;
        OrtException.Check(input ? OrtApi.SessionGetInputName(session, index, allocator, &name) : OrtApi.SessionGetOutputName(session, index, allocator, &name));
        try
        {
            return OrtUtf8.ToString(name) ?? string.Empty;
        }
        finally
        {
            OrtException.Check(OrtApi.AllocatorFree(allocator, name));
        }
    }
}
