// What setup builds for each command: `npm run setup`/`up` only what the clone's stacks use (the dev stack: Kafka and
// the UI), `--pipeline` the pipeline's images too, `--kubernetes` the local control plane and the Kubernetes provider,
// `--test` everything; each base image before the images built on it, the engine's plugins after every plugin binary.
import * as fs from "fs";
import * as path from "path";
import { plan, PlanOptions, planOptions } from "../../../toolchain/setup";
import { configBoolean, readStackFiles, stackNeeds } from "../../../toolchain/steps/stackNeeds";
import { repoRoot } from "../../../toolchain/paths";

const always = ["docker-engine", "pulumi-cli", "kafka-provider", "jre-base-image", "kafka-image", "engine-plugins"];
const controlPlane = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"];
/** Every step in its lanes' order: the Go lane, the control plane's lane (if any), the image lane, then engine-plugins. */
const withSteps = (kubernetes: boolean, images: string[]) => [
  "docker-engine",
  "pulumi-cli",
  "kafka-provider",
  ...(kubernetes ? ["kubernetes-provider", ...controlPlane] : []),
  "jre-base-image",
  "kafka-image",
  ...images,
  "engine-plugins",
];
const everything = withSteps(true, [
  "connect-image",
  "node-base-image",
  "kafka-ui-image",
  "postgres-base-image",
  "postgres-image",
  "prometheus-image",
  "test-packages",
  "strimzi-crds",
]);
const stepNames = (options: PlanOptions) => {
  const { first, lanes, last } = plan(options);
  return [...first, ...lanes.flat(), ...last].map((step) => step.name);
};
const base: PlanOptions = { forTests: false, pipeline: false, ui: false, prometheus: false, cpus: 2 };

test("the dev stack file as committed asks for the UI and no Prometheus", () => {
  const dev = fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8");
  expect(stackNeeds([dev])).toEqual({ ui: true, prometheus: false });
  expect(readStackFiles(repoRoot)).toContain(dev);
});

test.each([
  ["  cdc-kafka:uiEnabled: false", false],
  ['  cdc-kafka:uiEnabled: "false"', false],
  ["  cdc-kafka:uiEnabled: 'true'  # the console", true],
  ["  # cdc-kafka:uiEnabled: false", undefined],
  ["  cdc-kafka:uiEnabledSoon: false", undefined],
  ["  cdc-kafka:uiPort: 8080", undefined],
])("the stack file line %j sets uiEnabled to %p", (line, value) => {
  expect(configBoolean(`config:\n${line}\n`, "uiEnabled")).toBe(value);
});

test.each([
  ["no stack file: a stack with the defaults", [], { ui: true, prometheus: false }],
  ["the UI off", ["config:\n  cdc-kafka:uiEnabled: false\n"], { ui: false, prometheus: false }],
  ["one of two stacks with the UI", ["config:\n  cdc-kafka:uiEnabled: false\n", "config:\n  cdc-kafka:brokers: 3\n"], { ui: true, prometheus: false }],
  ["the metrics server on", ['config:\n  cdc-kafka:uiEnabled: "false"\n  cdc-kafka:metricsServerEnabled: "true"\n'], { ui: false, prometheus: true }],
  ["the metrics server commented out", ["config:\n  # cdc-kafka:metricsServerEnabled: true\n"], { ui: true, prometheus: false }],
])("stack needs, %s", (_, files, needs) => {
  expect(stackNeeds(files)).toEqual(needs);
});

test.each<[string, Partial<PlanOptions>, string[]]>([
  ["a stack without UI or metrics server", {}, always],
  ["the dev stack (UI)", { ui: true }, withSteps(false, ["node-base-image", "kafka-ui-image"])],
  ["a stack with the metrics server", { ui: true, prometheus: true }, withSteps(false, ["node-base-image", "kafka-ui-image", "prometheus-image"])],
  ["--pipeline", { ui: true, pipeline: true }, withSteps(false, ["connect-image", "node-base-image", "kafka-ui-image", "postgres-base-image", "postgres-image"])],
  ["--test, whatever the stacks use", { forTests: true }, everything],
  ["--bench", { ui: true, bench: true }, withSteps(false, ["connect-image", "node-base-image", "kafka-ui-image", "postgres-base-image", "postgres-image", "docker-compose"])],
  ["--kubernetes (the dev stack)", { ui: true, kubernetes: true }, withSteps(true, ["node-base-image", "kafka-ui-image", "strimzi-crds"])],
])("%s: setup runs exactly these steps", (_, options, expected) => {
  expect(stepNames({ ...base, ...options })).toEqual(expected);
});

test.each([2, 4, 8])("on %i CPUs the Go builds have two lanes of their own and every base image precedes its images", (cpus) => {
  const { first, lanes, last } = plan({ ...base, forTests: true, cpus });
  expect(first.map((step) => step.name)).toEqual(["docker-engine"]);
  expect(lanes[0].map((step) => step.name)).toEqual(["pulumi-cli", "kafka-provider", "kubernetes-provider"]);
  expect(lanes[1].map((step) => step.name)).toEqual(controlPlane);
  expect(last.map((step) => step.name)).toEqual(["engine-plugins"]);
  expect(lanes).toHaveLength(cpus >= 4 ? 4 : 3);
  const laneOf = (name: string) => lanes.findIndex((lane) => lane.some((step) => step.name === name));
  const position = (name: string) => lanes[laneOf(name)].findIndex((step) => step.name === name);
  for (const [baseImage, image] of [
    ["jre-base-image", "kafka-image"],
    ["jre-base-image", "connect-image"],
    ["node-base-image", "kafka-ui-image"],
    ["postgres-base-image", "postgres-image"],
  ]) {
    expect(laneOf(image)).toBe(laneOf(baseImage));
    expect(position(image)).toBeGreaterThan(position(baseImage));
  }
});

test("setup's arguments: --pipeline, --test, --bench and --kubernetes, and one sentence for any other", () => {
  const none = { forTests: false, pipeline: false, bench: false, kubernetes: false };
  expect(planOptions(["--pipeline"], [], 2)).toEqual({ ui: true, prometheus: false, ...none, pipeline: true, cpus: 2 });
  expect(planOptions(["--test"], ["config:\n  cdc-kafka:uiEnabled: false\n"], 4)).toEqual({ ui: false, prometheus: false, ...none, forTests: true, cpus: 4 });
  expect(planOptions(["--bench"], [], 2)).toEqual({ ui: true, prometheus: false, ...none, bench: true, cpus: 2 });
  expect(planOptions(["--kubernetes"], [], 2)).toEqual({ ui: true, prometheus: false, ...none, kubernetes: true, cpus: 2 });
  expect(() => planOptions(["--piepline"], [], 2)).toThrow(
    "setup does not know --piepline; it takes --pipeline (the pipeline's images too), --test (everything the tests use), --bench (the pipeline's images and docker-compose) or --kubernetes (a local Kubernetes control plane and the Kubernetes provider plugin).",
  );
});
