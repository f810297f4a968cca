namespace VmafTiny.Cli;

/// <summary>Entry point of the vmaf-tiny command-line tool.</summary>
public static class Program
{
    /// <summary>Runs the CLI on the process's console and returns its exit code.</summary>
    public static int Main(string[] args)
    {
        // This process is the CLI's own: ONNX Runtime's start may grow its heap on huge pages (OnnxScorer.TuneProcessHeap).
        VmafTiny.Score.Tiny.OnnxScorer.TuneProcessHeap = true;
        var (stdout, stderr) = StandardStreams.Open();
        Interruption.Install(stderr);
        return VmafTinyCli.Run(args, stdout, stderr, LaunchName());
    }

    /// <summary>
    /// The name the program was started by (argv[0]), which .NET does not give: a link named <c>vmaf</c> makes this
    /// tool take libvmaf's command line. Read from <c>/proc/self/cmdline</c> where there is one, else unknown.
    /// </summary>
    private static string? LaunchName()
    {
        try
        {
            string cmdline = File.ReadAllText("/proc/self/cmdline");
            int end = cmdline.IndexOf('\0', StringComparison.Ordinal);
            return end > 0 ? cmdline[..end] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
