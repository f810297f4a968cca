namespace VmafTiny.Decode;

/// <summary>Opens input files with errors the user can act on, naming the file.</summary>
internal static class FileOpener
{
    /// <summary>The name that means standard input (a pipe: y4m and raw .yuv only), as in FFmpeg and most tools.</summary>
    public const string StandardInput = "-";

    /// <summary>Opens <paramref name="path"/> (or stdin for <see cref="StandardInput"/>) for buffered sequential reading.</summary>
    public static Stream OpenRead(string path)
    {
        if (path == StandardInput)
        {
            return new BufferedStream(Console.OpenStandardInput(), 1 << 16);
        }

        try
        {
            if (Directory.Exists(path))
            {
                throw new InputException(path, "is a directory, not a video file");
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new InputException(path, "no such file", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new InputException(path, "no such file", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException(path, "permission denied", e);
        }
        catch (IOException e)
        {
            throw new InputException(path, $"cannot open: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read. A read error
    /// becomes an <see cref="InputException"/> naming <paramref name="path"/>.
    /// </summary>
    public static int ReadFully(Stream stream, Span<byte> buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            throw new InputException(path, $"read error: {e.Message}", e);
        }
    }
}
