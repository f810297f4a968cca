using System.Diagnostics;
using System.Globalization;
using VmafTiny.Decode;
using VmafTiny.Decode.Y4m;
using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Score.Svm;

namespace VmafTiny.Cli.Commands.Measure;

/// <summary>Runs <c>score</c> and <c>features</c>: read both videos, extract, score, pool, write the log.</summary>
internal static class MeasureCommand
{
    public static int Run(MeasureSettings settings, TextWriter stdout, TextWriter stderr)
    {
        using IFrameSource reference = OpenSource(settings.Reference, settings.Raw);
        using IFrameSource distorted = OpenSource(settings.Distorted, settings.Raw);
        CheckPair(reference, distorted);

        using IFrameScorer? scorer = settings.Model is null ? null : ResolveModel(settings.Model);
        var options = new FeatureOptions { Threads = settings.Threads, Subsample = settings.Subsample };
        var stream = new FeatureStream(reference.Format, options);
        var refFrame = new YuvFrame(reference.Format);
        var distFrame = new YuvFrame(distorted.Format);

        Skip(reference, refFrame, settings.FrameSkipRef);
        Skip(distorted, distFrame, settings.FrameSkipDist);

        var features = new List<FrameFeatures>();
        var clock = Stopwatch.StartNew();
        int pairs = 0;
        while (settings.FrameCount is not int limit || pairs < limit)
        {
            bool haveRef = reference.ReadFrame(refFrame);
            bool haveDist = distorted.ReadFrame(distFrame);
            if (!haveRef || !haveDist)
            {
                if (haveRef != haveDist)
                {
                    WarnFrameCounts(stderr, reference, distorted, haveRef, pairs);
                }

                break;
            }

            features.AddRange(stream.Push(refFrame, distFrame));
            pairs++;
        }

        features.AddRange(stream.Complete());
        clock.Stop();
        if (pairs == 0)
        {
            throw new VmafTinyException($"{settings.Reference}: no frames to score");
        }

        double[] scores = new double[features.Count];
        scorer?.Score(features.ToArray(), scores);
        double fps = pairs / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);

        if (!settings.Quiet)
        {
            stderr.WriteLine($"vmaf-tiny: {pairs} frames of {reference.Format} in {clock.Elapsed.TotalSeconds:F2} s ({fps:F1} fps)" +
                             (scorer is null ? string.Empty : $", scored by {scorer.Description}"));
        }

        if (settings.Output is not null)
        {
            throw new VmafTinyException("writing logs is not built yet");
        }

        if (scorer is null)
        {
            for (int k = 0; k < FrameFeatures.LogKeys.Length; k++)
            {
                double mean = features.Average(f => { Span<double> v = stackalloc double[6]; f.CopyTo(v); return v[k]; });
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{FrameFeatures.LogKeys[k]}: {mean:F6}"));
            }
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scorer.LogKey}: {scores.Average():F6}"));
        }

        return 0;
    }

    private static IFrameSource OpenSource(string path, RawVideoOptions? raw) => new Y4mReader(path);

    private static void CheckPair(IFrameSource reference, IFrameSource distorted)
    {
        VideoFormat r = reference.Format, d = distorted.Format;
        if (r.Width != d.Width || r.Height != d.Height || r.BitDepth != d.BitDepth)
        {
            throw new VmafTinyException($"{reference.Path} is {r} but {distorted.Path} is {d}: width, height and bit depth must match");
        }
    }

    private static IFrameScorer ResolveModel(string model) => model switch
    {
        VmafSvmModel.BuiltInId => new SvmScorer(VmafSvmModel.BuiltIn()),
        _ when model.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => new SvmScorer(VmafSvmModel.Load(model)),
        _ => throw new VmafTinyException($"model '{model}' is not available yet"),
    };

    private static void Skip(IFrameSource source, YuvFrame frame, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (!source.ReadFrame(frame))
            {
                throw new InputException(source.Path, $"cannot skip {count} frames: the video has only {i}");
            }
        }
    }

    private static void WarnFrameCounts(TextWriter stderr, IFrameSource reference, IFrameSource distorted, bool refLonger, int common)
    {
        IFrameSource longer = refLonger ? reference : distorted;
        stderr.WriteLine($"vmaf-tiny: warning: {reference.Path} and {distorted.Path} differ in frame count; scoring the {common} common frames");
        _ = longer;
    }
}
