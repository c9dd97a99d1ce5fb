// Local images: Debian bases made by debootstrap, the Kafka, Connect and PostgreSQL images and the UI console image,
// keyed by their inputs.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { inputsKey } from "../inputsKey";
import { ensurePackages, missingPackages } from "./apt";
import { mustRun, runLogged } from "./run";
import { Step, StepContext } from "./step";

export const inputsLabel = "cdc-kafka.inputs";

export const images = {
  jreBase: "cdc-kafka/jre-base:bookworm",
  nodeBase: "cdc-kafka/node-base:bookworm",
  kafka: "cdc-kafka/kafka:3.6.2",
  kafkaUi: "cdc-kafka/kafka-ui:local",
  connect: "cdc-kafka/connect:3.6.2-debezium-3.7.0",
  postgresBase: "cdc-kafka/postgres-base:bookworm",
  postgres: "cdc-kafka/postgres:15",
  prometheus: "cdc-kafka/prometheus:2.42",
};

/** What an image's cache key is made of. */
interface ImageInputs {
  inputs: string[];
  extras: string[];
  /** The image this one is built FROM; its key joins this one's, so a new base rebuilds the image. */
  base?: ImageInputs;
}

interface ImageSpec extends ImageInputs {
  name: string;
  tag: string;
  base?: ImageSpec;
  /** Builds `tag` labelled cdc-kafka.inputs=`key`, writing output to `log`. */
  build(context: StepContext, key: string, log: string): Promise<void>;
}

export function imageKey(context: Pick<StepContext, "repoRoot">, spec: ImageInputs): string {
  const baseKey = spec.base ? [imageKey(context, spec.base)] : [];
  return inputsKey(context.repoRoot, spec.inputs, [...spec.extras, ...baseKey]);
}

async function inspect(tag: string, format: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)("docker", ["image", "inspect", "-f", format, tag]);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

const labelOf = (tag: string) => inspect(tag, `{{index .Config.Labels "${inputsLabel}"}}`);

function imageStep(spec: ImageSpec): Step {
  return {
    name: spec.name,
    async check(context) {
      const key = imageKey(context, spec);
      return (await labelOf(spec.tag)) === key ? `${spec.tag} is current (${key.slice(0, 12)})` : undefined;
    },
    async build(context, log) {
      const key = imageKey(context, spec);
      const previous = await inspect(spec.tag, "{{.Id}}");
      await spec.build(context, key, log);
      if ((await labelOf(spec.tag)) !== key) throw new Error(`${spec.tag} was built without the label ${inputsLabel}=${key}`);
      // The image the tag named before is left untagged; it goes unless a container or a child image still uses it.
      if (previous && previous !== (await inspect(spec.tag, "{{.Id}}"))) await runLogged("docker", ["image", "rm", previous], { log });
      return `${spec.tag} built (${key.slice(0, 12)}, ${Math.round(Number(await inspect(spec.tag, "{{.Size}}")) / 1e6)} MB)`;
    },
  };
}

const script = (context: StepContext, ...parts: string[]) => path.join(context.repoRoot, "toolchain", "images", ...parts);

/** A build by one of the image scripts, which labels the image with INPUTS_KEY itself. */
const byScript =
  (args: (context: StepContext) => string[]): ImageSpec["build"] =>
  (context, key, log) =>
    mustRun("bash", args(context), { env: { ...context.env, INPUTS_KEY: key }, log });

interface DockerfileImage {
  name: string;
  tag: string;
  directory: string;
  base: ImageSpec;
  /** org.opencontainers.image.title */
  title: string;
  moreInputs?: string[];
}

/**
 * An image of the Dockerfile in toolchain/images/<directory>, built FROM `base`, keyed by that directory and
 * `moreInputs`. When the directory has a prepare.sh, it first stages into a temporary copy of the directory what the
 * Dockerfile copies but the repo does not hold (jars).
 */
function dockerfileImage(spec: DockerfileImage): ImageSpec {
  const { directory, base, tag, title } = spec;
  const build: ImageSpec["build"] = async (context, key, log) => {
    const buildContext = fs.mkdtempSync(path.join(os.tmpdir(), `${directory}-image.`));
    try {
      fs.cpSync(script(context, directory), buildContext, { recursive: true });
      const prepare = script(context, directory, "prepare.sh");
      if (fs.existsSync(prepare)) await mustRun("bash", [prepare, buildContext], { env: context.env, log });
      const labels = ["--label", `org.opencontainers.image.title=${title}`, "--label", `${inputsLabel}=${key}`];
      // The legacy builder is what Docker 20.10 offers without buildx; pinning it keeps the output the same everywhere.
      await mustRun("docker", ["build", "--quiet", "--build-arg", `BASE_IMAGE=${base.tag}`, ...labels, "-t", tag, buildContext], {
        env: { ...context.env, DOCKER_BUILDKIT: "0" },
        log,
      });
    } finally {
      fs.rmSync(buildContext, { recursive: true, force: true });
    }
  };
  return { name: spec.name, tag, inputs: [`toolchain/images/${directory}`, ...(spec.moreInputs ?? [])], extras: [], base, build };
}

function debianBase(name: string, tag: string, packages: string[]): ImageSpec {
  return {
    name,
    tag,
    inputs: ["toolchain/images/debian-base.sh"],
    extras: ["bookworm", ...packages],
    build: byScript((context) => [script(context, "debian-base.sh"), tag, ...packages]),
  };
}

const jreBase = debianBase("jre-base-image", images.jreBase, ["openjdk-17-jre-headless"]);
const nodeBase = debianBase("node-base-image", images.nodeBase, ["nodejs"]);
const postgresBase = debianBase("postgres-base-image", images.postgresBase, ["postgresql-15"]);
/** KafkaMetrics's server: Debian's Prometheus 2.42 as it is; the component names the binary and uploads the config. */
const prometheus = debianBase("prometheus-image", images.prometheus, ["prometheus"]);

const kafkaImage: ImageSpec = {
  name: "kafka-image",
  tag: images.kafka,
  inputs: ["toolchain/images/kafka"],
  extras: [],
  base: jreBase,
  build: byScript((context) => [script(context, "kafka", "build.sh"), images.jreBase, images.kafka]),
};

/** The worker reuses the Kafka image's launcher and env -> properties scripts, which prepare.sh copies in. */
const connectImage = dockerfileImage({
  name: "connect-image",
  tag: images.connect,
  directory: "connect",
  base: jreBase,
  title: "cdc-kafka Kafka Connect 3.6.2 with Debezium 3.7.0 PostgreSQL",
  moreInputs: ["toolchain/images/kafka/docker", "toolchain/images/kafka/bin/kafka-run-class"],
});

const postgresImage = dockerfileImage({
  name: "postgres-image",
  tag: images.postgres,
  directory: "postgres",
  base: postgresBase,
  title: "cdc-kafka PostgreSQL 15 for logical decoding",
});

export const kafkaUiImage: ImageSpec = {
  name: "kafka-ui-image",
  tag: images.kafkaUi,
  inputs: ["ui", "components/clientConfig.ts", "toolchain/images/kafka-ui", "node_modules/kafkajs/package.json"],
  extras: [],
  base: nodeBase,
  build: byScript((context) => [script(context, "kafka-ui", "build.sh"), images.nodeBase, images.kafkaUi]),
};

/** debootstrap must be there before a base image is built; it is quick to check. */
function withDebootstrap(step: Step): Step {
  return {
    ...step,
    async build(context, log) {
      if ((await missingPackages(["debootstrap"])).length > 0) await ensurePackages(["debootstrap"], log, context.env);
      return step.build(context, log);
    },
  };
}

export const jreBaseImageStep = withDebootstrap(imageStep(jreBase));
export const nodeBaseImageStep = withDebootstrap(imageStep(nodeBase));
export const kafkaImageStep = imageStep(kafkaImage);
export const kafkaUiImageStep = imageStep(kafkaUiImage);
export const connectImageStep = imageStep(connectImage);
export const postgresBaseImageStep = withDebootstrap(imageStep(postgresBase));
export const postgresImageStep = imageStep(postgresImage);
export const prometheusImageStep = withDebootstrap(imageStep(prometheus));
