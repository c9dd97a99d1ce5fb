// A kafkajs admin client on the deployed stack's host listener, and the broker's own CLI tools through docker exec.
import { Admin, ConfigResourceTypes } from "kafkajs";
import { kafkaClient } from "../components/kafkajsClient";
import { docker } from "./docker";

/** The library's own client factory: tests connect the way the library's users do. */
export { kafkaClient };

/** An admin client for `use`; on a secured stack pass its adminConfig output. */
export async function withAdmin<T>(bootstrapServers: string, use: (admin: Admin) => Promise<T>, config?: Record<string, string>): Promise<T> {
  const admin = kafkaClient(bootstrapServers, "cdc-kafka", config).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Config entries of a broker or topic as a plain name → value map. */
export async function describeConfig(admin: Admin, type: "broker" | "topic", name: string): Promise<Record<string, string>> {
  const resourceType = type === "broker" ? ConfigResourceTypes.BROKER : ConfigResourceTypes.TOPIC;
  const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: resourceType, name }] });
  return Object.fromEntries(resources[0].configEntries.map((entry) => [entry.configName, entry.configValue]));
}

/** Runs one of the image's Kafka tools (cp-kafka's names) inside the broker container; resolves with its stdout. */
export async function brokerTool(container: string, command: string[]): Promise<string> {
  const exec = await docker.getContainer(container).exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    docker.modem.demuxStream(stream, { write: (chunk: Buffer) => stdout.push(chunk) } as never, { write: (chunk: Buffer) => stderr.push(chunk) } as never);
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new Error(`${command.join(" ")} exited with ${ExitCode}: ${Buffer.concat(stderr).toString()}`);
  return Buffer.concat(stdout).toString();
}
