// A second `up` changes nothing; a container removed out of band is found by refresh and recreated by the next up.
import { engineLog, testStack } from "../../support/deploy";
import { containerState, isHealthy, removeContainer } from "../../support/docker";
import { withAdmin } from "../../support/kafkaAdmin";
import { deployedStack, output } from "../helpers/stack";
import { waitFor } from "../../support/waitFor";

const changesOf = (summary: Record<string, number> | undefined) =>
  Object.entries(summary ?? {}).filter(([kind, count]) => kind !== "same" && count > 0);

describe("idempotence and drift", () => {
  test("a second up reports no changes", async () => {
    const { stackName, config } = deployedStack();
    const stack = await testStack(stackName, config);
    const result = await stack.up({ onOutput: engineLog(stackName) });
    expect(changesOf(result.summary.resourceChanges)).toEqual([]);
  });

  test("after an out-of-band container removal, a refresh of the Docker resources + up recreates it and the topics are still there", async () => {
    const { stackName, config } = deployedStack();
    const broker = output<string[]>("brokerContainerNames")[0];
    const before = await containerState(broker);
    await removeContainer(broker);

    const stack = await testStack(stackName, config);
    // Only the Docker resources: the topics cannot be read while their broker is gone.
    const { deployment } = await stack.exportStack();
    const dockerUrns = (deployment.resources as { urn: string; type: string }[])
      .filter((resource) => resource.type.startsWith("docker:index/"))
      .map((resource) => resource.urn);
    const refresh = await stack.refresh({ target: dockerUrns, onOutput: engineLog(stackName) });
    // Exactly the removed container leaves the state (nothing else is seen to drift), and exactly one resource is created.
    expect(changesOf(refresh.summary.resourceChanges)).toEqual([["delete", 1]]);
    const up = await stack.up({ onOutput: engineLog(stackName) });
    // Only the creation is pinned: the same up also replaces the UI container (the engine shows a diff on its image),
    // which is not what this test is about.
    expect(up.summary.resourceChanges?.create).toBe(1);

    await waitFor(() => isHealthy(broker), { timeoutMs: 60_000, what: `${broker} to be healthy` });
    expect((await containerState(broker)).id).not.toBe(before.id);
    const topics = await withAdmin(output("hostBootstrapServers"), (admin) => admin.listTopics());
    expect(topics).toEqual(expect.arrayContaining(output<string[]>("topicNames")));
    const again = await stack.up({ onOutput: engineLog(stackName) });
    expect(changesOf(again.summary.resourceChanges)).toEqual([]);
  });
});
