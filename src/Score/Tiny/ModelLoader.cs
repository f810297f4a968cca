using System.Reflection;
using System.Security.Cryptography;

namespace VmafTiny.Score.Tiny;

/// <summary>A model's bytes, read once and checked against its trusted manifest; the session is built from these bytes.</summary>
/// <param name="Manifest">The trusted manifest (registry entry when there is one, else the sidecar).</param>
/// <param name="OnnxBytes">The file's bytes, whose sha256 equals <see cref="ModelManifest.Sha256"/>.</param>
/// <param name="Origin">What the user named: a path, or "bundled vmaf_tiny_v2".</param>
internal sealed record TrustedModel(ModelManifest Manifest, byte[] OnnxBytes, string Origin);

/// <summary>
/// Finds a model's sidecar and registry entry, enforces the directory jail, and checks the sha256 and the
/// declared contract, all before ONNX Runtime sees a byte.
/// </summary>
internal static class ModelLoader
{
    /// <summary>Prefix of the embedded resources that hold the shipped model/ files.</summary>
    internal const string ResourcePrefix = "vmaf_tiny.model/";

    /// <summary>Loads <paramref name="onnxPath"/> with <c>NAME.json</c> beside it and, if present, <c>registry.json</c>.</summary>
    public static TrustedModel FromPath(string onnxPath, string? jail)
    {
        var origin = onnxPath;
        var dir = Path.GetDirectoryName(Path.GetFullPath(onnxPath)) ?? "/";
        var fileName = Path.GetFileName(onnxPath);
        var sidecarPath = Path.Combine(dir, Path.ChangeExtension(fileName, ".json"));
        var registryPath = Path.Combine(dir, ModelRegistry.FileName);

        var onnxReal = ModelJail.Check(onnxPath, jail);
        if (!File.Exists(onnxReal))
        {
            throw new VmafTinyException($"{origin}: model file not found");
        }

        var sidecarReal = ModelJail.Check(sidecarPath, jail);
        if (!File.Exists(sidecarReal))
        {
            throw new VmafTinyException($"{origin}: the model's sidecar {sidecarPath} is missing; it names the model's sha256 and contract");
        }

        var sidecar = ModelManifest.ParseSidecar(ReadCapped(sidecarReal, ModelContract.MaxManifestBytes, sidecarPath), sidecarPath);
        if (sidecar.Onnx != fileName)
        {
            throw new VmafTinyException($"{origin}: the sidecar {sidecarPath} describes '{sidecar.Onnx}', not '{fileName}'");
        }

        var trusted = sidecar;
        var trustedBy = $"its sidecar {Path.GetFileName(sidecarPath)}";
        if (File.Exists(registryPath))
        {
            var registryReal = ModelJail.Check(registryPath, jail);
            var registry = ModelRegistry.Parse(ReadCapped(registryReal, ModelContract.MaxManifestBytes, registryPath), registryPath);
            trusted = registry.Find(sidecar.Id)
                ?? throw new VmafTinyException($"{origin}: model '{sidecar.Id}' is not listed in {registryPath}; refusing an unregistered model");
            trustedBy = $"{registryPath}";
            CheckAgrees(trusted, sidecar, origin, registryPath);
        }

        var bytes = ReadCapped(onnxReal, ModelContract.MaxModelBytes, origin);
        CheckSha256(bytes, trusted.Sha256, origin, trustedBy);
        trusted.CheckContract(origin);
        return new TrustedModel(trusted, bytes, origin);
    }

    /// <summary>Loads model <paramref name="id"/> from the registry embedded in this assembly.</summary>
    public static TrustedModel FromBundle(string id)
    {
        var origin = $"bundled model {id}";
        var registryBytes = Resource(ModelRegistry.FileName)
            ?? throw new VmafTinyException($"{origin}: this build has no bundled models (model/registry.json was missing when it was built)");
        var registry = ModelRegistry.Parse(registryBytes, origin + " registry");
        var entry = registry.Find(id) ?? throw new VmafTinyException($"{origin}: not in the bundled registry");
        var sidecarName = Path.ChangeExtension(entry.Onnx, ".json");
        var sidecarBytes = Resource(sidecarName) ?? throw new VmafTinyException($"{origin}: bundled sidecar {sidecarName} is missing");
        var sidecar = ModelManifest.ParseSidecar(sidecarBytes, $"{origin} sidecar");
        CheckAgrees(entry, sidecar, origin, "the bundled registry");
        // No sha256 at run time: the bytes and the registry that names their hash are resources of this same assembly,
        // so hashing them proves nothing a test cannot (BundledModelTests holds every build to it), and it would load
        // OpenSSL at every start (about 40 ms and 5 MiB).
        var bytes = Resource(entry.Onnx) ?? throw new VmafTinyException($"{origin}: bundled file {entry.Onnx} is missing");
        entry.CheckContract(origin);
        return new TrustedModel(entry, bytes, origin);
    }

    /// <summary>Lower-case hex sha256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void CheckSha256(byte[] bytes, string expected, string origin, string trustedBy)
    {
        var actual = Sha256Hex(bytes);
        if (actual != expected)
        {
            throw new VmafTinyException(
                $"{origin}: sha256 {actual} differs from {expected} trusted by {trustedBy}; refusing a modified or wrong model file");
        }
    }

    private static void CheckAgrees(ModelManifest registry, ModelManifest sidecar, string origin, string registryName)
    {
        if (registry.Sha256 != sidecar.Sha256 || registry.Onnx != sidecar.Onnx)
        {
            throw new VmafTinyException(
                $"{origin}: sidecar and {registryName} disagree about model '{sidecar.Id}' (sha256 or file name); refusing to load");
        }
    }

    private static byte[] ReadCapped(string realPath, long cap, string origin) => ModelFile.Read(realPath, cap, origin);

    /// <summary>An embedded file of model/ (registry.json, a sidecar, an .onnx), or null when this build has none.</summary>
    internal static byte[]? Resource(string name)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name);
        if (s is null)
        {
            return null;
        }

        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
