using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace VmafTiny.Cli.Commands.Cluster;

/// <summary>
/// Definition of <c>cluster worker</c> and <c>cluster submit</c> (Microsoft Orleans, VmafTiny.Cluster). The native
/// (NativeAOT) build has no Orleans in it (Orleans is neither trimming nor AOT clean): there <c>cluster</c> says in one
/// line that the .NET tool build is needed. Orleans' assemblies load only when a cluster command runs.
/// </summary>
internal static class ClusterCommandDefinition
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
#if VMAF_CLUSTER
        var command = new Command("cluster", "Score a manifest on a cluster of machines (Microsoft Orleans, membership in Redis): workers score exact segments, submit splits, schedules and merges")
        {
            CreateWorker(stderr),
            CreateSubmit(stdout, stderr),
        };
        return command;
#else
        _ = stdout;
        var rest = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("cluster", "Score on a cluster of machines (needs the .NET tool build of vmaf-tiny: dotnet tool install -g vmaf-tiny)") { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(_ =>
        {
            stderr.WriteLine("vmaf-tiny: cluster needs the .NET tool build of vmaf-tiny (dotnet tool install -g vmaf-tiny, or the framework-dependent artifacts/cli/vmaf-tiny): this native binary has no Microsoft Orleans in it");
            return VmafTinyCli.ExitFailure;
        });
        return command;
#endif
    }

#if VMAF_CLUSTER
    private static Option<string> Redis() => new("--redis")
    {
        Description = "The cluster's Redis (membership and job state), HOST:PORT",
        HelpName = "HOST:PORT",
        Required = true,
    };

    /// <summary>
    /// A whole-number option of at least <paramref name="min"/>. Without <paramref name="defaultValue"/>, an absent option
    /// reads as 0, which the command takes as "choose" (the description says what it chooses; help shows no
    /// "[default: 0]" beside it).
    /// </summary>
    private static Option<int> Count(string name, string description, string helpName, int min, int? defaultValue = null) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = defaultValue is int value ? _ => value : null,
        Validators =
        {
            r =>
            {
                if (r.Tokens.Count > 0 && (!int.TryParse(r.Tokens[^1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min))
                {
                    r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number of at least {min}, not '{r.Tokens[^1].Value}'"));
                }
            },
        },
    };

    private static Command CreateWorker(TextWriter stderr)
    {
        var redis = Redis();
        var threads = Count("--threads", "Segments scored at once, one core each (default: one per core)", "N", 1);
        var port = Count("--port", "The silo's port for other silos (default: a free one)", "PORT", 1);
        var gatewayPort = Count("--gateway-port", "The port submitters connect to (default: a free one)", "PORT", 1);
        var address = new Option<string?>("--address") { Description = "The address other machines reach this worker at (default: this machine's)", HelpName = "IP" };
        var quiet = CommonOptions.QuietOption("Print no line per segment scored (errors only)");
        var command = new Command("worker", "Host a silo that scores segments until stopped (Ctrl+C); inputs and outputs must be at the same paths on every worker (shared storage)")
        {
            redis,
            threads,
            port,
            gatewayPort,
            address,
            quiet,
        };
        command.SetAction((r, token) => ClusterCommand.WorkerAsync(
            r.GetValue(redis)!, r.GetValue(threads), r.GetValue(port), r.GetValue(gatewayPort), r.GetValue(address), r.GetValue(quiet), stderr, token));
        return command;
    }

    private static Command CreateSubmit(TextWriter stdout, TextWriter stderr)
    {
        var manifest = new Argument<string>("MANIFEST") { Description = "A batch manifest (see batch); its paths must be visible at the same place on every worker" };
        var redis = Redis();
        var segmentFrames = Count("--segment-frames", "Frames per segment (default 300); the last segment of a pair runs to its end", "N", 1, 300);
        var lease = Count("--lease", "Seconds a worker may go silent before its segment is handed to another (default 30; workers renew every third of it)", "SECONDS", 1, 30);
        var summary = new Option<string?>("--summary")
        {
            Description = "Where the summary goes: BASE.csv and BASE.json (default: the manifest's path without its extension, plus .summary)",
            HelpName = "BASE",
        };
        var force = new Option<bool>("--force") { Description = "Score every pair again, also those whose logs are already complete" };
        var quiet = CommonOptions.QuietOption("Print only failed pairs (and errors), not a line per pair");
        var command = new Command(
            "submit",
            "Split each pair of a manifest into segments, score them on the cluster's workers, merge each pair's log (the same as one run), write the summary as batch does; exit 1 if a pair failed. Submitting again re-attaches to the job")
        {
            manifest,
            redis,
            segmentFrames,
            lease,
            summary,
            force,
            quiet,
        };
        command.SetAction((r, token) => ClusterCommand.SubmitAsync(
            r.GetValue(manifest)!, r.GetValue(redis)!, r.GetValue(segmentFrames), r.GetValue(lease), r.GetValue(summary), r.GetValue(force),
            r.GetValue(quiet), stdout, stderr, token));
        return command;
    }
#endif
}
