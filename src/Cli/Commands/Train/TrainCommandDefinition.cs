using System.CommandLine;
using System.Globalization;
using VmafTiny.Train;

namespace VmafTiny.Cli.Commands.Train;

/// <summary><c>vmaf-tiny train</c>: trains vmaf_tiny_v2 from a corpus and exports it with its sidecar, registry entry and report.</summary>
internal static class TrainCommandDefinition
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var corpus = new Option<string>("--corpus")
        {
            Description = "Training corpus CSV (optionally gzipped): source, features and the teacher's vmaf per frame",
            Required = true,
            HelpName = "FILE",
        };
        var output = new Option<string>("--out")
        {
            Description = "The .onnx file to write; its sidecar .json, registry.json and .report.md go beside it",
            Required = true,
            HelpName = "FILE.onnx",
        };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (same seed, same bytes)", DefaultValueFactory = _ => 0 };
        var command = new Command("train", "Train the vmaf_tiny_v2 MLP (leave-one-source-out validated) and export it as ONNX");
        command.Options.Add(corpus);
        command.Options.Add(output);
        command.Options.Add(seed);
        command.SetAction(r =>
        {
            TrainResult result = TrainCommand.Run(
                new TrainOptions { CorpusPath = r.GetValue(corpus)!, OutPath = r.GetValue(output)!, Seed = r.GetValue(seed) },
                stderr);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Id}: {result.OnnxPath} sha256 {result.Sha256}"));
            return 0;
        });
        return command;
    }
}
