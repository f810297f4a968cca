namespace VmafTiny;

/// <summary>
/// An error the user can act on (bad input, bad option, bad model). The CLI prints its message as one line
/// and exits non-zero; it never shows a stack trace for these.
/// </summary>
/// <remarks>
/// The message is escaped with <see cref="Printable.Escape(string?)"/>: file names and file content quoted in it
/// cannot reach a terminal as control characters, and the message stays one line.
/// </remarks>
public class VmafTinyException : Exception
{
    /// <summary>Creates an error with a complete one-line message.</summary>
    public VmafTinyException(string message)
        : base(Printable.Escape(message))
    {
    }

    /// <summary>Creates an error with a complete one-line message and its cause.</summary>
    public VmafTinyException(string message, Exception inner)
        : base(Printable.Escape(message), inner)
    {
    }
}

/// <summary>An input file that cannot be read as video: the message starts with the file's path.</summary>
public sealed class InputException : VmafTinyException
{
    /// <summary>Creates "PATH: PROBLEM".</summary>
    public InputException(string path, string problem)
        : base($"{path}: {problem}")
    {
        FilePath = path;
        Problem = Printable.Escape(problem);
    }

    /// <summary>Creates "PATH: PROBLEM" with its cause.</summary>
    public InputException(string path, string problem, Exception inner)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = Printable.Escape(problem);
    }

    /// <summary>The file the problem is in.</summary>
    public string FilePath { get; }

    /// <summary>The problem, without the path (escaped, as in the message).</summary>
    public string Problem { get; }
}
