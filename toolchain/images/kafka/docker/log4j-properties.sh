#!/usr/bin/env bash
# Prints a log4j 1.x configuration like cp-kafka 7.6's templates: `broker` logs to stdout (so `docker logs` has it)
# at KAFKA_LOG4J_ROOT_LOGLEVEL (INFO) with cp-kafka's logger defaults, overridden by KAFKA_LOG4J_LOGGERS
# (`logger=LEVEL,...`); `tools` logs to stderr at KAFKA_TOOLS_LOG4J_LOGLEVEL (WARN) so tool output stays parseable.
set -euo pipefail

readonly pattern='[%d] %p %m (%c)%n'

case ${1:-} in
  broker)
    cat <<PROPERTIES
log4j.rootLogger=${KAFKA_LOG4J_ROOT_LOGLEVEL:-INFO}, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=$pattern
log4j.logger.kafka=INFO
log4j.logger.kafka.network.RequestChannel\$=WARN
log4j.logger.kafka.producer.async.DefaultEventHandler=DEBUG
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.controller=TRACE
log4j.logger.kafka.log.LogCleaner=INFO
log4j.logger.state.change.logger=TRACE
log4j.logger.kafka.authorizer.logger=WARN
PROPERTIES
    # Later keys win in a properties file, so overrides are simply appended.
    IFS=, read -ra overrides <<<"${KAFKA_LOG4J_LOGGERS:-}"
    for override in "${overrides[@]}"; do
      logger=${override%%=*}
      if [[ -n ${logger// /} && $override == *=* ]]; then
        echo "log4j.logger.${logger// /}=${override#*=}"
      fi
    done
    ;;
  tools)
    cat <<PROPERTIES
log4j.rootLogger=${KAFKA_TOOLS_LOG4J_LOGLEVEL:-WARN}, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=$pattern
log4j.appender.stderr.Target=System.err
PROPERTIES
    ;;
  *)
    echo "Usage: $0 broker|tools (choose which log4j configuration to print)." >&2
    exit 64
    ;;
esac
