// Stack config for test deployments: the locally built images, free loopback ports, names unique to the run.
import { freePorts } from "./ports";

export const localImages = { kafkaImage: "cdc-kafka/kafka:3.6.2", uiImage: "cdc-kafka/kafka-ui:local" };

export async function deploymentConfig(
  stackName: string,
  overrides: Record<string, string> = {},
): Promise<{ config: Record<string, string>; stackLabel: string }> {
  const [hostPort, uiPort] = await freePorts(2);
  const config = {
    ...localImages,
    namePrefix: `cdc-${stackName}`,
    hostPort: String(hostPort),
    uiPort: String(uiPort),
    ...overrides,
  };
  return { config, stackLabel: `cdc-kafka.stack=cdc-kafka/${stackName}` };
}
