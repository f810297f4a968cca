namespace VmafTiny.Cli;

/// <summary>Entry point of the vmaf-tiny command-line tool.</summary>
public static class Program
{
    /// <summary>Runs the CLI and returns its exit code.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("vmaf-tiny: the command line is not built yet");
        return 1;
    }
}
