#!/usr/bin/env bash
# Stages the Connect image's build context: the worker's jars and the unpacked Debezium connector from Maven Central
# (no container registry is reachable from these machines), and the Kafka image's launcher and env -> properties
# scripts, which the worker reuses.
#
# Usage: prepare.sh CONTEXT_DIR   (a copy of this directory; run this script from the repo, not from the copy, so it
#        finds ../kafka). The setup step then builds it: docker build --build-arg BASE_IMAGE=cdc-kafka/jre-base:bookworm)
# Environment: MAVEN_ARGS  optional extra arguments for mvn (e.g. -o to use only ~/.m2).
set -euo pipefail

if [[ $# -lt 1 || ! -f ${1:-}/Dockerfile ]]; then
  echo "Usage: $0 CONTEXT_DIR (a copy of toolchain/images/connect to stage the build context in)." >&2
  exit 64
fi
context=$(cd "$1" && pwd)
kafka_image=$(cd "$(dirname "${BASH_SOURCE[0]}")/../kafka" && pwd)

echo "==> resolving the Connect worker and the Debezium connector with Maven (cached in ~/.m2)"
# shellcheck disable=SC2086
if ! mvn -B ${MAVEN_ARGS:-} -f "$context/pom.xml" dependency:copy-dependencies@worker-libs \
  dependency:unpack-dependencies@connector-plugins -Dworker.libs="$context/libs" -Dplugin.dir="$context/plugins" \
  >"$context/maven.log" 2>&1; then
  cat "$context/maven.log" >&2
  echo "Maven could not resolve the Connect or Debezium artifacts; check that Maven Central is reachable or that ~/.m2 holds them (see the log above)." >&2
  exit 1
fi
rm "$context/maven.log"
echo "    worker: $(find "$context/libs" -name '*.jar' | wc -l) jars, $(du -sm "$context/libs" | cut -f1) MB;" \
  "plugins: $(find "$context/plugins" -name '*.jar' | wc -l) jars, $(du -sm "$context/plugins" | cut -f1) MB"

mkdir -p "$context/bin"
cp "$kafka_image/bin/kafka-run-class" "$context/bin/"
cp "$kafka_image/docker/env-to-properties.sh" "$kafka_image/docker/log4j-properties.sh" "$context/docker/"
