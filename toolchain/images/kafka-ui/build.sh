#!/usr/bin/env bash
# Builds the console image (cdc-kafka/kafka-ui:local) from ui/: compiles the TypeScript for the base's Node 18 into
# a temporary build context with the page, kafkajs, the entry point and the health probe, then builds FROM the Node base image.
#
# Usage: build.sh BASE_TAG TAG
#   BASE_TAG    the Node base image to build on, e.g. cdc-kafka/node-base:bookworm (from ../debian-base.sh)
#   TAG         image reference to create, e.g. cdc-kafka/kafka-ui:local
# Environment:
#   INPUTS_KEY  optional; when set the image is labelled cdc-kafka.inputs=$INPUTS_KEY so setup can tell whether
#               the image was built from the current inputs (ui/**, components/clientConfig.ts
#               which ui/config.ts imports, this directory) and skip rebuilding it.
# Needs the repo's node_modules (typescript and kafkajs) and Docker; writes nothing inside the repo.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "Usage: $0 BASE_TAG TAG (give the Node base image and the image tag to create)." >&2
  exit 64
fi
base_tag=$1
tag=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)

if ! docker image inspect "$base_tag" >/dev/null 2>&1; then
  echo "Base image $base_tag is missing; build it first with toolchain/images/debian-base.sh $base_tag nodejs." >&2
  exit 1
fi
for needed in node_modules/.bin/tsc node_modules/kafkajs/package.json; do
  if [[ ! -e $repo/$needed ]]; then
    echo "$repo/$needed is missing; install the repo's dependencies (npm ci) before building the console image." >&2
    exit 1
  fi
done

context=$(mktemp -d "${TMPDIR:-/tmp}/kafka-ui-image.XXXXXX")
trap 'rm -rf "$context"' EXIT
started=$SECONDS

echo "==> compiling ui/ for Node 18"
# rootDir is the repo (the console shares components/clientConfig.ts), so the entry point lands in app/ui/.
"$repo/node_modules/.bin/tsc" -p "$repo/ui/tsconfig.json" --outDir "$context/app"
cp -R "$repo/ui/static" "$context/app/ui/static"
# kafkajs has no dependencies; its runtime is index.js and src/ (types and docs stay behind).
mkdir -p "$context/app/node_modules/kafkajs"
cp -R "$repo/node_modules/kafkajs/"{package.json,index.js,src,LICENSE} "$context/app/node_modules/kafkajs/"
cp "$here/healthcheck.sh" "$here/entrypoint.sh" "$context/app/"
cp "$here/Dockerfile" "$context/Dockerfile"
echo "    $(find "$context/app" -type f | wc -l) files, $(du -sk "$context/app" | cut -f1) KB"

labels=(--label "org.opencontainers.image.title=cdc-kafka Kafka console")
if [[ -n ${INPUTS_KEY:-} ]]; then
  labels+=(--label "cdc-kafka.inputs=$INPUTS_KEY")
fi
echo "==> building $tag on $base_tag"
# The legacy builder is what Docker 20.10 offers without buildx; pinning it keeps the output the same everywhere.
DOCKER_BUILDKIT=0 docker build --quiet --build-arg "BASE_IMAGE=$base_tag" "${labels[@]}" -t "$tag" "$context" >/dev/null
echo "==> $tag ready in $((SECONDS - started)) s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{ printf "%d MB", $1 / 1e6 }'))"
