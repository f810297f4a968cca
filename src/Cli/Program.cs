namespace VmafTiny.Cli;

/// <summary>Entry point of the vmaf-tiny command-line tool.</summary>
public static class Program
{
    /// <summary>Runs the CLI on the process's console and returns its exit code.</summary>
    public static int Main(string[] args)
    {
        var (stdout, stderr) = StandardStreams.Open();
        return VmafTinyCli.Run(args, stdout, stderr);
    }
}
