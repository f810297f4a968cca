using System.Runtime.InteropServices;

namespace VmafTiny.Native;

/// <summary>The C API: features and their options (<c>libvmaf/feature.h</c>, the feature part of <c>libvmaf.h</c>).</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_feature_dictionary_set")]
    public static int FeatureDictionarySet(nint* dict, byte* key, byte* value)
    {
        const string F = "vmaf_feature_dictionary_set";
        try
        {
            if (dict is null || key is null || value is null)
            {
                return Errors.Null;
            }

            FeatureDictionary? d;
            if (*dict == 0)
            {
                d = new FeatureDictionary();
                d.Set(Utf8(key)!, Utf8(value)!);
                *dict = Handles.Dictionaries.Add(d);
                return 0;
            }

            if ((d = Handles.Dictionaries.Get(*dict)) is null)
            {
                return Errors.Invalid(F, "not a VmafFeatureDictionary (freed already, or handed to vmaf_use_feature?)");
            }

            d.Set(Utf8(key)!, Utf8(value)!);
            return 0;
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_feature_dictionary_free")]
    public static int FeatureDictionaryFree(nint* dict)
    {
        const string F = "vmaf_feature_dictionary_free";
        try
        {
            if (dict is null)
            {
                return Errors.Null;
            }

            if (*dict == 0)
            {
                return 0;
            }

            if (Handles.Dictionaries.Remove(*dict) is null)
            {
                return Errors.Invalid(F, "not a VmafFeatureDictionary (freed already, or handed to vmaf_use_feature?)");
            }

            *dict = 0;
            return 0;
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_use_features_from_model")]
    public static int UseFeaturesFromModel(nint vmaf, nint model)
    {
        const string F = "vmaf_use_features_from_model";
        try
        {
            if (Handles.Contexts.Get(vmaf) is not { } context)
            {
                return NoContext(F, vmaf);
            }

            if (Handles.Models.Get(model) is not { } m)
            {
                return model == 0 ? Errors.Null : Errors.Invalid(F, "not a loaded VmafModel");
            }

            lock (context.Gate)
            {
                return context.UseFeatures(m, F);
            }
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_use_features_from_model_collection")]
    public static int UseFeaturesFromModelCollection(nint vmaf, nint collection) =>
        CollectionUnsupported("vmaf_use_features_from_model_collection", null);

    /// <summary>
    /// <c>vmaf_use_feature</c>: the context takes the dictionary when the call succeeds; on failure the caller still
    /// owns it (libvmaf's documentation: free it only in case of failure).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_use_feature")]
    public static int UseFeature(nint vmaf, byte* featureName, nint dict)
    {
        const string F = "vmaf_use_feature";
        try
        {
            if (Handles.Contexts.Get(vmaf) is not { } context)
            {
                return NoContext(F, vmaf);
            }

            if (featureName is null)
            {
                return Errors.Null;
            }

            FeatureDictionary? options = null;
            if (dict != 0 && (options = Handles.Dictionaries.Get(dict)) is null)
            {
                return Errors.Invalid(F, "not a VmafFeatureDictionary (freed already?)");
            }

            int err;
            lock (context.Gate)
            {
                err = context.UseFeature(Utf8(featureName)!, options?.Entries ?? [], F);
            }

            if (err == 0 && dict != 0)
            {
                Handles.Dictionaries.Remove(dict);
            }

            return err;
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_import_feature_score")]
    public static int ImportFeatureScore(nint vmaf, byte* featureName, double value, uint index)
    {
        const string F = "vmaf_import_feature_score";
        try
        {
            if (Handles.Contexts.Get(vmaf) is not { } context)
            {
                return NoContext(F, vmaf);
            }

            if (featureName is null)
            {
                return Errors.Null;
            }

            lock (context.Gate)
            {
                return context.Import(Utf8(featureName)!, value, index, F);
            }
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }
}
