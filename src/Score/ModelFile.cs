using VmafTiny.IO;

namespace VmafTiny.Score;

/// <summary>Reads model files (libvmaf .json, .onnx, sidecars, registries) with a size limit checked before any byte is read.</summary>
internal static class ModelFile
{
    /// <summary>
    /// Largest libvmaf model .json read: libvmaf's biggest (vmaf_4k_rb_v0.6.2.json, a bootstrap set) is 450 KiB.
    /// </summary>
    public const long MaxJsonBytes = 4L << 20;

    /// <summary>
    /// Reads <paramref name="realPath"/> (already resolved and checked against the jail) whole. Refuses, before
    /// reading, anything that is not a regular file (a device such as /dev/zero, a FIFO) and a file larger than
    /// <paramref name="cap"/>; the read itself stops at the cap too, in case the file grows meanwhile.
    /// </summary>
    /// <param name="realPath">The file, resolved.</param>
    /// <param name="cap">The most bytes to read.</param>
    /// <param name="origin">What the user named, for messages.</param>
    public static byte[] Read(string realPath, long cap, string origin)
    {
        FileStatus status = FileProbe.Stat(realPath);
        switch (status.Kind)
        {
            case FileKind.None:
                throw new InputException(origin, "no such file");
            case FileKind.Directory:
                throw new VmafTinyException($"{origin}: is a folder, not a model file");
            case not FileKind.Regular:
                throw new VmafTinyException($"{origin}: is not a regular file (a device, FIFO or socket); refusing to read it as a model");
        }

        if (status.Size > cap)
        {
            throw new VmafTinyException($"{origin}: {status.Size} bytes is larger than the {cap >> 20} MiB a model file may have; refusing to read it");
        }

        try
        {
            using var stream = new FileStream(realPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            var buffer = new byte[Math.Min(cap + 1, Math.Max(status.Size + 1, 4096))];
            int total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > cap)
                    {
                        throw new VmafTinyException($"{origin}: larger than the {cap >> 20} MiB a model file may have; refusing to read it");
                    }

                    Array.Resize(ref buffer, (int)Math.Min(cap + 1, (long)buffer.Length * 2));
                }

                int n = stream.Read(buffer, total, buffer.Length - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            Array.Resize(ref buffer, total);
            return buffer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is UnauthorizedAccessException ? "permission denied" : e.Message.ReplaceLineEndings(" ").Trim();
            throw new VmafTinyException($"{origin}: cannot read the model ({reason})", e);
        }
    }
}
