#!/usr/bin/env bash
# Checks that a Kafka Connect plugin links against a worker's jars: CheckPluginRefs.java resolves every org.apache.kafka
# class, method and field the plugin's classes reference as the worker's plugin class loader would, and jdeps
# --missing-deps cross-checks the classes (not the members) independently. Exit 0 when neither finds anything missing
# in org.apache.kafka; 1 when one does; 2 on bad arguments.
#
# Usage: check-plugin-refs.sh WORKER_LIBS_DIR PLUGIN_DIR [--all] [--list]
#   e.g. the Connect image's /opt/kafka/libs and /kafka/connect/debezium-connector-postgres, copied out of the image,
#   or the pom's worker-libs execution's output and an unpacked plugin tarball. --all lists every plugin class that
#   uses a missing reference (the default lists five), --list every reference that resolves.
#   Needs a JDK ≥ 17 (java, jdeps) on PATH.
set -euo pipefail

if [[ $# -lt 2 || ! -d $1 || ! -d $2 ]]; then
  echo "Usage: $0 WORKER_LIBS_DIR PLUGIN_DIR [--all] [--list] (the worker's jars and one plugin's jars, two directories)." >&2
  exit 2
fi
for tool in java jdeps; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool is not on PATH; install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless)." >&2
    exit 2
  fi
done
workers=$1
plugin=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

echo "==> class, method and field references (CheckPluginRefs.java)"
status=0
java "$here/CheckPluginRefs.java" "$@" || status=$?
if ((status > 1)); then exit "$status"; fi

echo "==> jdeps --missing-deps cross-check (classes only)"
workerPath=$(find "$workers" -maxdepth 1 -name '*.jar' | sort | paste -sd:)
mapfile -t pluginJars < <(find "$plugin" -maxdepth 1 -name '*.jar' | sort)
# Multi-release jars are read as the JDK running the check would read them.
release=$(jdeps --version | cut -d. -f1)
report=$(jdeps --missing-deps --multi-release "$release" --class-path "$workerPath" "${pluginJars[@]}")
# jdeps lines: "   <plugin class>   -> <missing class>   not found"; the plugin jars' other absent dependencies
# (optional features of the JDBC driver, tracing, ...) are outside this check and only counted.
kafkaMissing=$(grep -E -- '-> +org\.apache\.kafka\.[^ ]+ +not found' <<<"$report" || true)
otherMissing=$(grep -E -- '-> +[^ ]+ +not found' <<<"$report" | grep -vcE -- '-> +org\.apache\.kafka\.' || true)
echo "jdeps: org.apache.kafka classes not found: $(grep -c . <<<"$kafkaMissing" || true); other classes not found (not checked): $otherMissing"
if [[ -n $kafkaMissing ]]; then
  echo "$kafkaMissing"
  status=1
fi
exit "$status"
