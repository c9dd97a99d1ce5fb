// Pulumi mocks for unit tests: records every resource the program registers (type, name, inputs, parent, the
// dependencies the engine is told about, retainOnDelete) and fails any provider function call, which nothing mocks.
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, any>;
  /** Whether it is a custom (provider-managed) resource rather than a component. */
  custom: boolean;
  /** Name of the parent resource; undefined at the top level. */
  parent?: string;
  /** Names of the resources it depends on, explicit dependsOn and resources its inputs come from alike. */
  dependencies: string[];
  retainOnDelete: boolean;
  /** Name of the explicit provider it is created through, if any. */
  provider?: string;
  /** The inputs sent to the engine as secrets, by path (`stringData`, `spec.password`): what the state keeps encrypted. */
  secretInputs: string[];
}

export interface MockRecord {
  resources: RecordedResource[];
  /** Forgets what was recorded; call in beforeEach. */
  reset(): void;
  /** The single recorded resource of this type and name; fails when there is none. */
  get(type: string, name: string): RecordedResource;
  ofType(type: string): RecordedResource[];
  /** What was recorded once every registration the program started has been answered. */
  settled(): Promise<RecordedResource[]>;
}

export const project = "cdc-kafka";
export const stack = "dev";

const nameOf = (urn: string) => urn.split("::").pop() as string;

/**
 * What the library's dynamic providers compute (keys, certificates, passwords), as values named after the resource
 * (`<name>.certificatePem`), so that a test can follow where each one goes.
 */
const DYNAMIC_OUTPUTS: Record<string, string[]> = {
  "pulumi-nodejs:dynamic/cdc-kafka:CertificateAuthority": ["certificatePem", "privateKeyPem"],
  "pulumi-nodejs:dynamic/cdc-kafka:SignedCertificate": ["certificatePem", "privateKeyPem"],
  "pulumi-nodejs:dynamic/cdc-kafka:GeneratedPassword": ["result"],
};

/** What the docker provider and the library's dynamic providers compute; everything else echoes its inputs. */
function mockState(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
  const computed = DYNAMIC_OUTPUTS[type];
  if (computed) return { ...inputs, ...Object.fromEntries(computed.map((key) => [key, `${name}.${key}`])) };
  if (type === "docker:index/remoteImage:RemoteImage") {
    const digest = createHash("sha256").update(String(inputs.name)).digest("hex");
    return { ...inputs, imageId: `sha256:${digest}`, repoDigest: "" };
  }
  if (type.startsWith("docker:index/")) return { ...inputs, name: inputs.name ?? `${name}-0000000` };
  return inputs;
}

interface RegisterRequest {
  getObject(): { toJavaScript(): unknown } | undefined;
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getRetainondelete(): boolean | undefined;
}

// How the SDK marks a secret value on the wire (its rpc.ts specialSigKey and specialSecretSig).
const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The paths of the secret values in a serialised input object. */
function secretPaths(value: unknown, path = ""): string[] {
  if (value === null || typeof value !== "object") return [];
  if ((value as Record<string, unknown>)[SPECIAL_SIG_KEY] === SECRET_SIG) return [path];
  return Object.entries(value).flatMap(([key, child]) => secretPaths(child, path ? `${path}.${key}` : key));
}

/** How long settled() waits for registrations in flight before it fails instead of hanging. */
const SETTLE_TIMEOUT_MS = 5_000;

/**
 * Resolves once the RPC queue has drained: every resource constructor takes an RPC keep-alive synchronously, before
 * its inputs are awaited, and releases it once the monitor answered. So a constructor that registered anything is
 * waited for; one that threw before super() leaves nothing to wait for. waitForRPCs is what pulumi.runtime.disconnect
 * waits on; it is marked internal, so its absence fails loudly rather than passing on a guess.
 */
async function registrationsAnswered(): Promise<void> {
  const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  if (typeof waitForRPCs !== "function") throw new Error("@pulumi/pulumi no longer exports runtime.waitForRPCs; settled() needs another way to see registrations in flight.");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`registrations were still in flight after ${SETTLE_TIMEOUT_MS} ms`)), SETTLE_TIMEOUT_MS);
  });
  await Promise.race([waitForRPCs(), late]).finally(() => clearTimeout(timer));
}

/** What a test's provider adds to a resource's state beyond the mocks' own (e.g. a status a controller publishes); undefined adds nothing. */
export type PublishedState = (type: string, name: string, inputs: Record<string, any>) => Record<string, any> | undefined;

/** Installs the mocks (project cdc-kafka, stack dev). Call in beforeAll, before importing the code under test. */
export function installMocks(published?: PublishedState): MockRecord {
  const resources: RecordedResource[] = [];
  const pending = new Map<string, Pick<RecordedResource, "parent" | "dependencies" | "retainOnDelete" | "secretInputs">>();
  void pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const key = `${args.type}::${args.name}`;
        const seen = pending.get(key) ?? { dependencies: [], retainOnDelete: false, secretInputs: [] };
        // A provider reference is "<provider urn>::<provider id>".
        const provider = args.provider ? args.provider.split("::").slice(-2)[0] : undefined;
        resources.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom ?? false, provider, ...seen });
        return { id: `${args.name}-id`, state: { ...mockState(args.type, args.name, args.inputs), ...published?.(args.type, args.name, args.inputs) } };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        throw new Error(`Unexpected provider function call ${args.token}; unit tests mock no functions.`);
      },
    },
    project,
    stack,
    false,
  );
  // MockResourceArgs carries no parent or dependencies; the registration request the monitor receives does.
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, callback: unknown): unknown };
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    pending.set(`${req.getType()}::${req.getName()}`, {
      parent: req.getParent() ? nameOf(req.getParent()) : undefined,
      dependencies: req.getDependenciesList().map(nameOf).sort(),
      retainOnDelete: req.getRetainondelete() ?? false,
      secretInputs: secretPaths(req.getObject()?.toJavaScript()),
    });
    return registerResource(req, callback);
  };

  const ofType = (type: string) => resources.filter((resource) => resource.type === type);
  return {
    resources,
    reset: () => {
      resources.length = 0;
      pending.clear();
    },
    ofType,
    settled: async () => {
      await registrationsAnswered();
      return resources;
    },
    get: (type, name) => {
      const found = ofType(type).filter((resource) => resource.name === name);
      if (found.length !== 1) {
        throw new Error(`Expected one ${type} named ${name}, found ${found.length}; recorded: ${resources.map((r) => r.name).join(", ")}.`);
      }
      return found[0];
    },
  };
}

/**
 * The usual suite set-up: mocks installed before the suite, then `load` (the code under test, imported only once the
 * mocks are in place), and the record reset before each test. Read `suite.mocks` and `suite.lib` inside tests.
 */
export function mockedSuite<T>(load: () => Promise<T>, published?: PublishedState): { mocks: MockRecord; lib: T } {
  const suite = {} as { mocks: MockRecord; lib: T };
  beforeAll(async () => {
    suite.mocks = installMocks(published);
    suite.lib = await load();
  });
  beforeEach(() => suite.mocks.reset());
  return suite;
}

/** The value of an output (mocks run as an update, so every value is known). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** All values of a record of outputs; awaiting them also waits for the registrations they come from. */
export async function valuesOf<T extends Record<string, pulumi.Output<unknown>>>(
  outputs: T,
): Promise<{ [K in keyof T]: T[K] extends pulumi.Output<infer V> ? V : never }> {
  const entries = await Promise.all(Object.entries(outputs).map(async ([key, output]) => [key, await valueOf(output)] as const));
  return Object.fromEntries(entries) as { [K in keyof T]: T[K] extends pulumi.Output<infer V> ? V : never };
}
