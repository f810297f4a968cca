using System.Security.Cryptography;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Tests.Score.Tiny;

/// <summary>
/// The bundled model is not hashed at run time (its bytes and the registry naming their sha256 are resources of the
/// same assembly, and hashing would load OpenSSL at every start), so every build is held to it here.
/// </summary>
public sealed class BundledModelTests
{
    [Fact]
    public void Every_bundled_onnx_file_has_the_sha256_its_embedded_registry_and_sidecar_name()
    {
        var registry = ModelRegistry.Parse(ModelLoader.Resource(ModelRegistry.FileName)!, "bundled registry");
        Assert.NotEmpty(registry.Models);
        Assert.Contains(registry.Models, m => m.Id == OnnxScorer.BundledId);
        foreach (var entry in registry.Models)
        {
            var bytes = ModelLoader.Resource(entry.Onnx);
            Assert.True(bytes is not null, $"{entry.Onnx} is listed in the bundled registry but not embedded");
            Assert.Equal(entry.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));

            var sidecar = ModelManifest.ParseSidecar(ModelLoader.Resource(Path.ChangeExtension(entry.Onnx, ".json"))!, "bundled sidecar");
            Assert.Equal(entry.Sha256, sidecar.Sha256);
        }
    }
}
