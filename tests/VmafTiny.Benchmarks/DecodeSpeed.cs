using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using VmafTiny.Decode.Ffmpeg;

namespace VmafTiny.Benchmarks;

/// <summary>
/// In-process decode speed of one file through <see cref="FfmpegSource"/>, frames delivered into a
/// <see cref="YuvFrame"/> as the scorer gets them: <c>dotnet run -c Release -- decode FILE [THREADS] [RUNS] [WxH]</c>.
/// Compare with <c>ffmpeg -threads THREADS -i FILE -f null -</c> in the same session. With WxH the frames are
/// scaled (bicubic) and the MD5 of all their planes is printed, to compare with
/// <c>ffmpeg -i FILE -vf scale=W:H:flags=bicubic -f md5 -</c>.
/// </summary>
internal static class DecodeSpeed
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: decode FILE [THREADS (0 = FFmpeg's choice)] [RUNS]");
            return 2;
        }

        string path = args[1];
        int threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        int runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        int[]? size = args.Length > 4 ? args[4].Split('x').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() : null;
        for (int run = 0; run < runs; run++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            using var source = FfmpegSource.Open(path, new FfmpegOptions { Threads = threads });
            if (size is not null)
            {
                source.SetOutputFormat(source.Format with { Width = size[0], Height = size[1] });
            }

            var frame = new YuvFrame(source.Format);
            using var md5 = size is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            int frames = 0;
            while (source.ReadFrame(frame))
            {
                md5?.AppendData(frame.Data);
                frames++;
            }

            clock.Stop();
            if (md5 is not null)
            {
                Console.WriteLine($"md5 of {frames} frames of {source.Format}: {Convert.ToHexStringLower(md5.GetHashAndReset())}");
            }

            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"decode {source.Format} {source.CodecName} threads={threads}: {frames} frames in {clock.Elapsed.TotalSeconds:F3} s = {frames / clock.Elapsed.TotalSeconds:F1} fps, CPU {cpuSeconds:F3} s"));
        }

        return 0;
    }
}
