// KafkaNetwork on its own: one labelled bridge network.
import { mockedSuite, valuesOf } from "../helpers/pulumiMocks";

const suite = mockedSuite(() => import("../../components"));

test("a bridge network named after the component, labelled, and its outputs", async () => {
  const network = new suite.lib.KafkaNetwork("net", { labels: { "cdc-kafka.stack": "cdc-kafka/dev" } });
  expect(await valuesOf({ name: network.name, id: network.id })).toEqual({ name: "net", id: "net-id" });
  expect(suite.mocks.resources.map((r) => [r.type, r.name, r.parent ?? null])).toEqual([
    ["cdc-kafka:index:KafkaNetwork", "net", null],
    ["docker:index/network:Network", "net", "net"],
  ]);
  expect(suite.mocks.resources[1].inputs).toEqual({
    name: "net",
    driver: "bridge",
    labels: [
      { label: "cdc-kafka.component", value: "network" },
      { label: "cdc-kafka.stack", value: "cdc-kafka/dev" },
    ],
  });
});

test("the Docker name can differ from the component name", async () => {
  const network = new suite.lib.KafkaNetwork("net", { networkName: "pipeline" });
  expect(await valuesOf({ name: network.name })).toEqual({ name: "pipeline" });
  expect(suite.mocks.get("docker:index/network:Network", "net").inputs.labels).toEqual([{ label: "cdc-kafka.component", value: "network" }]);
});
