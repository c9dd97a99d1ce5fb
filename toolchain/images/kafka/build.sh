#!/usr/bin/env bash
# Builds the local Kafka image (Apache Kafka 3.6.2 with cp-kafka 7.6's environment contract) from jars resolved on
# Maven Central, because no container registry is reachable from these machines.
#
# Usage: build.sh BASE_TAG TAG
#   BASE_TAG    the JRE base image to build on, e.g. cdc-kafka/jre-base:bookworm (from ../debian-base.sh)
#   TAG         image reference to create, e.g. cdc-kafka/kafka:3.6.2
# Environment:
#   INPUTS_KEY  optional; when set the image is labelled cdc-kafka.inputs=$INPUTS_KEY so setup can tell whether
#               the image was built from the current inputs and skip rebuilding it.
#   MAVEN_ARGS  optional extra arguments for mvn (e.g. -o to use only ~/.m2).
# Jars come from the local Maven repository (~/.m2) when present; the build context is a temporary directory.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "Usage: $0 BASE_TAG TAG (give the JRE base image and the image tag to create)." >&2
  exit 64
fi
base_tag=$1
tag=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if ! docker image inspect "$base_tag" >/dev/null 2>&1; then
  echo "Base image $base_tag is missing; build it first with toolchain/images/debian-base.sh $base_tag openjdk-17-jre-headless." >&2
  exit 1
fi

context=$(mktemp -d "${TMPDIR:-/tmp}/kafka-image.XXXXXX")
trap 'rm -rf "$context"' EXIT
started=$SECONDS

echo "==> resolving Kafka jars with Maven (cached in ~/.m2)"
# Maven's log is shown only when it fails (Debian's Maven 3.8 prints stray ANSI codes even with -q).
# The second run puts the JMX exporter agent (shaded, no dependencies) outside the classpath, under a version-free name
# so the agent path the library passes in KAFKA_OPTS stays the same across exporter versions.
# shellcheck disable=SC2086
if ! { mvn -B ${MAVEN_ARGS:-} -f "$here/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DexcludeGroupIds=io.prometheus.jmx -DoutputDirectory="$context/libs" \
  && mvn -B ${MAVEN_ARGS:-} -f "$here/pom.xml" dependency:copy-dependencies \
  -DincludeGroupIds=io.prometheus.jmx -Dmdep.stripVersion=true -DoutputDirectory="$context/prometheus"; } >"$context/maven.log" 2>&1; then
  cat "$context/maven.log" >&2
  echo "Maven could not resolve the Kafka jars; check that Maven Central is reachable or that ~/.m2 holds them (see the log above)." >&2
  exit 1
fi
echo "    $(find "$context/libs" -name '*.jar' | wc -l) jars, $(du -sm "$context/libs" | cut -f1) MB; JMX exporter agent $(du -sk "$context/prometheus" | cut -f1) kB"

cp -R "$here/Dockerfile" "$here/bin" "$here/docker" "$context/"
cp "$here/prometheus/kafka-broker.yml" "$context/prometheus/"

labels=(--label "org.opencontainers.image.title=cdc-kafka Kafka 3.6.2")
if [[ -n ${INPUTS_KEY:-} ]]; then
  labels+=(--label "cdc-kafka.inputs=$INPUTS_KEY")
fi
echo "==> building $tag on $base_tag"
# The legacy builder is what Docker 20.10 offers without buildx; pinning it keeps the output the same everywhere.
DOCKER_BUILDKIT=0 docker build --quiet --build-arg "BASE_IMAGE=$base_tag" "${labels[@]}" -t "$tag" "$context" >/dev/null
echo "==> $tag ready in $((SECONDS - started)) s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{ printf "%d MB", $1 / 1e6 }'))"
