using VmafTiny.Score.Tiny;

namespace VmafTiny.Tests.Score.Tiny;

/// <summary>The VMAF_TINY_MODEL_DIR jail: models must resolve, symlinks followed, below the jail.</summary>
public sealed class ModelJailTests : IDisposable
{
    private readonly TempDir _root = new();
    private readonly string _jail;
    private readonly string _outside;

    public ModelJailTests()
    {
        _jail = _root.Sub("jail");
        _outside = _root.Sub("outside");
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Model_inside_the_jail_loads()
    {
        var path = TinyModels.Write(_jail, "inside", TinyModels.HandMade());
        using var scorer = OnnxScorer.Load(path, _jail);
        Assert.Equal("inside", scorer.LogKey);
    }

    [Fact]
    public void Model_in_a_subfolder_of_a_jail_reached_through_a_symlink_loads()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_jail, "models")).FullName;
        TinyModels.Write(sub, "nested", TinyModels.HandMade());
        var jailLink = Path.Combine(_root.Path, "jail-link");
        Directory.CreateSymbolicLink(jailLink, _jail);
        using var scorer = OnnxScorer.Load(Path.Combine(jailLink, "models", "nested.onnx"), jailLink);
        Assert.Equal("nested", scorer.LogKey);
    }

    [Fact]
    public void Model_outside_the_jail_is_refused()
    {
        var path = TinyModels.Write(_outside, "escaped", TinyModels.HandMade());
        var ex = Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, _jail));
        Assert.Contains("outside VMAF_TINY_MODEL_DIR", ex.Message);
    }

    [Fact]
    public void Symlink_in_the_jail_to_a_model_outside_is_refused()
    {
        TinyModels.Write(_outside, "linked", TinyModels.HandMade());
        File.CreateSymbolicLink(Path.Combine(_jail, "linked.onnx"), Path.Combine(_outside, "linked.onnx"));
        File.CreateSymbolicLink(Path.Combine(_jail, "linked.json"), Path.Combine(_outside, "linked.json"));
        var ex = Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(Path.Combine(_jail, "linked.onnx"), _jail));
        Assert.Contains("outside VMAF_TINY_MODEL_DIR", ex.Message);
        Assert.Contains(Path.Combine(_outside, "linked.onnx"), ex.Message);
    }

    [Fact]
    public void Symlinked_folder_in_the_jail_pointing_outside_is_refused()
    {
        TinyModels.Write(_outside, "viafolder", TinyModels.HandMade());
        Directory.CreateSymbolicLink(Path.Combine(_jail, "door"), _outside);
        var ex = Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(Path.Combine(_jail, "door", "viafolder.onnx"), _jail));
        Assert.Contains("outside VMAF_TINY_MODEL_DIR", ex.Message);
    }

    [Fact]
    public void Sidecar_symlinked_out_of_the_jail_is_refused()
    {
        var path = TinyModels.Write(_jail, "halfway", TinyModels.HandMade());
        var sidecar = Path.ChangeExtension(path, ".json");
        File.Move(sidecar, Path.Combine(_outside, "halfway.json"));
        File.CreateSymbolicLink(sidecar, Path.Combine(_outside, "halfway.json"));
        Assert.Contains("outside VMAF_TINY_MODEL_DIR", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, _jail)).Message);
    }

    [Fact]
    public void Dot_dot_out_of_the_jail_is_refused()
    {
        TinyModels.Write(_outside, "climb", TinyModels.HandMade());
        var path = Path.Combine(_jail, "..", "outside", "climb.onnx");
        Assert.Contains("outside VMAF_TINY_MODEL_DIR", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, _jail)).Message);
    }

    [Fact]
    public void Dot_dot_after_a_symlink_is_resolved_where_the_kernel_would_resolve_it()
    {
        // jail/door -> outside/deep; "jail/door/../x.onnx" is outside/x.onnx to the kernel, not jail/x.onnx.
        var deep = Directory.CreateDirectory(Path.Combine(_outside, "deep")).FullName;
        TinyModels.Write(_outside, "x", TinyModels.HandMade());
        Directory.CreateSymbolicLink(Path.Combine(_jail, "door"), deep);
        var path = Path.Combine(_jail, "door", "..", "x.onnx");
        Assert.Equal(Path.Combine(_outside, "x.onnx"), ModelJail.RealPath(path));
        Assert.Contains("outside VMAF_TINY_MODEL_DIR", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, _jail)).Message);
    }

    [Fact]
    public void Sibling_folder_sharing_the_jail_prefix_is_refused()
    {
        var sibling = _root.Sub("jail2");
        var path = TinyModels.Write(sibling, "sibling", TinyModels.HandMade());
        Assert.Contains("outside VMAF_TINY_MODEL_DIR", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, _jail)).Message);
    }

    [Fact]
    public void Jail_that_does_not_exist_refuses_everything()
    {
        var path = TinyModels.Write(_jail, "orphan", TinyModels.HandMade());
        var ex = Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(path, Path.Combine(_root.Path, "missing")));
        Assert.Contains("not an existing directory", ex.Message);
    }

    [Fact]
    public void Symlink_loop_is_reported()
    {
        var a = Path.Combine(_jail, "a.onnx");
        var b = Path.Combine(_jail, "b.onnx");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        Assert.Contains("symbolic links", Assert.Throws<VmafTinyException>(() => ModelJail.RealPath(a)).Message);
    }
}

/// <summary>Tests that change the process environment run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process environment";
}

/// <summary><see cref="OnnxScorer.Load(string)"/> takes the jail from VMAF_TINY_MODEL_DIR.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ModelJailEnvironmentTests
{
    [Fact]
    public void Load_reads_the_jail_from_VMAF_TINY_MODEL_DIR()
    {
        using var root = new TempDir();
        var jail = root.Sub("jail");
        var inside = TinyModels.Write(jail, "envin", TinyModels.HandMade());
        var outside = TinyModels.Write(root.Sub("elsewhere"), "envout", TinyModels.HandMade());
        var before = Environment.GetEnvironmentVariable(ModelJail.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ModelJail.EnvironmentVariable, jail);
            using (OnnxScorer.Load(inside))
            {
            }

            Assert.Contains($"outside VMAF_TINY_MODEL_DIR={jail}", Assert.Throws<VmafTinyException>(() => OnnxScorer.Load(outside)).Message);

            Environment.SetEnvironmentVariable(ModelJail.EnvironmentVariable, null);
            using (OnnxScorer.Load(outside))
            {
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelJail.EnvironmentVariable, before);
        }
    }
}
