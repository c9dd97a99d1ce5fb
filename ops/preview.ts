// npm run preview [-- --stack <name>] [--config-file <path>] [--diff]: what `npm run up` would change; changes nothing.
import { npmCommand } from "./args";
import { runOps, withEngine } from "./run";
import { configSource, hasStackConfig, programStack } from "./workspace";

runOps("preview", async (options, io) => {
  // A new stack is created only when there is config for it, so a mistyped --stack makes no stack (and no stack file).
  const stack = await programStack(options.stack, hasStackConfig(options.stack, options.configFile));
  io.print(io.style.bold(`Previewing stack ${options.stack} (config: ${configSource(options.stack, options.configFile)})`));
  const result = await withEngine("preview", options.stack, (onOutput) =>
    stack.preview({ onOutput, color: io.color, diff: options.diff, configFile: options.configFile }),
  );
  const changes = result.changeSummary as Record<string, number>;
  const pending = Object.entries(changes).filter(([kind, count]) => kind !== "same" && count > 0);
  io.print(
    pending.length === 0
      ? `\nNo changes: stack ${options.stack} matches its program and config.`
      : `\nNothing was changed; \`${npmCommand("up", options.stack)}\` applies this plan (${pending.map(([kind, count]) => `${count} to ${kind}`).join(", ")}).`,
  );
  return 0;
});
