using System.CommandLine;

namespace VmafTiny.Cli.Commands.Libvmaf;

/// <summary>
/// How libvmaf's command line reaches <see cref="LibvmafCommand"/>: the <c>vmaf</c> verb, options straight after
/// the program name, or a program named <c>vmaf</c>. Its arguments bypass System.CommandLine (libvmaf's <c>-h</c>
/// is the height, its options follow getopt's rules), so the verb here only shows up in the root's help.
/// </summary>
internal static class LibvmafCommandDefinition
{
    /// <summary>The verb.</summary>
    public const string Name = "vmaf";

    /// <summary>The root help's entry for the verb (never invoked through System.CommandLine).</summary>
    public static Command Create() => new(Name,
        "libvmaf 3.2.0's vmaf command line, unchanged: -r REF -d DIST [-m version=...] [--json -o FILE] ...; also taken with " +
        "no verb (vmaf-tiny -r REF -d DIST ...) or through a link named vmaf. See 'vmaf-tiny vmaf --help'");

    /// <summary>
    /// The arguments for libvmaf's command line when this invocation is one, else null: after the verb; all of
    /// them when run as <c>vmaf</c>; all of them when the first is an option other than the root's own help and
    /// version (a lone <c>-h</c> is help; <c>-h 1080 ...</c> is libvmaf's height).
    /// </summary>
    public static IReadOnlyList<string>? Takes(string[] args, string? programName)
    {
        string? program = programName is null ? null : Path.GetFileNameWithoutExtension(programName);
        if (program == Name)
        {
            return args;
        }

        if (args.Length > 0 && args[0] == Name)
        {
            return args[1..];
        }

        if (args.Length == 0 || !args[0].StartsWith('-') || args[0] == "-")
        {
            return null;
        }

        bool rootOnly = args.Length == 1 && args[0] is "-h" or "--help" or "-?" or "/?" or "/h" or "--version";
        return rootOnly || args[0] is "--help" or "-?" ? null : args;
    }
}
