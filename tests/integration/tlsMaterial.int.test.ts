// The TLS material and generated passwords in a real deployment: a project outside the repo installs the packed
// library, makes a CA, two certificates it signs and a password with the literal `pulumi up` (the dynamic provider
// runs the compiled code from the project's node_modules), and the state is checked: keys and the password are
// secrets (no "PRIVATE KEY" or password in `pulumi stack export`), a second `up` changes nothing, a new `rotation`
// replaces the CA and both certificates, a certificate inside its renewal window (a 2-day one renewed 1 day before
// expiry) is planned as a replacement by a plain preview while the others are not, and destroy leaves no resource and
// no stack. No Docker object is made.
import * as crypto from "crypto";
import { DownstreamProject, downstreamProject, typescriptProjectFiles } from "../../support/downstream";
import { uniqueId } from "../../support/ids";
import { leakedSecrets, NamedSecret } from "../helpers/secretLeaks";

const stackName = uniqueId("tls");
const projectName = "tls-material";
const files: Record<string, string> = {
  ...typescriptProjectFiles(projectName, ["@pulumi/pulumi"]),
  "index.ts": [
    'import * as path from "path";',
    'import * as pulumi from "@pulumi/pulumi";',
    // By file, so this test follows the compiled modules themselves, whatever the package's index re-exports.
    'const dist = path.join(path.dirname(require.resolve("cdc-kafka/package.json")), "dist");',
    'const { CertificateAuthority, SignedCertificate } = require(path.join(dist, "tlsCertificates"));',
    'const { GeneratedPassword } = require(path.join(dist, "generatedPassword"));',
    "const config = new pulumi.Config();",
    'const ca = new CertificateAuthority("ca", { commonName: "tls-material CA", rotation: config.require("rotation") });',
    "const signed = (name: string, dnsNames: string[], ipAddresses: string[], validity: Record<string, number | undefined> = {}) =>",
    "  new SignedCertificate(name, { caCertificatePem: ca.certificatePem, caPrivateKeyPem: ca.privateKeyPem, commonName: name, dnsNames, ipAddresses, ...validity });",
    'const broker = signed("kafka-0", ["kafka-0", "localhost"], ["127.0.0.1", "::1"]);',
    'const client = signed("debezium", ["debezium"], [], { validityDays: config.getNumber("clientValidityDays"), renewBeforeDays: config.getNumber("clientRenewBeforeDays") });',
    'const password = new GeneratedPassword("admin-password", { length: 40 });',
    "export const caCertificatePem = ca.certificatePem;",
    "export const caPrivateKeyPem = ca.privateKeyPem;",
    "export const brokerCertificatePem = broker.certificatePem;",
    "export const brokerPrivateKeyPem = broker.privateKeyPem;",
    "export const clientCertificatePem = client.certificatePem;",
    "export const clientPrivateKeyPem = client.privateKeyPem;",
    "export const adminPassword = password.result;",
    "",
  ].join("\n"),
};

interface Outputs {
  caCertificatePem: string;
  caPrivateKeyPem: string;
  brokerCertificatePem: string;
  brokerPrivateKeyPem: string;
  clientCertificatePem: string;
  clientPrivateKeyPem: string;
  adminPassword: string;
}

let project: DownstreamProject;
const stack = ["--stack", stackName];

async function outputs(): Promise<Outputs> {
  return JSON.parse(await project.mustPulumi(["stack", "output", "--json", "--show-secrets", ...stack])) as Outputs;
}

/** The secrets among the outputs, named for leakedSecrets (which reports names, never values). */
function secretsOf(values: Outputs): NamedSecret[] {
  return [
    { name: "the CA's private key", value: values.caPrivateKeyPem },
    { name: "the broker's private key", value: values.brokerPrivateKeyPem },
    { name: "the client's private key", value: values.clientPrivateKeyPem },
    { name: "the admin password", value: values.adminPassword },
  ];
}

/** A digest of every output, so two sets can be compared without printing their secrets. */
function fingerprint(values: Outputs): string {
  return crypto.createHash("sha256").update(JSON.stringify(Object.entries(values).sort())).digest("hex");
}

/** Each certificate is signed by the CA and matches its key. */
function expectSignedBy(values: Outputs): void {
  const caCertificate = new crypto.X509Certificate(values.caCertificatePem);
  expect(caCertificate.checkPrivateKey(crypto.createPrivateKey(values.caPrivateKeyPem))).toBe(true);
  for (const [certificatePem, privateKeyPem] of [
    [values.brokerCertificatePem, values.brokerPrivateKeyPem],
    [values.clientCertificatePem, values.clientPrivateKeyPem],
  ]) {
    const certificate = new crypto.X509Certificate(certificatePem);
    expect(certificate.verify(caCertificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(crypto.createPrivateKey(privateKeyPem))).toBe(true);
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  }
}

beforeAll(async () => {
  project = await downstreamProject("cdc-kafka-tls", files);
  await project.mustPulumi(["stack", "init", stackName]);
  await project.mustPulumi(["config", "set", "rotation", "1", ...stack]);
});

afterAll(async () => {
  // Best effort, so a failed test still leaves no stack behind; the test itself asserts a clean destroy.
  await project?.pulumi(["destroy", "--yes", ...stack]);
  await project?.pulumi(["stack", "rm", "--yes", ...stack]);
  project?.remove();
});

test("a CA, two certificates and a password: secret in state, stable, rotated by config, destroyed without a trace", async () => {
  let started = Date.now();
  const up = await project.mustPulumi(["up", "--yes", ...stack]);
  console.log(`first up (CA, 2 certificates, password): ${Date.now() - started} ms`);
  expect(up).toMatch(/\+ 5 created/);

  const first = await outputs();
  expectSignedBy(first);
  expect(first.adminPassword).toMatch(/^[A-Za-z0-9]{40}$/);
  expect(new crypto.X509Certificate(first.brokerCertificatePem).subjectAltName).toBe(
    "DNS:kafka-0, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
  );
  const shown = JSON.parse(await project.mustPulumi(["stack", "output", "--json", ...stack])) as Record<string, string>;
  expect(shown).toMatchObject({ caPrivateKeyPem: "[secret]", brokerPrivateKeyPem: "[secret]", clientPrivateKeyPem: "[secret]", adminPassword: "[secret]" });
  expect(shown.caCertificatePem).toBe(first.caCertificatePem);

  const state = await project.mustPulumi(["stack", "export", ...stack]);
  // Checked by name: a failure message must not print the state (or the key lines) it found a secret in.
  expect({ privateKeyHeader: state.includes("PRIVATE KEY") }).toEqual({ privateKeyHeader: false });
  // The key bodies, not only their PEM headers: no line of any private key appears anywhere.
  expect(leakedSecrets(state, secretsOf(first))).toEqual([]);
  const types = (JSON.parse(state) as { deployment: { resources: Array<{ type: string }> } }).deployment.resources.map((resource) => resource.type);
  expect(types.filter((type) => type.startsWith("pulumi-nodejs:dynamic/")).sort()).toEqual([
    "pulumi-nodejs:dynamic/cdc-kafka:CertificateAuthority",
    "pulumi-nodejs:dynamic/cdc-kafka:GeneratedPassword",
    "pulumi-nodejs:dynamic/cdc-kafka:SignedCertificate",
    "pulumi-nodejs:dynamic/cdc-kafka:SignedCertificate",
  ]);

  await project.mustPulumi(["up", "--yes", "--expect-no-changes", ...stack]);
  expect(fingerprint(await outputs())).toBe(fingerprint(first));

  await project.mustPulumi(["config", "set", "rotation", "2", ...stack]);
  started = Date.now();
  const rotated = await project.mustPulumi(["up", "--yes", ...stack]);
  console.log(`rotation up (CA and 2 certificates replaced): ${Date.now() - started} ms`);
  expect(rotated).toMatch(/\+-3 replaced/);
  const second = await outputs();
  expectSignedBy(second);
  expect(second.caCertificatePem).not.toBe(first.caCertificatePem);
  expect({ newCaKey: second.caPrivateKeyPem !== first.caPrivateKeyPem }).toEqual({ newCaKey: true });
  expect(second.brokerCertificatePem).not.toBe(first.brokerCertificatePem);
  expect({ newClientKey: second.clientPrivateKeyPem !== first.clientPrivateKeyPem, samePassword: second.adminPassword === first.adminPassword }).toEqual({
    newClientKey: true,
    samePassword: true,
  });
  const rotatedState = await project.mustPulumi(["stack", "export", ...stack]);
  expect({ privateKeyHeader: rotatedState.includes("PRIVATE KEY") }).toEqual({ privateKeyHeader: false });
  expect(leakedSecrets(rotatedState, secretsOf(second))).toEqual([]);

  // Renewal: a 2-day certificate renewed 1 day before expiry is inside its window from the start, so a plain preview (no
  // refresh) plans its replacement; the CA and the broker's certificate (825 days, window 30) are left alone.
  await project.mustPulumi(["config", "set", "clientValidityDays", "2", ...stack]);
  await project.mustPulumi(["config", "set", "clientRenewBeforeDays", "1", ...stack]);
  await project.mustPulumi(["up", "--yes", ...stack]);
  const planned = await project.pulumi(["preview", "--expect-no-changes", ...stack]);
  expect(planned.code).not.toBe(0);
  const replaced = (name: string) => new RegExp(`\\+-\\s+\\S+:(SignedCertificate|CertificateAuthority)\\s+${name}\\s+replace`).test(planned.stdout);
  expect({ debezium: replaced("debezium"), broker: replaced("kafka-0"), ca: replaced("ca") }).toEqual({ debezium: true, broker: false, ca: false });

  await project.mustPulumi(["destroy", "--yes", ...stack]);
  const after = JSON.parse(await project.mustPulumi(["stack", "export", ...stack])) as { deployment: { resources?: unknown[] } };
  expect(after.deployment.resources ?? []).toEqual([]);
  await project.mustPulumi(["stack", "rm", "--yes", ...stack]);
  const stacks = JSON.parse(await project.mustPulumi(["stack", "ls", "--json"])) as Array<{ name: string }>;
  expect(stacks.map((entry) => entry.name)).not.toContain(stackName);
});
