#!/usr/bin/env bash
# Makes the encoded test clips and their expected decodes, once, with the ffmpeg CLI (FFmpeg 5.1, Debian 12:
# libx264, libx265, libvpx, libaom, libdav1d, libtheora, libvorbis). The tests read only the files this writes;
# they never run ffmpeg.
# Expected frames are FFmpeg's own decode (and, for conversions, its scale filter), gzipped y4m; the one odd-size
# 10-bit expectation is raw .yuv because FFmpeg 5.1's y4m muxer drops a byte per chroma row there.
# Usage: tests/VmafTiny.Tests/TestData/encoded/make-clips.sh   (writes next to itself)
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# -fflags +bitexact before the output name: no random UIDs or version strings, so a rerun gives the same bytes.
ff() { ffmpeg -hide_banner -loglevel error -nostdin -y "${@:1:$#-1}" -fflags +bitexact "${@: -1}"; }
y4m() { ff -i "$1" "${@:3}" -f yuv4mpegpipe -strict -1 "$tmp/out.y4m" && gzip -9n < "$tmp/out.y4m" > "$2"; }

# Sources: FFmpeg's testsrc2 pattern (moving, coloured, sharp edges), 24 fps.
ff -f lavfi -i testsrc2=size=160x90:rate=24 -frames:v 8 -pix_fmt yuv420p "$tmp/src160.y4m"
ff -f lavfi -i testsrc2=size=320x180:rate=24 -frames:v 8 -pix_fmt yuv420p "$tmp/src320.y4m"
ff -f lavfi -i testsrc2=size=96x54:rate=24 -frames:v 3 -pix_fmt yuv444p "$tmp/src96.y4m"

# The five codecs: the decoded frames must equal FFmpeg's decode of the same file.
ff -i "$tmp/src160.y4m" -c:v libx264 -preset fast -crf 30 h264_420p8.mp4
ff -i "$tmp/src160.y4m" -c:v libx265 -preset fast -crf 30 -pix_fmt yuv420p10le -tag:v hvc1 \
   -x265-params log-level=error hevc_420p10.mp4
ff -i "$tmp/src160.y4m" -c:v libvpx-vp9 -deadline good -cpu-used 8 -crf 40 -b:v 0 vp9_420p8.webm
ff -i "$tmp/src160.y4m" -c:v libaom-av1 -cpu-used 8 -crf 40 av1_420p8.mkv
ff -i "$tmp/src160.y4m" -c:v ffv1 -level 3 -pix_fmt yuv422p10le ffv1_422p10.mkv
for f in h264_420p8.mp4 hevc_420p10.mp4 vp9_420p8.webm av1_420p8.mkv ffv1_422p10.mkv; do
  y4m "$f" "${f%.*}.y4m.gz"
done

# Lossless references for the feature tests: FFV1 of the 160x90 source, and the source itself.
ff -i "$tmp/src160.y4m" -c:v ffv1 -level 3 ref_160x90.mkv
gzip -9n < "$tmp/src160.y4m" > ref_160x90.y4m.gz

# Mismatched inputs. A lossless 320x180 reference; the 160x90 H.264 clip scaled to it as FFmpeg scales.
ff -i "$tmp/src320.y4m" -c:v ffv1 -level 3 ref_320x180.mkv
y4m h264_420p8.mp4 h264_420p8.scaled-320x180.y4m.gz -vf scale=320:180:flags=bicubic
# Bit depth and chroma conversions to 4:2:0 8-bit, as FFmpeg's automatic conversion makes them.
y4m hevc_420p10.mp4 hevc_420p10.as-420p8.y4m.gz -pix_fmt yuv420p
y4m ffv1_422p10.mkv ffv1_422p10.as-420p8.y4m.gz -pix_fmt yuv420p
# An odd target size, 10-bit 4:2:2 kept (raw planes: see above).
ff -i ffv1_422p10.mkv -vf scale=123:71:flags=bicubic -frames:v 3 -f rawvideo "$tmp/odd.yuv"
gzip -9n < "$tmp/odd.yuv" > ffv1_422p10.scaled-123x71.yuv.gz
# A stream whose frame size changes after 3 frames (two MPEG-TS files back to back), and FFmpeg's scaling of it.
for s in 160x90 128x72; do
  ff -f lavfi -i testsrc2=size=$s:rate=24 -frames:v 3 -c:v libx264 -preset fast -crf 30 -bf 0 -pix_fmt yuv420p \
     -f mpegts "$tmp/part-$s.ts"
done
cat "$tmp/part-160x90.ts" "$tmp/part-128x72.ts" > size-change.ts
y4m size-change.ts size-change.scaled-160x90.y4m.gz -vf scale=160:90:flags=bicubic
# Fewer frames at another rate.
ff -f lavfi -i testsrc2=size=160x90:rate=25 -frames:v 6 -c:v libx264 -preset fast -crf 30 -pix_fmt yuv420p h264_6f_25fps.mp4

# Pixel formats that are not planar YUV: converted to the nearest planar format. (P010 and other 10-bit
# semi-planar formats come from hardware decoders; no file format here stores them, so none is tested.)
ff -i "$tmp/src96.y4m" -c:v rawvideo -pix_fmt nv12 nv12_96x54.nut
ff -i "$tmp/src96.y4m" -c:v rawvideo -pix_fmt yuyv422 yuyv_96x54.nut
ff -i "$tmp/src96.y4m" -c:v ffv1 -pix_fmt bgr0 rgb_96x54.mkv
ff -i "$tmp/src96.y4m" -c:v ffv1 -pix_fmt gbrp10le gbrp10_96x54.mkv
y4m nv12_96x54.nut nv12_96x54.as-yuv420p.y4m.gz -pix_fmt yuv420p
y4m yuyv_96x54.nut yuyv_96x54.as-yuv422p.y4m.gz -pix_fmt yuv422p
y4m rgb_96x54.mkv rgb_96x54.as-yuv444p.y4m.gz -pix_fmt yuv444p
y4m gbrp10_96x54.mkv gbrp10_96x54.as-yuv444p10.y4m.gz -pix_fmt yuv444p10le

# Ogg: Theora video and Vorbis audio in pages of about 0.1 s, the audio's last page before the video's (FFmpeg's
# Ogg demuxer reports no error for a cut file: the truncation tests cut this at each page and within pages).
ff -i "$tmp/src160.y4m" -f lavfi -i sine=frequency=440:sample_rate=8000:duration=0.3 -c:v libtheora -q:v 3 \
   -c:a libvorbis -ac 1 -page_duration 100000 theora_vorbis.ogg

# Broken inputs.
printf 'This is a text file, not a video.\n' > not-video.txt
ff -f lavfi -i sine=frequency=440:duration=0.05 -ac 1 -ar 8000 audio-only.wav
# An AVI whose video fourcc no decoder knows.
ff -i h264_420p8.mp4 -c:v copy -bsf:v h264_mp4toannexb "$tmp/h264.avi"
python3 - "$tmp/h264.avi" unknown-codec.avi <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
assert data.count(b'avc1') >= 1
open(sys.argv[2], 'wb').write(data.replace(b'avc1', b'VTZZ'))
PY
# Two video streams (the first, the larger and default one, is scored, with a note) and an interlaced stream (scored as decoded, with a note).
ff -i "$tmp/src160.y4m" -i "$tmp/src96.y4m" -map 0:v -map 1:v -c:v ffv1 -level 3 two-video-streams.mkv
# Which of several video streams is scored: the one FFmpeg's command line maps by default (the largest, a stream with
# the default disposition ahead): stream #1 of both (`ffmpeg -i X -f null -` says "Stream #0:1 -> #0:0").
ff -f lavfi -i testsrc2=size=96x54:rate=24 -frames:v 2 -pix_fmt yuv420p "$tmp/t96.y4m"
ff -f lavfi -i testsrc2=size=160x90:rate=24 -frames:v 2 -pix_fmt yuv420p "$tmp/t160.y4m"
ff -i "$tmp/t96.y4m" -i "$tmp/t160.y4m" -map 0:v -map 1:v -c:v libx264 -preset fast -crf 30 -disposition:v:0 0 \
   -disposition:v:1 0 two-video-streams-larger-second.mkv
ff -i "$tmp/t160.y4m" -i "$tmp/t96.y4m" -map 0:v -map 1:v -c:v libx264 -preset fast -crf 30 -disposition:v:0 0 \
   -disposition:v:1 default two-video-streams-default-second.mkv
# The stream FFmpeg maps (the larger, #0) in a codec no decoder knows (its fourcc FFV1 made VTZZ), beside a decodable
# smaller one: `ffmpeg -i X -f null -` fails ("Decoder (codec none) not found for input stream #0:0"), and so must we.
ff -i "$tmp/t160.y4m" -i "$tmp/t96.y4m" -map 0:v -map 1:v -c:v ffv1 -level 3 "$tmp/two-ffv1.mkv"
python3 - "$tmp/two-ffv1.mkv" undecodable-main-stream.mkv <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
first = data.index(b'FFV1')
open(sys.argv[2], 'wb').write(data[:first] + b'VTZZ' + data[first + 4:])
PY
ff -f lavfi -i testsrc2=size=160x96:rate=24 -frames:v 4 -c:v mpeg2video -q:v 4 -pix_fmt yuv420p \
   -flags +ildct+ilme -top 1 -field_order tt interlaced-tt.mkv
# 12 frames, no B-frames; the payload of frame 5 overwritten with noise after its first 12 bytes.
ff -f lavfi -i testsrc2=size=160x90:rate=24 -frames:v 12 -c:v libx264 -preset fast -crf 30 -bf 0 -g 100 \
   -pix_fmt yuv420p "$tmp/long.mp4"
pos=$(ffprobe -v error -select_streams v -show_entries packet=pos -of csv=p=0 "$tmp/long.mp4" | sed -n 6p)
python3 - "$tmp/long.mp4" corrupt-frame5.mp4 "$pos" <<'PY'
import random, sys
data = bytearray(open(sys.argv[1], 'rb').read())
pos, rng = int(sys.argv[3]), random.Random(7)
for i in range(pos + 12, pos + 300):
    data[i] = rng.randrange(256)
open(sys.argv[2], 'wb').write(data)
PY

# Display matrices (the container says how to show the frames): FFmpeg's command line turns the frames by default,
# and so does vmaf-tiny. Expected: `ffmpeg -i X -f yuv4mpegpipe`, turned by FFmpeg's transpose/hflip/vflip.
# rotate=N writes a quarter turn; a flip or a transpose alone, and a 45-degree turn, are tkhd matrices patched here.
ff -i h264_420p8.mp4 -c copy -metadata:s:v:0 rotate=90 rot90_h264.mp4
ff -i h264_420p8.mp4 -c copy -metadata:s:v:0 rotate=180 rot180_h264.mp4
ff -i hevc_420p10.mp4 -c copy -metadata:s:v:0 rotate=270 rot270_hevc10.mp4
ff -i ffv1_422p10.mkv -c:v libx264 -preset fast -crf 30 -pix_fmt yuv422p10le "$tmp/h264_422p10.mp4"
ff -i "$tmp/h264_422p10.mp4" -c copy -metadata:s:v:0 rotate=180 rot180_h264_422p10.mp4
ff -i "$tmp/h264_422p10.mp4" -c copy -metadata:s:v:0 rotate=90 rot90_h264_422p10.mp4
patch_matrix() { # in.mp4 out.mp4 a b c d (16.16 fixed point): tkhd's 2x2 part
python3 - "$@" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
at = data.index(b'tkhd') + 4 + 4 + 20 + 8 + 8          # box type, version/flags, v0 times/ids, reserved, layer..volume
a, b, c, d = (int(v) for v in sys.argv[3:7])
struct.pack_into('>ii', data, at, a, b)
struct.pack_into('>ii', data, at + 12, c, d)
open(sys.argv[2], 'wb').write(data)
PY
}
patch_matrix h264_420p8.mp4 hflip_h264.mp4 -65536 0 0 65536
patch_matrix h264_420p8.mp4 vflip_h264.mp4 65536 0 0 -65536
patch_matrix h264_420p8.mp4 transpose_h264.mp4 0 65536 65536 0
patch_matrix h264_420p8.mp4 rot45_h264.mp4 46341 46341 -46341 46341
for f in rot90_h264 rot180_h264 rot270_hevc10 rot180_h264_422p10 hflip_h264 vflip_h264 transpose_h264; do
  y4m "$f.mp4" "$f.y4m.gz"
done
# The stream's own display orientation (an H.264 SEI on the first frame, frame side data; no container matrix in
# Matroska). FFmpeg 5.1's command line turns that frame only, then squashes the unturned others into the turned size
# (its filter graph is rebuilt without the matrix); vmaf-tiny keeps the first frame's orientation for the stream, as
# the SEI persists: the expectation is every frame turned (transpose=cclock, what autorotate did to the first).
ff -i h264_420p8.mp4 -c copy -bsf:v h264_metadata=display_orientation=insert:rotate=90 sei90_h264.mkv
ff -noautorotate -i sei90_h264.mkv -vf transpose=cclock -f yuv4mpegpipe -strict -1 "$tmp/out.y4m"
gzip -9n < "$tmp/out.y4m" > sei90_h264.y4m.gz

# Full range: FFmpeg decodes full-range H.264 to yuvj420p (a phone's encode, an MJPEG camera); scored as stored against
# the limited-range ref_160x90.y4m.gz, with a warning that the colour ranges differ.
ff -i "$tmp/src160.y4m" -c:v libx264 -preset fast -crf 30 -pix_fmt yuvj420p h264_yuvj420p.mp4
# Full range that only the stream's tag says: FFmpeg decodes these to plain yuv420p / yuv420p10le frames tagged
# color_range=pc (no yuvj format for VP9, AV1 or 10 bits); warned about in the same way.
ff -i "$tmp/src160.y4m" -frames:v 4 -c:v libvpx-vp9 -deadline good -cpu-used 8 -crf 40 -b:v 0 -color_range pc vp9_420p8_pc.webm
ff -i "$tmp/src160.y4m" -frames:v 4 -c:v libx264 -preset fast -crf 30 -pix_fmt yuv420p10le -color_range pc h264_420p10_pc.mp4
ff -i "$tmp/src160.y4m" -frames:v 4 -c:v libaom-av1 -cpu-used 8 -crf 40 -color_range pc av1_420p8_pc.mkv
# Converted to 8 bits as FFmpeg converts it: to limited range.
y4m h264_420p10_pc.mp4 h264_420p10_pc.as-420p8.y4m.gz -pix_fmt yuv420p

ls -l
