// Strimzi's CustomResourceDefinitions, generated from its Maven artifacts (no YAML is published to a registry
// reachable here): the schemas the Kubernetes API server validates Kafka, KafkaNodePool, KafkaTopic, KafkaUser,
// KafkaConnect and KafkaConnector against, keyed by their inputs in the cache.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createHash } from "crypto";
import { inputsKey } from "../inputsKey";
import { strimziCrdDir } from "../paths";
import { pointLink } from "./links";
import { mustRun } from "./run";
import { Step, StepContext } from "./step";

/**
 * Strimzi 1.x serves only the `v1` API of its resources (what a production cluster installs today); 1.2.0 supports
 * Kafka 4.2.0, 4.2.1, 4.3.0 and 4.3.1 (its kafka-versions.yaml).
 */
export const strimziVersion = "1.2.0";
export const strimziApiVersion = "v1";

/** The generator's Java model class of each kind, and the file name Strimzi's own install files give its CRD. */
export const strimziKinds = [
  { kind: "Kafka", model: "io.strimzi.api.kafka.model.kafka.Kafka", file: "040-Crd-kafka" },
  { kind: "KafkaConnect", model: "io.strimzi.api.kafka.model.connect.KafkaConnect", file: "041-Crd-kafkaconnect" },
  { kind: "KafkaTopic", model: "io.strimzi.api.kafka.model.topic.KafkaTopic", file: "043-Crd-kafkatopic" },
  { kind: "KafkaUser", model: "io.strimzi.api.kafka.model.user.KafkaUser", file: "044-Crd-kafkauser" },
  { kind: "KafkaNodePool", model: "io.strimzi.api.kafka.model.nodepool.KafkaNodePool", file: "045-Crd-kafkanodepool" },
  { kind: "KafkaConnector", model: "io.strimzi.api.kafka.model.connector.KafkaConnector", file: "047-Crd-kafkaconnector" },
];

/**
 * sha256 of the YAML files in Strimzi 1.2.0's release (packaging/install/cluster-operator at tag 1.2.0): the
 * generated files must be those bytes, so the schemas tested here are the ones `kubectl apply` of the release installs.
 */
const releasedSha256: Record<string, string> = {
  "040-Crd-kafka": "b5b27fc8d52068a77cde7c40d47c068023c7b4e92fc266c45200db2d2506392a",
  "041-Crd-kafkaconnect": "00339af1b873aefbfc4406ef251d03d0928a8d7f6a85c45bd322080e21d6f3be",
  "043-Crd-kafkatopic": "36390f0731c699448076d4ee739e8b7f331d083e91a7fb71500aaa830ab1127e",
  "044-Crd-kafkauser": "c7e91b9b027a516b43dc7d369e781ee23a6ea177ae15fe0c33af6f722e26e05f",
  "045-Crd-kafkanodepool": "411c1b32ef8c1a6408ac9d4fe791115a6ce2b41107204588f976a3ed19be2430",
  "047-Crd-kafkaconnector": "8050325edfec7ac90718f9e40f3f808b5489d7ae6c11b1634bc82426955b8fff",
};

/** The generator's options as Strimzi's api/pom.xml passes them for its install files. */
const generatorOptions = [
  "--label", "app:strimzi",
  "--label", "strimzi.io/crd-install:true",
  "--target-kube", "1.16+",
  "--crd-api-version", "v1",
  "--api-versions", strimziApiVersion,
  "--storage-version", strimziApiVersion,
];

/** Strimzi 1.x jars are Java 21 bytecode. */
const minimumJava = 21;

/** The generator's classpath and its arguments; not toolchain/strimzi/conformance, which only tests read. */
const stepInputs = ["toolchain/strimzi/pom.xml", "toolchain/steps/strimziCrds.ts"];

/** $CACHE/strimzi-crds/current, the link tests read through paths.ts; the generations sit beside it. */
const currentLink = (context: StepContext) => strimziCrdDir({ CDC_KAFKA_CACHE: context.cacheDir });

function keyedDir(context: StepContext): string {
  const key = inputsKey(context.repoRoot, stepInputs, [strimziVersion]).slice(0, 16);
  return path.join(path.dirname(currentLink(context)), key);
}

/** The major version in a JDK's `release` file (`JAVA_VERSION="25.0.3"`, or `"1.8.0_…"` for Java 8), if any. */
export function javaMajor(releaseFile: string): number | undefined {
  const version = /^JAVA_VERSION="([^"]+)"/m.exec(releaseFile)?.[1];
  if (!version) return undefined;
  const [first, second] = version.split(".").map(Number);
  return first === 1 ? second : first;
}

/** `bin/java` of a JDK home when its `release` file says Java 21 or newer. */
function javaOf(home: string): { java: string; major: number } | undefined {
  const release = path.join(home, "release");
  const java = path.join(home, "bin", "java");
  if (!fs.existsSync(release) || !fs.existsSync(java)) return undefined;
  const major = javaMajor(fs.readFileSync(release, "utf8")) ?? 0;
  return major >= minimumJava ? { java, major } : undefined;
}

/** A `java` of at least Java 21: JAVA_HOME's, else the newest JDK under /usr/lib/jvm (the default java may be 17). */
export function findJava(env: NodeJS.ProcessEnv, jvmDir = "/usr/lib/jvm"): string | undefined {
  const fromHome = env.JAVA_HOME ? javaOf(env.JAVA_HOME) : undefined;
  if (fromHome) return fromHome.java;
  const installed = fs.existsSync(jvmDir) ? fs.readdirSync(jvmDir).map((name) => javaOf(path.join(jvmDir, name))) : [];
  return installed.flatMap((jdk) => (jdk ? [jdk] : [])).sort((a, b) => b.major - a.major)[0]?.java;
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

async function generate(context: StepContext, java: string, libs: string, format: "yaml" | "json", outDir: string, log: string) {
  fs.mkdirSync(outDir, { recursive: true });
  const targets = strimziKinds.map(({ model, file }) => `${model}=${path.join(outDir, `${file}.${format}`)}`);
  await mustRun(java, ["-cp", `${libs}${path.sep}*`, "io.strimzi.crdgenerator.CrdGenerator", ...generatorOptions, ...(format === "yaml" ? ["--yaml"] : []), ...targets], {
    env: context.env,
    log,
  });
}

export const strimziCrdsStep: Step = {
  name: "strimzi-crds",
  async check(context) {
    const dir = keyedDir(context);
    if (!fs.existsSync(path.join(dir, "json"))) return undefined;
    pointLink(currentLink(context), dir);
    return `Strimzi ${strimziVersion} CRDs in ${dir}`;
  },
  async build(context, log) {
    const java = findJava(context.env);
    if (!java) {
      throw new Error(`Strimzi ${strimziVersion}'s CRD generator needs Java ${minimumJava} or newer; set JAVA_HOME to such a JDK or install one under /usr/lib/jvm.`);
    }
    const dir = keyedDir(context);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "strimzi-crds."));
    try {
      const libs = path.join(work, "libs");
      // Maven keeps the jars in ~/.m2, so a rebuild after an input change downloads nothing.
      await mustRun("mvn", ["-B", "-q", "-f", path.join(context.repoRoot, "toolchain", "strimzi", "pom.xml"), "dependency:copy-dependencies",
        "-DincludeScope=runtime", `-Dstrimzi.version=${strimziVersion}`, `-DoutputDirectory=${libs}`], { env: context.env, log });
      const partial = path.join(work, "crds");
      // YAML is what `kubectl apply` and Pulumi's ConfigGroup take; JSON the same objects for code without a YAML parser.
      await generate(context, java, libs, "yaml", path.join(partial, "yaml"), log);
      await generate(context, java, libs, "json", path.join(partial, "json"), log);
      const differing = strimziKinds.filter(({ file }) => sha256(path.join(partial, "yaml", `${file}.yaml`)) !== releasedSha256[file]);
      if (differing.length > 0) {
        throw new Error(`the generated ${differing.map(({ file }) => file).join(", ")} differ from Strimzi ${strimziVersion}'s released CRDs; the generator's classpath resolved differently (see the log).`);
      }
      // Copied beside its place, then renamed, so check() never finds half a directory.
      fs.rmSync(`${dir}.partial`, { recursive: true, force: true });
      fs.cpSync(partial, `${dir}.partial`, { recursive: true });
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(`${dir}.partial`, dir);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    pointLink(currentLink(context), dir);
    // Earlier generations are a few hundred kB each and nothing points at them any more.
    const kept = [path.basename(dir), path.basename(currentLink(context))];
    for (const entry of fs.readdirSync(path.dirname(dir)).filter((name) => !kept.includes(name))) {
      fs.rmSync(path.join(path.dirname(dir), entry), { recursive: true, force: true });
    }
    const kilobytes = Math.round(strimziKinds.reduce((sum, { file }) => sum + fs.statSync(path.join(dir, "yaml", `${file}.yaml`)).size, 0) / 1024);
    return `Strimzi ${strimziVersion} CRDs generated in ${dir} (${strimziKinds.length} kinds, ${kilobytes} kB of YAML, as released)`;
  },
};
