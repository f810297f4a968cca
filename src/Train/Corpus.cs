using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Train;

/// <summary>
/// The training corpus: one row per frame with its source clip, the six raw features and the teacher score
/// (libvmaf's <c>vmaf_v0.6.1</c>). Read from CSV, gzip-compressed or not.
/// </summary>
/// <remarks>
/// Required columns (any order, others ignored): <c>source</c>, <c>adm2</c>, <c>vif_scale0</c> … <c>vif_scale3</c>,
/// <c>motion2</c>, <c>vmaf</c>; <c>image</c> is used for the report when present.
/// </remarks>
public sealed class Corpus
{
    private Corpus(string fileName, string sha256, double[] features, double[] target, int[] source, string[] sources, string[] images)
    {
        FileName = fileName;
        Sha256 = sha256;
        Features = features;
        Target = target;
        SourceOf = source;
        Sources = sources;
        SourceImages = images;
    }

    /// <summary>The file's name (no directory), for the report.</summary>
    public string FileName { get; }

    /// <summary>Lower-case hex sha256 of the file's bytes as stored (compressed if it is).</summary>
    public string Sha256 { get; }

    /// <summary>Number of rows (frames).</summary>
    public int Count => Target.Length;

    /// <summary>Raw features, row-major, <see cref="ModelContract.FeatureCount"/> per row in contract order.</summary>
    public double[] Features { get; }

    /// <summary>The teacher score per row.</summary>
    public double[] Target { get; }

    /// <summary>Index into <see cref="Sources"/> per row.</summary>
    public int[] SourceOf { get; }

    /// <summary>Source ids in order of first appearance.</summary>
    public string[] Sources { get; }

    /// <summary>The <c>image</c> column's value for each source ("" when absent).</summary>
    public string[] SourceImages { get; }

    /// <summary>Reads a corpus file.</summary>
    /// <exception cref="VmafTinyException">The file cannot be read or is not a valid corpus.</exception>
    public static Corpus Load(string path)
    {
        switch (VmafTiny.IO.FileProbe.Stat(path).Kind)
        {
            case VmafTiny.IO.FileKind.None:
                throw new InputException(path, "no such file");
            case VmafTiny.IO.FileKind.Directory:
                throw new InputException(path, "is a folder; give the corpus CSV file (e.g. model/corpus/train.csv.gz)");
            case not VmafTiny.IO.FileKind.Regular:
                throw new InputException(path, "is not a regular file; give the corpus CSV file");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            string reason = ex is UnauthorizedAccessException ? "permission denied" : ex.Message.ReplaceLineEndings(" ");
            throw new InputException(path, $"cannot read the corpus ({reason})", ex);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses corpus bytes; gzip is detected by its magic bytes.</summary>
    public static Corpus Parse(byte[] bytes, string origin)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Stream stream = new MemoryStream(bytes, writable: false);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        try
        {
            return Parse(reader, origin, Path.GetFileName(origin), sha);
        }
        catch (InvalidDataException ex)
        {
            throw new InputException(origin, $"corrupt gzip data ({ex.Message})", ex);
        }
    }

    private static Corpus Parse(TextReader reader, string origin, string fileName, string sha)
    {
        var header = reader.ReadLine() ?? throw new InputException(origin, "empty corpus file");
        var names = header.Split(',');
        int Column(string name)
        {
            var i = Array.IndexOf(names, name);
            return i >= 0 ? i : throw new InputException(origin, $"corpus has no '{name}' column (header: {header})");
        }

        var sourceCol = Column("source");
        var targetCol = Column("vmaf");
        var featureCols = ModelContract.Features.Select(Column).ToArray();
        var imageCol = Array.IndexOf(names, "image");

        var features = new List<double>();
        var target = new List<double>();
        var sourceOf = new List<int>();
        var sourceIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var sources = new List<string>();
        var images = new List<string>();
        var line = 1;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var cells = text.Split(',');
            if (cells.Length != names.Length)
            {
                throw new InputException(origin, $"line {line} has {cells.Length} cells, the header has {names.Length}");
            }

            if (!sourceIndex.TryGetValue(cells[sourceCol], out var s))
            {
                s = sources.Count;
                sourceIndex.Add(cells[sourceCol], s);
                sources.Add(cells[sourceCol]);
                images.Add(imageCol >= 0 ? cells[imageCol] : "");
            }

            sourceOf.Add(s);
            foreach (var c in featureCols)
            {
                features.Add(Number(cells[c], names[c], line, origin));
            }

            target.Add(Number(cells[targetCol], "vmaf", line, origin));
        }

        if (target.Count == 0)
        {
            throw new InputException(origin, "corpus has no rows");
        }

        return new Corpus(fileName, sha, [.. features], [.. target], [.. sourceOf], [.. sources], [.. images]);
    }

    private static double Number(string cell, string column, int line, string origin)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw new InputException(origin, $"line {line}: '{cell}' in column '{column}' is not a finite number");
        }

        // The model computes in float32 (its scaler's constants too): a value float32 cannot hold would make the
        // scaler infinite and the trained graph NaN.
        if (Math.Abs(v) > float.MaxValue)
        {
            throw new InputException(origin, $"line {line}: '{cell}' in column '{column}' is out of range (the model computes in float32, at most {float.MaxValue.ToString(CultureInfo.InvariantCulture)} in size)");
        }

        return v;
    }
}
