// The one error type the ops scripts show to a person: a full sentence and the exit code it stands for.

/** The cluster was read and is unhealthy (status, topics). */
export const UNHEALTHY_EXIT_CODE = 1;
/** The command could not do its job: bad arguments, no such stack, Kafka not answering, engine failure. */
export const USAGE_EXIT_CODE = 2;
/** The stack's containers are stopped (`npm run stop`): nothing is wrong, but nothing answers until `npm run start`. */
export const STOPPED_EXIT_CODE = 3;

export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = USAGE_EXIT_CODE,
  ) {
    super(message);
    this.name = "OpsError";
  }
}

/**
 * Kafka's name for the error (e.g. TOPIC_AUTHORIZATION_FAILED): a kafkajs protocol error's `type`, also when a
 * non-retriable error wraps it as its `cause`.
 */
export function kafkaErrorName(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === "string" && type !== "") return type;
  }
  return undefined;
}

/** The message of anything thrown, without its stack; with Kafka's error name when Kafka refused. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const name = kafkaErrorName(error);
  return name === undefined || message.includes(name) ? message : `${message} (${name})`;
}

/**
 * The engine's own error lines out of an Automation API CommandError, whose message is the whole CLI transcript
 * (`code: …\n stdout: …\n stderr: …`); the transcript was streamed already, so one line is enough to repeat.
 */
export function engineErrorSummary(message: string): string {
  const stderr = message.includes(" stderr: ") ? message.slice(message.indexOf(" stderr: ") + " stderr: ".length) : message;
  const lines = stderr.split("\n").map((line) => line.trim());
  const errorLine = lines.find((line) => /^error: /.test(line)) ?? lines.find((line) => line.length > 0 && !/^(err\?|warning):/.test(line));
  return (errorLine ?? message.split("\n")[0]).replace(/^error: /, "");
}
