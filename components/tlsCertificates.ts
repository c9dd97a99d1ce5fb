// The TLS material of a secured cluster as Pulumi resources: a self-signed certificate authority and leaf
// certificates it signs, each usable by a TLS server and a TLS client (brokers talk to each other as both). Keys are
// RSA 2048, the one type Kafka's PEM keystore (Java 17), Node's tls (kafkajs) and Go's crypto/tls (sarama) all take;
// private keys are unencrypted PKCS#8 PEM, kept in state as secrets. Certificates come from @peculiar/x509 over Node's
// WebCrypto: Node's crypto makes keys but cannot sign certificates, and no ASN.1 is written here.
// A dynamic provider: the SDK serialises the provider object with every function it calls, so the provider's run-time
// code imports nothing at module level (it requires its libraries inside the functions) and each helper is a plain
// function declaration. Every input change replaces the resource (stateOnlyProvider): a certificate is never edited
// in place.
import * as pulumi from "@pulumi/pulumi";
// Types only (erased when compiled): the provider's run-time code requires crypto itself.
import type { webcrypto } from "crypto";
import { knownList, knownValue, stateOnlyProvider } from "./stateOnlyProvider";
import { KafkaConfigError } from "./validation";

export interface CertificateAuthorityArgs {
  /** The subject common name (CN) of the self-signed CA certificate. */
  commonName: pulumi.Input<string>;
  /** How long the CA certificate is valid, in days. @default 825 */
  validityDays?: pulumi.Input<number>;
  /** Any change makes a new key and certificate (a replacement), and so new certificates for everything it signed. */
  rotation?: pulumi.Input<string>;
}

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
}

/** What the CA's provider receives: the arguments resolved, with defaults filled in by check. */
export interface CertificateAuthorityInputs {
  commonName: string;
  validityDays: number;
  rotation?: string;
}

export interface CertificateAuthorityOutputs extends CertificateAuthorityInputs {
  certificatePem: string;
  privateKeyPem: string;
}

/** What the leaf's provider receives: the arguments resolved, with defaults filled in by check. */
export interface SignedCertificateInputs {
  caCertificatePem: string;
  caPrivateKeyPem: string;
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
  validityDays: number;
}

export interface SignedCertificateOutputs extends SignedCertificateInputs {
  certificatePem: string;
  privateKeyPem: string;
}

// Module-local (not exported): the serialised provider captures them by value, not as a require of this module.
const DEFAULT_VALIDITY_DAYS = 825;
const MAX_VALIDITY_DAYS = 3650;
// notBefore lies this far in the past, so a peer whose clock runs a little behind still accepts a fresh certificate.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** One sentence per problem of a certificate's common name and validity; an absent value is not judged. */
export function certificateProblems(what: string, inputs: { commonName?: unknown; validityDays?: unknown }): string[] {
  const problems: string[] = [];
  const { commonName, validityDays } = inputs;
  if (commonName !== undefined && (typeof commonName !== "string" || commonName.trim() === "")) {
    problems.push(`The commonName of ${what} is empty; set it to a name, e.g. the host name of the broker.`);
  }
  if (validityDays !== undefined) {
    const days = validityDays as number;
    if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > MAX_VALIDITY_DAYS) {
      problems.push(`The validityDays of ${what} (${String(validityDays)}) is out of range; set it to a whole number of days from 1 to ${MAX_VALIDITY_DAYS}.`);
    }
  }
  return problems;
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
async function createCertificateAuthority(inputs: CertificateAuthorityInputs): Promise<CertificateAuthorityOutputs> {
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
async function createSignedCertificate(inputs: SignedCertificateInputs): Promise<SignedCertificateOutputs> {
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

/** Exported for tests, which call create() directly; the resource classes below are what a program uses. */
export const certificateAuthorityProvider = stateOnlyProvider<CertificateAuthorityInputs, CertificateAuthorityOutputs>({
  inputKeys: ["commonName", "validityDays", "rotation"],
  withDefaults: (news) => ({ ...news, validityDays: news.validityDays ?? DEFAULT_VALIDITY_DAYS }),
  problems: (known) => certificateProblems("the certificate authority", known),
  create: createCertificateAuthority,
});

/** Exported for tests, which call create() directly; the resource classes below are what a program uses. */
export const signedCertificateProvider = stateOnlyProvider<SignedCertificateInputs, SignedCertificateOutputs>({
  inputKeys: ["caCertificatePem", "caPrivateKeyPem", "commonName", "dnsNames", "ipAddresses", "validityDays"],
  withDefaults: (news) => ({ ...news, ipAddresses: news.ipAddresses ?? [], validityDays: news.validityDays ?? DEFAULT_VALIDITY_DAYS }),
  problems: (known) => signedCertificateProblems(`the certificate ${typeof known.commonName === "string" ? known.commonName : ""}`.trim(), known),
  create: createSignedCertificate,
});

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
  declare public readonly commonName: pulumi.Output<string>;
  declare public readonly validityDays: pulumi.Output<number>;
  /** The CA certificate, PEM; public (clients and brokers trust it). */
  declare public readonly certificatePem: pulumi.Output<string>;
  /** The CA's private key, unencrypted PKCS#8 PEM; a secret. */
  declare public readonly privateKeyPem: pulumi.Output<string>;

  constructor(name: string, args: CertificateAuthorityArgs, opts?: pulumi.CustomResourceOptions) {
    const problems = certificateProblems(`the certificate authority ${name}`, {
      commonName: knownValue(args.commonName),
      validityDays: knownValue(args.validityDays),
    });
    if (problems.length > 0) throw new KafkaConfigError(problems);
    super(
      certificateAuthorityProvider,
      name,
      { ...args, certificatePem: undefined, privateKeyPem: undefined },
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
  declare public readonly commonName: pulumi.Output<string>;
  declare public readonly dnsNames: pulumi.Output<string[]>;
  declare public readonly ipAddresses: pulumi.Output<string[]>;
  declare public readonly validityDays: pulumi.Output<number>;
  /** The certificate, PEM; public. */
  declare public readonly certificatePem: pulumi.Output<string>;
  /** Its private key, unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"); a secret. */
  declare public readonly privateKeyPem: pulumi.Output<string>;

  constructor(name: string, args: SignedCertificateArgs, opts?: pulumi.CustomResourceOptions) {
    const problems = signedCertificateProblems(`the certificate ${name}`, {
      commonName: knownValue(args.commonName),
      validityDays: knownValue(args.validityDays),
      dnsNames: knownList(args.dnsNames),
      ipAddresses: knownList(args.ipAddresses),
    });
    if (problems.length > 0) throw new KafkaConfigError(problems);
    super(
      signedCertificateProvider,
      name,
      { ...args, certificatePem: undefined, privateKeyPem: undefined },
      // The CA's key is an input, stored with the outputs too: it stays a secret there as well.
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["privateKeyPem", "caPrivateKeyPem"] }),
      "cdc-kafka",
      "SignedCertificate",
    );
  }
}
