// npm run up [-- --stack <name>] [--config-file <path>]: deploys the stack (creating it if needed) with the engine's live
// progress, then prints where to connect. The npm script runs the toolchain setup first.
import { renderUpSummary } from "./render";
import { engineProgress, secondsSince } from "./progress";
import { engineFailure, runOps } from "./run";
import { configSource, programStack } from "./workspace";

runOps("up", async (options, io) => {
  const started = Date.now();
  io.print(io.style.bold(`Deploying stack ${options.stack} (config: ${configSource(options.stack, options.configFile)})`));
  const stack = await programStack(options.stack, true);
  const progress = engineProgress((text) => process.stdout.write(text));
  let outputs: Record<string, unknown>;
  try {
    const result = await stack.up({ onOutput: progress.onOutput, color: io.color, configFile: options.configFile });
    outputs = Object.fromEntries(Object.entries(result.outputs).map(([name, output]) => [name, output.value]));
  } catch (error) {
    throw engineFailure("up", options.stack, error);
  } finally {
    progress.stop();
  }
  io.print(renderUpSummary(options.stack, outputs, secondsSince(started)));
  return 0;
});
