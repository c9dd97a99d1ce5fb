// Stack config for test deployments: the locally built images, free loopback ports (a run of them for the brokers),
// names unique to the run, broker metrics on (as in Pulumi.dev.yaml), published on a free port when the stack has one
// broker.
import { images } from "../toolchain/steps/images";
import { freePortRange, freePorts } from "./ports";

export const localImages = { kafkaImage: images.kafka, uiImage: images.kafkaUi };
/** The pipeline example's images, as the setup step builds them. */
export const pipelineImages = { postgresImage: images.postgres, connectImage: images.connect };

export async function deploymentConfig(
  stackName: string,
  overrides: Record<string, string> = {},
): Promise<{ config: Record<string, string>; stackLabel: string }> {
  // Broker n publishes hostPort + n - 1 (and metricsHostPort + n - 1, published only for one broker).
  const brokers = Number(overrides.brokers ?? "1");
  const brokerPorts = Number.isInteger(brokers) && brokers > 1 ? brokers : 1;
  const hostPort = await freePortRange(brokerPorts);
  const others: number[] = [];
  while (others.length < 2) {
    const [port] = await freePorts(1);
    if ((port < hostPort || port >= hostPort + brokerPorts) && !others.includes(port)) others.push(port);
  }
  const [uiPort, metricsHostPort] = others;
  // metricsHostPort with the metrics off is a config error, so it is published only when they are on.
  const publishMetrics = brokers === 1 && overrides.metricsEnabled !== "false";
  const config = {
    ...localImages,
    namePrefix: `cdc-${stackName}`,
    hostPort: String(hostPort),
    uiPort: String(uiPort),
    metricsEnabled: "true",
    ...(publishMetrics ? { metricsHostPort: String(metricsHostPort) } : {}),
    ...overrides,
  };
  return { config, stackLabel: `cdc-kafka.stack=cdc-kafka/${stackName}` };
}
