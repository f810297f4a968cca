using VmafTiny.Features.Adm;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// One ADM band set with guard elements: <see cref="Guard"/> columns on both sides of every row, one guard row
/// above and two below, so a kernel that writes outside its region, or reads past the logical width, shows up.
/// </summary>
internal sealed class GuardedBands<T>
    where T : unmanaged, IEquatable<T>
{
    public const int Guard = 8;

    public GuardedBands(int width, int height, bool withA, T fill)
    {
        Width = width;
        Height = height;
        Stride = width + (2 * Guard);
        int size = (height + 3) * Stride;
        A = withA ? Filled(size, fill) : [];
        H = Filled(size, fill);
        V = Filled(size, fill);
        D = Filled(size, fill);
    }

    private GuardedBands(GuardedBands<T> other)
    {
        Width = other.Width;
        Height = other.Height;
        Stride = other.Stride;
        A = (T[])other.A.Clone();
        H = (T[])other.H.Clone();
        V = (T[])other.V.Clone();
        D = (T[])other.D.Clone();
    }

    public int Width { get; }

    public int Height { get; }

    public int Stride { get; }

    public T[] A { get; }

    public T[] H { get; }

    public T[] V { get; }

    public T[] D { get; }

    /// <summary>Offset of band element (0, 0): one guard row, then the left guard.</summary>
    private int Origin => Stride + Guard;

    public AdmBands<T> Bands => new(A.Length == 0 ? [] : A.AsSpan(Origin), H.AsSpan(Origin), V.AsSpan(Origin), D.AsSpan(Origin), Stride);

    public GuardedBands<T> Clone() => new(this);

    /// <summary>Overwrites every guard element (not the band) with <paramref name="next"/>'s values.</summary>
    public void FillGuards(Func<T> next)
    {
        foreach (T[] plane in Planes())
        {
            for (int i = 0; i < plane.Length; i++)
            {
                int y = (i / Stride) - 1, x = (i % Stride) - Guard;
                if (y < 0 || y >= Height || x < 0 || x >= Width)
                {
                    plane[i] = next();
                }
            }
        }
    }

    /// <summary>Overwrites the band (not the guards) with <paramref name="next"/>'s values.</summary>
    public void FillBands(Func<T> next)
    {
        foreach (T[] plane in Planes())
        {
            for (int y = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++)
                {
                    plane[Origin + (y * Stride) + x] = next();
                }
            }
        }
    }

    /// <summary>Compares every plane, guards included.</summary>
    public void AssertEqual(GuardedBands<T> actual, string context)
    {
        KernelCheck.Equal<T>(A, actual.A, Stride, context + " band a");
        KernelCheck.Equal<T>(H, actual.H, Stride, context + " band h");
        KernelCheck.Equal<T>(V, actual.V, Stride, context + " band v");
        KernelCheck.Equal<T>(D, actual.D, Stride, context + " band d");
    }

    private static T[] Filled(int size, T fill)
    {
        var a = new T[size];
        Array.Fill(a, fill);
        return a;
    }

    private IEnumerable<T[]> Planes()
    {
        if (A.Length > 0)
        {
            yield return A;
        }

        yield return H;
        yield return V;
        yield return D;
    }
}

/// <summary>
/// The integer ADM pipeline of one reference/distorted pair run on <see cref="AdmScalar"/>, keeping every
/// stage's guarded inputs and outputs: each stage of a SIMD variant is then run on the same inputs and compared
/// with the scalar's outputs (digest §4.11's one-stage-swapped method).
/// </summary>
/// <remarks>
/// Patterns: <c>random</c> (dav1d-style extremes), <c>flat</c>, <c>checker</c> (0/max, the int16 wrap points)
/// through the DWT; <c>raw</c> puts full-range random int16 straight into the scale 0 bands (−32768 and 32767
/// included), and full-range int32 (INT_MIN and INT_MAX included) into the scales 1–3 bands, which no DWT
/// produces but every stage must still match.
/// </remarks>
internal sealed class AdmPipeline
{
    public const short Sentinel16 = 0x5A5A;
    public const int Sentinel32 = 0x5A5A5A5A;

    public AdmPipeline(int width, int height, int bitDepth, int seed, string pattern)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        Seed = seed;
        Pattern = pattern;
        Rng = new Random(HashCode.Combine(width, height, bitDepth, seed, pattern, 77));
        Geometry = new AdmScaleGeometry[4];
        int w = width, h = height;
        for (int s = 0; s < 4; s++)
        {
            Geometry[s] = new AdmScaleGeometry(s, w, h);
            w = Geometry[s].Width;
            h = Geometry[s].Height;
        }

        SourceStride = width + 16;
        string planePattern = pattern == "raw" ? "random" : pattern;
        ushort[] reference = KernelInput.Plane(width, height, bitDepth, seed, planePattern);
        Reference = Padded(reference);
        Distorted = Padded(Distort(reference));
        GarbageInPadding(Reference);
        GarbageInPadding(Distorted);

        AdmScalar k = AdmScalar.Instance;
        AdmScaleGeometry g = Geometry[0];
        Ref0 = new GuardedBands<short>(g.Width, g.Height, true, Sentinel16);
        Dis0 = Ref0.Clone();
        Dwt0(k, Reference, Ref0);
        Dwt0(k, Distorted, Dis0);
        if (pattern == "raw")
        {
            Ref0.FillBands(() => Raw16(Rng));
            Dis0.FillBands(() => Raw16(Rng));

            // Keep some distorted coefficients equal or proportional to the reference so the angle and
            // enhancement branches run too.
            for (int i = 0; i < Dis0.H.Length; i++)
            {
                switch (Rng.Next(4))
                {
                    case 0:
                        Dis0.H[i] = Ref0.H[i];
                        Dis0.V[i] = Ref0.V[i];
                        Dis0.D[i] = Ref0.D[i];
                        break;
                    case 1:
                        Dis0.H[i] = (short)(Ref0.H[i] / 2);
                        Dis0.V[i] = (short)(Ref0.V[i] / 2);
                        break;
                }
            }
        }

        Restored0 = new GuardedBands<short>(g.Width, g.Height, false, Sentinel16);
        Additive0 = Restored0.Clone();
        CsfA0 = Restored0.Clone();
        CsfF0 = Restored0.Clone();
        k.Decouple(Ref0.Bands, Dis0.Bands, g, Restored0.Bands, Additive0.Bands);
        k.Csf(Additive0.Bands, g, CsfA0.Bands, CsfF0.Bands);
        Den0 = k.CsfDen(Ref0.Bands, g);
        Num0 = k.Cm(Restored0.Bands, CsfA0.Bands, CsfF0.Bands, g);

        int[] refIn = Widen(Ref0), disIn = Widen(Dis0);
        int inStride = Ref0.Stride;
        for (int s = 1; s < 4; s++)
        {
            g = Geometry[s];
            var st = new ScaleStage(g, refIn, disIn, inStride);
            var scratch = new int[2 * g.InputWidth];
            k.Dwt2S123(st.RefInput, inStride, g, st.Ref.Bands, scratch);
            k.Dwt2S123(st.DisInput, inStride, g, st.Dis.Bands, scratch);
            if (pattern == "raw")
            {
                st.UseRawBands(Rng);
            }

            k.DecoupleS123(st.BandRef.Bands, st.BandDis.Bands, g, st.Restored.Bands, st.Additive.Bands);
            k.CsfS123(st.Additive.Bands, g, st.CsfA.Bands, st.CsfF.Bands);
            st.Den = k.CsfDenS123(st.BandRef.Bands, g);
            st.Num = k.CmS123(st.Restored.Bands, st.CsfA.Bands, st.CsfF.Bands, g);
            Scales[s - 1] = st;
            refIn = st.BandRef.A;
            disIn = st.BandDis.A;
            inStride = st.Ref.Stride;
        }
    }

    public int Width { get; }

    public int Height { get; }

    public int BitDepth { get; }

    public int Seed { get; }

    public string Pattern { get; }

    public Random Rng { get; }

    public AdmScaleGeometry[] Geometry { get; }

    /// <summary>Row distance of the padded input planes; the 16 samples past the width hold garbage.</summary>
    public int SourceStride { get; }

    /// <summary>The reference plane (16-bit containers; 8-bit uses the low byte).</summary>
    public ushort[] Reference { get; }

    public ushort[] Distorted { get; }

    public GuardedBands<short> Ref0 { get; }

    public GuardedBands<short> Dis0 { get; }

    public GuardedBands<short> Restored0 { get; }

    public GuardedBands<short> Additive0 { get; }

    public GuardedBands<short> CsfA0 { get; }

    public GuardedBands<short> CsfF0 { get; }

    public AdmDenSums Den0 { get; }

    public AdmNumSums Num0 { get; }

    /// <summary>Scales 1–3 (index scale − 1).</summary>
    public ScaleStage[] Scales { get; } = new ScaleStage[3];

    public override string ToString() => $"{Width}x{Height} {BitDepth}-bit seed={Seed} {Pattern}";

    /// <summary>Runs the scale 0 DWT of <paramref name="plane"/> on <paramref name="kernels"/> into <paramref name="bands"/>.</summary>
    public void Dwt0(IAdmKernels kernels, ushort[] plane, GuardedBands<short> bands)
    {
        var scratch = new short[2 * Width];
        if (BitDepth == 8)
        {
            kernels.Dwt2_8(Array.ConvertAll(plane, v => (byte)v), SourceStride, Geometry[0], bands.Bands, scratch);
        }
        else
        {
            kernels.Dwt2_16(plane, SourceStride, BitDepth, Geometry[0], bands.Bands, scratch);
        }
    }

    /// <summary>Replaces the garbage past the logical width of <paramref name="plane"/> with new garbage.</summary>
    public void GarbageInPadding(ushort[] plane)
    {
        // Full 16-bit garbage even for lower depths; 8-bit planes keep only its low byte.
        for (int y = 0; y < Height; y++)
        {
            for (int x = Width; x < SourceStride; x++)
            {
                plane[(y * SourceStride) + x] = (ushort)Rng.Next(65536);
            }
        }
    }

    /// <summary>Full-range int32 with extra weight on the extremes (INT_MIN, INT_MAX) and on int16-sized values.</summary>
    public static int Raw32(Random rng) => rng.Next(8) switch
    {
        0 => int.MinValue + rng.Next(4),
        1 => int.MaxValue - rng.Next(4),
        2 => rng.Next(short.MinValue, short.MaxValue + 1),
        _ => rng.Next(int.MinValue, int.MaxValue),
    };

    public static short Raw16(Random rng) => rng.Next(8) switch
    {
        0 => (short)(short.MinValue + rng.Next(4)),
        1 => (short)(short.MaxValue - rng.Next(4)),
        _ => (short)rng.Next(short.MinValue, short.MaxValue + 1),
    };

    private static int[] Widen(GuardedBands<short> bands) => Array.ConvertAll(bands.A, v => (int)v);

    private ushort[] Padded(ushort[] plane)
    {
        var padded = new ushort[Height * SourceStride];
        for (int y = 0; y < Height; y++)
        {
            Array.Copy(plane, y * Width, padded, y * SourceStride, Width);
        }

        return padded;
    }

    /// <summary>A distorted version: untouched, noisy, contrast-stretched (enhancement) or unrelated samples.</summary>
    private ushort[] Distort(ushort[] reference)
    {
        int max = (1 << BitDepth) - 1;
        int unit = 1 << (BitDepth - 8);
        var rng = new Random(HashCode.Combine(Seed, Width, BitDepth, 5));
        var d = new ushort[reference.Length];
        for (int i = 0; i < d.Length; i++)
        {
            int r = reference[i];
            int v = rng.Next(4) switch
            {
                0 => r,
                1 => r + (rng.Next(-8, 9) * unit),
                2 => (max / 2) + ((r - (max / 2)) * 5 / 4),
                _ => rng.Next(max + 1),
            };
            d[i] = (ushort)Math.Clamp(v, 0, max);
        }

        return d;
    }

    /// <summary>Guarded inputs and scalar outputs of one scale 1–3.</summary>
    internal sealed class ScaleStage
    {
        public ScaleStage(AdmScaleGeometry g, int[] refInput, int[] disInput, int inputStride)
        {
            Geometry = g;
            InputStride = inputStride;

            // The previous band a starts after its guard row and left guard.
            RefInputArray = refInput;
            DisInputArray = disInput;
            Ref = new GuardedBands<int>(g.Width, g.Height, true, Sentinel32);
            Dis = Ref.Clone();
            BandRef = Ref;
            BandDis = Dis;
            Restored = new GuardedBands<int>(g.Width, g.Height, false, Sentinel32);
            Additive = Restored.Clone();
            CsfA = Restored.Clone();
            CsfF = Restored.Clone();
        }

        public AdmScaleGeometry Geometry { get; }

        public int InputStride { get; }

        public int[] RefInputArray { get; }

        public int[] DisInputArray { get; }

        public ReadOnlySpan<int> RefInput => RefInputArray.AsSpan(InputStride + GuardedBands<int>.Guard);

        public ReadOnlySpan<int> DisInput => DisInputArray.AsSpan(InputStride + GuardedBands<int>.Guard);

        public GuardedBands<int> Ref { get; }

        public GuardedBands<int> Dis { get; }

        /// <summary>Reference bands the band stages (and the next scale's DWT) read: <see cref="Ref"/>, or raw int32.</summary>
        public GuardedBands<int> BandRef { get; private set; }

        /// <summary>Distorted bands the band stages read: <see cref="Dis"/>, or raw int32.</summary>
        public GuardedBands<int> BandDis { get; private set; }

        public GuardedBands<int> Restored { get; }

        public GuardedBands<int> Additive { get; }

        public GuardedBands<int> CsfA { get; }

        public GuardedBands<int> CsfF { get; }

        public AdmDenSums Den { get; set; }

        public AdmNumSums Num { get; set; }

        /// <summary>
        /// The "raw" pattern at scales 1–3: full-range int32 bands (INT_MIN and INT_MAX included) for the band stages
        /// and the next DWT, some distorted coefficients equal or proportional so the angle and enhancement branches run.
        /// </summary>
        public void UseRawBands(Random rng)
        {
            BandRef = Ref.Clone();
            BandDis = Dis.Clone();
            BandRef.FillBands(() => Raw32(rng));
            BandDis.FillBands(() => Raw32(rng));
            for (int i = 0; i < BandDis.H.Length; i++)
            {
                switch (rng.Next(4))
                {
                    case 0:
                        BandDis.H[i] = BandRef.H[i];
                        BandDis.V[i] = BandRef.V[i];
                        BandDis.D[i] = BandRef.D[i];
                        break;
                    case 1:
                        BandDis.H[i] = BandRef.H[i] / 2;
                        BandDis.V[i] = BandRef.V[i] / 2;
                        break;
                }
            }
        }

        /// <summary>A copy of a guarded input band with random int32 garbage in every guard element.</summary>
        public int[] GarbledInput(Random rng, int[] input)
        {
            int[] copy = (int[])input.Clone();
            int guard = GuardedBands<int>.Guard;
            for (int i = 0; i < copy.Length; i++)
            {
                int y = (i / InputStride) - 1, x = (i % InputStride) - guard;
                if (y < 0 || y >= Geometry.InputHeight || x < 0 || x >= Geometry.InputWidth)
                {
                    copy[i] = rng.Next(int.MinValue, int.MaxValue);
                }
            }

            return copy;
        }
    }
}
