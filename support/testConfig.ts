// Stack config for test deployments: the locally built images, free loopback ports, names unique to the run, broker
// metrics on (as in Pulumi.dev.yaml), published on a free port when the stack has one broker.
import { freePorts } from "./ports";

export const localImages = { kafkaImage: "cdc-kafka/kafka:3.6.2", uiImage: "cdc-kafka/kafka-ui:local" };

export async function deploymentConfig(
  stackName: string,
  overrides: Record<string, string> = {},
): Promise<{ config: Record<string, string>; stackLabel: string }> {
  const [hostPort, uiPort, metricsHostPort] = await freePorts(3);
  // Broker n publishes metricsHostPort + n - 1, and only the first is known to be free.
  const oneBroker = overrides.brokers === undefined || overrides.brokers === "1";
  const config = {
    ...localImages,
    namePrefix: `cdc-${stackName}`,
    hostPort: String(hostPort),
    uiPort: String(uiPort),
    metricsEnabled: "true",
    ...(oneBroker ? { metricsHostPort: String(metricsHostPort) } : {}),
    ...overrides,
  };
  return { config, stackLabel: `cdc-kafka.stack=cdc-kafka/${stackName}` };
}
