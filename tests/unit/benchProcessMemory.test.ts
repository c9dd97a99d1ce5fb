// Which role the 1,000-topic benchmark counts a process's memory under, from its command line.
import { processRole } from "../../bench/processMemory";

test.each([
  [["/root/.cache/cdc-kafka-toolchain/pulumi-cli/6f80504eb92ce370/pulumi", "up", "--parallel", "64"], false, "engine (pulumi CLI)"],
  [["/root/.pulumi/plugins/resource-kafka-v3.13.2/pulumi-resource-kafka", "127.0.0.1:41234"], false, "kafka plugin"],
  [["bash", "/root/.pulumi/plugins/resource-docker-v5.2.0/pulumi-resource-docker", "127.0.0.1:41234"], false, "docker plugin"],
  [["node", "/work/main/toolchain/plugins/docker/dist/0123456789abcdef/main.js", "127.0.0.1:41234"], false, "docker plugin"],
  [["/root/.cache/cdc-kafka-toolchain/pulumi-cli/x/pulumi-language-nodejs", "127.0.0.1:1"], false, "other plugins"],
  [["node", "bench/run.ts", "topics1000"], true, "this process (inline program)"],
  [["bash", "-c", "sleep 1"], false, undefined],
  [["/usr/bin/pulumi-not-really", "x"], false, undefined],
])("%j (self %s) → %s", (commandLine, isSelf, role) => {
  expect(processRole(commandLine, isSelf)).toBe(role);
});
