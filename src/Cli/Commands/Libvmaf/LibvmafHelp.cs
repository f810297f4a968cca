namespace VmafTiny.Cli.Commands.Libvmaf;

/// <summary>The help of <c>vmaf-tiny vmaf</c>: libvmaf's usage, and where vmaf-tiny differs.</summary>
internal static class LibvmafHelp
{
    /// <summary>The libvmaf release whose command line this is.</summary>
    public const string LibvmafVersion = "3.2.0";

    /// <summary>The help text.</summary>
    public const string Text =
        """
        Usage: vmaf-tiny vmaf [options]      (or: vmaf-tiny [options], or vmaf-tiny run through a link named vmaf)

        libvmaf 3.2.0's vmaf command line: the same options, defaults and logs.

        Supported options:
         --reference/-r $path:        path to reference .y4m or .yuv (or any video FFmpeg decodes)
         --distorted/-d $path:        path to distorted .y4m or .yuv (or any video FFmpeg decodes)
         --width/-w $unsigned:        width
         --height/-h $unsigned:       height
         --pixel_format/-p: $string   pixel format (420/422/444, or 400)
         --bitdepth/-b $unsigned:     bitdepth (8/10/12/16)
         --model/-m $params:          model parameters, colon ":" delimited
                                      `path=` path to model file (.json, or a vmaf_tiny .onnx)
                                      `version=` built-in model version: vmaf_v0.6.1 (default),
                                        vmaf_v0.6.1neg, vmaf_4k_v0.6.1, vmaf_4k_v0.6.1neg, vmaf_tiny_v2
                                      `name=` name used in log (optional; default vmaf)
                                      `disable_clip`, `enable_transform`
                                      `EXTRACTOR.OPTION=VALUE`, e.g. vif.vif_enhn_gain_limit=1
         --output/-o $path:           output file (- for stdout)
         --xml:                       write output file as XML (default)
         --json:                      write output file as JSON
         --csv:                       write output file as CSV
         --sub:                       write output file as subtitle
         --threads $unsigned:         number of threads to use (default: all cores)
         --feature $string:           additional feature: adm, vif, motion, psnr, with
                                      options as NAME=opt=val:opt=val; psnr's:
                                      enable_chroma, enable_mse, enable_apsnr,
                                      reduced_hbd_peak (true/false), min_sse
         --cpumask: $bitmask          restrict permitted CPU instruction sets (8: no
                                      AVX2, i.e. scalar; 16: no AVX-512)
         --gpumask: $bitmask          accepted and ignored (no GPU path)
         --frame_cnt $unsigned:       maximum number of frames to process
         --frame_skip_ref $unsigned:  skip the first N frames in reference
         --frame_skip_dist $unsigned: skip the first N frames in distorted
         --subsample: $unsigned       compute scores only every N frames
         --quiet/-q:                  no notes; no score summary when writing a log
         --no_prediction/-n:          no prediction, extract features only
         --precision $p:              numbers in the log: libvmaf (default, %.6f),
                                      N decimals, or max (round-trip)  [vmaf-tiny]
         --version/-v:                print version and exit
         --help:                      this help  [vmaf-tiny]

        Where vmaf-tiny differs from libvmaf's tool:
         - Without --threads it uses every core (libvmaf: one thread); results are the
           same doubles for every thread count. --cpumask picks the highest kernel path;
           every path gives the same doubles.
         - Inputs may be anything FFmpeg decodes (mp4, mkv, ...), not only .y4m/.yuv; a
           distorted video of another size is scaled to the reference's (bicubic, as
           FFmpeg) and another bit depth or chroma format is converted, with a note
           on stderr (never in the log).
         - The log's version field says vmaf-tiny's version; fps is its own speed.
         - A mistake libvmaf lets pass is refused in one line (exit 2): an unknown
           option, a stray argument, a negative number. A model, feature or option
           vmaf-tiny cannot compute is refused in one line before any frame is read;
           it and other failures exit 1 (libvmaf: 255). --aom_ctc and --nflx_ctc are
           refused: they need float SSIM, MS-SSIM, CIEDE, PSNR-HVS, CAMBI.
         - PSNR is also computed at 9, 11, 13, 14 and 15 bits (libvmaf refuses them).
         - The score summary ("vmaf_v0.6.1: 76.668905") goes to stderr also when it is
           not a terminal; nothing but the log ever goes to stdout.

        """;
}
