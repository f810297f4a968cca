using VmafTiny.Batch;
using VmafTiny.Decode;
using VmafTiny.Score.Logs;

namespace VmafTiny.Tests.Batch;

/// <summary>Batch manifests: CSV (header, quoted cells, option columns) and JSON lines, and what refuses a manifest.</summary>
public class BatchManifestTests
{
    private const string Base = "/data";

    /// <summary>The no-autorotate column (CSV text, JSON boolean or text): frames scored as stored; recorded in the settings.</summary>
    [Fact]
    public void No_autorotate_is_a_column_and_part_of_the_settings()
    {
        IReadOnlyList<BatchPair> csv = BatchManifest.Parse("reference,distorted,output,no-autorotate\na,b,c.json,true\na,b,d.json,\na,b,e.json,false\n", "m.csv", Base);
        Assert.Equal([false, true, true], csv.Select(p => p.Options.AutoRotate));
        Assert.Contains("autorotate=no", csv[0].Options.ValueSettings());
        Assert.DoesNotContain("autorotate", csv[1].Options.ValueSettings());
        IReadOnlyList<BatchPair> json = BatchManifest.Parse("{\"reference\": \"a\", \"distorted\": \"b\", \"output\": \"c\", \"no-autorotate\": true}\n", "m.jsonl", Base);
        Assert.False(Assert.Single(json).Options.AutoRotate);
        var e = Assert.Throws<InputException>(() => BatchManifest.Parse("reference,distorted,output,no-autorotate\na,b,c.json,yes\n", "m.csv", Base));
        Assert.Contains("no-autorotate 'yes' is not true or false", e.Message);
    }

    [Fact]
    public void Csv_rows_become_pairs_with_their_options()
    {
        const string text =
            "reference,distorted,output,model,frames,frame-skip-ref,subsample,scale,format,width,height,pixel-format,bitdepth\n" +
            "ref.y4m,dist.mp4,out/a.json,,,,,,,,,,\n" +
            "\n" +
            "\"r, 1.y4m\",/abs/d.mp4,b.xml,vmaf_v0.6.1,10:20,2,3,none,csv,,,,\n" +
            "r.yuv,d.yuv,c.json,models/m.json,,,,,,64,48,422,10\r\n";
        IReadOnlyList<BatchPair> pairs = BatchManifest.Parse(text, "m.csv", Base);
        Assert.Equal(3, pairs.Count);

        BatchPair a = pairs[0];
        Assert.Equal((1, 2), (a.Number, a.Line));
        Assert.Equal(("/data/ref.y4m", "/data/dist.mp4", "/data/out/a.json"), (a.Reference, a.Distorted, a.Output));
        Assert.Equal(new VmafOptions().EffectiveModels, a.Options.EffectiveModels);
        Assert.Equal(LogFormat.Json, a.Format);
        Assert.Equal(LogPrecision.Libvmaf, a.Precision);

        BatchPair b = pairs[1];
        Assert.Equal((2, 4), (b.Number, b.Line));
        Assert.Equal(("/data/r, 1.y4m", "/abs/d.mp4"), (b.Reference, b.Distorted));
        Assert.Equal(["vmaf_v0.6.1"], b.Options.EffectiveModels);
        Assert.Equal(new FrameRange(10, 20), b.Options.Frames);
        Assert.Equal((2, 3, ScaleMode.None), (b.Options.FrameSkipReference, b.Options.Subsample, b.Options.Scale));
        Assert.Equal(LogFormat.Csv, b.Format);            // the format column over the file's extension
        Assert.Equal(LogPrecision.Max, b.Precision);      // a segment keeps its doubles for merge

        BatchPair c = pairs[2];
        Assert.Equal(["/data/models/m.json"], c.Options.EffectiveModels);
        Assert.Equal(new RawVideoOptions(64, 48, ChromaFormat.Yuv422, 10), c.Options.Raw);
    }

    [Fact]
    public void Json_lines_take_the_same_keys_and_model_arrays()
    {
        const string text =
            "{\"reference\": \"r.y4m\", \"distorted\": \"d.y4m\", \"output\": \"a.json\", \"frame-count\": 5, \"precision\": \"3\"}\n" +
            "\n" +
            "{\"reference\": \"r.y4m\", \"distorted\": \"d.y4m\", \"output\": \"b.json\", \"model\": [\"vmaf_v0.6.1\", \"version=vmaf_v0.6.1neg:name=neg\"]}\n";
        IReadOnlyList<BatchPair> pairs = BatchManifest.Parse(text, "m.jsonl", Base);
        Assert.Equal(2, pairs.Count);
        Assert.Equal(5, pairs[0].Options.FrameCount);
        Assert.Equal(LogPrecision.Decimals(3), pairs[0].Precision);
        Assert.Equal(3, pairs[1].Line);
        Assert.Equal(["vmaf_v0.6.1", "version=vmaf_v0.6.1neg:name=neg"], pairs[1].Options.EffectiveModels);
    }

    [Fact]
    public void Two_rows_writing_one_log_through_a_symlink_are_refused()
    {
        // The log is written through links (to their target), so outputs that name one file through a link of the
        // file or of a folder are one output: the second pair's log would silently replace the first's.
        string dir = Directory.CreateTempSubdirectory("vmaf-tiny-manifest-links-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "logs"));
            File.CreateSymbolicLink(Path.Combine(dir, "logs", "alias.json"), "a.json");
            Directory.CreateSymbolicLink(Path.Combine(dir, "same"), "logs");
            var e = Assert.Throws<InputException>(() => BatchManifest.Parse("reference,distorted,output\nr,d,logs/a.json\nr,d,logs/alias.json\n", "m.csv", dir));
            Assert.EndsWith("line 3: output '" + Path.Combine(dir, "logs/alias.json") + "' is also the output of line 2", e.Message);
            e = Assert.Throws<InputException>(() => BatchManifest.Parse("reference,distorted,output\nr,d,logs/b.json\nr,d,same/b.json\n", "m.csv", dir));
            Assert.EndsWith("line 3: output '" + Path.Combine(dir, "same/b.json") + "' is also the output of line 2", e.Message);
            Assert.Equal(2, BatchManifest.Parse("reference,distorted,output\nr,d,logs/a.json\nr,d,same/b.json\n", "m.csv", dir).Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("reference,distorted\na,b\n", "line 1: no 'output' column")]
    [InlineData("reference,distorted,output,colour\na,b,c,red\n", "line 1: unknown column 'colour'")]
    [InlineData("reference,distorted,output\na,b\n", "line 2: 2 cells, but the header has 3 columns")]
    [InlineData("reference,distorted,output\na,b,\n", "line 2: no output")]
    [InlineData("reference,distorted,output\na,b,c.json\nd,e,c.json\n", "line 3: output '/data/c.json' is also the output of line 2")]
    [InlineData("reference,distorted,output,subsample\na,b,c,0\n", "line 2: subsample '0' is not a whole number from 1")]
    [InlineData("reference,distorted,output,frames\na,b,c,5:2\n", "line 2: frames: frame range '5:2' is empty")]
    [InlineData("reference,distorted,output,width\na,b,c,64\n", "line 2: raw .yuv input needs all of")]
    [InlineData("reference,distorted,output\n\"a,b,c\n", "line 2: a quoted cell is not closed")]
    [InlineData("reference,distorted,output\n", "the manifest lists no pairs")]
    [InlineData("reference,distorted,output,model\na,b,c.xml,version=vmaf_v0.6.1:name=a b\n", "line 2: the model name 'a b' is not an XML attribute name")]
    [InlineData("reference,distorted,output,model,format\na,b,c.log,version=vmaf_v0.6.1:name=x|y,sub\n", "line 2: the model name 'x|y' holds a '|'")]
    [InlineData("{\"reference\": \"a\", \"distorted\": \"b\", \"output\": \"c\"}\n{\"reference\": 1,\n", "line 2: not JSON")]
    [InlineData("{\"reference\": \"a\", \"distorted\": \"b\", \"output\": \"c\", \"scale\": true}\n", "line 1: 'scale' is not a string or number")]
    public void A_bad_manifest_is_refused_in_one_line_naming_the_file_and_line(string text, string problem)
    {
        var e = Assert.Throws<InputException>(() => BatchManifest.Parse(text, "m.csv", Base));
        Assert.StartsWith("m.csv: ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
