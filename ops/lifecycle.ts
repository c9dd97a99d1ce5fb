// Stopping and starting a deployed stack at the Docker level: the same containers, volumes and network, so every record
// and the Pulumi state stay as they are. Also the check that produce, consume and topics make before they talk to Kafka.
import { STACK_LABEL } from "../components/labels";
import { npmCommand } from "./args";
import { readBrokers } from "./clusterReader";
import { changeContainers, containersWithLabel, inspectContainers } from "./docker";
import { OpsError, STOPPED_EXIT_CODE, UNHEALTHY_EXIT_CODE } from "./errors";
import { isStopped } from "./health";
import { BrokerStatus } from "./model";
import { StackAddresses } from "./outputs";
import { PROJECT_NAME, stackAddresses } from "./workspace";

/** Seconds a broker gets to shut down cleanly on stop, as on destroy (the broker's destroyGraceSeconds). */
export const STOP_GRACE_SECONDS = 30;
/** How long one docker CLI call (ps, inspect, start) may take on a busy machine. */
const DOCKER_CALL_MS = 30_000;
const HEALTH_POLL_MS = 1_000;

export interface StackContainers {
  /** The broker containers, as the stack's outputs name them. */
  brokers: string[];
  /** Every other container with the stack's label (the UI), started after and stopped before the brokers. */
  others: string[];
}

/** The value of the stack label on the stack's Docker objects: its labels output, else `<project>/<stack>`. */
export function stackLabelValue(addresses: StackAddresses): string {
  return addresses.stackLabel ?? `${PROJECT_NAME}/${addresses.stack}`;
}

/** The stack's containers, found by its label; the brokers by the names the outputs give. */
export async function stackContainers(addresses: StackAddresses): Promise<StackContainers> {
  const labelled = await containersWithLabel(STACK_LABEL, stackLabelValue(addresses), DOCKER_CALL_MS);
  const brokers = addresses.brokerContainerNames.filter((name) => labelled.includes(name));
  return { brokers, others: labelled.filter((name) => !brokers.includes(name)) };
}

/** Names of the containers that are not running (exited, created) among `names`. */
async function notRunning(names: string[]): Promise<string[]> {
  const info = await inspectContainers(names, DOCKER_CALL_MS);
  return names.filter((name) => info.get(name)?.status !== "running");
}

/**
 * `docker stop` of the stack's containers, clients (the UI) first, brokers with STOP_GRACE_SECONDS to shut down
 * cleanly. Returns the containers it stopped (none when the stack was stopped already).
 */
export async function stopStack(addresses: StackAddresses): Promise<string[]> {
  const containers = await stackContainers(addresses);
  const all = [...containers.others, ...containers.brokers];
  if (all.length === 0) {
    throw new OpsError(
      `Stack ${addresses.stack} has no containers labelled ${STACK_LABEL}=${stackLabelValue(addresses)}, so there is nothing to stop; \`${npmCommand("up", addresses.stack)}\` creates them.`,
    );
  }
  const stopped = new Set(await notRunning(all));
  const running = (names: string[]) => names.filter((name) => !stopped.has(name));
  await changeContainers("stop", running(containers.others), DOCKER_CALL_MS);
  await changeContainers("stop", running(containers.brokers), (STOP_GRACE_SECONDS + 30) * 1000, ["--time", String(STOP_GRACE_SECONDS)]);
  return running(all);
}

/**
 * `docker start` of the stack's brokers, a wait until each reports healthy (or `timeoutMs` passes), then the other
 * containers. A broker container that no longer exists cannot be started: `npm run up` makes it again.
 */
export async function startStack(addresses: StackAddresses, timeoutMs: number): Promise<string[]> {
  const containers = await stackContainers(addresses);
  const missing = addresses.brokerContainerNames.filter((name) => !containers.brokers.includes(name));
  if (missing.length > 0) {
    throw new OpsError(
      `Broker container ${missing.join(", ")} of stack ${addresses.stack} does not exist, so it cannot be started; \`${npmCommand("up", addresses.stack)}\` creates it again on its data volume.`,
    );
  }
  const toStart = await notRunning([...containers.brokers, ...containers.others]);
  await changeContainers("start", containers.brokers.filter((name) => toStart.includes(name)), DOCKER_CALL_MS);
  await waitHealthy(addresses, timeoutMs);
  await changeContainers("start", containers.others.filter((name) => toStart.includes(name)), DOCKER_CALL_MS);
  return toStart;
}

async function waitHealthy(addresses: StackAddresses, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await inspectContainers(addresses.brokerContainerNames, DOCKER_CALL_MS);
    const waiting = addresses.brokerContainerNames.filter((name) => info.get(name)?.health !== "healthy");
    if (waiting.length === 0) return;
    const exited = waiting.filter((name) => info.get(name)?.status !== "running");
    if (exited.length > 0 || Date.now() >= deadline) {
      const states = waiting.map((name) => `${name} is ${info.get(name)?.status ?? "missing"}${info.get(name)?.health ? ` (${info.get(name)?.health})` : ""}`).join(", ");
      const why = exited.length > 0 ? "stopped again after it was started" : `did not report healthy within ${timeoutMs / 1000} s`;
      throw new OpsError(`Stack ${addresses.stack}'s broker ${why}: ${states}; \`docker logs ${waiting[0]}\` and \`${npmCommand("status", addresses.stack)}\` show why.`, UNHEALTHY_EXIT_CODE);
    }
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
  }
}

/**
 * The brokers, when at least one runs. A stopped stack is a sentence with STOPPED_EXIT_CODE; brokers that are down
 * for another reason (paused, missing) one with the usual exit code 2.
 */
export async function requireRunningBroker(addresses: StackAddresses, timeoutMs: number, what: string): Promise<BrokerStatus[]> {
  const brokers = await readBrokers(addresses, timeoutMs);
  if (isStopped(brokers)) {
    throw new OpsError(`Stack ${addresses.stack} is stopped, so ${what}; \`${npmCommand("start", addresses.stack)}\` starts it again.`, STOPPED_EXIT_CODE);
  }
  if (!brokers.some((broker) => broker.containerState === "running")) {
    const states = brokers.map((broker) => `${broker.container} is ${broker.containerState}`).join(", ");
    throw new OpsError(`No broker of stack ${addresses.stack} is running (${states}), so ${what}; \`${npmCommand("status", addresses.stack)}\` shows more.`);
  }
  return brokers;
}

/**
 * Before `npm run up`: a stopped stack is started first (as `npm run start` does). An up without refresh sees no
 * change in a stopped container, so it would report success and leave the stack stopped. Returns the containers it
 * started; none for a stack that is running, not deployed yet or new.
 */
export async function startIfStopped(stack: string, timeoutMs: number): Promise<string[]> {
  const addresses = await stackAddresses(stack).catch((error: unknown) => {
    if (error instanceof OpsError) return undefined;
    throw error;
  });
  if (!addresses || !isStopped(await readBrokers(addresses, DOCKER_CALL_MS))) return [];
  return startStack(addresses, timeoutMs);
}
