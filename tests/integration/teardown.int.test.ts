// Destroy leaves nothing labelled with the stack behind; keeping the broker's data volume is opt-in.
import { destroyAndRemove, engineLog, testStack } from "../../support/deploy";
import { countByLabel, docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { deploymentConfig } from "../../support/testConfig";

async function deployAndDestroy(keepDataVolume: boolean) {
  const stackName = uniqueId("td");
  const { config, stackLabel } = await deploymentConfig(stackName, { uiEnabled: "false", keepDataVolume: String(keepDataVolume) });
  const stack = await testStack(stackName, config);
  await stack.up({ onOutput: engineLog(stackName) });
  const deployed = await countByLabel(stackLabel);
  await destroyAndRemove(stack, engineLog(stackName));
  return { deployed, left: await countByLabel(stackLabel), stackLabel };
}

describe("teardown", () => {
  test("destroy leaves no container, network or volume by default", async () => {
    const { deployed, left } = await deployAndDestroy(false);
    expect(deployed).toEqual({ containers: 1, networks: 1, volumes: 1 });
    expect(left).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test("with keepDataVolume the data volume alone survives destroy", async () => {
    const { left, stackLabel } = await deployAndDestroy(true);
    try {
      expect(left).toEqual({ containers: 0, networks: 0, volumes: 1 });
    } finally {
      const { Volumes } = await docker.listVolumes({ filters: { label: [stackLabel] } });
      await Promise.all((Volumes ?? []).map((volume) => docker.getVolume(volume.Name).remove()));
    }
  });
});
