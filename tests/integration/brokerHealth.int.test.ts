// Broker health: API versions answer, the KRaft quorum has a leader, the delivery settings are in force.
import { uniqueId } from "../../support/ids";
import { brokerTool, describeConfig, kafkaClient, withAdmin } from "../../support/kafkaAdmin";
import { deployedStack, output } from "../helpers/stack";
import { readBrokers } from "../../ops/clusterReader";
import { addressesFromOutputs } from "../../ops/outputs";

const broker = () => output<string[]>("brokerContainerNames")[0];
const internalListener = () => output<string>("internalBootstrapServers").split(",")[0];

describe("broker health", () => {
  test("the broker's log after a clean start has no ERROR or FATAL line (what status reports under Broker logs)", async () => {
    // Read by the global setup right after the deployment: other test files provoke errors on purpose later (an acks=all
    // write refused below min.insync logs one), and files run in any order.
    expect(deployedStack().logProblemsAfterStart).toEqual({ [broker()]: [] });
  });

  test("status reads the broker's ERROR lines: an acks=all write refused below min.insync.replicas logs one, and status shows it", async () => {
    // The clean-start checks (the one above, the Quickstart's) expect none, which a reader that never finds a line
    // would pass too; this one needs the reader to find a line the broker really logged.
    const topic = uniqueId("health-log");
    const bootstrap = output("hostBootstrapServers");
    await withAdmin(bootstrap, (admin) =>
      admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: "min.insync.replicas", value: "2" }] }] }),
    );
    const producer = kafkaClient(bootstrap, "health-log").producer({ retry: { retries: 0 } });
    try {
      await producer.connect();
      await expect(producer.send({ topic, acks: -1, messages: [{ value: "refused" }] })).rejects.toMatchObject({ cause: expect.objectContaining({ type: "NOT_ENOUGH_REPLICAS" }) });
      const { stackName, outputs } = deployedStack();
      const [status] = await readBrokers(addressesFromOutputs(stackName, outputs), 30_000, true);
      expect(status).toEqual(expect.objectContaining({ container: broker(), containerState: "running" }));
      expect((status.logProblems ?? []).filter((line) => line.includes(`partition ${topic}-0`))).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\[[^\]]+\] ERROR \[ReplicaManager broker=1\] Error processing append operation on partition /)]),
      );
    } finally {
      await producer.disconnect();
      await withAdmin(bootstrap, (admin) => admin.deleteTopics({ topics: [topic] }));
    }
  });

  test("the broker answers ApiVersions on its internal listener", async () => {
    const versions = await brokerTool(broker(), ["kafka-broker-api-versions", "--bootstrap-server", internalListener()]);
    expect(versions).toMatch(/\(id: 1 rack: null\)/);
    expect(versions).toMatch(/Produce\(0\): \d+ to \d+ \[usable: \d+\]/);
    expect(versions).toMatch(/Fetch\(1\): \d+ to \d+ \[usable: \d+\]/);
  });

  test("the KRaft controller quorum has a leader among its voters", async () => {
    const status = await brokerTool(broker(), ["kafka-metadata-quorum", "--bootstrap-server", internalListener(), "describe", "--status"]);
    const leader = Number(/LeaderId:\s+(-?\d+)/.exec(status)?.[1]);
    const voters = /CurrentVoters:\s+\[([^\]]*)\]/.exec(status)?.[1] ?? "";
    expect(leader).toBe(1);
    expect(voters.split(",").map(Number)).toContain(leader);
  });

  test("the broker carries the at-least-once delivery settings", async () => {
    const { config } = deployedStack();
    const settings = await withAdmin(output("hostBootstrapServers"), (admin) => describeConfig(admin, "broker", "1"));
    expect(settings).toEqual(
      expect.objectContaining({
        "min.insync.replicas": "1",
        "default.replication.factor": "1",
        "unclean.leader.election.enable": "false",
        "auto.create.topics.enable": config.autoCreateTopics ?? "false",
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
      }),
    );
  });

  test("the cluster id is the one the stack exports", async () => {
    const cluster = await withAdmin(output("hostBootstrapServers"), (admin) => admin.describeCluster());
    expect(cluster.clusterId).toBe(output("clusterId"));
    expect(cluster.brokers.map((b) => b.nodeId)).toEqual([1]);
  });
});
