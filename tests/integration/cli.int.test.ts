// The literal CLI path, once per run: `pulumi preview`, `up` and `destroy` of the project directory with a test stack
// file, proving index.ts, Pulumi.yaml and a stack file work as a user runs them.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mustPulumi, stackFileYaml } from "../../support/cli";
import { countByLabel } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { deploymentConfig } from "../../support/testConfig";

describe("pulumi CLI on the project directory", () => {
  const stackName = uniqueId("cli");
  const configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-stack-")), `Pulumi.${stackName}.yaml`);
  let stackLabel = "";

  beforeAll(async () => {
    const deployment = await deploymentConfig(stackName, { uiEnabled: "false" });
    stackLabel = deployment.stackLabel;
    fs.writeFileSync(configFile, stackFileYaml(deployment.config));
    await mustPulumi(["stack", "init", stackName]);
  });

  afterAll(async () => {
    await mustPulumi(["destroy", "--yes", "--stack", stackName, "--config-file", configFile]);
    await mustPulumi(["stack", "rm", "--yes", "--stack", stackName]);
  });

  test("preview, up, outputs, a second up with no changes, destroy", async () => {
    const common = ["--stack", stackName, "--config-file", configFile];
    const preview = await mustPulumi(["preview", ...common]);
    expect(preview).toMatch(/\+ .*cdc-kafka:index:KafkaStack/);
    expect(preview).toMatch(/\+ +kafka:index:Topic \S+-topics-dbserver\.public\.videos create/);

    await mustPulumi(["up", "--yes", ...common]);
    const outputs = JSON.parse(await mustPulumi(["stack", "output", "--json", "--stack", stackName]));
    expect(outputs.topicNames).toEqual(["dbserver.public.videos", "dbserver.public.users", "dbserver.public.comments"]);
    expect(outputs.hostBootstrapServers).toMatch(/^localhost:\d+$/);
    expect(await countByLabel(stackLabel)).toEqual({ containers: 1, networks: 1, volumes: 1 });

    await mustPulumi(["up", "--yes", "--expect-no-changes", ...common]);
    await mustPulumi(["destroy", "--yes", ...common]);
    expect(await countByLabel(stackLabel)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
