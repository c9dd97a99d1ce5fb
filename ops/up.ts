// npm run up [-- --stack <name>] [--config-file <path>]: deploys the stack (creating it if needed) with the engine's live
// progress, then prints where to connect. The npm script runs the toolchain setup first.
import { DEFAULT_START_TIMEOUT_SECONDS } from "./args";
import { startIfStopped } from "./lifecycle";
import { renderUpSummary } from "./render";
import { secondsSince } from "./progress";
import { runOps, withEngine } from "./run";
import { configSource, programStack, UP_PARALLEL } from "./workspace";

runOps("up", async (options, io) => {
  const started = Date.now();
  const stack = await programStack(options.stack, true);
  const restarted = await startIfStopped(options.stack, DEFAULT_START_TIMEOUT_SECONDS * 1000);
  if (restarted.length > 0) io.print(`Stack ${options.stack} was stopped; started ${restarted.join(", ")} first, as \`npm run start\` does.`);
  io.print(io.style.bold(`Deploying stack ${options.stack} (config: ${configSource(options.stack, options.configFile)})`));
  const result = await withEngine("up", options.stack, (onOutput) =>
    stack.up({ onOutput, color: io.color, configFile: options.configFile, parallel: UP_PARALLEL }),
  );
  const outputs = Object.fromEntries(Object.entries(result.outputs).map(([name, output]) => [name, output.value]));
  io.print(renderUpSummary(options.stack, outputs, secondsSince(started)));
  return 0;
});
