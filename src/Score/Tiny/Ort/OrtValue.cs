namespace VmafTiny.Score.Tiny.Ort;

/// <summary><c>OrtValue*</c> tensors over memory the caller owns (ONNX Runtime reads or writes it in place, copies nothing).</summary>
internal static unsafe class OrtValue
{
    /// <summary>
    /// A float32 tensor of <paramref name="shape"/> over <paramref name="data"/>, which must hold the shape's element
    /// count and stay put until the value is released (<see cref="Release"/>, exactly once).
    /// </summary>
    /// <exception cref="OrtException">ONNX Runtime refuses the tensor.</exception>
    public static nint CreateTensor(float* data, ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (long d in shape)
        {
            count *= d;
        }

        nint value;
        fixed (long* dims = shape)
        {
            OrtException.Check(OrtApi.CreateTensorWithDataAsOrtValue(
                OrtEnvironment.CpuMemory, data, (nuint)(count * sizeof(float)), dims, (nuint)shape.Length, TensorElementType.Float, &value));
        }

        return value;
    }

    /// <summary>Releases a value made by <see cref="CreateTensor"/>; zero is ignored.</summary>
    public static void Release(nint value)
    {
        if (value != nint.Zero)
        {
            OrtApi.ReleaseValue(value);
        }
    }
}
