namespace VmafTiny.Tests.Kernels;

public class KernelCheckTests
{
    [Fact]
    public void A_difference_is_reported_with_its_position_and_map()
    {
        int[] a = new int[12], b = new int[12];
        b[7] = 5;
        var e = Assert.ThrowsAny<Exception>(() => KernelCheck.Equal<int>(a, b, stride: 4, "case"));
        Assert.Contains("case: 1 element(s) differ; first at x=3, y=1: scalar 0, variant 5", e.Message);
        Assert.Contains("....\n...x\n....", e.Message);
        KernelCheck.Equal<int>(a, (int[])a.Clone(), 4, "same");
    }

    [Fact]
    public void Random_planes_reach_both_extremes()
    {
        var plane = KernelInput.Plane(64, 64, 10, seed: 1);
        Assert.Contains((ushort)0, plane);
        Assert.Contains((ushort)1023, plane);
        Assert.All(plane, v => Assert.InRange(v, 0, 1023));
    }
}
