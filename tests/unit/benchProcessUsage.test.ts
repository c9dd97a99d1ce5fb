// Which role the topic benchmarks count a process's memory and CPU under, from its command line.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { processRole, threadCpuSeconds } from "../../bench/processUsage";

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

test("threadCpuSeconds reads utime + stime in clock ticks after a name with spaces and parentheses", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stat-"));
  const statPath = path.join(dir, "stat");
  // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime …
  fs.writeFileSync(statPath, "4242 (C2 Compiler (x) 1) S 1 4242 4242 0 -1 4194560 100 0 0 0 537 12 0 0 20 0 30 0\n");
  try {
    expect(threadCpuSeconds(statPath)).toBeCloseTo(5.49, 5);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
