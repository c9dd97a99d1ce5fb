// The README's Quickstart block, as the quickstart integration test will run it: every step of the walk-through
// is there, in order. A README edit that drops or renames one fails here in a second, not after a deployment.
import { devStackFileFor, quickstartSteps, readmeQuickstart } from "../helpers/quickstart";

test("the README's Quickstart runs up → status → topics → produce → consume → stop → start → consume from the beginning → down", () => {
  const steps = readmeQuickstart();
  expect(steps.map((step) => step.script)).toEqual(["up", "status", "topics", "produce", "consume", "stop", "start", "consume", "down"]);
  const produce = steps[3].args;
  // Each flag with its own value (arrayContaining would take `--count 5 … 1000`); the first read is not from the
  // beginning, the second is, so only the second proves the stop kept the records.
  const option = (args: string[], flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  expect(option(produce, "--count")).toBe("1000");
  for (const read of [steps[4].args, steps[7].args]) {
    expect([option(read, "--max"), read.includes("--count-only")]).toEqual(["1000", true]);
  }
  expect([steps[4].args.includes("--from-beginning"), steps[7].args.includes("--from-beginning")]).toEqual([false, true]);
  // The same topic and group both times.
  expect(option(steps[4].args, "--topic")).toBe(option(produce, "--topic"));
  expect(option(steps[7].args, "--group")).toBe(option(steps[4].args, "--group"));
});

test("quickstartSteps: npm lines only, comments and `--` dropped", () => {
  const readme = ["# x", "## Quickstart", "", "```bash", "npm run up   # deploy", "open http://localhost:8080", "npm run topics -- describe a.b", "```", "## Next", "```bash", "npm run bench", "```"].join("\n");
  expect(quickstartSteps(readme)).toEqual([
    { line: "npm run up", script: "up", args: [] },
    { line: "npm run topics -- describe a.b", script: "topics", args: ["describe", "a.b"] },
  ]);
  expect(() => quickstartSteps("# no quickstart")).toThrow("README.md has no `## Quickstart` section");
});

test("devStackFileFor: the dev settings with the test stack's names and ports", () => {
  const yaml = devStackFileFor("qs-1", 30001, 30002);
  expect(yaml).toMatch(/^\s+cdc-kafka:namePrefix: cdc-qs-1$/m);
  expect(yaml).toMatch(/^\s+cdc-kafka:clusterName: cdc-qs-1$/m);
  expect(yaml).toMatch(/^\s+cdc-kafka:hostPort: 30001$/m);
  expect(yaml).toMatch(/^\s+cdc-kafka:uiPort: 30002$/m);
  expect(yaml).not.toContain("cdc-kafka-dev");
  expect(yaml).toMatch(/^\s+cdc-kafka:kafkaImage: cdc-kafka\/kafka:3\.6\.2$/m);
});
