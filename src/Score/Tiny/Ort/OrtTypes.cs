namespace VmafTiny.Score.Tiny.Ort;

// The C API's enums that this binding passes or reads, with the values of onnxruntime_c_api.h and
// onnxruntime_error_code.h (ONNX Runtime 1.31). All are C enums, so int-sized.

/// <summary><c>OrtErrorCode</c>: the code of a failed <c>OrtStatus</c>.</summary>
internal enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    EpFail = 11,
    ModelLoadCanceled = 12,
    ModelRequiresCompilation = 13,
    NotFound = 14,
    DeviceReset = 15,
}

/// <summary><c>OrtLoggingLevel</c>.</summary>
internal enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}

/// <summary><c>ONNXType</c>: what a graph input or output is. Named as the C API names them (error messages show them).</summary>
internal enum OnnxType
{
    ONNX_TYPE_UNKNOWN = 0,
    ONNX_TYPE_TENSOR = 1,
    ONNX_TYPE_SEQUENCE = 2,
    ONNX_TYPE_MAP = 3,
    ONNX_TYPE_OPAQUE = 4,
    ONNX_TYPE_SPARSETENSOR = 5,
    ONNX_TYPE_OPTIONAL = 6,
}

/// <summary><c>ONNXTensorElementDataType</c>: a tensor's element type.</summary>
internal enum TensorElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
    Float8E4M3FN = 17,
    Float8E4M3FNUZ = 18,
    Float8E5M2 = 19,
    Float8E5M2FNUZ = 20,
    UInt4 = 21,
    Int4 = 22,
    Float4E2M1 = 23,
    UInt2 = 24,
    Int2 = 25,
}

/// <summary><c>ExecutionMode</c>.</summary>
internal enum ExecutionMode
{
    Sequential = 0,
    Parallel = 1,
}

/// <summary><c>GraphOptimizationLevel</c>.</summary>
internal enum GraphOptimizationLevel
{
    DisableAll = 0,
    EnableBasic = 1,
    EnableExtended = 2,
    EnableLayout = 3,
    EnableAll = 99,
}

/// <summary><c>OrtAllocatorType</c>.</summary>
internal enum OrtAllocatorType
{
    Invalid = -1,
    Device = 0,
    Arena = 1,
    ReadOnly = 2,
}

/// <summary><c>OrtMemType</c>.</summary>
internal enum OrtMemType
{
    CpuInput = -2,
    CpuOutput = -1,
    Cpu = CpuOutput,
    Default = 0,
}
