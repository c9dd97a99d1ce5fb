// Local images: Debian bases made by debootstrap, the Kafka image and the UI console image, keyed by their inputs.
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import { inputsKey } from "../inputsKey";
import { ensurePackages, missingPackages } from "./apt";
import { mustRun } from "./run";
import { Step, StepContext } from "./step";

export const inputsLabel = "cdc-kafka.inputs";

export const images = {
  jreBase: "cdc-kafka/jre-base:bookworm",
  nodeBase: "cdc-kafka/node-base:bookworm",
  kafka: "cdc-kafka/kafka:3.6.2",
  kafkaUi: "cdc-kafka/kafka-ui:local",
};

interface ImageSpec {
  name: string;
  tag: string;
  inputs: string[];
  extras: string[];
  /** The image this one is built FROM; its key joins this one's, so a new base rebuilds the image. */
  base?: ImageSpec;
  buildArgs(context: StepContext): string[];
}

export function imageKey(context: Pick<StepContext, "repoRoot">, spec: ImageSpec): string {
  const baseKey = spec.base ? [imageKey(context, spec.base)] : [];
  return inputsKey(context.repoRoot, spec.inputs, [...spec.extras, ...baseKey]);
}

async function labelOf(tag: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)("docker", ["image", "inspect", "-f", `{{index .Config.Labels "${inputsLabel}"}}`, tag]);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

function imageStep(spec: ImageSpec): Step {
  return {
    name: spec.name,
    async check(context) {
      const key = imageKey(context, spec);
      return (await labelOf(spec.tag)) === key ? `${spec.tag} is current (${key.slice(0, 12)})` : undefined;
    },
    async build(context, log) {
      const key = imageKey(context, spec);
      await mustRun("bash", spec.buildArgs(context), { env: { ...context.env, INPUTS_KEY: key }, log });
      if ((await labelOf(spec.tag)) !== key) throw new Error(`${spec.tag} was built without the label ${inputsLabel}=${key}`);
      return `${spec.tag} built (${key.slice(0, 12)})`;
    },
  };
}

const script = (context: StepContext, ...parts: string[]) => path.join(context.repoRoot, "toolchain", "images", ...parts);

function debianBase(name: string, tag: string, packages: string[]): ImageSpec {
  return {
    name,
    tag,
    inputs: ["toolchain/images/debian-base.sh"],
    extras: ["bookworm", ...packages],
    buildArgs: (context) => [script(context, "debian-base.sh"), tag, ...packages],
  };
}

const jreBase = debianBase("jre-base-image", images.jreBase, ["openjdk-17-jre-headless"]);
const nodeBase = debianBase("node-base-image", images.nodeBase, ["nodejs"]);

const kafkaImage: ImageSpec = {
  name: "kafka-image",
  tag: images.kafka,
  inputs: ["toolchain/images/kafka"],
  extras: [],
  base: jreBase,
  buildArgs: (context) => [script(context, "kafka", "build.sh"), images.jreBase, images.kafka],
};

const kafkaUiImage: ImageSpec = {
  name: "kafka-ui-image",
  tag: images.kafkaUi,
  inputs: ["ui", "toolchain/images/kafka-ui", "node_modules/kafkajs/package.json"],
  extras: [],
  base: nodeBase,
  buildArgs: (context) => [script(context, "kafka-ui", "build.sh"), images.nodeBase, images.kafkaUi],
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
