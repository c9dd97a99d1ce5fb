// npm run start [-- --stack <name>] [--timeout <seconds>]: `docker start` of a stopped stack's containers, brokers first
// (waiting until they report healthy), then the UI. Nothing is replaced, so every record and the Pulumi state stay.
import { npmCommand } from "./args";
import { startStack } from "./lifecycle";
import { secondsSince } from "./progress";
import { runOps } from "./run";
import { stackAddresses } from "./workspace";

runOps("start", async (options, io) => {
  const started = Date.now();
  const addresses = await stackAddresses(options.stack);
  io.note(`Starting the containers of stack ${options.stack} and waiting for healthy brokers (up to ${options.timeoutSeconds} s) …`);
  const startedNames = await startStack(addresses, options.timeoutSeconds * 1000);
  const seconds = secondsSince(started).toFixed(1);
  io.print(
    startedNames.length === 0
      ? `Stack ${options.stack} was running already; its brokers are healthy.`
      : `Stack ${options.stack} started (${seconds} s): ${startedNames.join(", ")}; brokers healthy.`,
  );
  io.print(`Bootstrap servers ${addresses.hostBootstrapServers}; \`${npmCommand("status", options.stack)}\` shows the rest.`);
  return 0;
});
