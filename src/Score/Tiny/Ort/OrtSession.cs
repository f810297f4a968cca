using Microsoft.Win32.SafeHandles;

namespace VmafTiny.Score.Tiny.Ort;

/// <summary>An <c>OrtSession*</c>: a model loaded by ONNX Runtime, ready to run. Released once, on dispose (or finalization).</summary>
internal sealed unsafe class OrtSession : SafeHandleZeroOrMinusOneIsInvalid
{
    private OrtSession()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Loads a model from its bytes (ONNX Runtime parses them during the call and keeps no reference).</summary>
    /// <exception cref="OrtException">ONNX Runtime cannot load the model.</exception>
    public static OrtSession Create(ReadOnlySpan<byte> model, OrtSessionOptions options)
    {
        nint env = OrtEnvironment.Handle;
        var session = new OrtSession();
        bool added = false;
        options.DangerousAddRef(ref added);
        try
        {
            nint created;
            fixed (byte* bytes = model)
            {
                OrtException.Check(OrtApi.CreateSessionFromArray(env, bytes, (nuint)model.Length, options.DangerousGetHandle(), &created));
            }

            session.SetHandle(created);
            return session;
        }
        finally
        {
            if (added)
            {
                options.DangerousRelease();
            }
        }
    }

    /// <summary>The graph's inputs, in order.</summary>
    public OrtNodeInfo[] Inputs() => Nodes(input: true);

    /// <summary>The graph's outputs, in order.</summary>
    public OrtNodeInfo[] Outputs() => Nodes(input: false);

    /// <summary>
    /// Runs the graph on one input value and writes one output value (both tensors over caller-owned memory, made with
    /// <see cref="OrtValue.CreateTensor"/>); the names are NUL-terminated UTF-8. Thread-safe, as ONNX Runtime's Run is.
    /// </summary>
    /// <exception cref="OrtException">ONNX Runtime fails.</exception>
    public void Run(byte* inputName, nint input, byte* outputName, nint output)
    {
        bool added = false;
        DangerousAddRef(ref added);
        try
        {
            // No run options: ONNX Runtime's defaults (the session's log level, no tag, no terminate flag).
            OrtException.Check(OrtApi.Run(handle, nint.Zero, &inputName, &input, 1, &outputName, 1, &output));
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseSession(handle);
        return true;
    }

    private OrtNodeInfo[] Nodes(bool input)
    {
        bool added = false;
        DangerousAddRef(ref added);
        try
        {
            nuint count;
            OrtException.Check(input ? OrtApi.SessionGetInputCount(handle, &count) : OrtApi.SessionGetOutputCount(handle, &count));
            var nodes = new OrtNodeInfo[(int)count];
            for (nuint i = 0; i < count; i++)
            {
                nodes[(int)i] = OrtNodeInfo.Read(handle, i, input);
            }

            return nodes;
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }
}
