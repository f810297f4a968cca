namespace VmafTiny.Features.OpenCL.Runtime;

/// <summary>An OpenCL call that failed: the message names the call and the error (e.g. CL_OUT_OF_RESOURCES, -5).</summary>
public sealed class OpenClException : VmafTinyException
{
    /// <summary>Creates the error of <paramref name="what"/> returning <paramref name="code"/>.</summary>
    public OpenClException(int code, string what)
        : base($"{what} failed: {OpenClErrors.Name(code)} ({code})")
    {
        Code = code;
    }

    /// <summary>Creates an error with a complete message (already naming the code).</summary>
    public OpenClException(int code, string message, Exception? inner)
        : base(message, inner ?? new InvalidOperationException(message))
    {
        Code = code;
    }

    /// <summary>The OpenCL error code (negative).</summary>
    public int Code { get; }

    /// <summary>True for the codes a device gives when it runs out of memory or resources.</summary>
    public bool IsOutOfMemory => OpenClErrors.IsOutOfMemory(Code);
}

/// <summary>OpenCL error codes by name (cl.h, cl_ext.h).</summary>
internal static class OpenClErrors
{
    /// <summary>CL_PLATFORM_NOT_FOUND_KHR: the ICD loader found no platform.</summary>
    public const int PlatformNotFound = -1001;

    private static readonly Dictionary<int, string> Names = new()
    {
        [0] = "CL_SUCCESS",
        [-1] = "CL_DEVICE_NOT_FOUND",
        [-2] = "CL_DEVICE_NOT_AVAILABLE",
        [-3] = "CL_COMPILER_NOT_AVAILABLE",
        [-4] = "CL_MEM_OBJECT_ALLOCATION_FAILURE",
        [-5] = "CL_OUT_OF_RESOURCES",
        [-6] = "CL_OUT_OF_HOST_MEMORY",
        [-7] = "CL_PROFILING_INFO_NOT_AVAILABLE",
        [-8] = "CL_MEM_COPY_OVERLAP",
        [-11] = "CL_BUILD_PROGRAM_FAILURE",
        [-12] = "CL_MAP_FAILURE",
        [-14] = "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST",
        [-30] = "CL_INVALID_VALUE",
        [-31] = "CL_INVALID_DEVICE_TYPE",
        [-32] = "CL_INVALID_PLATFORM",
        [-33] = "CL_INVALID_DEVICE",
        [-34] = "CL_INVALID_CONTEXT",
        [-35] = "CL_INVALID_QUEUE_PROPERTIES",
        [-36] = "CL_INVALID_COMMAND_QUEUE",
        [-37] = "CL_INVALID_HOST_PTR",
        [-38] = "CL_INVALID_MEM_OBJECT",
        [-42] = "CL_INVALID_BINARY",
        [-43] = "CL_INVALID_BUILD_OPTIONS",
        [-44] = "CL_INVALID_PROGRAM",
        [-45] = "CL_INVALID_PROGRAM_EXECUTABLE",
        [-46] = "CL_INVALID_KERNEL_NAME",
        [-47] = "CL_INVALID_KERNEL_DEFINITION",
        [-48] = "CL_INVALID_KERNEL",
        [-49] = "CL_INVALID_ARG_INDEX",
        [-50] = "CL_INVALID_ARG_VALUE",
        [-51] = "CL_INVALID_ARG_SIZE",
        [-52] = "CL_INVALID_KERNEL_ARGS",
        [-53] = "CL_INVALID_WORK_DIMENSION",
        [-54] = "CL_INVALID_WORK_GROUP_SIZE",
        [-55] = "CL_INVALID_WORK_ITEM_SIZE",
        [-56] = "CL_INVALID_GLOBAL_OFFSET",
        [-57] = "CL_INVALID_EVENT_WAIT_LIST",
        [-58] = "CL_INVALID_EVENT",
        [-59] = "CL_INVALID_OPERATION",
        [-61] = "CL_INVALID_BUFFER_SIZE",
        [-63] = "CL_INVALID_GLOBAL_WORK_SIZE",
        [-64] = "CL_INVALID_PROPERTY",
        [PlatformNotFound] = "CL_PLATFORM_NOT_FOUND_KHR",
    };

    /// <summary>The code's name, e.g. "CL_OUT_OF_RESOURCES", or "OpenCL error" for codes not listed.</summary>
    public static string Name(int code) => Names.TryGetValue(code, out string? name) ? name : "OpenCL error";

    /// <summary>Allocation failures and resource exhaustion (CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_RESOURCES, CL_OUT_OF_HOST_MEMORY).</summary>
    public static bool IsOutOfMemory(int code) => code is -4 or -5 or -6;
}
