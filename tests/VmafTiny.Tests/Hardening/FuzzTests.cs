using System.Diagnostics;
using System.Text;
using VmafTiny.Cli;
using VmafTiny.Tests.Decode;
using VmafTiny.Tests.Decode.Ffmpeg;

namespace VmafTiny.Tests.Hardening;

/// <summary>
/// Fixed-seed fuzzing through the whole tool, in process (issue 10): mutated y4m headers and bodies and mutated
/// container files must each end in exit 0, or in exit 1 with one line naming the problem, with no stack trace, no
/// internal error, nothing from the file that can act on a terminal, no leftover file, in bounded time and memory.
/// Mutants that once broke a rule are kept in TestData/fuzz and replayed first.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    /// <summary>The most one run may allocate on its thread (frames here are at most 160x96; the limit is generous).</summary>
    private const long MaxAllocatedBytes = 256L << 20;

    /// <summary>The most one run may take, even on a loaded 2-core machine.</summary>
    private static readonly TimeSpan MaxRunTime = TimeSpan.FromSeconds(30);

    private static readonly VideoFormat Small = new(48, 36, 8, ChromaFormat.Yuv420);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The kept mutants: files that broke a rule before it was fixed (TestData/fuzz/README.md says which).</summary>
    public static IEnumerable<object[]> Corpus =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz")).Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Kept_mutants_fail_cleanly(string name)
    {
        string mutant = _dir.File(name);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz", name), mutant);
        string partner = name.EndsWith(".y4m", StringComparison.Ordinal) ? Partner() : ContainerPartner();
        AssertCleanRun(mutant, partner, name);
        AssertCleanRun(partner, mutant, name);
        AssertCleanRun(mutant, mutant, name);     // the same size on both sides: nothing to scale, straight to the frames
    }

    [Fact]
    public void Mutated_y4m_files_fail_cleanly()
    {
        string partner = Partner();
        byte[][] bases = [Y4m(Small, "C420jpeg", 3), Y4m(new VideoFormat(40, 34, 10, ChromaFormat.Yuv422), "C422p10", 2)];
        var watch = Stopwatch.StartNew();
        for (int seed = 0; seed < 520; seed++)
        {
            var random = new Random(seed);
            byte[] mutant = MutateY4m(bases[seed % bases.Length], random);
            string path = _dir.File($"m{seed}.y4m");
            File.WriteAllBytes(path, mutant);
            if (seed % 2 == 0)
            {
                AssertCleanRun(path, partner, $"y4m seed {seed}");
            }
            else
            {
                AssertCleanRun(partner, path, $"y4m seed {seed}");
            }

            File.Delete(path);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(5), $"520 y4m runs took {watch.Elapsed}");
    }

    [Fact]
    public void Mutated_container_files_fail_cleanly()
    {
        string partner = ContainerPartner();
        string[] sources = ["h264_420p8.mp4", "vp9_420p8.webm", "hevc_420p10.mp4", "size-change.ts", "ffv1_422p10.mkv"];
        byte[][] bases = sources.Select(s => File.ReadAllBytes(EncodedClips.File(s))).ToArray();
        var watch = Stopwatch.StartNew();
        for (int seed = 0; seed < 210; seed++)
        {
            var random = new Random(1_000_000 + seed);
            int which = seed % bases.Length;
            byte[] mutant = MutateContainer(bases[which], random);
            string path = _dir.File($"m{seed}{Path.GetExtension(sources[which])}");
            File.WriteAllBytes(path, mutant);
            AssertCleanRun(partner, path, $"container seed {seed} ({sources[which]})");
            File.Delete(path);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(5), $"210 container runs took {watch.Elapsed}");
    }

    /// <summary>
    /// Runs <c>features REF DIST -o LOG -q</c> in process on a thread of its own (so a hang fails the test instead of
    /// hanging it) and checks every rule of a clean run.
    /// </summary>
    private void AssertCleanRun(string reference, string distorted, string what)
    {
        string log = _dir.File("out.json");
        string[] before = Directory.GetFileSystemEntries(_dir.FullPath);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = -1;
        long allocated = 0;
        var run = new Thread(() =>
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            code = VmafTinyCli.Run(["features", reference, distorted, "-o", log, "--threads", "1", "-q"], stdout, stderr);
            allocated = GC.GetAllocatedBytesForCurrentThread() - start;
        });
        run.Start();
        Assert.True(run.Join(MaxRunTime), $"{what}: the run took more than {MaxRunTime.TotalSeconds} s");

        string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string context = $"{what}: exit {code}, stderr:\n{stderr}";
        Assert.True(code is 0 or 1, context);
        Assert.True(allocated < MaxAllocatedBytes, $"{what}: allocated {allocated >> 20} MiB");
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(stderr.ToString().Any(c => char.IsControl(c) && c != '\n'), $"{what}: a control character reached stderr");
        Assert.All(lines, l => Assert.StartsWith("vmaf-tiny: ", l, StringComparison.Ordinal));
        string[] after = Directory.GetFileSystemEntries(_dir.FullPath);
        if (code == 1)
        {
            // The error is the one line (-q: no notes; warnings come only after a run that ended well).
            Assert.True(lines.Length == 1, context);
            Assert.Equal(string.Empty, stdout.ToString());
            Assert.Equal(before.Order(), after.Order());
        }
        else
        {
            Assert.Contains("integer_adm2: ", stdout.ToString(), StringComparison.Ordinal);
            Assert.Equal(before.Append(log).Distinct().Order(), after.Order());
            File.Delete(log);
        }
    }

    private static byte[] Y4m(VideoFormat format, string colour, int frames)
    {
        using var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{format.Width} H{format.Height} F25:1 Ip A1:1 {colour} XYSCSS=420JPEG\n"));
        for (int i = 0; i < frames; i++)
        {
            ms.Write("FRAME\n"u8);
            ms.Write(TestVideo.FrameBytes(format, i));
        }

        return ms.ToArray();
    }

    private string Partner()
    {
        string path = _dir.File("partner.y4m");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, Y4m(Small, "C420jpeg", 3));
        }

        return path;
    }

    private string ContainerPartner()
    {
        string path = _dir.File("partner160.y4m");
        if (!File.Exists(path))
        {
            File.Copy(EncodedClips.Unpacked("ref_160x90.y4m"), path);
        }

        return path;
    }

    /// <summary>Tokens a y4m header may hold, and some it must not.</summary>
    private static readonly string[] HeaderTokens =
    [
        "W0", "W-1", "W1", "W32", "W33", "W16384", "W16385", "W65536", "W99999999999", "Wx", "W",
        "H0", "H33", "H2", "H16384", "H40000", "H-5", "H",
        "F0:0", "F1:0", "F-1:1", "F25", "F:", "F99999999999:1", "A0:0", "A:", "A1", "Ip", "It", "Ib", "Im", "I?", "Ix", "I",
        "C420", "C420jpeg", "C420paldv", "C420mpeg2", "C422", "C444", "Cmono", "C420p9", "C420p16", "C444p12", "Cmono16",
        "Cmono7", "C411", "C420p17", "C", "Cxyz", "X", "XYSCSS=420JPEG", "Z1", "\u001b[2J", "\r", "\u0000", "\u009b31m",
        "W48\r", "C420jpeg\r", new string('X', 5000), "W40000 H40000", "W30000 H30000", "W65536 H65536", "W16384 H16384",
    ];

    private static byte[] MutateY4m(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int header = bytes.IndexOf((byte)'\n');
        for (int op = 0, ops = random.Next(1, 4); op < ops; op++)
        {
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                {
                    // Replace, add or drop a header token.
                    string line = Encoding.Latin1.GetString(bytes.GetRange(0, Math.Max(header, 0)).ToArray());
                    var tokens = line.Split(' ').ToList();
                    int at = random.Next(1, Math.Max(tokens.Count, 2));
                    string token = HeaderTokens[random.Next(HeaderTokens.Length)];
                    switch (random.Next(3))
                    {
                        case 0 when at < tokens.Count:
                            tokens[at] = token;
                            break;
                        case 1 when at < tokens.Count && tokens.Count > 1:
                            tokens.RemoveAt(at);
                            break;
                        default:
                            tokens.Insert(Math.Min(at, tokens.Count), token);
                            break;
                    }

                    byte[] newHeader = Encoding.Latin1.GetBytes(string.Join(' ', tokens));
                    bytes.RemoveRange(0, Math.Max(header, 0));
                    bytes.InsertRange(0, newHeader);
                    header = bytes.IndexOf((byte)'\n');
                    break;
                }

                case 3:
                    // Flip bits in the header or the first FRAME line.
                    for (int i = random.Next(1, 4); i > 0 && bytes.Count > 0; i--)
                    {
                        bytes[random.Next(Math.Min(bytes.Count, header + 8))] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 4:
                {
                    // Truncate anywhere.
                    int keep = random.Next(bytes.Count + 1);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                    break;
                }

                case 5:
                {
                    // Mangle a FRAME line.
                    int frame = IndexOf(bytes, "FRAME"u8, random.Next(Math.Max(header, 0), Math.Max(header + 1, bytes.Count)));
                    if (frame >= 0)
                    {
                        string[] variants = ["FRAMX", "FRAME Ixx", "FRAME\r", "FRAME \u001b[31m", "FRAM", "FRAME " + new string('p', 5000), "FRAMEFRAME"];
                        byte[] v = Encoding.Latin1.GetBytes(variants[random.Next(variants.Length)]);
                        bytes.RemoveRange(frame, 5);
                        bytes.InsertRange(frame, v);
                    }

                    break;
                }

                case 6:
                    // Garbage appended, or a whole frame's worth of it.
                    bytes.AddRange(Enumerable.Range(0, random.Next(1, 3000)).Select(_ => (byte)random.Next(256)));
                    break;
                case 7:
                    // Random bytes anywhere (samples above the bit depth, broken lines).
                    for (int i = random.Next(1, 40); i > 0 && bytes.Count > 0; i--)
                    {
                        bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    }

                    break;
                case 8:
                    // Delete or duplicate a chunk.
                    if (bytes.Count > 2)
                    {
                        int start = random.Next(bytes.Count - 1), length = random.Next(1, Math.Min(2000, bytes.Count - start));
                        if (random.Next(2) == 0)
                        {
                            bytes.RemoveRange(start, length);
                        }
                        else
                        {
                            bytes.InsertRange(start, bytes.GetRange(start, length));
                        }
                    }

                    break;
                default:
                    // CR LF line ends, or no newline after the header.
                    if (header >= 0 && header < bytes.Count)
                    {
                        if (random.Next(2) == 0)
                        {
                            bytes.Insert(header, (byte)'\r');
                        }
                        else
                        {
                            bytes[header] = (byte)' ';
                        }
                    }

                    break;
            }

            header = bytes.IndexOf((byte)'\n');
        }

        return bytes.ToArray();
    }

    private static byte[] MutateContainer(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        uint[] interesting = [0, 1, 0x7f, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000, 0x4000];
        for (int op = 0, ops = random.Next(1, 5); op < ops; op++)
        {
            switch (random.Next(6))
            {
                case 0:
                    for (int i = random.Next(1, 20); i > 0; i--)
                    {
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1:
                {
                    // An interesting 32-bit value, big-endian (box sizes, dimensions, counts).
                    int at = random.Next(Math.Max(bytes.Length - 4, 1));
                    uint v = interesting[random.Next(interesting.Length)];
                    for (int k = 0; k < 4 && at + k < bytes.Length; k++)
                    {
                        bytes[at + k] = (byte)(v >> (24 - (8 * k)));
                    }

                    break;
                }

                case 2:
                    Array.Resize(ref bytes, Math.Max(1, random.Next(bytes.Length)));
                    break;
                case 3:
                {
                    int start = random.Next(bytes.Length), length = random.Next(1, Math.Min(512, bytes.Length - start) + 1);
                    Array.Clear(bytes, start, Math.Min(length, bytes.Length - start));
                    break;
                }

                case 4:
                {
                    int start = random.Next(bytes.Length), length = Math.Min(random.Next(1, 1024), bytes.Length - start);
                    bytes = [.. bytes.AsSpan(0, start), .. bytes.AsSpan(start, length), .. bytes.AsSpan(start)];
                    break;
                }

                default:
                    // Header bytes: the first 64 are where containers keep their signatures and sizes.
                    for (int i = random.Next(1, 6); i > 0; i--)
                    {
                        bytes[random.Next(Math.Min(64, bytes.Length))] = (byte)random.Next(256);
                    }

                    break;
            }
        }

        return bytes;
    }

    private static int IndexOf(List<byte> bytes, ReadOnlySpan<byte> what, int from)
    {
        for (int i = Math.Max(from, 0); i + what.Length <= bytes.Count; i++)
        {
            int k = 0;
            while (k < what.Length && bytes[i + k] == what[k])
            {
                k++;
            }

            if (k == what.Length)
            {
                return i;
            }
        }

        return -1;
    }
}
