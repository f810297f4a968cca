using System.Runtime.InteropServices;
using VmafTiny.Decode.Y4m;
using VmafTiny.Features.Adm;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Adm;

/// <summary>
/// Integer ADM on crops of the golden clips at sizes the clips themselves do not cover: the 33x33 minimum, widths
/// where libvmaf's SIMD ADM misreads the last column (33, 34, 65, 97, 129; the C path is the truth), odd sizes,
/// crops at the frame's far corner, and real 16-bit content. The planes are views into the full frame, so the
/// stride differs from the width.
/// </summary>
/// <remarks>
/// Expected values come from the digest's Python reference (libvmaf-integer-features/refimpl.py), which
/// reproduces libvmaf's C path bit for bit (it was checked against libvmaf on these golden clips as well).
/// Values: adm2, then num/den of scales 0..3 (floats widened to double).
/// </remarks>
[Trait("Category", TestCategories.Isa)]
public class AdmCropTests
{
    private static readonly CropCase[] Cases =
    [
        new("g06_vp9_420p8_1280x720", 0, 600, 300, 33, 33, false, [0.91149087569150389, 5.7928447723388672, 5.9729442596435547, 4.4518113136291504, 5.0675082206726074, 4.3654184341430664, 5.2347850799560547, 7.0504941940307617, 7.488652229309082]),
        new("g06_vp9_420p8_1280x720", 3, 100, 50, 34, 35, false, [0.84208468943038683, 5.9099550247192383, 6.032750129699707, 4.1642284393310547, 4.5978646278381348, 2.9216535091400146, 3.9090297222137451, 2.7456440925598145, 4.1538209915161133]),
        new("g06_vp9_420p8_1280x720", 0, 640, 360, 65, 37, false, [0.83584982422276899, 7.5143003463745117, 7.7915534973144531, 5.2205057144165039, 6.035552978515625, 4.518610954284668, 5.9591865539550781, 4.74981689453125, 6.5380935668945312]),
        new("g06_vp9_420p8_1280x720", 1, 200, 400, 97, 41, false, [0.84913354734762159, 8.7554569244384766, 8.9497776031494141, 5.9267454147338867, 6.6303682327270508, 4.4832048416137695, 5.8832378387451172, 3.5459861755371094, 5.2831668853759766]),
        new("g06_vp9_420p8_1280x720", 2, 900, 100, 129, 130, false, [0.90694506081299908, 15.195629119873047, 16.569145202636719, 15.404182434082031, 17.372650146484375, 21.181648254394531, 23.301769256591797, 30.839836120605469, 33.854892730712891]),
        new("g06_vp9_420p8_1280x720", 0, 0, 0, 47, 200, false, [0.89733576805722448, 11.631380081176758, 11.989788055419922, 8.1917047500610352, 9.2039613723754883, 6.859858512878418, 8.2092208862304688, 7.9354019165039062, 9.1760616302490234]),
        new("g06_vp9_420p8_1280x720", 3, 1233, 687, 47, 33, false, [0.86797735384794761, 8.9499988555908203, 10.208709716796875, 14.381964683532715, 16.17811393737793, 15.961429595947266, 19.034948348999023, 16.593820571899414, 18.966098785400391]),
        new("g02_zoom_420p10_352x288", 0, 10, 20, 65, 37, false, [0.95243658973115386, 7.4897494316101074, 7.6067943572998047, 5.0966510772705078, 5.2791409492492676, 4.0129404067993164, 4.2542715072631836, 5.3780550956726074, 5.9347109794616699]),
        new("g02_zoom_420p10_352x288", 5, 100, 100, 33, 40, false, [0.86185238349203364, 6.1414785385131836, 6.2447342872619629, 4.6122808456420898, 4.8658156394958496, 4.4664835929870605, 5.2539629936218262, 5.7583928108215332, 7.9768199920654297]),
        new("g10_blurnoise_420p12_160x90", 2, 5, 7, 51, 33, false, [0.9134934314183738, 8.5197162628173828, 10.228281021118164, 15.35588264465332, 18.997077941894531, 36.040393829345703, 39.328655242919922, 42.038955688476562, 43.055927276611328]),
        new("g02_zoom_420p10_352x288", 0, 10, 20, 65, 37, true, [0.95240021403366693, 7.4898128509521484, 7.6069536209106445, 5.0971412658691406, 5.2793388366699219, 4.013671875, 4.2555618286132812, 5.381375789642334, 5.9387807846069336]),
        new("g02_zoom_420p10_352x288", 7, 150, 60, 97, 50, true, [0.89245131620528806, 9.0322799682617188, 9.2284231185913086, 6.4739551544189453, 7.1190080642700195, 5.9721627235412598, 7.3563456535339355, 8.8620510101318359, 10.292978286743164]),
        new("g04_noise_422p10_320x240", 1, 0, 0, 320, 240, true, [0.96949433873909185, 29.880020141601562, 31.632526397705078, 36.184951782226562, 38.2685546875, 50.5567626953125, 52.515121459960938, 78.292564392089844, 78.631179809570312]),
    ];

    public static IEnumerable<object[]> CaseIndices => Cases.Select((c, i) => new object[] { i, c.ToString() });

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Crop_equals_the_reference_exactly(int index, string label)
    {
        CropCase c = Cases[index];
        using var reader = new Y4mReader(GoldenClips.ReferencePath(c.Clip));
        using var disReader = new Y4mReader(GoldenClips.DistortedPath(c.Clip));
        var refFrame = new YuvFrame(reader.Format);
        var disFrame = new YuvFrame(disReader.Format);
        for (int i = 0; i <= c.Frame; i++)
        {
            Assert.True(reader.ReadFrame(refFrame), label);
            Assert.True(disReader.ReadFrame(disFrame), label);
        }

        AdmScores scores;
        if (c.Replicate16)
        {
            // 10-bit → 16-bit by bit replication: real 16-bit content with non-zero low bits.
            var adm = new AdmExtractor(c.W, c.H, 16);
            byte[] r = Replicate16(refFrame, c), d = Replicate16(disFrame, c);
            scores = adm.ExtractDetailed(new LumaPlane(r, c.W, c.H, c.W, 16), new LumaPlane(d, c.W, c.H, c.W, 16));
        }
        else
        {
            var adm = new AdmExtractor(c.W, c.H, reader.Format.BitDepth);
            scores = adm.ExtractDetailed(View(refFrame, c), View(disFrame, c));
        }

        double[] actual = [scores.Adm2, scores.Num0, scores.Den0, scores.Num1, scores.Den1, scores.Num2, scores.Den2, scores.Num3, scores.Den3];
        Assert.Equal(c.Expected, actual);
    }

    private static LumaPlane View(YuvFrame frame, CropCase c)
    {
        VideoFormat f = frame.Format;
        int bps = f.BytesPerSample;
        int start = (c.Y * f.Width + c.X) * bps;
        int length = ((c.H - 1) * f.Width + c.W) * bps;
        return new LumaPlane(frame.PlaneBytes(0).Slice(start, length), c.W, c.H, f.Width, f.BitDepth);
    }

    private static byte[] Replicate16(YuvFrame frame, CropCase c)
    {
        Assert.Equal(10, frame.Format.BitDepth);
        ReadOnlySpan<ushort> src = frame.Plane16(0);
        var dst = new ushort[c.W * c.H];
        for (int y = 0; y < c.H; y++)
        {
            for (int x = 0; x < c.W; x++)
            {
                int p = src[(c.Y + y) * frame.Format.Width + c.X + x];
                dst[y * c.W + x] = (ushort)((p << 6) | (p >> 4));
            }
        }

        return MemoryMarshal.AsBytes(dst.AsSpan()).ToArray();
    }

    private sealed record CropCase(string Clip, int Frame, int X, int Y, int W, int H, bool Replicate16, double[] Expected)
    {
        public override string ToString() => $"{Clip} frame {Frame} {W}x{H}@{X},{Y}{(Replicate16 ? " as 16-bit" : "")}";
    }
}
