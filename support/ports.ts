// Free TCP ports on the loopback interface, for stacks and containers a test publishes. They are drawn below the
// kernel's ephemeral range: outgoing connections take their source ports from that range at any moment, so a port
// found free there can be taken before the stack binds it (seen under load: a three-broker stack's second port).
import * as fs from "fs";
import * as net from "net";

/** The lowest port tests publish on: clear of the well-known and registered services most machines run. */
const LOWEST_PORT = 20_000;

/** The first port of the kernel's ephemeral range (Linux default 32768). */
function ephemeralRangeStart(): number {
  try {
    const first = Number(fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > LOWEST_PORT ? first : 32_768;
  } catch {
    return 32_768;
  }
}

/** Whether nothing listens on `port` of 127.0.0.1 right now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive free loopback ports (a stack's brokers publish hostPort, hostPort + 1, …), chosen at
 * random below the ephemeral range. Free when checked: another test process may still take one before the stack does.
 */
export async function freePortRange(count: number): Promise<number> {
  const highestFirst = ephemeralRangeStart() - count;
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = LOWEST_PORT + Math.floor(Math.random() * (highestFirst - LOWEST_PORT));
    const free = await Promise.all(Array.from({ length: count }, (_, i) => isFree(first + i)));
    if (free.every(Boolean)) return first;
  }
  throw new Error(`Found no ${count} consecutive free loopback ports from ${LOWEST_PORT} in 50 attempts; free some ports or retry.`);
}

export function freePort(): Promise<number> {
  return freePortRange(1);
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
