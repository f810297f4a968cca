using System.Runtime.InteropServices;

namespace VmafTiny.Score.Tiny.Ort;

/// <summary>
/// Lets ONNX Runtime's start draw its memory from transparent huge pages: the main thread's malloc heap (glibc's brk
/// heap) is grown in one step, by <see cref="Reserve"/> bytes, and advised <c>MADV_HUGEPAGE</c> before ONNX Runtime
/// touches it, as glibc's own <c>glibc.malloc.hugetlb=1</c> tunable does (which only the environment at process start
/// can set). Only for a process that owns its heap (<see cref="OnnxScorer.TuneProcessHeap"/>: the CLI).
/// </summary>
/// <remarks>
/// ONNX Runtime's environment and first session allocate about 8.5 MiB in small blocks (its ONNX schema and kernel
/// tables): on 4 KiB pages about 2000 first-touch faults, 10-20 µs each on a virtual machine; in 2 MiB pages a handful.
/// Only the main thread allocates from the brk heap (another thread's malloc arena grows by mprotect, a page at a
/// time, and never gets huge pages), so on any other thread this only runs the start. Changing glibc's top pad also
/// switches off its dynamic mmap threshold for the rest of the process; the thresholds are then set to the values
/// that dynamic logic ends at for blocks up to 32 MiB (mmap 32 MiB, trim 64 MiB), and the top pad back to its default.
/// </remarks>
internal static unsafe class OrtHeap
{
    /// <summary>How much the heap grows at once: ONNX Runtime's start takes about 8.5 MiB, a session a little more.</summary>
    public const int Reserve = 16 << 20;

    // mallopt parameters (malloc.h) and madvise advice (sys/mman.h), Linux x86-64 glibc.
    private const int MTrimThreshold = -1;
    private const int MTopPad = -2;
    private const int MMmapThreshold = -3;
    private const int MadvHugePage = 14;
    private const int HugePage = 2 << 20;
    private const int DefaultTopPad = 128 << 10;
    private const int ProbeBytes = 64 << 10;    // below the default mmap threshold: from the heap
    private const int MaxProbes = 512;

    private static int s_done;    // 1 once the heap was grown: a later session needs no more than glibc's usual steps

    /// <summary>
    /// Runs <paramref name="start"/> with the heap grown and advised, the first time on the main thread; otherwise (or
    /// without glibc's functions) just runs it.
    /// </summary>
    public static T WithHugePages<T>(Func<T> start)
    {
        nint libc = NativeLibrary.GetMainProgramHandle();
        if (!NativeLibrary.TryGetExport(libc, "mallopt", out nint mallopt)
            || !NativeLibrary.TryGetExport(libc, "malloc", out nint malloc)
            || !NativeLibrary.TryGetExport(libc, "free", out nint free)
            || !NativeLibrary.TryGetExport(libc, "sbrk", out nint sbrk)
            || !NativeLibrary.TryGetExport(libc, "madvise", out nint madvise)
            || !NativeLibrary.TryGetExport(libc, "gettid", out nint gettid)
            || ((delegate* unmanaged[Cdecl]<int>)gettid)() != Environment.ProcessId
            || Interlocked.Exchange(ref s_done, 1) == 1)
        {
            return start();
        }

        var setOption = (delegate* unmanaged[Cdecl]<int, int, int>)mallopt;
        var allocate = (delegate* unmanaged[Cdecl]<nuint, nint>)malloc;
        var brk = (delegate* unmanaged[Cdecl]<nint, nint>)sbrk;
        Span<nint> probes = stackalloc nint[MaxProbes];
        int count = 0;
        try
        {
            // Blocks from the heap until one grows it (by the top pad, in one step). They write only their headers: in
            // free memory already resident, or the first page of the new part; the rest is advised before any use.
            // The top pad switches off glibc's dynamic mmap threshold: fix it now at what that logic ends at (32 MiB),
            // which also keeps the spacer below (up to 2 MiB) on the heap rather than in a mapping of its own.
            _ = setOption(MTopPad, Reserve);
            _ = setOption(MMmapThreshold, 32 << 20);
            nint before = brk(0);
            while (count < MaxProbes && brk(0) == before)
            {
                probes[count++] = allocate(ProbeBytes);
            }

            nint after = brk(0);
            nint from = (before + HugePage - 1) & ~(nint)(HugePage - 1);
            if (after - from >= HugePage)
            {
                _ = ((delegate* unmanaged[Cdecl]<nint, nuint, int, int>)madvise)(from, (nuint)(after - from), MadvHugePage);

                // The heap's free top now starts right after the probe that grew it, below `from`: in the 2 MiB block
                // that also holds older heap data, so on 4 KiB pages (a huge page needs the whole block unmapped),
                // which ONNX Runtime's first blocks filled one fault at a time (up to ~470 faults a start). A spacer
                // block up to `from` (never touched past its header) puts them on the huge pages. Its size: a glibc
                // chunk has a 16-byte header and a block of n bytes (n + 8 a multiple of 16) spans n + 8 bytes after
                // it, so the next block's data starts at `from`. If glibc serves it from a free chunk elsewhere it
                // only costs that chunk until the finally block frees it.
                nint top = probes[count - 1] + ProbeBytes;
                nint spacer = from - 16 - top - 8;
                if (count < MaxProbes && spacer >= ProbeBytes)
                {
                    probes[count++] = allocate((nuint)spacer);
                }
            }

            return start();
        }
        finally
        {
            foreach (nint probe in probes[..count])
            {
                ((delegate* unmanaged[Cdecl]<nint, void>)free)(probe);
            }

            _ = setOption(MTopPad, DefaultTopPad);
            _ = setOption(MTrimThreshold, 64 << 20);
        }
    }
}
