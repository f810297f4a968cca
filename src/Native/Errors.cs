namespace VmafTiny.Native;

/// <summary>
/// libvmaf's error convention: a negative errno, with the reason in one log line. Every export catches every
/// exception and comes here, so nothing managed ever unwinds into C.
/// </summary>
internal static class Errors
{
    /// <summary>Logs <paramref name="message"/> as an error of <paramref name="function"/> and returns −EINVAL.</summary>
    public static int Invalid(string function, string message)
    {
        NativeLog.Error($"{function}: {message}");
        return -Abi.EINVAL;
    }

    /// <summary>−EINVAL without a log line, where libvmaf is silent too (a NULL argument).</summary>
    public static int Null => -Abi.EINVAL;

    /// <summary>The errno for <paramref name="e"/>, with its message logged as an error of <paramref name="function"/>.</summary>
    public static int From(string function, Exception e)
    {
        switch (e)
        {
            case VmafTinyException or ArgumentException:
                NativeLog.Error($"{function}: {e.Message}");
                return -Abi.EINVAL;
            case OutOfMemoryException or InsufficientExecutionStackException:
                NativeLog.Error($"{function}: out of memory");
                return -Abi.ENOMEM;
            case IOException or UnauthorizedAccessException:
                NativeLog.Error($"{function}: {e.Message}");
                return -Abi.EIO;
            default:
                NativeLog.Error($"{function}: internal error ({e.GetType().Name}: {e.Message})");
                return -Abi.EINVAL;
        }
    }
}
