using BenchmarkDotNet.Running;

namespace VmafTiny.Benchmarks;

/// <summary>Runs the benchmarks named on the command line (BenchmarkDotNet's switcher).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
