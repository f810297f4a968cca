using System.Globalization;
using VmafTiny.Score.Logs;

namespace VmafTiny.Segments;

/// <summary>A segment log and the name it is known by in messages (its path).</summary>
/// <param name="Name">The file it came from.</param>
/// <param name="Log">The log, with its <see cref="VmafLog.Segment"/>.</param>
public sealed record SegmentLog(string Name, VmafLog Log);

/// <summary>
/// Joins segment logs (runs over frames [A, B) of one pair, <see cref="VmafOptions.Frames"/>) into exactly the log one
/// run over the whole pair gives: the same frames with the same doubles, and the same pooled values, since they are
/// computed again from the frames in order with the same arithmetic (<see cref="VmafLog"/> pools as libvmaf does).
/// </summary>
/// <remarks>
/// The segments must be written with <c>--precision max</c> (the default with <c>--frames</c>: every number parses back
/// to the computed double), cover the pair from frame 0 to its end without gap or overlap (the last one says it
/// reached the end), and agree on what makes the values (version, inputs, models, skips, frame limit, subsampling,
/// scaling). Anything else is refused in one line naming the files. Only the <c>fps</c> (processing speed) is not the
/// one run's: it is the frames over the segments' summed time.
/// </remarks>
public static class SegmentMerge
{
    /// <summary>Reads each file (<see cref="LogReader"/>) and joins them (<see cref="Merge"/>).</summary>
    /// <exception cref="VmafTinyException">A file cannot be read, is not a segment log, or the segments do not make a whole run.</exception>
    public static VmafLog MergeFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Merge(paths.Select(p => new SegmentLog(p, LogReader.ReadFile(p, out _))).ToArray());
    }

    /// <summary>Joins the segment logs, in any order, into the whole run's log (no <see cref="VmafLog.Segment"/>).</summary>
    /// <exception cref="VmafTinyException">A log is not a segment log, or the segments do not make a whole run (one line saying why).</exception>
    public static VmafLog Merge(IReadOnlyList<SegmentLog> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new VmafTinyException("no segment logs to merge");
        }

        foreach (SegmentLog s in segments)
        {
            Check(s);
        }

        SegmentLog[] ordered = segments.OrderBy(s => s.Log.Segment!.Start).ThenBy(s => s.Log.Segment!.End).ToArray();
        SegmentLog first = ordered[0];
        LogSegment head = first.Log.Segment!;
        foreach (SegmentLog s in ordered.Skip(1))
        {
            Agree(first, s);
        }

        var frames = new List<LogFrame>();
        var notes = new List<string>();
        int expected = 0;
        double seconds = 0;
        SegmentLog? previous = null;
        foreach (SegmentLog s in ordered)
        {
            LogSegment segment = s.Log.Segment!;
            if (segment.Start > expected)
            {
                throw new VmafTinyException(previous is null
                    ? Text($"segments do not start at frame 0: {s.Name} starts at frame {segment.Start}, frames 0-{segment.Start - 1} are missing")
                    : Text($"frames {expected}-{segment.Start - 1} are missing: {previous.Name} ends at frame {expected - 1}, {s.Name} starts at frame {segment.Start}"));
            }

            if (segment.Start < expected)
            {
                throw new VmafTinyException(Text($"{previous!.Name} and {s.Name} overlap: both hold frame {segment.Start}"));
            }

            if (previous?.Log.Segment!.Last == true)
            {
                throw new VmafTinyException(Text($"{previous.Name} is the pair's last segment (the videos end at frame {expected - 1}), but {s.Name} follows it"));
            }

            frames.AddRange(s.Log.Frames);
            notes.AddRange(s.Log.Notes.Where(n => !notes.Contains(n, StringComparer.Ordinal)));
            int count = segment.End - segment.Start;
            seconds += count > 0 && double.IsFinite(s.Log.Fps) && s.Log.Fps > 0 ? count / s.Log.Fps : 0;
            expected = segment.End;
            previous = s;
        }

        if (!previous!.Log.Segment!.Last)
        {
            throw new VmafTinyException(Text($"the segments end at frame {expected - 1} ({previous.Name}) but the videos go on: the segment from frame {expected} is missing"));
        }

        double fps = seconds > 0 ? expected / seconds : double.NaN;
        return new VmafLog(first.Log.Version, fps, head.Width, head.Height, frames, notes: notes);
    }

    /// <summary>One segment log on its own: a segment, at full precision, its frames inside its range and in order.</summary>
    private static void Check(SegmentLog s)
    {
        LogSegment segment = s.Log.Segment
            ?? throw new VmafTinyException($"{s.Name}: not a segment log (one written by vmaf-tiny score or features with --frames A:B, in JSON or XML)");
        if (segment.Precision != "max")
        {
            throw new VmafTinyException(
                $"{s.Name}: written with --precision {segment.Precision}, so its numbers are rounded; segments to merge need --precision max (the default with --frames)");
        }

        if (segment.End < segment.Start)
        {
            throw new VmafTinyException(Text($"{s.Name}: segment ends (frame {segment.End}) before it starts (frame {segment.Start})"));
        }

        int last = -1;
        foreach (LogFrame frame in s.Log.Frames)
        {
            if (frame.FrameNumber < segment.Start || frame.FrameNumber >= segment.End || frame.FrameNumber <= last)
            {
                throw new VmafTinyException(Text(
                    $"{s.Name}: frame {frame.FrameNumber} is out of place in a segment of frames {segment.Start}-{segment.End - 1}"));
            }

            last = frame.FrameNumber;
        }
    }

    /// <summary>Two segments of one pair: the same version, inputs, size, settings and models.</summary>
    private static void Agree(SegmentLog a, SegmentLog b)
    {
        LogSegment x = a.Log.Segment!, y = b.Log.Segment!;
        foreach ((string path, IO.FileIdentity? before, IO.FileIdentity? after) in new[] { (x.Reference, x.ReferenceFile, y.ReferenceFile), (x.Distorted, x.DistortedFile, y.DistortedFile) })
        {
            if (before is not null && after is not null && !before.SameContent(after) && before.FullPath == after.FullPath)
            {
                throw new VmafTinyException($"{a.Name} and {b.Name} are not segments of one run: {after.FullPath} changed between them ({before.Difference(after, "and")})");
            }
        }

        string? what =
            a.Log.Version != b.Log.Version ? $"versions ({a.Log.Version}, {b.Log.Version})" :
            !SameInput(x.Reference, x.ReferenceFile, y.Reference, y.ReferenceFile) ? $"references ({x.Reference}, {y.Reference})" :
            !SameInput(x.Distorted, x.DistortedFile, y.Distorted, y.DistortedFile) ? $"distorted videos ({x.Distorted}, {y.Distorted})" :
            x.Width != y.Width || x.Height != y.Height ? Text($"frame sizes ({x.Width}x{x.Height}, {y.Width}x{y.Height})") :
            x.Settings != y.Settings ? $"settings ({x.Settings} | {y.Settings})" :
            !x.Models.SequenceEqual(y.Models) ? $"models ({string.Join(", ", x.Models.Select(m => m.Label))} | {string.Join(", ", y.Models.Select(m => m.Label))})" :
            null;
        if (what is not null)
        {
            throw new VmafTinyException($"{a.Name} and {b.Name} are not segments of one run: different {what}");
        }
    }

    /// <summary>
    /// Whether two segments read the same input: by content where both logs identify their file (size, time and a hash
    /// of its ends: one file spelled two ways, <c>../r.y4m</c> and <c>r.y4m</c>, or read on two machines that mount it at
    /// different paths, is one input); else (standard input, a pipe, a log written before files were identified) by
    /// the path as given, which is all such a log says.
    /// </summary>
    private static bool SameInput(string pathA, IO.FileIdentity? fileA, string pathB, IO.FileIdentity? fileB) =>
        fileA is not null && fileB is not null ? fileA.SameContent(fileB) : pathA == pathB;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
