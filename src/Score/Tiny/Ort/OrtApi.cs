using System.Runtime.InteropServices;

namespace VmafTiny.Score.Tiny.Ort;

/// <summary>
/// ONNX Runtime's C API, the part this project calls: <c>OrtGetApiBase()-&gt;GetApi(ORT_API_VERSION)</c> returns the
/// <c>OrtApi</c> struct, a table of function pointers, and each function here calls its entry through an unmanaged
/// function pointer (<c>delegate* unmanaged[Cdecl]</c>) with blittable arguments only (handles as <see cref="nint"/>,
/// strings as NUL-terminated UTF-8). Such calls need no marshalling stub, so ReadyToRun and NativeAOT compile them
/// ahead of time (ONNX Runtime's managed wrapper calls through delegates, whose stubs are generated at run time).
/// </summary>
/// <remarks>
/// The slots are the members' positions in <c>struct OrtApi</c> of onnxruntime_c_api.h (ONNX Runtime 1.31); the struct
/// only ever grows at its end, so a library that serves <see cref="Version"/> serves these slots with these
/// signatures. Every function that returns a status returns an <c>OrtStatus*</c>: zero is success, anything else
/// goes to <see cref="OrtException.Check"/>, which releases it.
/// </remarks>
internal static unsafe class OrtApi
{
    /// <summary><c>ORT_API_VERSION</c> of the headers these declarations were written from (ONNX Runtime 1.31).</summary>
    public const uint Version = 31;

    private static readonly object Gate = new();
    private static nint s_table;    // nint*: the OrtApi struct, read as an array of function pointers
    private static nint s_versionString;    // OrtApiBase.GetVersionString

    /// <summary>Loads the library and reads its function table (once; later calls return at once).</summary>
    /// <exception cref="VmafTinyException">The library cannot be loaded or does not serve <see cref="Version"/>.</exception>
    public static void EnsureLoaded() => _ = Table;

    private static nint* Table
    {
        get
        {
            nint table = Volatile.Read(ref s_table);
            return table != nint.Zero ? (nint*)table : Load();
        }
    }

    /// <summary>The library's version, e.g. "1.31.1" (<c>OrtApiBase.GetVersionString</c>).</summary>
    public static string LibraryVersion
    {
        get
        {
            EnsureLoaded();
            return OrtUtf8.ToString(((delegate* unmanaged[Cdecl]<byte*>)s_versionString)()) ?? string.Empty;
        }
    }

    // Status (OrtStatus*).
    public static OrtErrorCode GetErrorCode(nint status) => ((delegate* unmanaged[Cdecl]<nint, OrtErrorCode>)Table[Slot.GetErrorCode])(status);

    public static byte* GetErrorMessage(nint status) => ((delegate* unmanaged[Cdecl]<nint, byte*>)Table[Slot.GetErrorMessage])(status);

    public static void ReleaseStatus(nint status) => ((delegate* unmanaged[Cdecl]<nint, void>)Table[Slot.ReleaseStatus])(status);

    // Environment, providers, memory.
    public static nint CreateEnvWithCustomLogger(
        delegate* unmanaged[Cdecl]<nint, OrtLoggingLevel, byte*, byte*, byte*, byte*, void> logger, nint param, OrtLoggingLevel level, byte* logId, nint* env) =>
        ((delegate* unmanaged[Cdecl]<delegate* unmanaged[Cdecl]<nint, OrtLoggingLevel, byte*, byte*, byte*, byte*, void>, nint, OrtLoggingLevel, byte*, nint*, nint>)Table[Slot.CreateEnvWithCustomLogger])(
            logger, param, level, logId, env);

    public static nint GetAvailableProviders(byte*** providers, int* count) => ((delegate* unmanaged[Cdecl]<byte***, int*, nint>)Table[Slot.GetAvailableProviders])(providers, count);

    public static nint ReleaseAvailableProviders(byte** providers, int count) => ((delegate* unmanaged[Cdecl]<byte**, int, nint>)Table[Slot.ReleaseAvailableProviders])(providers, count);

    public static nint CreateCpuMemoryInfo(OrtAllocatorType type, OrtMemType memType, nint* info) =>
        ((delegate* unmanaged[Cdecl]<OrtAllocatorType, OrtMemType, nint*, nint>)Table[Slot.CreateCpuMemoryInfo])(type, memType, info);

    public static nint GetAllocatorWithDefaultOptions(nint* allocator) => ((delegate* unmanaged[Cdecl]<nint*, nint>)Table[Slot.GetAllocatorWithDefaultOptions])(allocator);

    public static nint AllocatorFree(nint allocator, void* p) => ((delegate* unmanaged[Cdecl]<nint, void*, nint>)Table[Slot.AllocatorFree])(allocator, p);

    // Session options (OrtSessionOptions*).
    public static nint CreateSessionOptions(nint* options) => ((delegate* unmanaged[Cdecl]<nint*, nint>)Table[Slot.CreateSessionOptions])(options);

    public static nint SetSessionExecutionMode(nint options, ExecutionMode mode) => ((delegate* unmanaged[Cdecl]<nint, ExecutionMode, nint>)Table[Slot.SetSessionExecutionMode])(options, mode);

    public static nint DisableMemPattern(nint options) => ((delegate* unmanaged[Cdecl]<nint, nint>)Table[Slot.DisableMemPattern])(options);

    public static nint DisableCpuMemArena(nint options) => ((delegate* unmanaged[Cdecl]<nint, nint>)Table[Slot.DisableCpuMemArena])(options);

    public static nint SetSessionLogId(nint options, byte* logId) => ((delegate* unmanaged[Cdecl]<nint, byte*, nint>)Table[Slot.SetSessionLogId])(options, logId);

    public static nint SetSessionLogSeverityLevel(nint options, int level) => ((delegate* unmanaged[Cdecl]<nint, int, nint>)Table[Slot.SetSessionLogSeverityLevel])(options, level);

    public static nint SetSessionGraphOptimizationLevel(nint options, GraphOptimizationLevel level) =>
        ((delegate* unmanaged[Cdecl]<nint, GraphOptimizationLevel, nint>)Table[Slot.SetSessionGraphOptimizationLevel])(options, level);

    public static nint SetIntraOpNumThreads(nint options, int threads) => ((delegate* unmanaged[Cdecl]<nint, int, nint>)Table[Slot.SetIntraOpNumThreads])(options, threads);

    public static nint SetInterOpNumThreads(nint options, int threads) => ((delegate* unmanaged[Cdecl]<nint, int, nint>)Table[Slot.SetInterOpNumThreads])(options, threads);

    public static nint AddSessionConfigEntry(nint options, byte* key, byte* value) => ((delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint>)Table[Slot.AddSessionConfigEntry])(options, key, value);

    public static void ReleaseSessionOptions(nint options) => ((delegate* unmanaged[Cdecl]<nint, void>)Table[Slot.ReleaseSessionOptions])(options);

    // Session (OrtSession*).
    public static nint CreateSessionFromArray(nint env, void* model, nuint length, nint options, nint* session) =>
        ((delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint>)Table[Slot.CreateSessionFromArray])(env, model, length, options, session);

    public static nint Run(nint session, nint runOptions, byte** inputNames, nint* inputs, nuint inputCount, byte** outputNames, nuint outputCount, nint* outputs) =>
        ((delegate* unmanaged[Cdecl]<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)Table[Slot.Run])(
            session, runOptions, inputNames, inputs, inputCount, outputNames, outputCount, outputs);

    public static nint SessionGetInputCount(nint session, nuint* count) => ((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Table[Slot.SessionGetInputCount])(session, count);

    public static nint SessionGetOutputCount(nint session, nuint* count) => ((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Table[Slot.SessionGetOutputCount])(session, count);

    public static nint SessionGetInputTypeInfo(nint session, nuint index, nint* typeInfo) =>
        ((delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)Table[Slot.SessionGetInputTypeInfo])(session, index, typeInfo);

    public static nint SessionGetOutputTypeInfo(nint session, nuint index, nint* typeInfo) =>
        ((delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)Table[Slot.SessionGetOutputTypeInfo])(session, index, typeInfo);

    public static nint SessionGetInputName(nint session, nuint index, nint allocator, byte** name) =>
        ((delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)Table[Slot.SessionGetInputName])(session, index, allocator, name);

    public static nint SessionGetOutputName(nint session, nuint index, nint allocator, byte** name) =>
        ((delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)Table[Slot.SessionGetOutputName])(session, index, allocator, name);

    public static void ReleaseSession(nint session) => ((delegate* unmanaged[Cdecl]<nint, void>)Table[Slot.ReleaseSession])(session);

    // Type information (OrtTypeInfo*; the OrtTensorTypeAndShapeInfo* cast from it belongs to it).
    public static nint CastTypeInfoToTensorInfo(nint typeInfo, nint* tensorInfo) => ((delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[Slot.CastTypeInfoToTensorInfo])(typeInfo, tensorInfo);

    public static nint GetOnnxTypeFromTypeInfo(nint typeInfo, OnnxType* type) => ((delegate* unmanaged[Cdecl]<nint, OnnxType*, nint>)Table[Slot.GetOnnxTypeFromTypeInfo])(typeInfo, type);

    public static nint GetTensorElementType(nint tensorInfo, TensorElementType* type) =>
        ((delegate* unmanaged[Cdecl]<nint, TensorElementType*, nint>)Table[Slot.GetTensorElementType])(tensorInfo, type);

    public static nint GetDimensionsCount(nint tensorInfo, nuint* count) => ((delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Table[Slot.GetDimensionsCount])(tensorInfo, count);

    public static nint GetDimensions(nint tensorInfo, long* dims, nuint count) => ((delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)Table[Slot.GetDimensions])(tensorInfo, dims, count);

    public static void ReleaseTypeInfo(nint typeInfo) => ((delegate* unmanaged[Cdecl]<nint, void>)Table[Slot.ReleaseTypeInfo])(typeInfo);

    // Values (OrtValue*).
    public static nint CreateTensorWithDataAsOrtValue(nint memoryInfo, void* data, nuint bytes, long* shape, nuint rank, TensorElementType type, nint* value) =>
        ((delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, TensorElementType, nint*, nint>)Table[Slot.CreateTensorWithDataAsOrtValue])(memoryInfo, data, bytes, shape, rank, type, value);

    public static void ReleaseValue(nint value) => ((delegate* unmanaged[Cdecl]<nint, void>)Table[Slot.ReleaseValue])(value);

    /// <summary>The positions of the functions used here in <c>struct OrtApi</c> (onnxruntime_c_api.h, ONNX Runtime 1.31), by member name.</summary>
    internal static class Slot
    {
        public const int GetErrorCode = 1;
        public const int GetErrorMessage = 2;
        public const int CreateEnvWithCustomLogger = 4;
        public const int CreateSessionFromArray = 8;
        public const int Run = 9;
        public const int CreateSessionOptions = 10;
        public const int SetSessionExecutionMode = 13;
        public const int DisableMemPattern = 17;
        public const int DisableCpuMemArena = 19;
        public const int SetSessionLogId = 20;
        public const int SetSessionLogSeverityLevel = 22;
        public const int SetSessionGraphOptimizationLevel = 23;
        public const int SetIntraOpNumThreads = 24;
        public const int SetInterOpNumThreads = 25;
        public const int SessionGetInputCount = 30;
        public const int SessionGetOutputCount = 31;
        public const int SessionGetInputTypeInfo = 33;
        public const int SessionGetOutputTypeInfo = 34;
        public const int SessionGetInputName = 36;
        public const int SessionGetOutputName = 37;
        public const int CreateTensorWithDataAsOrtValue = 49;
        public const int CastTypeInfoToTensorInfo = 55;
        public const int GetOnnxTypeFromTypeInfo = 56;
        public const int GetTensorElementType = 60;
        public const int GetDimensionsCount = 61;
        public const int GetDimensions = 62;
        public const int CreateCpuMemoryInfo = 69;
        public const int AllocatorFree = 76;
        public const int GetAllocatorWithDefaultOptions = 78;
        public const int ReleaseStatus = 93;
        public const int ReleaseSession = 95;
        public const int ReleaseValue = 96;
        public const int ReleaseTypeInfo = 98;
        public const int ReleaseSessionOptions = 100;
        public const int GetAvailableProviders = 125;
        public const int ReleaseAvailableProviders = 126;
        public const int AddSessionConfigEntry = 130;
    }

    private static nint* Load()
    {
        lock (Gate)
        {
            if (s_table != nint.Zero)
            {
                return (nint*)s_table;
            }

            nint library = OrtLibrary.Handle;
            if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out nint getApiBase))
            {
                throw new VmafTinyException($"{OrtLibrary.FileName} has no OrtGetApiBase: not ONNX Runtime's library");
            }

            // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }
            nint* apiBase = ((delegate* unmanaged[Cdecl]<nint*>)getApiBase)();
            s_versionString = apiBase[1];
            nint* table = ((delegate* unmanaged[Cdecl]<uint, nint*>)apiBase[0])(Version);
            if (table == null)
            {
                string version = OrtUtf8.ToString(((delegate* unmanaged[Cdecl]<byte*>)apiBase[1])()) ?? "?";
                throw new VmafTinyException(
                    $"{OrtLibrary.FileName} is ONNX Runtime {version}, which does not serve the C API version {Version} this build needs (ONNX Runtime 1.31 or later)");
            }

            Volatile.Write(ref s_table, (nint)table);
            return table;
        }
    }
}
