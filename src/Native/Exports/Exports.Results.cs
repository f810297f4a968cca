using System.Runtime.InteropServices;
using VmafTiny.Score.Logs;

namespace VmafTiny.Native;

/// <summary>The C API: scores, pooled values and the log (<c>libvmaf.h</c>).</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_score_at_index")]
    public static int ScoreAtIndex(nint vmaf, nint model, double* score, uint index) =>
        ModelScore("vmaf_score_at_index", vmaf, model, score,
            (Context context, NativeModel m, out double s) => context.Score(m, index, out s, "vmaf_score_at_index"));

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_score_at_index_model_collection")]
    public static int ScoreAtIndexModelCollection(nint vmaf, nint collection, VmafModelCollectionScore* score, uint index) =>
        CollectionUnsupported("vmaf_score_at_index_model_collection", null);

    /// <summary>
    /// <c>vmaf_feature_score_at_index</c>: by libvmaf's name (<c>VMAF_integer_feature_adm2_score</c>) or the log's
    /// (<c>integer_adm2</c>). A value that is not there is −EINVAL, logged at the debug level only (libvmaf is silent:
    /// callers ask to find out).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_feature_score_at_index")]
    public static int FeatureScoreAtIndex(nint vmaf, byte* featureName, double* score, uint index)
    {
        const string F = "vmaf_feature_score_at_index";
        try
        {
            if (Handles.Contexts.Get(vmaf) is not { } context)
            {
                return NoContext(F, vmaf);
            }

            if (featureName is null || score is null)
            {
                return Errors.Null;
            }

            string name = Utf8(featureName)!;
            lock (context.Gate)
            {
                if (context.Collector.TryGet(name, index, out double s))
                {
                    *score = s;
                    return 0;
                }
            }

            NativeLog.Debug($"{F}: no feature '{name}' at index {index}");
            return -Abi.EINVAL;
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_score_pooled")]
    public static int ScorePooled(nint vmaf, nint model, int method, double* score, uint low, uint high) =>
        ModelScore("vmaf_score_pooled", vmaf, model, score,
            (Context context, NativeModel m, out double s) => context.ScorePooled(m, method, low, high, out s, "vmaf_score_pooled"));

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_score_pooled_model_collection")]
    public static int ScorePooledModelCollection(nint vmaf, nint collection, int method, VmafModelCollectionScore* score, uint low, uint high) =>
        CollectionUnsupported("vmaf_score_pooled_model_collection", null);

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_feature_score_pooled")]
    public static int FeatureScorePooled(nint vmaf, byte* featureName, int method, double* score, uint low, uint high)
    {
        const string F = "vmaf_feature_score_pooled";
        try
        {
            if (Handles.Contexts.Get(vmaf) is not { } context)
            {
                return NoContext(F, vmaf);
            }

            if (featureName is null || score is null)
            {
                return Errors.Null;
            }

            lock (context.Gate)
            {
                int err = context.PoolFeature(Utf8(featureName)!, method, low, high, out double s, F);
                if (err == 0)
                {
                    *score = s;
                }

                return err;
            }
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    /// <summary>
    /// <c>vmaf_write_output</c>: libvmaf's XML, JSON, CSV or subtitle log of everything in the collector, byte for byte
    /// libvmaf's layout (its version field says vmaf-tiny's). Written by the log target rules of the CLI: a regular file
    /// is replaced whole (never half-written), a FIFO or device is written in place, a folder is refused.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_write_output")]
    public static int WriteOutput(nint vmaf, byte* outputPath, int format)
    {
        const string F = "vmaf_write_output";
        try
        {
            if (Handles.Contexts.Get(vmaf) is not { } context)
            {
                return NoContext(F, vmaf);
            }

            if (outputPath is null)
            {
                return Errors.Null;
            }

            LogFormat? logFormat = format switch
            {
                Abi.OutputXml => LogFormat.Xml,
                Abi.OutputJson => LogFormat.Json,
                Abi.OutputCsv => LogFormat.Csv,
                Abi.OutputSub => LogFormat.Sub,
                _ => null,
            };
            if (logFormat is null)
            {
                return Errors.Invalid(F, $"unknown output format {format} (use VMAF_OUTPUT_FORMAT_XML, JSON, CSV or SUB)");
            }

            VmafLog log;
            lock (context.Gate)
            {
                log = context.ToLog();
            }

            LogTarget.Open(Utf8(outputPath)!).Write(log, logFormat.Value);
            return 0;
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    /// <summary>One model's score from a context (at an index, or pooled).</summary>
    private delegate int ModelScoreQuery(Context context, NativeModel model, out double score);

    /// <summary>The checks every model-score call makes (context, model, output pointer), then the query under the context's lock.</summary>
    private static int ModelScore(string function, nint vmaf, nint model, double* score, ModelScoreQuery query)
    {
        try
        {
            if (Handles.Contexts.Get(vmaf) is not { } context)
            {
                return NoContext(function, vmaf);
            }

            if (Handles.Models.Get(model) is not { } m)
            {
                return model == 0 ? Errors.Null : Errors.Invalid(function, "not a loaded VmafModel");
            }

            if (score is null)
            {
                return Errors.Null;
            }

            lock (context.Gate)
            {
                int err = query(context, m, out double s);
                if (err == 0)
                {
                    *score = s;
                }

                return err;
            }
        }
        catch (Exception e)
        {
            return Errors.From(function, e);
        }
    }
}
