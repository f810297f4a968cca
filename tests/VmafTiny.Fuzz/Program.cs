using SharpFuzz;
using VmafTiny.Cli;

namespace VmafTiny.Fuzz;

/// <summary>
/// SharpFuzz targets over the whole tool, in process: each input is written to a file and scored against a fixed
/// partner with <c>features</c>. A run that throws out of <see cref="VmafTinyCli.Run"/>, exits with anything but
/// 0 or 1, prints more than one line on failure or a raw control character is a crash for the fuzzer.
/// </summary>
public static class Program
{
    /// <summary><c>vmaf-tiny-fuzz y4m|container PARTNER [--libfuzzer]</c>.</summary>
    public static int Main(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("y4m" or "container"))
        {
            Console.Error.WriteLine("usage: vmaf-tiny-fuzz y4m|container PARTNER-VIDEO [--libfuzzer]");
            return 2;
        }

        string partner = Path.GetFullPath(args[1]);
        string folder = Directory.CreateTempSubdirectory("vmaf-tiny-fuzz-").FullName;
        string input = Path.Combine(folder, args[0] == "y4m" ? "input.y4m" : "input.bin");
        string log = Path.Combine(folder, "out.json");
        void Target(ReadOnlySpan<byte> data)
        {
            File.WriteAllBytes(input, data.ToArray());
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = VmafTinyCli.Run(["features", input, partner, "-o", log, "--threads", "1", "-q"], stdout, stderr);
            string errors = stderr.ToString();
            if (code is not (0 or 1) || errors.Contains("internal error", StringComparison.Ordinal)
                || (code == 1 && errors.Count(c => c == '\n') != 1) || errors.Any(c => char.IsControl(c) && c != '\n')
                || Directory.GetFiles(folder).Any(f => f.EndsWith(".tmp", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"rule broken: exit {code}: {errors}");
            }

            File.Delete(log);
        }

        if (args.Contains("--libfuzzer"))
        {
            Fuzzer.LibFuzzer.Run(span => Target(span));
        }
        else
        {
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var ms = new MemoryStream();
                stream.CopyTo(ms);
                Target(ms.ToArray());
            });
        }

        return 0;
    }
}
