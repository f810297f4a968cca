using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VmafTiny.Score;

namespace VmafTiny;

/// <summary>
/// One-call scoring of a reference/distorted pair: <see cref="Score"/>, <see cref="ScoreAsync"/>, or
/// <see cref="ScoreFramesAsync"/> to stream frames as they become final. For more control (check the inputs
/// before any work, look at the notes, stream frames), open a <see cref="VmafRun"/>.
/// </summary>
/// <example>
/// <code>
/// VmafResult result = await Vmaf.ScoreAsync("ref.mp4", "dist.mp4", new VmafOptions { Model = "vmaf_v0.6.1" });
/// Console.WriteLine(result.PooledScore?.Mean);
/// </code>
/// </example>
public static class Vmaf
{
    /// <summary>The version written into logs, e.g. "vmaf-tiny 0.1.0".</summary>
    public static readonly string LogVersion =
        $"vmaf-tiny {typeof(Vmaf).Assembly.GetName().Version?.ToString(3) ?? "0"}";

    /// <summary>Scores every frame of the pair on the calling thread (feature workers aside).</summary>
    public static VmafResult Score(
        string reference, string distorted, VmafOptions? options = null, IProgress<VmafProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using VmafRun run = VmafRun.Open(reference, distorted, options);
        return run.Run(progress, cancellationToken);
    }

    /// <summary>Scores every frame of the pair on a worker thread; cancellation stops before the next frame is read.</summary>
    public static Task<VmafResult> ScoreAsync(
        string reference, string distorted, VmafOptions? options = null, IProgress<VmafProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () => Score(reference, distorted, options, progress, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Streams each frame's features and score as soon as it is final. The work runs on a worker thread a few
    /// frames ahead of the consumer at most (memory stays bounded); stopping the enumeration or cancelling ends
    /// the run and frees every native resource.
    /// </summary>
    public static async IAsyncEnumerable<FrameResult> ScoreFramesAsync(
        string reference, string distorted, VmafOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<FrameResult>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task producer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    using VmafRun run = VmafRun.Open(reference, distorted, options);
                    foreach (FrameResult frame in run.Frames(stop.Token))
                    {
                        // Blocking here keeps the worker at most a few frames ahead of the consumer.
                        channel.Writer.WriteAsync(frame, stop.Token).AsTask().GetAwaiter().GetResult();
                    }

                    channel.Writer.Complete();
                }
                catch (Exception e)
                {
                    channel.Writer.Complete(e);
                }
            },
            stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            // Not ReadAllAsync: it hands out every buffered frame before it looks at the token again, so a cancelled
            // consumer would still see up to the channel's capacity of frames.
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out FrameResult frame))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return frame;
                }
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The producer stopped because the consumer did.
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
