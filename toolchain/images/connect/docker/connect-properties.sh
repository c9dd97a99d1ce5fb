#!/usr/bin/env bash
# Prints the Connect worker's configuration derived from the environment, keeping quay.io/debezium/connect's contract.
# Usage: connect-properties.sh worker|log4j
#   worker  the worker properties, sorted. Debezium's shorthand variables (BOOTSTRAP_SERVERS, GROUP_ID, ...) and its
#           defaults are first turned into CONNECT_* variables, a set shorthand winning; then every CONNECT_* variable
#           becomes a property by the Kafka image's rules (env-to-properties.sh, given them as KAFKA_*): drop the
#           prefix, lowercase, `_` -> `.` as Debezium does, and also `__` -> `_`, `___` -> `-` as Confluent's images do.
#   log4j   log4j 1.x to stdout at LOG_LEVEL (INFO) by the Kafka image's log4j-properties.sh, with the loggers of
#           CONNECT_LOG4J_LOGGERS (`logger=LEVEL,...`), then every other CONNECT_LOG4J_* as a log4j property.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")

# Debezium's shorthand -> the CONNECT_* variable it sets.
declare -A shorthands=(
  [BOOTSTRAP_SERVERS]=BOOTSTRAP_SERVERS
  [GROUP_ID]=GROUP_ID
  [CONFIG_STORAGE_TOPIC]=CONFIG_STORAGE_TOPIC
  [OFFSET_STORAGE_TOPIC]=OFFSET_STORAGE_TOPIC
  [STATUS_STORAGE_TOPIC]=STATUS_STORAGE_TOPIC
  [CONFIG_STORAGE_REPLICATION_FACTOR]=CONFIG_STORAGE_REPLICATION_FACTOR
  [OFFSET_STORAGE_REPLICATION_FACTOR]=OFFSET_STORAGE_REPLICATION_FACTOR
  [STATUS_STORAGE_REPLICATION_FACTOR]=STATUS_STORAGE_REPLICATION_FACTOR
  [KEY_CONVERTER]=KEY_CONVERTER
  [VALUE_CONVERTER]=VALUE_CONVERTER
  [OFFSET_FLUSH_INTERVAL_MS]=OFFSET_FLUSH_INTERVAL_MS
  [OFFSET_FLUSH_TIMEOUT_MS]=OFFSET_FLUSH_TIMEOUT_MS
  [SHUTDOWN_TIMEOUT]=TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS
  [ADVERTISED_HOST_NAME]=REST_ADVERTISED_HOST_NAME
  [ADVERTISED_PORT]=REST_ADVERTISED_PORT
)

# Defaults where neither the shorthand nor the CONNECT_* variable is set: Debezium's entry point and the Kafka
# connect-distributed.properties its image starts from (internal topics replicated once, so one broker suffices;
# Connect's own default of 3 would refuse to start there). Converters' schemas.enable keeps JsonConverter's default.
declare -A defaults=(
  [GROUP_ID]=1
  [STATUS_STORAGE_TOPIC]=connect-status
  [CONFIG_STORAGE_REPLICATION_FACTOR]=1
  [OFFSET_STORAGE_REPLICATION_FACTOR]=1
  [STATUS_STORAGE_REPLICATION_FACTOR]=1
  [KEY_CONVERTER]=org.apache.kafka.connect.json.JsonConverter
  [VALUE_CONVERTER]=org.apache.kafka.connect.json.JsonConverter
  [OFFSET_FLUSH_INTERVAL_MS]=60000
  [OFFSET_FLUSH_TIMEOUT_MS]=5000
  [TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS]=10000
  [LISTENERS]=http://:8083
  [PLUGIN_PATH]=/kafka/connect
)

for shorthand in "${!shorthands[@]}"; do
  if [[ -n ${!shorthand:-} ]]; then
    export "CONNECT_${shorthands[$shorthand]}=${!shorthand}"
  fi
done
# Kafka 3.x dropped rest.host.name/rest.port (Debezium's image still writes them, to no effect); they become the
# listener. An empty host listens on every address.
if [[ -n ${REST_PORT:-} || -n ${REST_HOST_NAME:-} ]]; then
  export CONNECT_LISTENERS="http://${REST_HOST_NAME:-}:${REST_PORT:-8083}"
fi
for name in "${!defaults[@]}"; do
  var=CONNECT_$name
  if [[ -z ${!var:-} ]]; then
    export "$var=${defaults[$name]}"
  fi
done

# Every CONNECT_* property (log4j.* among them), sorted.
all_properties() {
  local kafka_env=() entry
  while IFS= read -r -d '' entry; do
    if [[ $entry == CONNECT_?*=* ]]; then
      kafka_env+=("KAFKA_${entry#CONNECT_}")
    fi
  done < <(env -0)
  env -i PATH="$PATH" "${kafka_env[@]}" "$here/env-to-properties.sh"
}

case ${1:-} in
  worker)
    all_properties | { grep -v '^log4j\.' || true; }
    ;;
  log4j)
    # Connect scans every plugin jar with reflections, which warns about each class it cannot load (as Kafka's
    # connect-log4j.properties, quiet it).
    export KAFKA_LOG4J_ROOT_LOGLEVEL=${LOG_LEVEL:-INFO}
    export KAFKA_LOG4J_LOGGERS="org.reflections=ERROR${CONNECT_LOG4J_LOGGERS:+,$CONNECT_LOG4J_LOGGERS}"
    "$here/log4j-properties.sh" broker
    all_properties | { grep '^log4j\.' || true; }
    ;;
  *)
    echo "Usage: $0 worker|log4j (choose which configuration to print)." >&2
    exit 64
    ;;
esac
