// npm run down [-- --stack <name>] [--yes] [--remove] [--config-file <path>]: destroys the stack's resources. Asks
// first on a terminal; elsewhere it refuses unless --yes says the caller means it.
import { isConfirmation } from "./args";
import { OpsError } from "./errors";
import { npmCommand, resourceSummary } from "./render";
import { secondsSince } from "./progress";
import { ask } from "./prompt";
import { runOps, withEngine } from "./run";
import { deployedResources, programStack, removeSaltOnlyStackFile } from "./workspace";

runOps("down", async (options, io) => {
  // Decided before anything is touched: a script or CI job must say --yes.
  if (!options.yes && !process.stdin.isTTY) {
    throw new OpsError(
      `Refusing to destroy stack ${options.stack} without confirmation: stdin is not a terminal, so run \`npm run down -- --stack ${options.stack} --yes\` to mean it.`,
    );
  }
  const started = Date.now();
  const stack = await programStack(options.stack, false);
  const resources = await deployedResources(stack);
  if (resources.length === 0) {
    io.print(`Stack ${options.stack} has no resources; nothing to destroy.`);
  } else {
    if (!options.yes) {
      io.print([`Stack ${options.stack} has:`, ...resourceSummary(resources)]);
      const answer = await ask(`Destroy all of it, messages in its data volumes included? [y/N] `);
      if (!isConfirmation(answer)) {
        io.print("Nothing was destroyed.");
        // Not done, though nothing went wrong: a script chaining on `npm run down` must not go on.
        return 1;
      }
    }
    io.print(io.style.bold(`Destroying stack ${options.stack} (${resources.length} resources)`));
    await withEngine("down", options.stack, (onOutput) => stack.destroy({ onOutput, color: io.color, configFile: options.configFile }));
    io.print(`\nStack ${options.stack} destroyed (${secondsSince(started).toFixed(1)} s).`);
  }
  if (options.remove) {
    // A stack file with settings stays (Pulumi.dev.yaml is committed source); one holding only the salt goes.
    await stack.workspace.removeStack(options.stack, { preserveConfig: true });
    const kept = removeSaltOnlyStackFile(options.stack);
    io.print(`Stack ${options.stack} removed from the backend, with its history${kept ? ` (${kept} is kept)` : ""}.`);
  } else if (resources.length > 0) {
    const removeCommand = `${npmCommand("down", options.stack)}${options.stack === "dev" ? " --" : ""} --yes --remove`;
    io.print(`Its config and history remain: \`${npmCommand("up", options.stack)}\` redeploys it, \`${removeCommand}\` removes the stack too.`);
  }
  return 0;
});
