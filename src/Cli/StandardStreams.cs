using System.Runtime.InteropServices;
using System.Text;

namespace VmafTiny.Cli;

/// <summary>
/// The process's stdout and stderr as the CLI uses them: diagnostics that can never cost the result, and a result
/// stream whose failure is reported, naming it.
/// </summary>
internal static class StandardStreams
{
    /// <summary>
    /// The console's stdout and stderr, or stand-ins for a stream the parent closed (<c>2&gt;&amp;-</c>): a closed
    /// descriptor is taken by the first file the runtime opens, so writing to it would write into that file
    /// (<see cref="VmafTiny.IO.StandardDescriptors.IsInherited"/>).
    /// </summary>
    public static (TextWriter Out, TextWriter Error) Open()
    {
        TextWriter stdout = VmafTiny.IO.StandardDescriptors.IsInherited(1) ? Console.Out : new ClosedWriter();
        TextWriter stderr = VmafTiny.IO.StandardDescriptors.IsInherited(2) ? Console.Error : TextWriter.Null;
        return (stdout, stderr);
    }

    /// <summary>Stands for a stdout the parent closed: writing to it fails as writing to a closed descriptor does.</summary>
    private sealed class ClosedWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("it is closed");
    }
}

/// <summary>
/// stderr for diagnostics: every line is escaped (<see cref="Printable.Escape(string?)"/>), so nothing taken from a
/// file can act on the terminal, and a write that fails (stderr closed, or a full disk) is dropped: notes,
/// warnings and errors must never cost the result.
/// </summary>
internal sealed class DiagnosticWriter(TextWriter inner) : TextWriter
{
    private bool _failed;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Try(() => inner.Write(value == '\n' ? "\n" : Printable.Escape(value.ToString())));

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <summary>Text written in pieces keeps its line breaks; everything else is escaped.</summary>
    public override void Write(string? value) =>
        Try(() => inner.Write(string.Join('\n', (value ?? string.Empty).Split('\n').Select(Printable.Escape))));

    /// <summary>A line is one line: a line break inside it is escaped too.</summary>
    public override void WriteLine(string? value) => Try(() => inner.WriteLine(Printable.Escape(value)));

    public override void WriteLine() => Try(inner.WriteLine);

    public override void Flush() => Try(inner.Flush);

    /// <summary>The stream this writer escapes for.</summary>
    public TextWriter Inner => inner;

    /// <summary>
    /// The same stream without the escaping, for the CLI's own control sequences (the progress line's carriage
    /// return and erase): the caller escapes any text it did not make. A failed write is still dropped.
    /// </summary>
    public TextWriter Unescaped => new RawWriter(this);

    /// <summary>Runs <paramref name="write"/> on the inner stream unless an earlier write failed; a failure is dropped.</summary>
    internal void TryRaw(Action<TextWriter> write) => Try(() => write(inner));

    private void Try(Action write)
    {
        if (_failed)
        {
            return;
        }

        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or System.ComponentModel.Win32Exception)
        {
            // Win32Exception: the console's first use can fail to allocate (ENOMEM under a small ulimit -v).
            _failed = true;
        }
    }
}

/// <summary>Unescaped writes through a <see cref="DiagnosticWriter"/>, failures still dropped.</summary>
internal sealed class RawWriter(DiagnosticWriter owner) : TextWriter
{
    public override Encoding Encoding => owner.Encoding;

    public override void Write(char value) => owner.TryRaw(w => w.Write(value));

    public override void Write(string? value) => owner.TryRaw(w => w.Write(value));

    public override void Flush() => owner.TryRaw(w => w.Flush());
}

/// <summary>stdout for results: a failed write becomes one clear error naming standard output.</summary>
internal sealed class ResultWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Try(() => inner.Write(value));

    public override void Write(string? value) => Try(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Try(() => inner.Write(buffer, index, count));

    public override void WriteLine(string? value) => Try(() => inner.WriteLine(value));

    public override void WriteLine() => Try(inner.WriteLine);

    public override void Flush() => Try(inner.Flush);

    private static void Try(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or System.ComponentModel.Win32Exception)
        {
            // Win32Exception: the console's first use can fail to allocate (ENOMEM under a small ulimit -v).
            Exception cause = e.InnerException as IOException ?? e;
            string reason = cause is IOException && cause.HResult is > 0 and < 4096
                ? Marshal.GetPInvokeErrorMessage(cause.HResult)
                : cause.Message.ReplaceLineEndings(" ");
            throw new VmafTinyException($"cannot write the result to standard output: {reason}", e);
        }
    }
}
