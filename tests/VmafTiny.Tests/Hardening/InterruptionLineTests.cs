using VmafTiny.Cli;
using VmafTiny.Cli.Commands.Batch;

namespace VmafTiny.Tests.Hardening;

/// <summary>
/// The one line of a process interrupted while it writes a log (<see cref="Interruption"/>); the signal itself is
/// <see cref="InterruptedWriteTests"/>'s subject.
/// </summary>
public sealed class InterruptionLineTests
{
    [Fact]
    public void A_signal_during_a_batch_pairs_write_says_the_batchs_logs_are_complete_too()
    {
        // The write's line used to replace the batch's own, which is the one that says what to do next.
        Assert.Equal(
            "vmaf-tiny: interrupted (SIGINT) while writing /x/pair.json: left as it was; the logs written so far are complete: run the batch again to resume",
            Interruption.Message("SIGINT", ["/x/pair.json"], BatchCommand.ResumeNote));
        Assert.Equal(
            "vmaf-tiny: interrupted (SIGTERM) while writing /x/a.xml, /x/b.xml: left as it was",
            Interruption.Message("SIGTERM", ["/x/a.xml", "/x/b.xml"], null));
    }

    [Fact]
    public void In_process_every_interrupted_command_prints_its_own_line()
    {
        // Only the real process's handler (Program.Main installs it) claims the line; the CLI run in process by tests
        // keeps printing each cancelled command's line, however many ran before.
        Assert.True(Interruption.TryReport());
        Assert.True(Interruption.TryReport());
    }
}
