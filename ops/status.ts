// npm run status [-- --stack <name>] [--json] [--timeout <seconds>]: brokers, controller quorum, topics and consumer
// groups of the deployed stack, as tables (or JSON); exits 1 when the cluster is unhealthy, 2 when it cannot be read.
import { readSnapshot } from "./clusterReader";
import { evaluateHealth } from "./health";
import { renderStatus, statusJson } from "./render";
import { runOps } from "./run";
import { stackAddresses } from "./workspace";

runOps("status", async (options, io) => {
  const addresses = await stackAddresses(options.stack);
  const snapshot = await readSnapshot(addresses, options.timeoutSeconds * 1000);
  const health = evaluateHealth(snapshot);
  io.print(options.json ? JSON.stringify(statusJson(snapshot, health), null, 2) : renderStatus(snapshot, health, io.style));
  return health.exitCode;
});
