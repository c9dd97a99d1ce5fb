// Entry point of the console image: reads kafbat's environment (and the config trees it names), starts one monitor per
// cluster and the HTTP server, behind the login when AUTH_TYPE=LOGIN_FORM.
import * as fs from "fs";
import * as path from "path";
import { ClusterMonitor } from "./clusterMonitor";
import { KafkaConnection, readConfig, UiConfig } from "./config";
import { withConfigTrees } from "./configTree";
import { HttpConnectReader } from "./connectClient";
import { KafkajsClusterReader } from "./kafkaAdmin";
import { createLoginGate } from "./loginGate";
import { createUiServer, loadAssets } from "./server";

/** TLS and who the console is, for the start-up line; never the password. */
function describeConnection({ ssl, sasl }: KafkaConnection): string {
  const tls = ssl === undefined ? "" : typeof ssl === "object" ? ", TLS with the given CA" : ", TLS";
  return sasl === undefined ? tls : `${tls}, ${sasl.mechanism.toUpperCase()} as ${sasl.username}`;
}

const log = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);

function main(): void {
  let config: UiConfig;
  try {
    config = readConfig(withConfigTrees(process.env));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(78); // EX_CONFIG: a restart policy should not spin on a configuration mistake it cannot fix.
  }
  const monitors = config.clusters.map(
    (cluster) =>
      new ClusterMonitor(
        cluster,
        new KafkajsClusterReader(cluster, config.adminTimeoutMs),
        config.refreshIntervalMs,
        log,
        Date.now,
        cluster.metrics ? ClusterMonitor.prometheusScraper(cluster.metrics.port, config.adminTimeoutMs, log) : null,
      ),
  );
  monitors.forEach((monitor) => {
    for (const connect of monitor.cluster.connects) monitor.connectReaders[connect.name] = new HttpConnectReader(connect, config.adminTimeoutMs);
  });
  const staticDir = path.join(__dirname, "static");
  const gate = config.login ? createLoginGate({ login: config.login, loginPage: fs.readFileSync(path.join(staticDir, "login.html")), log }) : undefined;
  const server = createUiServer({ monitors, assets: loadAssets(staticDir), log, gate });
  server.listen(config.port, () => {
    const clusters = config.clusters.map((c) => `${c.name} (${c.bootstrapServers.join(",")}${describeConnection(c.connection)})`).join(", ");
    const access = config.login ? `login form as ${config.login.username}` : "no login";
    log(`kafka-ui listening on :${config.port} (${access}) for ${clusters}; refresh every ${config.refreshIntervalMs} ms`);
    monitors.forEach((monitor) => monitor.start());
  });

  // As PID 1 in a container node gets no default signal handling; without this `docker stop` waits its full 10 s.
  const shutdown = (signal: string): void => {
    log(`${signal}: shutting down`);
    setTimeout(() => process.exit(0), 2000).unref();
    server.close();
    server.closeAllConnections?.();
    Promise.all(monitors.map((m) => m.stop())).finally(() => process.exit(0));
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main();
