// Broker health: API versions answer, the KRaft quorum has a leader, the delivery settings are in force.
import { brokerTool, describeConfig, withAdmin } from "../../support/kafkaAdmin";
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
    // And status reads the same lines now: running, with the list present (whatever tests have provoked since).
    const { stackName, outputs } = deployedStack();
    const [status] = await readBrokers(addressesFromOutputs(stackName, outputs), 30_000, true);
    expect(status).toEqual(expect.objectContaining({ container: broker(), containerState: "running", logProblems: expect.any(Array) }));
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
