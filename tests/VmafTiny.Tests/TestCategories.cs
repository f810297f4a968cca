namespace VmafTiny.Tests;

/// <summary>
/// Trait values for <c>[Trait("Category", ...)]</c>. The test task runs the whole suite once, then re-runs only
/// <see cref="Isa"/> tests with AVX-512 and with all SIMD switched off (build.cake): those are the tests whose
/// outcome depends on the instruction set (kernels, golden clips, path selection).
/// </summary>
internal static class TestCategories
{
    /// <summary>Depends on the instruction set the runtime allows: re-run at every CPU level.</summary>
    public const string Isa = "Isa";
}
