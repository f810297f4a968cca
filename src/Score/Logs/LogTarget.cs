using System.Runtime.InteropServices;
using System.Text;
using VmafTiny.IO;

namespace VmafTiny.Score.Logs;

/// <summary>How a <see cref="LogTarget"/> writes its file.</summary>
public enum LogTargetKind
{
    /// <summary>
    /// A regular file, or a path where nothing stands yet: the log is written to a new temporary file beside it and
    /// renamed over it, so the file is the whole new log or left as it was, never half-written.
    /// </summary>
    AtomicFile,

    /// <summary>
    /// A character device (<c>/dev/null</c>, a terminal), a FIFO or a path under <c>/dev</c> or <c>/proc</c>
    /// (<c>/dev/stdout</c>): opened and written in place, never replaced.
    /// </summary>
    InPlace,
}

/// <summary>
/// Where a log file goes, checked before any work and written after: the output-path rules every log writer
/// follows (<see cref="LogWriter.WriteFile"/> uses them, so library users get what the CLI does).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A regular file, or a path that does not exist yet: written atomically (a temporary file beside it,
/// created exclusively so it cannot be a planted link, then renamed over it; an existing file's permissions are
/// kept). A read-only file is refused rather than replaced.</item>
/// <item>A symlink is followed: its final target is written (atomically when that is a regular file) and the link
/// stays a link.</item>
/// <item>A character device, a FIFO or anything under <c>/dev</c> or <c>/proc</c> (<c>/dev/stdout</c>,
/// <c>/proc/self/fd/N</c>) is opened and written in place; a regular file reached that way is appended to.</item>
/// <item>Refused with one line naming the path as given: an empty path, a folder (or a path ending in <c>/</c>),
/// a block device, a socket, a folder that does not exist or cannot be written to, and a path that is the same
/// file as one of the run's inputs (links resolved).</item>
/// </list>
/// The rules are checked by <see cref="Open(string, IEnumerable{string}?, string)"/> and again by <see cref="Write(Action{TextWriter})"/>, so a run
/// can refuse a bad path before it computes anything and still never act on a stale decision.
/// </remarks>
public sealed class LogTarget
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Guards <see cref="InFlight"/>: a temporary file is created, renamed and abandoned under it.</summary>
    private static readonly Lock InFlightGate = new();

    /// <summary>
    /// The temporary file of every atomic write in progress in this process, and the path as given it is for; a write
    /// whose file is no longer here was abandoned (<see cref="AbandonWrites"/>).
    /// </summary>
    private static readonly Dictionary<string, string> InFlight = new(StringComparer.Ordinal);

    private readonly string[] _inputs;
    private readonly string _what;

    private LogTarget(string path, string[] inputs, string what, LogTargetKind kind, string target)
    {
        Path = path;
        _inputs = inputs;
        _what = what;
        Kind = kind;
        TargetPath = target;
    }

    /// <summary>The path as given.</summary>
    public string Path { get; }

    /// <summary>How the log is written there.</summary>
    public LogTargetKind Kind { get; }

    /// <summary>The file that is written: <see cref="Path"/> with symlinks followed (for <see cref="LogTargetKind.AtomicFile"/>).</summary>
    public string TargetPath { get; }

    /// <summary>
    /// Checks <paramref name="path"/> against the output-path rules (see <see cref="LogTarget"/>) without writing
    /// anything. <paramref name="inputs"/> are the files the run reads (videos, model): the log may be none of them.
    /// </summary>
    /// <exception cref="VmafTinyException">The path is refused; the message names it as given and says why.</exception>
    public static LogTarget Open(string path, IEnumerable<string>? inputs = null) => Open(path, inputs, "the log");

    /// <summary>
    /// As <see cref="Open(string, IEnumerable{string}?)"/>, for a file that is not a log: <paramref name="what"/>
    /// names it in every refusal and failure ("the report": "r.html: cannot write the report: ...").
    /// </summary>
    /// <exception cref="VmafTinyException">The path is refused; the message names it as given and says why.</exception>
    public static LogTarget Open(string path, IEnumerable<string>? inputs, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentException.ThrowIfNullOrEmpty(what);
        string[] kept = inputs?.Where(i => !string.IsNullOrEmpty(i)).ToArray() ?? [];
        return Resolve(path, kept, what);
    }

    /// <summary>Writes the log with <paramref name="write"/>, by the rules checked again now.</summary>
    /// <exception cref="VmafTinyException">The path is refused now, or writing failed (nothing half-written is left for a file).</exception>
    public void Write(Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        LogTarget now = Resolve(Path, _inputs, _what);
        if (now.Kind == LogTargetKind.InPlace)
        {
            now.WriteInPlace(write);
        }
        else
        {
            now.WriteAtomically(write);
        }
    }

    /// <summary>Writes <paramref name="log"/> in <paramref name="format"/> (UTF-8, no byte-order mark).</summary>
    public void Write(VmafLog log, LogFormat format, LogPrecision precision = default) =>
        Write(writer => LogWriter.Write(log, writer, format, precision));

    /// <summary>
    /// For a process about to exit on a signal (Ctrl-C, SIGTERM): removes the temporary file of every atomic write in
    /// progress in this process, so none is left beside its target; those writes then fail ("interrupted") rather than
    /// rename anything into place. Each target stays as it was: a write either renamed its whole file into place
    /// before this or never does. Writes started later are not affected. The library installs no signal handler:
    /// programs that handle signals call this themselves (the CLI does on SIGINT and SIGTERM).
    /// </summary>
    /// <returns>The paths (as given) whose writes were in progress and are abandoned, in no particular order.</returns>
    public static IReadOnlyList<string> AbandonWrites()
    {
        lock (InFlightGate)
        {
            foreach (string temp in InFlight.Keys)
            {
                TryDelete(temp);
            }

            string[] paths = InFlight.Values.ToArray();
            InFlight.Clear();
            return paths;
        }
    }

    private static LogTarget Resolve(string path, string[] inputs, string what)
    {
        if (path.Length == 0)
        {
            throw new VmafTinyException($"an empty path was given for {what}");
        }

        VmafTinyException Refuse(string path, string problem) => new($"{path}: cannot write {what}: {problem}");
        if (path.EndsWith('/') || path.EndsWith(System.IO.Path.DirectorySeparatorChar))
        {
            throw Refuse(path, $"ends in '/', which names a folder; give {what} a file name");
        }

        string full = System.IO.Path.GetFullPath(path);
        FileStatus status = FileProbe.Stat(full);
        foreach (string input in status.Kind == FileKind.Regular ? inputs : [])
        {
            if (status.IsSameFile(FileProbe.Stat(input)))
            {
                throw Refuse(path, $"is the same file as the input {input}; refusing to overwrite an input with {what}");
            }
        }

        bool special = full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal);
        switch (status.Kind)
        {
            case FileKind.Directory:
                throw Refuse(path, $"is a folder; give {what} a file name");
            case FileKind.BlockDevice:
                throw Refuse(path, $"is a block device (a disk or partition); refusing to write {what} onto it");
            case FileKind.Socket:
                throw Refuse(path, $"is a socket; {what} can go to a file, a FIFO or a character device");
            case FileKind.CharacterDevice or FileKind.Fifo:
                return InPlace(path, full, inputs, what);
            case FileKind.Regular when special:
                return InPlace(path, full, inputs, what);
        }

        string target = FinalTarget(full);
        string folder = System.IO.Path.GetDirectoryName(target) ?? "/";
        if (special || target.StartsWith("/dev/", StringComparison.Ordinal) || target.StartsWith("/proc/", StringComparison.Ordinal))
        {
            // Nothing stands there yet, and a file must never be created among devices or kernel files.
            throw Refuse(path, $"does not exist; refusing to create {what} under /dev or /proc");
        }

        if (!Directory.Exists(folder))
        {
            throw Refuse(path, $"the folder {folder} does not exist");
        }

        if (!FileProbe.CanWrite(folder))
        {
            throw Refuse(path, $"permission denied: cannot create files in the folder {folder}");
        }

        if (status.Kind == FileKind.Regular && !FileProbe.CanWrite(target))
        {
            throw Refuse(path, "is read-only; refusing to replace it");
        }

        return new LogTarget(path, inputs, what, LogTargetKind.AtomicFile, target);
    }

    private static LogTarget InPlace(string path, string full, string[] inputs, string what)
    {
        if (!FileProbe.CanWrite(full))
        {
            throw new VmafTinyException($"{path}: cannot write {what}: permission denied");
        }

        return new LogTarget(path, inputs, what, LogTargetKind.InPlace, full);
    }

    /// <summary>The path with every symlink of its last component followed (dangling links: where they point).</summary>
    private static string FinalTarget(string full)
    {
        string current = full;
        for (int hops = 0; hops < 40; hops++)
        {
            string? link = new FileInfo(current).LinkTarget;
            if (link is null)
            {
                return current;
            }

            current = System.IO.Path.GetFullPath(link, System.IO.Path.GetDirectoryName(current) ?? "/");
        }

        throw new VmafTinyException($"{full}: too many levels of symbolic links");
    }

    /// <summary>A reason without the temporary file's name: the OS error text, or the exception's message with the name taken out.</summary>
    private static string Reason(Exception e, string? temp, string path)
    {
        if (e is UnauthorizedAccessException)
        {
            return "permission denied";
        }

        if (e is IOException && e.HResult is > 0 and < 4096)
        {
            // .NET's IOExceptions on Unix carry errno as their HResult.
            return Marshal.GetPInvokeErrorMessage(e.HResult);
        }

        string message = e.Message.ReplaceLineEndings(" ").Trim();
        return temp is null ? message : message.Replace(temp, path, StringComparison.Ordinal);
    }

    private void WriteInPlace(Action<TextWriter> write)
    {
        // A regular file under /dev or /proc (stdout redirected to a file) is appended to: never truncated.
        FileMode mode = FileProbe.Stat(TargetPath).Kind == FileKind.Regular ? FileMode.Append : FileMode.Open;
        try
        {
            using var stream = new FileStream(TargetPath, mode, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
            using var writer = new StreamWriter(stream, Utf8NoBom, 1 << 16);
            write(writer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VmafTinyException($"{Path}: cannot write {_what}: {Reason(e, null, Path)}", e);
        }
    }

    private void WriteAtomically(Action<TextWriter> write)
    {
        string folder = System.IO.Path.GetDirectoryName(TargetPath) ?? "/";
        string name = System.IO.Path.GetFileName(TargetPath);
        UnixFileMode? keepMode = null;
        if (!OperatingSystem.IsWindows() && FileProbe.Stat(TargetPath).Kind == FileKind.Regular)
        {
            keepMode = File.GetUnixFileMode(TargetPath);
        }

        string? temp = null;
        try
        {
            FileStream stream = CreateTemporary(folder, name, out temp);
            using (stream)
            {
                using var writer = new StreamWriter(stream, Utf8NoBom, 1 << 16, leaveOpen: true);
                write(writer);
                writer.Flush();
                if (keepMode is { } m && !OperatingSystem.IsWindows())
                {
                    // By the handle: the name may be gone already (AbandonWrites), which the rename below reports.
                    File.SetUnixFileMode(stream.SafeFileHandle, m);
                }

                stream.Flush(flushToDisk: true);    // the rename must never publish a file whose data is not on disk yet
            }

            lock (InFlightGate)
            {
                if (!InFlight.ContainsKey(temp))
                {
                    // AbandonWrites took it (and removed the file): the target stays as it was.
                    throw new VmafTinyException($"{Path}: cannot write {_what}: interrupted; it was left as it was");
                }

                File.Move(temp, TargetPath, overwrite: true);
                InFlight.Remove(temp);
            }

            temp = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VmafTinyException($"{Path}: cannot write {_what}: {Reason(e, temp, Path)}", e);
        }
        finally
        {
            if (temp is not null)
            {
                lock (InFlightGate)
                {
                    // Only a file this write created (AbandonWrites may have removed it already).
                    if (InFlight.Remove(temp))
                    {
                        TryDelete(temp);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Creates a new file beside the target with O_CREAT|O_EXCL (FileMode.CreateNew): it never opens something that
    /// already stands at that name, such as a link planted to redirect the write.
    /// </summary>
    private FileStream CreateTemporary(string folder, string name, out string temp)
    {
        for (int attempt = 0; ; attempt++)
        {
            temp = System.IO.Path.Combine(folder, $".{name}.{Environment.ProcessId}.{Random.Shared.Next():x8}.tmp");
            try
            {
                // Created and recorded at once, so AbandonWrites finds every temporary file there is.
                lock (InFlightGate)
                {
                    var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
                    InFlight.Add(temp, Path);
                    return stream;
                }
            }
            catch (IOException) when (attempt < 8 && FileProbe.Stat(temp, followLinks: false).Exists)
            {
                // Taken (by another run, or planted): pick another name.
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the error being thrown is the one the user needs.
        }
    }
}
