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

/** The message of anything thrown, without its stack. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
