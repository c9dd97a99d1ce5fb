// npm run create-topics [-- --stack <name>] [--config-file <path>] [--yes]: applies the stack's declared topic set
// alone (the seed's create-topics): a preview of the whole program, then an up targeting only the topic resources that
// change. Refuses to shrink partitions (or any topic replacement, which loses records); asks before deleting a topic
// the config no longer declares (--yes when there is no terminal).
import { EngineEvent } from "@pulumi/pulumi/automation";
import { isConfirmation } from "./args";
import { OpsError, USAGE_EXIT_CODE } from "./errors";
import { secondsSince } from "./progress";
import { ask } from "./prompt";
import { runOps, withEngine } from "./run";
import { describeChanges, refusals, StepLike, topicChanges } from "./topicPlan";
import { configSource, programStack, UP_PARALLEL } from "./workspace";

runOps("create-topics", async (options, io) => {
  const started = Date.now();
  const stack = await programStack(options.stack, false);
  io.note(`Planning the topics of stack ${options.stack} (config: ${configSource(options.stack, options.configFile)}) …`);
  const steps: StepLike[] = [];
  const onEvent = (event: EngineEvent) => {
    if (event.resourcePreEvent) steps.push(event.resourcePreEvent.metadata);
  };
  await withEngine("create-topics", options.stack, () => stack.preview({ onEvent, configFile: options.configFile }));
  const changes = topicChanges(steps);
  if (changes.length === 0) {
    io.print(`The topics of stack ${options.stack} match its config; nothing to do.`);
    return 0;
  }
  io.print([`Stack ${options.stack}'s topics:`, ...describeChanges(changes)]);
  const refused = refusals(changes);
  if (refused.length > 0) throw new OpsError(refused.join(" "), USAGE_EXIT_CODE);
  const deletions = changes.filter((change) => change.op === "delete").map((change) => change.topic);
  if (deletions.length > 0 && !options.yes) {
    if (!process.stdin.isTTY) {
      throw new OpsError(
        `Refusing to delete ${deletions.join(", ")} without confirmation: stdin is not a terminal, so run \`npm run create-topics -- --stack ${options.stack} --yes\` to mean it.`,
      );
    }
    if (!isConfirmation(await ask(`Delete ${deletions.join(", ")} and every record in ${deletions.length === 1 ? "it" : "them"}? [y/N] `))) {
      io.print("Nothing was changed.");
      return 1;
    }
  }
  await withEngine("create-topics", options.stack, (onOutput) =>
    stack.up({ onOutput, color: io.color, configFile: options.configFile, target: changes.map((change) => change.urn), parallel: UP_PARALLEL }),
  );
  io.print(`\nTopics of stack ${options.stack} applied (${changes.length} changed, ${secondsSince(started).toFixed(1)} s); nothing else was touched.`);
  return 0;
});
