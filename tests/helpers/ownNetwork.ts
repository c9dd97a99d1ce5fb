// A Docker bridge network a test makes for itself, with a subnet and gateway it chooses: the gateway is an address of
// this machine that is not loopback, whatever a previous engine run left (a freshly started engine reports no gateway
// for its default bridge, only the subnet). Traffic to it stays on this machine, inside a network the test made.
import { randomInt } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import { docker } from "../../support/docker";

/** Where the candidate /24s are drawn from: private (RFC 1918), and outside Docker's default address pools. */
const CANDIDATE_PREFIX = "10.213";

export interface OwnNetwork {
  name: string;
  subnet: string;
  /** The bridge's address on this machine. */
  gateway: string;
  remove(): Promise<void>;
}

/** An IPv4 CIDR as its first and last address (32-bit numbers). */
export function cidrRange(cidr: string): [number, number] {
  const [address, bits] = cidr.split("/");
  const value = address.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits ?? "32"));
  const first = value - (value % size);
  return [first, first + size - 1];
}

/** The first of `candidates` (IPv4 CIDRs) that overlaps none of `used`; undefined when each one does. */
export function freeSubnet(candidates: string[], used: string[]): string | undefined {
  const taken = used.map(cidrRange);
  return candidates.find((candidate) => {
    const [first, last] = cidrRange(candidate);
    return taken.every(([from, to]) => last < from || first > to);
  });
}

/** The IPv4 routes of /proc/net/route (hex, little-endian) as CIDRs, the default route left out. */
export function routeCidrs(procNetRoute: string): string[] {
  const address = (hex: string) => [6, 4, 2, 0].map((at) => parseInt(hex.slice(at, at + 2), 16)).join(".");
  const prefixLength = (hex: string) => [...parseInt(hex, 16).toString(2)].filter((bit) => bit === "1").length;
  return procNetRoute
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 8 && prefixLength(fields[7]) > 0)
    .map((fields) => `${address(fields[1])}/${prefixLength(fields[7])}`);
}

/**
 * Every IPv4 network this machine or its Docker engine already uses: interfaces, routes, Docker networks' subnets.
 * (os.networkInterfaces lists only interfaces that are up and running; the routes cover the others.)
 */
async function usedSubnets(): Promise<string[]> {
  const interfaces = Object.values(os.networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined && entry.family === "IPv4" && entry.cidr !== null)
    .map((entry) => entry!.cidr as string);
  const routes = fs.existsSync("/proc/net/route") ? routeCidrs(fs.readFileSync("/proc/net/route", "utf8")) : [];
  const dockerSubnets = (await docker.listNetworks()).flatMap((network) => (network.IPAM?.Config ?? []).map((config: { Subnet?: string }) => config.Subnet ?? "")).filter((subnet) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(subnet));
  return [...interfaces, ...routes, ...dockerSubnets];
}

/** Whether `address` is one of this machine's: a listener can bind it (nothing is sent anywhere). */
export function isLocalAddress(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(0, address, () => server.close(() => resolve(true)));
  });
}

/**
 * Creates bridge network `name` on a /24 of 10.213.0.0/16 that nothing on this machine or in Docker uses (drawn from
 * a random start, so concurrent runs rarely pick the same), with its first address as the gateway.
 */
export async function createOwnNetwork(name: string, labels: Record<string, string>): Promise<OwnNetwork> {
  const start = randomInt(256);
  const candidates = Array.from({ length: 256 }, (_, i) => `${CANDIDATE_PREFIX}.${(start + i) % 256}.0/24`);
  const subnet = freeSubnet(candidates, await usedSubnets());
  if (subnet === undefined) {
    throw new Error(`Every /24 of ${CANDIDATE_PREFIX}.0.0/16 overlaps a network of this machine or of its Docker engine; remove the Docker networks on it that nothing uses.`);
  }
  const gateway = subnet.replace(/\.0\/24$/, ".1");
  const network = await docker.createNetwork({ Name: name, Driver: "bridge", CheckDuplicate: true, Labels: labels, IPAM: { Driver: "default", Config: [{ Subnet: subnet, Gateway: gateway }] } });
  return { name, subnet, gateway, remove: async () => void (await network.remove()) };
}
