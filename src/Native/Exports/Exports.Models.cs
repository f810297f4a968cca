using System.Runtime.InteropServices;
using VmafTiny.Score;

namespace VmafTiny.Native;

/// <summary>
/// The C API: models (<c>libvmaf/model.h</c>). Models are loaded by <see cref="ModelCatalog"/> (libvmaf's integer SVM
/// models and vmaf_tiny_v2, libvmaf JSON files of that kind, ONNX files of vmaf-tiny's contract); model collections
/// (bootstrap models) are not supported: their functions fail with −EINVAL and one log line.
/// </summary>
internal static unsafe partial class Exports
{
    private const string CollectionsUnsupported =
        "model collections (bootstrap models such as vmaf_b_v0.6.3) are not supported by vmaf-tiny";

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_model_load")]
    public static int ModelLoad(nint* model, VmafModelConfig* cfg, byte* version) =>
        LoadModel(model, cfg, version, fromPath: false, "vmaf_model_load");

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_model_load_from_path")]
    public static int ModelLoadFromPath(nint* model, VmafModelConfig* cfg, byte* path) =>
        LoadModel(model, cfg, path, fromPath: true, "vmaf_model_load_from_path");

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_model_feature_overload")]
    public static int ModelFeatureOverload(nint model, byte* featureName, nint dict)
    {
        const string F = "vmaf_model_feature_overload";
        try
        {
            if (Handles.Models.Get(model) is not { } m)
            {
                return model == 0 ? Errors.Null : Errors.Invalid(F, "not a loaded VmafModel");
            }

            if (featureName is null || dict == 0)
            {
                return Errors.Null;
            }

            // libvmaf takes the dictionary whatever happens next.
            if (Handles.Dictionaries.Remove(dict) is not { } options)
            {
                return Errors.Invalid(F, "not a VmafFeatureDictionary (freed already?)");
            }

            m.Overload(Utf8(featureName)!, options.Entries);
            return 0;
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_model_destroy")]
    public static void ModelDestroy(nint model)
    {
        try
        {
            if (Handles.Models.Remove(model) is { } m)
            {
                m.Dispose();
            }
            else if (model != 0)
            {
                NativeLog.Error("vmaf_model_destroy: not a loaded VmafModel (destroyed twice?)");
            }
        }
        catch (Exception e)
        {
            Errors.From("vmaf_model_destroy", e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_model_collection_load")]
    public static int ModelCollectionLoad(nint* model, nint* collection, VmafModelConfig* cfg, byte* version) =>
        CollectionUnsupported("vmaf_model_collection_load", version);

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_model_collection_load_from_path")]
    public static int ModelCollectionLoadFromPath(nint* model, nint* collection, VmafModelConfig* cfg, byte* path) =>
        CollectionUnsupported("vmaf_model_collection_load_from_path", path);

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_model_collection_feature_overload")]
    public static int ModelCollectionFeatureOverload(nint model, nint* collection, byte* featureName, nint dict) =>
        CollectionUnsupported("vmaf_model_collection_feature_overload", null);

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_model_collection_destroy")]
    public static void ModelCollectionDestroy(nint collection)
    {
        // No collection is ever handed out: nothing to free.
    }

    private static int LoadModel(nint* model, VmafModelConfig* cfg, byte* what, bool fromPath, string function)
    {
        try
        {
            if (model is null || cfg is null || what is null)
            {
                return Errors.Null;
            }

            *model = 0;
            const ulong known = Abi.ModelDisableClip | Abi.ModelEnableTransform | Abi.ModelDisableTransform;
            if ((cfg->Flags & ~known) != 0)
            {
                return Errors.Invalid(function, $"unknown model flags 0x{cfg->Flags & ~known:x}");
            }

            string text = Utf8(what)!;
            var spec = new ModelSpec
            {
                Version = fromPath ? null : text,
                Path = fromPath ? text : null,
                Name = Utf8(cfg->Name),
                DisableClip = (cfg->Flags & Abi.ModelDisableClip) != 0,
                EnableTransform = (cfg->Flags & Abi.ModelEnableTransform) != 0,
            };

            // VMAF_MODEL_FLAG_DISABLE_TRANSFORM: libvmaf reads it only when predicting with explicit flags, which its
            // public functions never do; accepted, no effect, as there.
            *model = Handles.Models.Add(NativeModel.Load(spec));
            return 0;
        }
        catch (Exception e)
        {
            return Errors.From(function, e);
        }
    }

    private static int CollectionUnsupported(string function, byte* what)
    {
        try
        {
            string? name = Utf8(what);
            return Errors.Invalid(function, name is null ? CollectionsUnsupported : $"'{name}': {CollectionsUnsupported}");
        }
        catch (Exception e)
        {
            return Errors.From(function, e);
        }
    }
}
