#!/usr/bin/env bash
# Prints, sorted, the broker properties that cp-kafka 7.6 derives from the environment, so one container environment
# configures this image and confluentinc/cp-kafka:7.6.x alike.
#
# Rules (cp-kafka's kafka.properties.template + dub's env_to_props): every KAFKA_* variable except the JVM/launcher
# ones below becomes a property: drop `KAFKA_`, lowercase, `___` -> `-`, `__` -> `_`, `_` -> `.`
# (KAFKA_LOG_RETENTION_HOURS -> log.retention.hours). KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET is the one irregular name
# (zookeeper.clientCnxnSocket); CONFLUENT_SUPPORT_* becomes confluent.support.*. Values are written verbatim, as
# cp-kafka does. cp-kafka 7.6.2's template drops a comma in its exclusion list, so it writes KAFKA_HEAP_OPTS and
# KAFKA_LOG4J_OPTS out as heap.opts/log4j.opts (unknown keys Kafka ignores); excluding them here is the intent.
set -euo pipefail

readonly excluded=" KAFKA_VERSION KAFKA_HEAP_OPTS KAFKA_LOG4J_OPTS KAFKA_OPTS KAFKA_JMX_OPTS KAFKA_JVM_PERFORMANCE_OPTS \
KAFKA_GC_LOG_OPTS KAFKA_LOG4J_ROOT_LOGLEVEL KAFKA_LOG4J_LOGGERS KAFKA_TOOLS_LOG4J_LOGLEVEL KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET "

# Control characters stand in for the multi-underscore runs while single underscores become dots.
property_name() {
  local name=${1,,}
  name=${name//___/$'\x01'}
  name=${name//__/$'\x02'}
  name=${name//_/.}
  name=${name//$'\x01'/-}
  printf '%s' "${name//$'\x02'/_}"
}

lines=()
while IFS= read -r -d '' entry; do
  var=${entry%%=*}
  value=${entry#*=}
  case $var in
    KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET) lines+=("zookeeper.clientCnxnSocket=$value") ;;
    KAFKA_?*) [[ $excluded == *" $var "* ]] || lines+=("$(property_name "${var#KAFKA_}")=$value") ;;
    CONFLUENT_SUPPORT_?*) lines+=("confluent.support.$(property_name "${var#CONFLUENT_SUPPORT_}")=$value") ;;
  esac
done < <(env -0)

if [[ ${#lines[@]} -gt 0 ]]; then
  printf '%s\n' "${lines[@]}" | LC_ALL=C sort
fi
