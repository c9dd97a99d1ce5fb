// What a Kafka Connect worker's log (docker logs --timestamps) says a connector task started with: its producer's
// settings (Kafka's "ProducerConfig values:" block) and the configuration Debezium's task logs when it starts. Proof
// that a task restarted on the settings a benchmark arm asks for, which the REST API's RUNNING alone does not give.
// Pure: the caller reads the log.

export interface LogLine {
  /** Docker's timestamp of the line (ms since the epoch; NaN when the line has none). */
  at: number;
  text: string;
}

/** `docker logs --timestamps` output as lines: Docker's RFC 3339 timestamp (nanoseconds cut to ms), then the text. */
export function logLines(output: string): LogLine[] {
  return output
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const space = line.indexOf(" ");
      return { at: Date.parse(line.slice(0, space).replace(/(\.\d{3})\d*Z$/, "$1Z")), text: line.slice(space + 1) };
    });
}

/** What a task's producer was built with, as the worker logged it. */
export interface TaskProducer {
  settings: Record<string, string>;
  /** The client logged "Instantiated an idempotent producer." (or a transactional one, which is idempotent too). */
  idempotent: boolean;
}

/**
 * The last producer with `clientId` logged at or after `sinceMs`: the tab-indented `key = value` lines after
 * "ProducerConfig values:".
 */
export function taskProducerIn(lines: readonly LogLine[], clientId: string, sinceMs: number): TaskProducer | undefined {
  let found: { settings: Record<string, string>; index: number } | undefined;
  lines.forEach((line, index) => {
    if (!(line.at >= sinceMs) || !line.text.includes("ProducerConfig values:")) return;
    const settings: Record<string, string> = {};
    for (let next = index + 1; next < lines.length && lines[next].text.startsWith("\t"); next++) {
      const [key, ...value] = lines[next].text.trim().split(" = ");
      settings[key] = value.join(" = ");
    }
    if (settings["client.id"] === clientId) found = { settings, index };
  });
  if (!found) return undefined;
  const idempotent = lines
    .slice(found.index)
    .some((line) => line.text.includes(`clientId=${clientId}`) && /Instantiated an? (idempotent|transactional) producer/.test(line.text));
  return { settings: found.settings, idempotent };
}

const TASK_CONFIG_START = "Starting PostgresConnectorTask with configuration:";
/**
 * Debezium's BaseSourceTask (3.7) logs its configuration as one multi-line message: the start line, a `key = value`
 * line per property, and the message's end, where Connect's `[%d] %p %m (%c)` pattern puts ` (<logger>)`.
 */
const TASK_CONFIG_END = " (io.debezium.connector.common.BaseSourceTask)";

/**
 * The configuration the last Debezium Postgres task started at or after `sinceMs` logged (the connector's config as
 * the task got it: a property the connector does not set is absent); undefined when no task started since.
 */
export function debeziumTaskConfigIn(lines: readonly LogLine[], sinceMs: number): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  lines.forEach((line, index) => {
    if (!(line.at >= sinceMs) || !line.text.endsWith(TASK_CONFIG_START)) return;
    const settings: Record<string, string> = {};
    for (let next = index + 1; next < lines.length && !lines[next].text.startsWith(TASK_CONFIG_END); next++) {
      const [key, ...value] = lines[next].text.split(" = ");
      if (value.length > 0) settings[key] = value.join(" = ");
    }
    found = settings;
  });
  return found;
}
