#!/usr/bin/env bash
# Builds the real Pulumi Kubernetes provider plugin (pulumi-resource-kubernetes) from the Go module proxy into OUT_PATH.
#
# Usage: bash toolchain/providers/kubernetes/build.sh OUT_PATH VERSION
#   OUT_PATH  where to write the executable; written atomically, so a cache keyed by this script never holds half a file.
#   VERSION   the version the plugin reports and its schema names: the @pulumi/kubernetes npm version the project uses,
#             so the engine loads it for that SDK without a version warning.
# The proxy serves no tagged version of github.com/pulumi/pulumi-kubernetes/provider/v4 (its tags are refused), so the
# source is the pseudo-version pinned below (what @latest resolved to: the provider's master of 2026-01-15). Its go.mod
# points the sdk/v4 module at ../sdk (the repository's checkout); a copy without that replace takes the published one.
# The embedded schema and Terraform mapping are written as the module's generate.go does (`go generate`).
set -euo pipefail

module="github.com/pulumi/pulumi-kubernetes/provider/v4"
source_version="v4.0.0-20260115033456-f47bc2d6f199"

if [[ $# -ne 2 || -z "$1" || -z "$2" ]]; then
  echo "usage: $0 OUT_PATH VERSION (the file to write pulumi-resource-kubernetes to; the version it reports)" >&2
  exit 2
fi
if ! command -v go >/dev/null 2>&1; then
  echo "go is not on PATH; install Go 1.24 or newer (Debian: golang-go, or go.dev/dl) and rerun." >&2
  exit 1
fi
out_path="$(realpath -m "$1")"
version="$2"
work="$(mktemp -d)"
partial="$out_path.partial.$$"
trap 'rm -rf "$work" "$partial"' EXIT
mkdir -p "$(dirname "$out_path")"

echo "fetching $module@$source_version" >&2
source_dir="$(go mod download -json "$module@$source_version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
cp -r "$source_dir/." "$work"
chmod -R u+w "$work"
cd "$work"
go mod edit -dropreplace=github.com/pulumi/pulumi-kubernetes/sdk/v4
export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0

echo "writing the embedded schema (version $version) and Terraform mapping" >&2
# -trimpath as the build below: the packages generate.go compiles (Pulumi's schema codegen) are then the ones the
# plugin links, from the Go build cache, instead of a second compile with other flags.
(cd cmd/pulumi-resource-kubernetes && VERSION="$version" go run -trimpath generate.go)

echo "building pulumi-resource-kubernetes $version -> $out_path (Go build, 12-25 min cold on 2 cores)" >&2
started=$SECONDS
go build -trimpath -ldflags "-s -w -X $module/pkg/version.Version=$version" -o "$partial" ./cmd/pulumi-resource-kubernetes
mv -f "$partial" "$out_path"
echo "built pulumi-resource-kubernetes in $((SECONDS - started)) s ($(du -h "$out_path" | cut -f1))" >&2
