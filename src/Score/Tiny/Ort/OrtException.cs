namespace VmafTiny.Score.Tiny.Ort;

/// <summary>
/// A failed <c>OrtStatus</c>: ONNX Runtime's error code and message, as "[ErrorCode:CODE] MESSAGE" (the form ONNX
/// Runtime's own .NET API gives its errors).
/// </summary>
internal sealed class OrtException : Exception
{
    private OrtException(OrtErrorCode code, string message)
        : base($"[ErrorCode:{code}] {message}")
    {
        Code = code;
    }

    /// <summary>ONNX Runtime's error code.</summary>
    public OrtErrorCode Code { get; }

    /// <summary>
    /// Does nothing for success (a null status); otherwise reads the status's code and message, releases the status
    /// and throws them.
    /// </summary>
    /// <exception cref="OrtException">The status is a failure.</exception>
    public static void Check(nint status)
    {
        if (status != nint.Zero)
        {
            throw FromStatus(status);
        }
    }

    private static unsafe OrtException FromStatus(nint status)
    {
        try
        {
            // The message belongs to the status: read it before the status is released.
            return new OrtException(OrtApi.GetErrorCode(status), OrtUtf8.ToString(OrtApi.GetErrorMessage(status)) ?? string.Empty);
        }
        finally
        {
            OrtApi.ReleaseStatus(status);
        }
    }
}
