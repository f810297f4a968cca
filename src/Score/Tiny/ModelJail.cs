namespace VmafTiny.Score.Tiny;

/// <summary>
/// The optional model directory jail: when <c>VMAF_TINY_MODEL_DIR</c> is set, every model file (ONNX, sidecar,
/// registry) must resolve, symlinks followed, to a path below that directory.
/// </summary>
/// <remarks>
/// Fails closed: a jail that does not exist or is not a directory refuses every load. Paths are compared
/// after resolving every symlink in every component (like POSIX <c>realpath</c>), and ".." is applied to the
/// resolved prefix, not lexically, so "jail/link/../x" is judged where the kernel would find it. The loader
/// then reads the resolved path it checked.
/// </remarks>
public static class ModelJail
{
    /// <summary>The environment variable that names the jail directory.</summary>
    public const string EnvironmentVariable = "VMAF_TINY_MODEL_DIR";

    private const int MaxLinks = 40;

    /// <summary>The jail named by <c>VMAF_TINY_MODEL_DIR</c>, or null when it is unset or empty.</summary>
    public static string? FromEnvironment()
    {
        var v = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(v) ? null : v;
    }

    /// <summary>
    /// Resolves <paramref name="path"/> to its real path (every symlink followed) and, when
    /// <paramref name="jail"/> is not null, requires it to lie below the jail's real path.
    /// </summary>
    /// <returns>The resolved path: the one to open.</returns>
    /// <exception cref="VmafTinyException">The path is outside the jail, or the jail is not a directory.</exception>
    public static string Check(string path, string? jail)
    {
        var real = RealPath(path);
        if (jail is null)
        {
            return real;
        }

        var jailReal = RealPath(jail);
        if (!Directory.Exists(jailReal))
        {
            throw new VmafTinyException(
                $"{path}: refusing to load a model: {EnvironmentVariable}={jail} is not an existing directory");
        }

        var prefix = jailReal.EndsWith('/') ? jailReal : jailReal + "/";
        if (!real.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new VmafTinyException(
                $"{path}: refusing to load a model outside {EnvironmentVariable}={jail} (the file resolves to {real})");
        }

        return real;
    }

    /// <summary>
    /// The absolute path with every symlink resolved, component by component; components that do not exist
    /// are kept as they are.
    /// </summary>
    /// <exception cref="VmafTinyException">More than 40 symlinks (a loop).</exception>
    public static string RealPath(string path)
    {
        if (path.Length == 0)
        {
            throw new VmafTinyException("an empty model path was given");
        }

        var pending = new List<string>();
        Push(pending, Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path));
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var c = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (c is "" or ".")
            {
                continue;
            }

            if (c == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = "/" + string.Join('/', resolved.Append(c));
            var target = LinkTarget(candidate);
            if (target is null)
            {
                resolved.Add(c);
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new VmafTinyException($"{path}: too many levels of symbolic links");
            }

            if (Path.IsPathRooted(target))
            {
                resolved.Clear();
            }

            Push(pending, target);
        }

        return "/" + string.Join('/', resolved);
    }

    /// <summary>Pushes the components of <paramref name="p"/> so that the first is popped first.</summary>
    private static void Push(List<string> pending, string p)
    {
        var parts = p.Split('/');
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Add(parts[i]);
        }
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            // FileInfo works for links to directories too: LinkTarget reads the link itself (lstat + readlink).
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
