// How a test picks the subnet of the network it makes for itself: a /24 that overlaps nothing this machine or Docker
// uses, read from CIDRs and /proc/net/route.
import { cidrRange, freeSubnet, routeCidrs } from "../helpers/ownNetwork";

describe("cidrRange", () => {
  test.each([
    ["10.213.7.0/24", [0x0ad50700, 0x0ad507ff]],
    ["172.17.0.1/16", [0xac110000, 0xac11ffff]],
    ["192.0.2.2/32", [0xc0000202, 0xc0000202]],
    ["10.0.0.0/8", [0x0a000000, 0x0affffff]],
  ])("%s", (cidr, range) => expect(cidrRange(cidr)).toEqual(range));
});

describe("freeSubnet", () => {
  const candidates = ["10.213.1.0/24", "10.213.2.0/24", "10.213.3.0/24"];

  test.each([
    ["nothing used: the first", [], "10.213.1.0/24"],
    ["the first is a Docker network's: the second", ["10.213.1.0/24"], "10.213.2.0/24"],
    ["an address inside the first two (an interface's cidr): the third", ["10.213.1.9/24", "10.213.2.200/32"], "10.213.3.0/24"],
    ["a wider route over them all: none", ["10.213.0.0/16"], undefined],
    ["neighbours only: the first", ["10.213.0.0/24", "10.213.4.0/24", "172.17.0.0/16"], "10.213.1.0/24"],
  ])("%s", (_, used, expected) => expect(freeSubnet(candidates, used as string[])).toBe(expected));
});

test("routeCidrs reads /proc/net/route without the default route", () => {
  const table = [
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
    "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
    "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
    "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
    "",
  ].join("\n");
  expect(routeCidrs(table)).toEqual(["172.17.0.0/16", "192.0.2.0/24"]);
});
