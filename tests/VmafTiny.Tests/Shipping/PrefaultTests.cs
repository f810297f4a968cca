using Xunit;

namespace VmafTiny.Tests.Shipping;

/// <summary>
/// native/start/vt_prefault.c, the constructor linked into the NativeAOT CLI: a program's zero-filled data is mapped
/// before main runs (one madvise instead of a page fault per page), and only with the constructor linked in.
/// </summary>
public sealed class PrefaultTests
{
    [SkippableFact]
    public void The_zero_filled_data_is_resident_before_main_with_the_constructor_and_not_without()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Environment.OSVersion.Version >= new Version(5, 14), "MADV_POPULATE_WRITE needs Linux 5.14");
        using var temp = new Shipped.TempFolder("prefault");
        string test = Path.Combine(Shipped.RepoRoot, "tests", "c", "prefault_test.c");
        string prefault = Path.Combine(Shipped.RepoRoot, "native", "start", "vt_prefault.c");

        (long resident, long pages) = Run(temp.Path, "with", $"'{test}' '{prefault}'");
        Assert.True(pages >= 1023, $"{pages} pages");
        Assert.Equal(pages, resident);

        // The control: the same program without the constructor has none of them until it writes to them.
        (resident, pages) = Run(temp.Path, "without", $"'{test}'");
        Assert.True(resident < pages / 2, $"{resident} of {pages} pages resident without the constructor");
    }

    private static (long Resident, long Pages) Run(string folder, string name, string sources)
    {
        string program = Path.Combine(folder, name);
        var build = Shipped.Run("sh", ["-c", $"gcc -O2 -Wall -Wextra -Werror {sources} -o '{program}'"]);
        Assert.True(build.Code == 0, build.Stderr);
        var run = Shipped.Run(program, []);
        Assert.True(run.Code == 0, run.Stderr);
        string[] counts = run.Stdout.Trim().Split(' ');
        return (long.Parse(counts[0]), long.Parse(counts[1]));
    }
}
