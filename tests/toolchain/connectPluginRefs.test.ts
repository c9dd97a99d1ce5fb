// The Connect image's plugins against its own worker, read from the image's jars: every class, method and field a
// plugin references in org.apache.kafka exists on the worker (toolchain/images/connect/check-plugin-refs.sh). A plugin
// built against a newer Connect than the worker's would otherwise fail only when the code path that needs a missing
// member runs, which a worker start and the pipeline tests may never reach. A probe plugin compiled against a made-up
// SourceTask shows the check finds what the worker lacks.
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { docker } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { images } from "../../toolchain/steps/images";
import { removeFixture, requireImage } from "../helpers/uiBrokerFixture";

const run = promisify(execFile);
const CHECK = path.join(__dirname, "../../toolchain/images/connect/check-plugin-refs.sh");
/** Where the image keeps the worker's jars and the plugins (toolchain/images/connect/Dockerfile). */
const WORKER_LIBS = "/opt/kafka/libs";
const PLUGIN_PATH = "/kafka/connect";

/** The image under test: the toolchain's, unless CDC_KAFKA_CONNECT_IMAGE names another, as in connectImage.test.ts. */
const IMAGE = process.env.CDC_KAFKA_CONNECT_IMAGE ?? images.connect;
const testId = uniqueId("connect-plugin-refs");

interface CheckResult {
  code: number;
  stdout: string;
}

/** Runs the check on two directories of jars; it exits 1 when something is missing, which is a result, not an error. */
async function checkPlugin(workerDir: string, pluginDir: string): Promise<CheckResult> {
  try {
    const { stdout } = await run("bash", [CHECK, workerDir, pluginDir], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (failed.code === 1) return { code: 1, stdout: failed.stdout ?? "" };
    throw new Error(`check-plugin-refs.sh failed (exit ${String(failed.code)}): ${failed.stderr ?? String(error)}`);
  }
}

/** Unpacks a directory of a container's filesystem (the Engine API sends a tar archive) into `into`. */
async function copyOut(container: string, source: string, into: string): Promise<void> {
  // Read to the end before unpacking: tar stops at the archive's end marker, and a response left unread keeps its
  // socket open after the tests.
  const archive = await docker.getContainer(container).getArchive({ path: source });
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  const unpacked = spawnSync("tar", ["-x", "-C", into], { input: Buffer.concat(chunks), stdio: ["pipe", "ignore", "pipe"] });
  if (unpacked.status !== 0) throw new Error(`tar could not unpack ${source} of ${container}: ${unpacked.stderr.toString() || unpacked.error}`);
}

/** The lines naming what the check found missing or unimplemented. */
const findings = (stdout: string): string[] => stdout.split("\n").filter((line) => /^(MISSING|BROKEN) /.test(line));

describe(`plugin class references in ${IMAGE}`, () => {
  let scratch: string;
  let workerLibs: string;
  let pluginPath: string;

  beforeAll(async () => {
    await requireImage(IMAGE, "npm run setup");
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), `${testId}-`));
    workerLibs = path.join(scratch, path.basename(WORKER_LIBS));
    pluginPath = path.join(scratch, path.basename(PLUGIN_PATH));
    // Created, never started: the files are read straight from the image's layers.
    await docker.createContainer({ name: testId, Image: IMAGE, Labels: { "cdc-kafka.test": testId } });
    await copyOut(testId, WORKER_LIBS, scratch);
    await copyOut(testId, PLUGIN_PATH, scratch);
  }, 120_000);

  afterAll(async () => {
    await removeFixture(testId);
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test("every org.apache.kafka class, method and field each plugin references resolves on the image's worker", async () => {
    const plugins = fs.readdirSync(pluginPath).filter((entry) => fs.statSync(path.join(pluginPath, entry)).isDirectory());
    expect(plugins).toContain("debezium-connector-postgres");
    for (const plugin of plugins) {
      const result = await checkPlugin(workerLibs, path.join(pluginPath, plugin));
      console.log(`${plugin} on ${IMAGE}:\n${result.stdout}`);
      expect(findings(result.stdout)).toEqual([]);
      const checked = /^references to org\.apache\.kafka checked: (\d+) .*; missing: 0$/m.exec(result.stdout);
      expect(Number(checked?.[1])).toBeGreaterThan(0);
      expect(result.stdout).toMatch(/^jdeps: org\.apache\.kafka classes not found: 0;/m);
      expect(result.code).toBe(0);
    }
  });

  test("a plugin compiled against another SourceTask: the check names each member and class the worker lacks, and each abstract method left out", async () => {
    const probe = path.join(scratch, "probe");
    const sources: Record<string, string> = {
      // The made-up API: a SourceTask with a method and a field the worker's has not, and nothing abstract.
      "org/apache/kafka/connect/source/SourceTask.java":
        "package org.apache.kafka.connect.source;\npublic class SourceTask { public static String notOnThisWorkerField; public void notOnThisWorker() {} }\n",
      "org/apache/kafka/connect/source/NotOnThisWorker.java": "package org.apache.kafka.connect.source;\npublic class NotOnThisWorker {}\n",
      "probe/ProbeTask.java": [
        "package probe;",
        "import org.apache.kafka.connect.source.NotOnThisWorker;",
        "import org.apache.kafka.connect.source.SourceTask;",
        "public class ProbeTask extends SourceTask {",
        "  public Object probe(SourceTask other) { notOnThisWorker(); other.notOnThisWorker(); return notOnThisWorkerField + new NotOnThisWorker(); }",
        "}",
        "",
      ].join("\n"),
    };
    for (const [file, source] of Object.entries(sources)) {
      fs.mkdirSync(path.dirname(path.join(probe, "src", file)), { recursive: true });
      fs.writeFileSync(path.join(probe, "src", file), source);
    }
    await run("javac", ["-d", path.join(probe, "classes"), ...Object.keys(sources).map((file) => path.join(probe, "src", file))]);
    // Only the probe's own class goes into the plugin: the made-up API stays behind, as a newer Connect's would.
    fs.mkdirSync(path.join(probe, "plugin"));
    await run("jar", ["cf", path.join(probe, "plugin", "probe.jar"), "-C", path.join(probe, "classes"), "probe"]);

    const result = await checkPlugin(workerLibs, path.join(probe, "plugin"));
    console.log(`probe plugin on ${IMAGE}:\n${result.stdout}`);
    expect(result.code).toBe(1);
    expect(findings(result.stdout)).toEqual([
      "MISSING class org.apache.kafka.connect.source.NotOnThisWorker: missing",
      "MISSING field probe.ProbeTask.notOnThisWorkerField:Ljava/lang/String;: missing",
      "MISSING method org.apache.kafka.connect.source.NotOnThisWorker.<init>()V: missing (its class is missing)",
      "MISSING method org.apache.kafka.connect.source.SourceTask.notOnThisWorker()V: missing",
      "MISSING method probe.ProbeTask.notOnThisWorker()V: missing",
      "BROKEN does not implement abstract method org.apache.kafka.connect.connector.Task.start(Ljava/util/Map;)V",
      "BROKEN does not implement abstract method org.apache.kafka.connect.connector.Task.stop()V",
      "BROKEN does not implement abstract method org.apache.kafka.connect.connector.Task.version()Ljava/lang/String;",
      "BROKEN does not implement abstract method org.apache.kafka.connect.source.SourceTask.poll()Ljava/util/List;",
      "BROKEN does not implement abstract method org.apache.kafka.connect.source.SourceTask.start(Ljava/util/Map;)V",
      "BROKEN does not implement abstract method org.apache.kafka.connect.source.SourceTask.stop()V",
    ]);
    expect(result.stdout).toMatch(/^jdeps: org\.apache\.kafka classes not found: 1;/m);
    expect(result.stdout).toMatch(/probe\.ProbeTask +-> org\.apache\.kafka\.connect\.source\.NotOnThisWorker +not found/);
  });
});
