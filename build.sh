#!/usr/bin/env bash
# vmaf-tiny bootstrapper: installs what the build needs, then hands over to Cake (build.cake).
#   ./build.sh --target=Demo    score the bundled sample pair
#   ./build.sh --target=Test    build and run the whole test suite
# As root it installs missing Debian packages (FFmpeg's libraries and headers, CMake, OpenCL loader and
# PoCL, Chromium for the report's browser test, redis-server for the cluster test); otherwise it says which ones are missing.
set -euo pipefail
cd "$(dirname "$0")"

packages=(cmake pkg-config gcc libavformat-dev libavcodec-dev libswscale-dev libavutil-dev
          ocl-icd-libopencl1 pocl-opencl-icd
          chromium    # the HTML report's browser test (Playwright drives the system Chromium)
          redis-server)   # the cluster's multi-process test (membership and job state in Redis)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    if [ "$(id -u)" = 0 ]; then
        echo "build.sh: installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "build.sh: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    fi
fi

if ! command -v dotnet >/dev/null; then
    echo "build.sh: the .NET 10 SDK (dotnet) is not on PATH" >&2
    exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
