// The TLS material of a secured cluster as Pulumi resources: a self-signed certificate authority and leaf
// certificates it signs, each usable by a TLS server and a TLS client (brokers talk to each other as both). Keys are
// RSA 2048, the one type Kafka's PEM keystore (Java 17), Node's tls (kafkajs) and Go's crypto/tls (sarama) all take;
// private keys are unencrypted PKCS#8 PEM, kept in state as secrets. Certificates come from @peculiar/x509 over Node's
// WebCrypto: Node's crypto makes keys but cannot sign certificates, and no ASN.1 is written here.
// A dynamic provider: the SDK serialises the provider object with every function it calls, so the provider's run-time
// code imports nothing at module level (it requires its libraries inside the functions) and each helper is a plain
// function declaration. Every input change replaces the resource (stateOnlyProvider): a certificate is never edited
// in place. Renewal: read (refresh) reports the days a certificate has left, and a certificate inside its renewal window
// (`renewBeforeDays`, 30 by default) is planned as a replacement by every preview and up, with or without a refresh; a
// new CA replaces every certificate it signed.
import * as pulumi from "@pulumi/pulumi";
// Types only (erased when compiled): the provider's run-time code requires crypto itself.
import type { webcrypto } from "crypto";
import { knownList, knownValue, stateOnlyProvider } from "./stateOnlyProvider";
import { KafkaConfigError } from "./validation";

/** The arguments of {@link CertificateAuthority}. */
export interface CertificateAuthorityArgs {
  /** The subject common name (CN) of the self-signed CA certificate. */
  commonName: pulumi.Input<string>;
  /** How long the CA certificate is valid, in days. @default 825 */
  validityDays?: pulumi.Input<number>;
  /** Any change makes a new key and certificate (a replacement), and so new certificates for everything it signed. */
  rotation?: pulumi.Input<string>;
  /** Within this many days of its expiry the certificate is replaced by the next `up`. @default 30, or validityDays - 1 when that is less */
  renewBeforeDays?: pulumi.Input<number>;
}

/** The arguments of {@link SignedCertificate}. */
export interface SignedCertificateArgs {
  /** The signing CA's certificate (`CertificateAuthority.certificatePem`). */
  caCertificatePem: pulumi.Input<string>;
  /** The signing CA's private key (`CertificateAuthority.privateKeyPem`, a secret; it stays secret in state). */
  caPrivateKeyPem: pulumi.Input<string>;
  /** The subject common name (CN) of the certificate. */
  commonName: pulumi.Input<string>;
  /** DNS subject alternative names: every host name clients use to reach the holder. */
  dnsNames: pulumi.Input<pulumi.Input<string>[]>;
  /** IP subject alternative names (IPv4 or IPv6). @default [] */
  ipAddresses?: pulumi.Input<pulumi.Input<string>[]>;
  /** How long the certificate is valid, in days. @default 825 */
  validityDays?: pulumi.Input<number>;
  /** Within this many days of its expiry the certificate is replaced by the next `up`. @default 30, or validityDays - 1 when that is less */
  renewBeforeDays?: pulumi.Input<number>;
}

/** What the CA's provider receives: the arguments resolved, with defaults filled in by check. */
export interface CertificateAuthorityInputs {
  /** The subject common name (CN). */
  commonName: string;
  /** Validity in days. */
  validityDays: number;
  /** Any change makes a new CA. */
  rotation?: string;
  /** Days before expiry from which the next `up` replaces it. */
  renewBeforeDays: number;
}

/** What the CA's provider keeps in state: the inputs, the certificate and its key. */
export interface CertificateAuthorityOutputs extends CertificateAuthorityInputs {
  /** The CA certificate, PEM. */
  certificatePem: string;
  /** The CA's private key, unencrypted PKCS#8 PEM. */
  privateKeyPem: string;
  /** Whole days until the certificate expires, as of the last create or refresh. */
  daysLeft: number;
}

/** What the leaf's provider receives: the arguments resolved, with defaults filled in by check. */
export interface SignedCertificateInputs {
  /** The signing CA's certificate, PEM. */
  caCertificatePem: string;
  /** The signing CA's private key, PEM. */
  caPrivateKeyPem: string;
  /** The subject common name (CN). */
  commonName: string;
  /** DNS subject alternative names. */
  dnsNames: string[];
  /** IP subject alternative names. */
  ipAddresses: string[];
  /** Validity in days. */
  validityDays: number;
  /** Days before expiry from which the next `up` replaces it. */
  renewBeforeDays: number;
}

/** What the leaf's provider keeps in state: the inputs, the certificate and its key. */
export interface SignedCertificateOutputs extends SignedCertificateInputs {
  /** The certificate, PEM. */
  certificatePem: string;
  /** Its private key, unencrypted PKCS#8 PEM. */
  privateKeyPem: string;
  /** Whole days until the certificate expires, as of the last create or refresh. */
  daysLeft: number;
}

// Module-local (not exported): the serialised provider captures them by value, not as a require of this module.
const DEFAULT_VALIDITY_DAYS = 825;
const DEFAULT_RENEW_BEFORE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_VALIDITY_DAYS = 3650;
// notBefore lies this far in the past, so a peer whose clock runs a little behind still accepts a fresh certificate.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** One sentence per problem of a certificate's common name, validity and renewal window; an absent value is not judged. */
export function certificateProblems(what: string, inputs: { commonName?: unknown; validityDays?: unknown; renewBeforeDays?: unknown }): string[] {
  const problems: string[] = [];
  const { commonName, validityDays, renewBeforeDays } = inputs;
  if (commonName !== undefined && (typeof commonName !== "string" || commonName.trim() === "")) {
    problems.push(`The commonName of ${what} is empty; set it to a name, e.g. the host name of the broker.`);
  }
  if (validityDays !== undefined) {
    const days = validityDays as number;
    if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > MAX_VALIDITY_DAYS) {
      problems.push(`The validityDays of ${what} (${String(validityDays)}) is out of range; set it to a whole number of days from 1 to ${MAX_VALIDITY_DAYS}.`);
    }
  }
  if (renewBeforeDays !== undefined) {
    const days = renewBeforeDays as number;
    // A window as long as the validity would replace the certificate on every up; an invalid validity is its own problem.
    const validityOk = typeof validityDays === "number" && Number.isInteger(validityDays) && validityDays >= 1;
    const validity = validityDays === undefined ? DEFAULT_VALIDITY_DAYS : validityOk ? (validityDays as number) : Infinity;
    if (typeof days !== "number" || !Number.isInteger(days) || days < 0 || days >= validity) {
      problems.push(
        `The renewBeforeDays of ${what} (${String(renewBeforeDays)}) is out of range; set it to a whole number of days from 0 to ${validity - 1} (less than validityDays).`,
      );
    }
  }
  return problems;
}

/** The renewal window a certificate gets when none is given: 30 days, or less for a shorter-lived certificate. */
export function defaultRenewBeforeDays(validityDays: number): number {
  return Math.max(0, Math.min(DEFAULT_RENEW_BEFORE_DAYS, validityDays - 1));
}

/** Whole days from `now` until the certificate expires (negative once it has). */
export function certificateDaysLeft(certificatePem: string, now: number): number {
  const crypto: typeof import("crypto") = require("crypto");
  return Math.floor((Date.parse(new crypto.X509Certificate(certificatePem).validTo) - now) / DAY_MS);
}

/** One sentence per problem of a leaf certificate's inputs (common name, validity, names); absent values are not judged. */
export function signedCertificateProblems(what: string, inputs: Partial<Record<keyof SignedCertificateInputs, unknown>>): string[] {
  // Inside the function: the serialised provider has no module-level imports.
  const net: typeof import("net") = require("net");
  const problems = certificateProblems(what, inputs);
  const names = (list: unknown): unknown[] => (Array.isArray(list) ? list : []);
  for (const name of names(inputs.dnsNames)) {
    if (typeof name !== "string" || !/^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]*)(\.[A-Za-z0-9_][A-Za-z0-9_-]*)*\.?$/.test(name)) {
      problems.push(`The DNS name ${JSON.stringify(name)} of ${what} is not a host name; use letters, digits, "-", "_" and dots, e.g. kafka-0.`);
    }
  }
  for (const address of names(inputs.ipAddresses)) {
    if (typeof address !== "string" || net.isIP(address) === 0) {
      problems.push(`The IP address ${JSON.stringify(address)} of ${what} is not an IPv4 or IPv6 address; correct it, or name the host in dnsNames.`);
    }
  }
  return problems;
}

/** A random positive serial number (16 bytes, hex): RFC 5280 asks for one no CA reuses. */
function randomSerialNumber(): string {
  const crypto: typeof import("crypto") = require("crypto");
  const bytes = crypto.randomBytes(16);
  // The top bit clear keeps the DER integer positive; a non-zero first byte keeps it 16 bytes long.
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString("hex");
}

/** The algorithm every key and signature here uses: RSA 2048 with SHA-256 (PKCS#1 v1.5 signatures). */
function rsaAlgorithm(): webcrypto.RsaHashedKeyGenParams {
  return { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
}

/** @peculiar/x509 bound to Node's WebCrypto; its dependency tsyringe needs the Reflect metadata polyfill loaded first. */
function x509Library(): typeof import("@peculiar/x509") {
  require("reflect-metadata");
  const crypto: typeof import("crypto") = require("crypto");
  const x509: typeof import("@peculiar/x509") = require("@peculiar/x509");
  // Node's webcrypto is the WebCrypto the library expects; only the type declarations (node vs DOM) differ.
  x509.cryptoProvider.set(x509.CryptoProvider.DEFAULT, crypto.webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);
  return x509;
}

/** A fresh RSA key pair, and its private half as unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). */
async function newKeyPair(): Promise<{ keys: webcrypto.CryptoKeyPair; privateKeyPem: string }> {
  const crypto: typeof import("crypto") = require("crypto");
  const keys = (await crypto.webcrypto.subtle.generateKey(rsaAlgorithm(), true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const privateKeyPem = crypto.KeyObject.from(keys.privateKey as Parameters<typeof crypto.KeyObject.from>[0])
    .export({ type: "pkcs8", format: "pem" })
    .toString();
  return { keys, privateKeyPem };
}

/** The validity window: from a few minutes ago (clock skew) for `validityDays` days. */
function validity(validityDays: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - CLOCK_SKEW_MS), notAfter: new Date(now + validityDays * 24 * 60 * 60 * 1000) };
}

/** A `CN=` distinguished name; the library escapes what needs escaping. */
function subjectName(commonName: string): Array<Record<string, string[]>> {
  return [{ CN: [commonName] }];
}

/** A self-signed CA: basicConstraints CA:true and keyUsage keyCertSign + cRLSign, both critical. */
async function createCertificateAuthority(inputs: CertificateAuthorityInputs): Promise<Omit<CertificateAuthorityOutputs, "daysLeft">> {
  const x509 = x509Library();
  const { keys, privateKeyPem } = await newKeyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: subjectName(inputs.commonName),
    ...validity(inputs.validityDays),
    keys,
    signingAlgorithm: rsaAlgorithm(),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { ...inputs, certificatePem: certificate.toString("pem"), privateKeyPem };
}

/** A leaf signed by the CA, for TLS servers and clients alike, named by its DNS and IP subject alternative names. */
async function createSignedCertificate(inputs: SignedCertificateInputs): Promise<Omit<SignedCertificateOutputs, "daysLeft">> {
  const crypto: typeof import("crypto") = require("crypto");
  const x509 = x509Library();
  const caCertificate = new x509.X509Certificate(inputs.caCertificatePem);
  const caKeyObject = crypto.createPrivateKey(inputs.caPrivateKeyPem);
  const caPublicKeyDer = crypto.createPublicKey(caKeyObject).export({ type: "spki", format: "der" });
  if (!Buffer.from(caCertificate.publicKey.rawData).equals(caPublicKeyDer)) {
    throw new Error(`The CA private key given for ${inputs.commonName} does not belong to the CA certificate given; pass the same CertificateAuthority's certificatePem and privateKeyPem.`);
  }
  const caSigningKey = await crypto.webcrypto.subtle.importKey(
    "pkcs8",
    caKeyObject.export({ type: "pkcs8", format: "der" }),
    rsaAlgorithm(),
    false,
    ["sign"],
  );
  const { keys, privateKeyPem } = await newKeyPair();
  const alternativeNames = [
    ...inputs.dnsNames.map((value) => ({ type: "dns" as const, value })),
    ...inputs.ipAddresses.map((value) => ({ type: "ip" as const, value })),
  ];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: subjectName(inputs.commonName),
    issuer: caCertificate.subject,
    ...validity(inputs.validityDays),
    publicKey: keys.publicKey,
    signingKey: caSigningKey,
    signingAlgorithm: rsaAlgorithm(),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // RSA keys sign (ECDHE handshakes) and encipher (RSA key exchange, TLS 1.2 peers that still use it).
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension(alternativeNames),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCertificate),
    ],
  });
  return { ...inputs, certificatePem: certificate.toString("pem"), privateKeyPem };
}

/** validityDays and renewBeforeDays with their defaults (renewBeforeDays is not judged here: a window never replaces by itself). */
function withValidityDefaults<T extends { validityDays?: number; renewBeforeDays?: number }>(news: T): T & { validityDays: number; renewBeforeDays: number } {
  const validityDays = news.validityDays ?? DEFAULT_VALIDITY_DAYS;
  // An unknown validity (a preview) gives no default window yet: the check at apply fills it in.
  const renewBeforeDays = news.renewBeforeDays ?? (typeof validityDays === "number" ? defaultRenewBeforeDays(validityDays) : DEFAULT_RENEW_BEFORE_DAYS);
  return { ...news, validityDays, renewBeforeDays };
}

function withDaysLeft<O extends { certificatePem: string }>(outs: O): O & { daysLeft: number } {
  return { ...outs, daysLeft: certificateDaysLeft(outs.certificatePem, Date.now()) };
}

/**
 * A state-only certificate provider that also renews: read reports the days left, and diff plans a replacement once the
 * stored certificate is inside the renewal window (judged against the clock at every preview, so no refresh is needed).
 * A change of renewBeforeDays alone changes nothing else; the window in force is the program's.
 */
function renewing<I extends { renewBeforeDays: number }, O extends I & { certificatePem: string; daysLeft: number }>(
  base: pulumi.dynamic.ResourceProvider<I, O>,
): pulumi.dynamic.ResourceProvider<I, O> {
  return {
    ...base,
    async read(id, props) {
      return { id, props: props && withDaysLeft(props) };
    },
    async diff(id, olds, news) {
      const result = await base.diff!(id, olds, news);
      const window = typeof news.renewBeforeDays === "number" ? news.renewBeforeDays : olds.renewBeforeDays;
      if (!olds.certificatePem || typeof window !== "number" || certificateDaysLeft(olds.certificatePem, Date.now()) > window) return result;
      return { changes: true, replaces: [...(result.replaces ?? []), "daysLeft"] };
    },
  };
}

/** Exported for tests, which call create() directly; the resource classes below are what a program uses. */
export const certificateAuthorityProvider = renewing(
  stateOnlyProvider<CertificateAuthorityInputs, CertificateAuthorityOutputs>({
    inputKeys: ["commonName", "validityDays", "rotation"],
    withDefaults: (news) => withValidityDefaults(news),
    problems: (known) => certificateProblems("the certificate authority", known),
    create: async (inputs) => withDaysLeft(await createCertificateAuthority(inputs)),
  }),
);

/** Exported for tests, which call create() directly; the resource classes below are what a program uses. */
export const signedCertificateProvider = renewing(
  stateOnlyProvider<SignedCertificateInputs, SignedCertificateOutputs>({
    inputKeys: ["caCertificatePem", "caPrivateKeyPem", "commonName", "dnsNames", "ipAddresses", "validityDays"],
    withDefaults: (news) => withValidityDefaults({ ...news, ipAddresses: news.ipAddresses ?? [] }),
    problems: (known) => signedCertificateProblems(`the certificate ${typeof known.commonName === "string" ? known.commonName : ""}`.trim(), known),
    create: async (inputs) => withDaysLeft(await createSignedCertificate(inputs)),
  }),
);

/**
 * A self-signed certificate authority: an RSA 2048 key (kept as a secret) and its certificate. Change `rotation` to
 * replace both, and with them every `SignedCertificate` made from them.
 *
 * ```ts
 * const ca = new CertificateAuthority("kafka-ca", { commonName: "cdc-kafka CA", rotation: config.get("tlsRotation") });
 * ```
 */
export class CertificateAuthority extends pulumi.dynamic.Resource {
  // `declare`: the base constructor sets these; an initialised class field (ES2022) would reset them to undefined.
  /** The subject common name (CN) of the CA certificate. */
  declare public readonly commonName: pulumi.Output<string>;
  /** How long the CA certificate is valid, in days. */
  declare public readonly validityDays: pulumi.Output<number>;
  /** The CA certificate, PEM; public (clients and brokers trust it). */
  declare public readonly certificatePem: pulumi.Output<string>;
  /** The CA's private key, unencrypted PKCS#8 PEM; a secret. */
  declare public readonly privateKeyPem: pulumi.Output<string>;
  /** Whole days until the CA certificate expires, as of the last create or refresh. */
  declare public readonly daysLeft: pulumi.Output<number>;

  constructor(name: string, args: CertificateAuthorityArgs, opts?: pulumi.CustomResourceOptions) {
    const problems = certificateProblems(`the certificate authority ${name}`, {
      commonName: knownValue(args.commonName),
      validityDays: knownValue(args.validityDays),
      renewBeforeDays: knownValue(args.renewBeforeDays),
    });
    if (problems.length > 0) throw new KafkaConfigError(problems);
    super(
      certificateAuthorityProvider,
      name,
      { ...args, certificatePem: undefined, privateKeyPem: undefined, daysLeft: undefined },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["privateKeyPem"] }),
      "cdc-kafka",
      "CertificateAuthority",
    );
  }
}

/**
 * A certificate signed by a `CertificateAuthority`, for both ends of TLS (extendedKeyUsage serverAuth and
 * clientAuth), with its RSA 2048 key as unencrypted PKCS#8 PEM (kept as a secret), ready for Kafka's
 * `ssl.keystore.type=PEM`, Node's `tls` and Go's `crypto/tls`. Any input change replaces it.
 *
 * ```ts
 * const broker = new SignedCertificate("kafka-0-tls", {
 *   caCertificatePem: ca.certificatePem,
 *   caPrivateKeyPem: ca.privateKeyPem,
 *   commonName: "kafka-0",
 *   dnsNames: ["kafka-0", "localhost"],
 *   ipAddresses: ["127.0.0.1"],
 * });
 * ```
 */
export class SignedCertificate extends pulumi.dynamic.Resource {
  // `declare`: the base constructor sets these; an initialised class field (ES2022) would reset them to undefined.
  /** The subject common name (CN). */
  declare public readonly commonName: pulumi.Output<string>;
  /** DNS subject alternative names. */
  declare public readonly dnsNames: pulumi.Output<string[]>;
  /** IP subject alternative names. */
  declare public readonly ipAddresses: pulumi.Output<string[]>;
  /** How long the certificate is valid, in days. */
  declare public readonly validityDays: pulumi.Output<number>;
  /** The certificate, PEM; public. */
  declare public readonly certificatePem: pulumi.Output<string>;
  /** Its private key, unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"); a secret. */
  declare public readonly privateKeyPem: pulumi.Output<string>;
  /** Whole days until the certificate expires, as of the last create or refresh. */
  declare public readonly daysLeft: pulumi.Output<number>;

  constructor(name: string, args: SignedCertificateArgs, opts?: pulumi.CustomResourceOptions) {
    const problems = signedCertificateProblems(`the certificate ${name}`, {
      commonName: knownValue(args.commonName),
      validityDays: knownValue(args.validityDays),
      renewBeforeDays: knownValue(args.renewBeforeDays),
      dnsNames: knownList(args.dnsNames),
      ipAddresses: knownList(args.ipAddresses),
    });
    if (problems.length > 0) throw new KafkaConfigError(problems);
    super(
      signedCertificateProvider,
      name,
      { ...args, certificatePem: undefined, privateKeyPem: undefined, daysLeft: undefined },
      // The CA's key is an input, stored with the outputs too: it stays a secret there as well.
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["privateKeyPem", "caPrivateKeyPem"] }),
      "cdc-kafka",
      "SignedCertificate",
    );
  }
}
