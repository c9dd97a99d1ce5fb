// npm run preview [-- --stack <name>] [--config-file <path>] [--diff]: what `npm run up` would change; changes nothing.
import { npmCommand } from "./render";
import { engineProgress } from "./progress";
import { engineFailure, runOps } from "./run";
import { configSource, programStack } from "./workspace";

runOps("preview", async (options, io) => {
  io.print(io.style.bold(`Previewing stack ${options.stack} (config: ${configSource(options.stack, options.configFile)})`));
  const stack = await programStack(options.stack, true);
  const progress = engineProgress((text) => process.stdout.write(text));
  let changes: Record<string, number>;
  try {
    const result = await stack.preview({ onOutput: progress.onOutput, color: io.color, diff: options.diff, configFile: options.configFile });
    changes = result.changeSummary as Record<string, number>;
  } catch (error) {
    throw engineFailure("preview", options.stack, error);
  } finally {
    progress.stop();
  }
  const pending = Object.entries(changes).filter(([kind, count]) => kind !== "same" && count > 0);
  io.print(
    pending.length === 0
      ? `\nNo changes: stack ${options.stack} matches its program and config.`
      : `\nNothing was changed; \`${npmCommand("up", options.stack)}\` applies this plan (${pending.map(([kind, count]) => `${count} to ${kind}`).join(", ")}).`,
  );
  return 0;
});
