// npm run stop [-- --stack <name>]: `docker stop` of the stack's containers (UI, then brokers with 30 s to shut down
// cleanly). Volumes, network, config and the Pulumi state are untouched; `npm run start` starts the same containers.
import { npmCommand } from "./args";
import { stopStack } from "./lifecycle";
import { secondsSince } from "./progress";
import { runOps } from "./run";
import { stackAddresses } from "./workspace";

runOps("stop", async (options, io) => {
  const started = Date.now();
  const addresses = await stackAddresses(options.stack);
  io.note(`Stopping the containers of stack ${options.stack} …`);
  const stopped = await stopStack(addresses);
  const seconds = secondsSince(started).toFixed(1);
  io.print(
    stopped.length === 0
      ? `Stack ${options.stack} was stopped already; nothing to do.`
      : `Stack ${options.stack} stopped (${seconds} s): ${stopped.join(", ")}.`,
  );
  io.print(`Its data volumes, network, config and Pulumi state are unchanged; \`${npmCommand("start", options.stack)}\` starts the same containers again.`);
  return 0;
});
