#!/usr/bin/env bash
# Builds a minimal Debian bookworm base image with debootstrap and imports it into Docker, because no container
# registry is reachable from these machines but the Debian mirror apt already uses is.
#
# Usage: debian-base.sh TAG PACKAGE...
#   TAG         image reference to create, e.g. cdc-kafka/jre-base:bookworm
#   PACKAGE...  Debian packages to include (at least one), e.g. openjdk-17-jre-headless
# Environment:
#   INPUTS_KEY  optional; when set the image is labelled cdc-kafka.inputs=$INPUTS_KEY so setup can tell whether
#               the image was built from the current inputs and skip rebuilding it.
#   CDC_KAFKA_CACHE  optional; the toolchain cache (default $XDG_CACHE_HOME or ~/.cache, then /cdc-kafka-toolchain),
#               where downloaded .debs are kept under debootstrap/bookworm.
# The mirror is the first non-security `URIs:` entry of /etc/apt/sources.list.d/debian.sources (or the first
# non-security `deb` line of /etc/apt/sources.list), so the build works wherever apt works; needs root and Docker.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "Usage: $0 TAG PACKAGE... (give the image tag and at least one Debian package to include)." >&2
  exit 64
fi
tag=$1
shift
packages=$(IFS=,; echo "$*")
suite=bookworm

# The first mirror apt is configured with that is not the security archive (which has no full suite).
apt_mirror() {
  local sources=/etc/apt/sources.list.d/debian.sources
  if [[ -r $sources ]]; then
    awk '$1 == "URIs:" { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$sources"
  elif [[ -r /etc/apt/sources.list ]]; then
    awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
      /etc/apt/sources.list
  fi
}
mirror=$(apt_mirror)
if [[ -z $mirror ]]; then
  echo "No Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list; configure apt first." >&2
  exit 1
fi

# Downloaded .debs are kept in the toolchain cache (outside the clone), so a rebuild or the next base image fetches
# only what changed; debootstrap checks them against the mirror's Packages index before use.
cache_dir=${CDC_KAFKA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdc-kafka-toolchain}/debootstrap/$suite
mkdir -p "$cache_dir"

rootfs=$(mktemp -d "${TMPDIR:-/tmp}/debian-base.XXXXXX")
# debootstrap mounts /proc and /sys inside the target; if it dies midway they must be unmounted before rm -rf.
cleanup() {
  awk -v root="$rootfs/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l || true
  rm -rf "$rootfs"
}
trap cleanup EXIT

started=$SECONDS
echo "==> debootstrap $suite (minbase + $packages) from $mirror into $rootfs"
# Per-package lines (hundreds) are dropped; the stage lines remain as progress.
if ! debootstrap --variant=minbase --include="$packages" --cache-dir="$cache_dir" "$suite" "$rootfs" "$mirror" 2>&1 \
  | { grep --line-buffered -vE '^I: (Retrieving|Validating) [^ ]+ [0-9][^ ]*$|^I: (Extracting|Unpacking|Configuring) [^ ]+\.\.\.$' || true; }; then
  echo "debootstrap failed; check that $mirror serves $suite and that the packages ($packages) exist." >&2
  exit 1
fi

echo "==> cleaning apt caches"
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/*

labels=(--change "LABEL cdc-kafka.base.packages=$packages")
if [[ -n ${INPUTS_KEY:-} ]]; then
  labels+=(--change "LABEL cdc-kafka.inputs=$INPUTS_KEY")
fi
echo "==> importing into Docker as $tag"
tar -C "$rootfs" -c . | docker import "${labels[@]}" --change 'CMD ["bash"]' - "$tag" >/dev/null
echo "==> $tag ready in $((SECONDS - started)) s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{ printf "%d MB", $1 / 1e6 }'))"
