#!/usr/bin/env bash
# Builds the pulumi-resource-kafka plugin (this directory's Go module) into the file OUT_PATH.
#
# Usage: bash toolchain/providers/kafka/build.sh OUT_PATH
#   OUT_PATH  where to write the executable (its directory is created); written atomically, so a cache keyed by this
#             module's inputs (go.mod, go.sum, main.go, schema.json, build.sh) never holds a half-written binary.
# Needs: go 1.25.9 or newer (the bridge's minimum) and the Go module proxy. Measured on 2 shared cores: 147 s for the
# first build (module downloads included), 5 s when the Go build cache is warm; the binary is 42 MiB.
# Does not run `go mod tidy` and nothing imports the bridge's tfgen: both would pull pulumi-java, which the proxy
# refuses. -mod=mod lets `go build` resolve only what the binary links; go.mod/go.sum are committed complete, so the
# build leaves them unchanged.
set -euo pipefail

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $0 OUT_PATH (the file to write the pulumi-resource-kafka executable to)" >&2
  exit 2
fi
if ! command -v go >/dev/null 2>&1; then
  echo "go is not on PATH; install Go 1.24 or newer (Debian: golang-go, or go.dev/dl) and rerun." >&2
  exit 1
fi

out_path="$(realpath -m "$1")"
module_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$(dirname "$out_path")"
partial="$out_path.partial.$$"
trap 'rm -f "$partial"' EXIT

echo "building pulumi-resource-kafka -> $out_path (Go build, typically 1.5-3 min cold)" >&2
started=$SECONDS
(cd "$module_dir" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$partial" .)
mv -f "$partial" "$out_path"
echo "built pulumi-resource-kafka in $((SECONDS - started)) s ($(du -h "$out_path" | cut -f1))" >&2
