// What every ops entry point shares: the toolchain environment, argument parsing, --help, and turning failures into one
// sentence and an exit code instead of a stack trace.
import { applyToolchainEnv } from "../toolchain/env";
import { CommandName, OpsOptions, parseArgs, usage } from "./args";
import { ConcurrentUpdateError } from "@pulumi/pulumi/automation";
import { engineErrorSummary, errorMessage, OpsError, USAGE_EXIT_CODE } from "./errors";
import { engineProgress } from "./progress";
import { Style, styleFor } from "./table";

export interface Io {
  /** Lines for the person (or the pipe) on stdout. */
  print(lines: string | string[]): void;
  /** Progress and notes on stderr, so `--json` output stays clean. */
  note(line: string): void;
  style: Style;
  /** The engine's colour setting: colours only on a terminal. */
  color: "always" | "never";
}

function consoleIo(): Io {
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    print: (lines) => process.stdout.write([lines].flat().join("\n") + "\n"),
    note: (line) => process.stderr.write(line + "\n"),
    style: styleFor(isTTY, process.env),
    color: isTTY ? "always" : "never",
  };
}

/** An engine run (up, preview, destroy) that failed: its transcript is already on screen, so one line and what to do. */
export function engineFailure(command: CommandName, stack: string, error: unknown): OpsError {
  if (error instanceof OpsError) return error;
  if (error instanceof ConcurrentUpdateError) {
    return new OpsError(`Stack ${stack} is being updated by another process; wait for it to finish (or run \`pulumi cancel --stack ${stack}\` if it died) and try again.`);
  }
  const summary = engineErrorSummary(errorMessage(error)).replace(/\.?$/, ".");
  return new OpsError(`\`npm run ${command}\` failed for stack ${stack} (the engine's output above has the details): ${summary}`);
}

/**
 * One engine run (up, preview, destroy) with live progress on stdout; a failure becomes engineFailure's sentence.
 * `run` gets the output callback to pass as `onOutput`.
 */
export async function withEngine<T>(command: CommandName, stack: string, run: (onOutput: (text: string) => void) => Promise<T>): Promise<T> {
  const progress = engineProgress((text) => process.stdout.write(text));
  try {
    return await run(progress.onOutput);
  } catch (error) {
    throw engineFailure(command, stack, error);
  } finally {
    progress.stop();
  }
}

/** Runs an entry point and exits with its code; a thrown OpsError prints its sentence (as JSON too, with --json). */
export function runOps(command: CommandName, body: (options: OpsOptions, io: Io) => Promise<number>): void {
  applyToolchainEnv();
  const io = consoleIo();
  const argv = process.argv.slice(2);
  const run = async (): Promise<number> => {
    let json = argv.includes("--json");
    try {
      const options = parseArgs(command, argv);
      json = options.json;
      if (options.help) {
        io.print(usage(command));
        return 0;
      }
      return await body(options, io);
    } catch (error) {
      const known = error instanceof OpsError;
      const message = known ? error.message : `\`npm run ${command}\` failed: ${errorMessage(error)}`;
      if (json) io.print(JSON.stringify({ error: message }, null, 2));
      io.note(io.style.bad(message));
      if (!known && process.env.CDC_KAFKA_DEBUG === "1") io.note(String((error as Error).stack));
      return known ? error.exitCode : USAGE_EXIT_CODE;
    }
  };
  // Exit explicitly: kafkajs sockets and the Automation API's language server would otherwise keep the process alive.
  void run().then((code) => process.stdout.write("", () => process.exit(code)));
}
