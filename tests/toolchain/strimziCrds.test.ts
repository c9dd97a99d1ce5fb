// Strimzi 1.2.0's CRDs as setup's strimzi-crds step generates them, and the validator the Kubernetes flavour's unit
// tests use: the six kinds serve v1 alone; a KRaft Kafka with a dual-role node pool, a topic, a SCRAM user with ACLs, a
// Connect cluster that builds the Debezium plugin and its connector are accepted; wrong types, unknown enum values,
// unknown fields, broken CEL rules and old API versions are refused with one sentence each.
import * as fs from "fs";
import * as path from "path";
import { strimziCrdDir } from "../../toolchain/paths";
import { strimziKinds } from "../../toolchain/steps/strimziCrds";
import { evaluateCelRule, parseCelRule } from "../helpers/celRules";
import { acceptedResources, refusedResources } from "../helpers/strimziFixtures";
import { crdFor, strimziCrds, validateCustomResource } from "../helpers/strimziSchemas";

test("the six kinds are generated, each with v1 alone, served and stored, as YAML and as JSON", () => {
  const dir = strimziCrdDir();
  for (const { kind, file } of strimziKinds) {
    const crd = crdFor(kind);
    expect(crd.spec.group).toBe("kafka.strimzi.io");
    expect(crd.spec.versions.map(({ name, served, storage }) => ({ name, served, storage }))).toEqual([{ name: "v1", served: true, storage: true }]);
    expect(fs.statSync(path.join(dir, "yaml", `${file}.yaml`)).size).toBeGreaterThan(1000);
  }
  expect([...strimziCrds().keys()].sort()).toEqual(["Kafka", "KafkaConnect", "KafkaConnector", "KafkaNodePool", "KafkaTopic", "KafkaUser"]);
});

test.each(acceptedResources)("accepted: %s", (_, resource) => {
  expect(validateCustomResource(resource)).toEqual([]);
});

test.each(refusedResources)("refused: %s", (_, resource, problems) => {
  expect(validateCustomResource(resource).sort()).toEqual([...problems].sort());
});

describe("the CEL rules of the CRDs", () => {
  const rules = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "x-kubernetes-validations") (value as { rule: string }[]).forEach(({ rule }) => rules.add(rule));
        collect(value);
      }
    }
  };

  test("every rule in the six CRDs is in the evaluated subset", () => {
    strimziCrds().forEach(collect);
    expect(rules.size).toBeGreaterThanOrEqual(5);
    for (const rule of rules) expect(() => parseCelRule(rule)).not.toThrow();
  });

  test.each<[string, unknown, boolean | { error: string }]>([
    ["self.type != 'tls' || !has(self.renewalDays) || !has(self.validityDays) || self.renewalDays < self.validityDays", { type: "tls", renewalDays: 30, validityDays: 10 }, false],
    ["self.type != 'tls' || !has(self.renewalDays) || !has(self.validityDays) || self.renewalDays < self.validityDays", { type: "tls", renewalDays: 10, validityDays: 30 }, true],
    ["self.type != 'tls' || (has(self.renewalDays) == has(self.validityDays))", { type: "tls", renewalDays: 10 }, false],
    // A missing field is an error unless the other side of || decides: CEL's commutative logic.
    ['(has(self.type) && self.type != "topology-label") || self.topologyKey != ""', { type: "environment-variable" }, true],
    ['(has(self.type) && self.type != "topology-label") || self.topologyKey != ""', {}, { error: "no such key: topologyKey" }],
    ["self.size() > 0", {}, { error: "unsupported function call .size()" }],
  ])("%s on %j", (rule, self, outcome) => {
    expect(evaluateCelRule(rule, self)).toEqual(outcome);
  });
});
