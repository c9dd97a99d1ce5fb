// The TLS material's provider, called directly: the CA and a leaf it signs are checked by Node's X.509 parser, used
// for a real TLS handshake in-process (by DNS name and by IP address, and refused without the CA), read by Java's
// keytool and loaded as Kafka's PEM keystore loads it; the input rules as sentences; the diff replaces on any input
// change; the resources refuse bad input before anything registers.
import { execFile } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";
import { promisify } from "util";
import * as pulumi from "@pulumi/pulumi";
import { mockedSuite } from "../helpers/pulumiMocks";
import {
  CertificateAuthorityOutputs,
  certificateAuthorityProvider,
  certificateProblems,
  SignedCertificateOutputs,
  signedCertificateProblems,
  signedCertificateProvider,
} from "../../components/tlsCertificates";

// Java 17, as the Kafka image runs; keytool and java come from the same JDK.
const KEYTOOL = "/usr/bin/keytool";

async function makeCa(commonName = "cdc-kafka test CA"): Promise<CertificateAuthorityOutputs> {
  const { inputs } = await certificateAuthorityProvider.check!({} as never, { commonName } as never);
  return (await certificateAuthorityProvider.create(inputs!)).outs!;
}

async function makeLeaf(ca: CertificateAuthorityOutputs, extra: Record<string, unknown> = {}): Promise<SignedCertificateOutputs> {
  const news = {
    caCertificatePem: ca.certificatePem,
    caPrivateKeyPem: ca.privateKeyPem,
    commonName: "kafka-0",
    dnsNames: ["kafka-0", "localhost"],
    ipAddresses: ["127.0.0.1", "::1"],
    ...extra,
  };
  const { inputs, failures } = await signedCertificateProvider.check!({} as never, news as never);
  expect(failures).toEqual([]);
  return (await signedCertificateProvider.create(inputs!)).outs!;
}

let ca: CertificateAuthorityOutputs;
let leaf: SignedCertificateOutputs;
const timings: Record<string, number> = {};

beforeAll(async () => {
  let started = performance.now();
  ca = await makeCa();
  timings.caMs = Math.round(performance.now() - started);
  started = performance.now();
  leaf = await makeLeaf(ca);
  timings.leafMs = Math.round(performance.now() - started);
  console.log(`create: CA ${timings.caMs} ms, leaf ${timings.leafMs} ms`);
});

describe("the certificate authority", () => {
  test("is a self-signed CA with critical basicConstraints and keyCertSign + cRLSign", () => {
    const certificate = new crypto.X509Certificate(ca.certificatePem);
    expect(certificate.subject).toBe("CN=cdc-kafka test CA");
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.ca).toBe(true);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(crypto.createPrivateKey(ca.privateKeyPem))).toBe(true);
    const text = certificate.toLegacyObject() as unknown as { ext_key_usage?: string[] };
    expect(text.ext_key_usage).toBeUndefined();
  });

  test("has an RSA 2048 key as unencrypted PKCS#8", () => {
    expect(ca.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const key = crypto.createPrivateKey(ca.privateKeyPem);
    expect(key.asymmetricKeyType).toBe("rsa");
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  test("is valid from a few minutes ago for the default 825 days, with a random serial", async () => {
    const certificate = new crypto.X509Certificate(ca.certificatePem);
    const from = Date.parse(certificate.validFrom);
    expect(Date.now() - from).toBeGreaterThan(60_000);
    expect(Date.now() - from).toBeLessThan(10 * 60_000);
    const days = (Date.parse(certificate.validTo) - from) / 86_400_000;
    expect(Math.round(days)).toBe(825);
    const other = new crypto.X509Certificate((await makeCa()).certificatePem);
    expect(other.serialNumber).not.toBe(certificate.serialNumber);
    expect(certificate.serialNumber).toMatch(/^[0-9A-F]{32}$/);
  });
});

describe("a signed certificate", () => {
  test("is issued and verified by the CA, and its key matches it", () => {
    const caCertificate = new crypto.X509Certificate(ca.certificatePem);
    const certificate = new crypto.X509Certificate(leaf.certificatePem);
    expect(certificate.subject).toBe("CN=kafka-0");
    expect(certificate.issuer).toBe("CN=cdc-kafka test CA");
    expect(certificate.ca).toBe(false);
    expect(certificate.checkIssued(caCertificate)).toBe(true);
    expect(certificate.verify(caCertificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(crypto.createPrivateKey(leaf.privateKeyPem))).toBe(true);
  });

  test("names its DNS and IP subject alternative names", () => {
    const certificate = new crypto.X509Certificate(leaf.certificatePem);
    expect(certificate.subjectAltName).toBe("DNS:kafka-0, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
  });

  test("serves both ends of TLS, and is not a CA", () => {
    const legacy = new crypto.X509Certificate(leaf.certificatePem).toLegacyObject() as unknown as { ext_key_usage?: string[] };
    expect(legacy.ext_key_usage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
  });

  test("has an unencrypted PKCS#8 RSA 2048 key that a TLS context takes", () => {
    expect(leaf.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
    expect(crypto.createPrivateKey(leaf.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(() => tls.createSecureContext({ key: leaf.privateKeyPem, cert: leaf.certificatePem, ca: ca.certificatePem })).not.toThrow();
  });

  test("keeps its inputs in its outputs, defaults filled in", () => {
    expect(leaf).toMatchObject({ commonName: "kafka-0", dnsNames: ["kafka-0", "localhost"], ipAddresses: ["127.0.0.1", "::1"], validityDays: 825 });
  });

  test("is refused when the CA key does not belong to the CA certificate", async () => {
    const other = await makeCa("another CA");
    await expect(makeLeaf({ ...ca, privateKeyPem: other.privateKeyPem })).rejects.toThrow(
      "The CA private key given for kafka-0 does not belong to the CA certificate given; pass the same CertificateAuthority's certificatePem and privateKeyPem.",
    );
  });
});

describe("a TLS handshake with the leaf", () => {
  let server: tls.Server;
  let port: number;

  beforeAll(async () => {
    // The server asks for a client certificate too: the same leaf proves clientAuth works.
    server = tls.createServer({ key: leaf.privateKeyPem, cert: leaf.certificatePem, ca: ca.certificatePem, requestCert: true, rejectUnauthorized: true }, (socket) =>
      socket.end("hello"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function connect(options: tls.ConnectionOptions): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host: "127.0.0.1", port, ...options }, () => {
        let data = "";
        socket.on("data", (chunk) => (data += chunk)).on("end", () => resolve(data));
      });
      socket.on("error", reject);
    });
  }

  const client = () => ({ ca: ca.certificatePem, key: leaf.privateKeyPem, cert: leaf.certificatePem });

  test("succeeds for a DNS name in the certificate", async () => {
    await expect(connect({ ...client(), servername: "kafka-0" })).resolves.toBe("hello");
  });

  test("succeeds for an IP address in the certificate", async () => {
    await expect(connect({ ...client(), checkServerIdentity: (_host, cert) => tls.checkServerIdentity("127.0.0.1", cert) })).resolves.toBe("hello");
  });

  test("fails for a name not in the certificate", async () => {
    await expect(connect({ ...client(), servername: "kafka-9" })).rejects.toThrow(/Hostname\/IP does not match certificate's altnames/);
  });

  test("fails for a client that does not trust the CA", async () => {
    // The server sends the CA along with its leaf; a client without it sees a chain ending in an untrusted root.
    await expect(connect({ key: leaf.privateKeyPem, cert: leaf.certificatePem, servername: "kafka-0" })).rejects.toThrow("self-signed certificate in certificate chain");
  });
});

// What Kafka 3.6's PemStore does with ssl.keystore.type=PEM (an unencrypted PKCS#8 key through KeyFactory, the
// certificate chain into a PKCS12 KeyStore, a KeyManagerFactory over it), then Java's own trust manager judges the
// leaf as a TLS server and as a TLS client (it checks extendedKeyUsage for each role).
const PEM_STORE_CHECK = `
import java.nio.file.*;
import java.security.*;
import java.security.cert.*;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.*;

public class PemStoreCheck {
  static byte[] der(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
  }
  public static void main(String[] args) throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    X509Certificate leaf = (X509Certificate) factory.generateCertificate(Files.newInputStream(Path.of(args[0])));
    X509Certificate ca = (X509Certificate) factory.generateCertificate(Files.newInputStream(Path.of(args[1])));
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(Files.readString(Path.of(args[2])))));
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    char[] password = "unused".toCharArray();
    keyStore.setKeyEntry("kafka", key, password, new java.security.cert.Certificate[] { leaf, ca });
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keyStore, password);
    KeyStore trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("ca", ca);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trustStore);
    X509TrustManager trust = (X509TrustManager) trustManagers.getTrustManagers()[0];
    X509Certificate[] chain = { leaf, ca };
    trust.checkServerTrusted(chain, "ECDHE_RSA");
    trust.checkClientTrusted(chain, "RSA");
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    System.out.println("loaded " + key.getAlgorithm() + " " + ((X509KeyManager) keyManagers.getKeyManagers()[0]).getPrivateKey("kafka").getFormat());
  }
}
`;

describe("Java", () => {
  let dir: string;
  const run = promisify(execFile);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tls-java-"));
    const files = { "ca.pem": ca.certificatePem, "leaf.pem": leaf.certificatePem, "leaf.key": leaf.privateKeyPem, "PemStoreCheck.java": PEM_STORE_CHECK };
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("keytool reads both certificates", async () => {
    const caText = (await run(KEYTOOL, ["-printcert", "-file", path.join(dir, "ca.pem")])).stdout;
    expect(caText).toMatch(/Owner: CN=cdc-kafka test CA/);
    expect(caText).toMatch(/CA:true/);
    const leafText = (await run(KEYTOOL, ["-printcert", "-file", path.join(dir, "leaf.pem")])).stdout;
    expect(leafText).toMatch(/Issuer: CN=cdc-kafka test CA/);
    expect(leafText).toMatch(/DNSName: kafka-0/);
    expect(leafText).toMatch(/IPAddress: 127\.0\.0\.1/);
    expect(leafText).toMatch(/serverAuth/);
    expect(leafText).toMatch(/clientAuth/);
  });

  test("loads the key and chain as Kafka's PEM keystore does, and trusts the leaf as server and client", async () => {
    const java = path.join(path.dirname(fs.realpathSync(KEYTOOL)), "java");
    const { stdout } = await run(java, [path.join(dir, "PemStoreCheck.java"), ...["leaf.pem", "ca.pem", "leaf.key"].map((f) => path.join(dir, f))]);
    expect(stdout.trim()).toBe("loaded RSA PKCS#8");
  }, 60_000);
});

describe("input rules", () => {
  test("valid inputs have no problem, and check leaves values unknown until apply alone", async () => {
    expect(certificateProblems("the certificate authority", { commonName: "CA", validityDays: 3650 })).toEqual([]);
    expect(signedCertificateProblems("the certificate c", { commonName: "c", dnsNames: ["*.kafka.local", "kafka_0"], ipAddresses: ["fd00::1"] })).toEqual([]);
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const news = { caCertificatePem: unknown, caPrivateKeyPem: unknown, commonName: unknown, validityDays: unknown, dnsNames: [unknown, "kafka-0"], ipAddresses: [unknown] };
    expect((await signedCertificateProvider.check!({} as never, news as never)).failures).toEqual([]);
  });

  test("every problem at once, one sentence each", () => {
    expect(signedCertificateProblems("the certificate c", { commonName: " ", validityDays: 1.5, dnsNames: ["kafka 0", ""], ipAddresses: ["300.1.1.1", "::g"] })).toEqual([
      "The commonName of the certificate c is empty; set it to a name, e.g. the host name of the broker.",
      "The validityDays of the certificate c (1.5) is out of range; set it to a whole number of days from 1 to 3650.",
      'The DNS name "kafka 0" of the certificate c is not a host name; use letters, digits, "-", "_" and dots, e.g. kafka-0.',
      'The DNS name "" of the certificate c is not a host name; use letters, digits, "-", "_" and dots, e.g. kafka-0.',
      'The IP address "300.1.1.1" of the certificate c is not an IPv4 or IPv6 address; correct it, or name the host in dnsNames.',
      'The IP address "::g" of the certificate c is not an IPv4 or IPv6 address; correct it, or name the host in dnsNames.',
    ]);
  });

  test.each([0, 3651, -1, 2.5])("validityDays %p is out of range", (validityDays) => {
    expect(certificateProblems("the certificate authority", { commonName: "CA", validityDays })).toEqual([
      `The validityDays of the certificate authority (${validityDays}) is out of range; set it to a whole number of days from 1 to 3650.`,
    ]);
  });

  test("check reports them as failures and fills in the defaults", async () => {
    expect(await certificateAuthorityProvider.check!({} as never, { commonName: "", validityDays: 0 } as never)).toEqual({
      inputs: { commonName: "", validityDays: 0, renewBeforeDays: 0 },
      failures: [
        { property: "", reason: "The commonName of the certificate authority is empty; set it to a name, e.g. the host name of the broker." },
        { property: "", reason: "The validityDays of the certificate authority (0) is out of range; set it to a whole number of days from 1 to 3650." },
      ],
    });
    expect((await signedCertificateProvider.check!({} as never, { commonName: "c", dnsNames: ["c"] } as never)).inputs).toEqual({
      commonName: "c",
      dnsNames: ["c"],
      ipAddresses: [],
      validityDays: 825,
      renewBeforeDays: 30,
    });
    // A shorter-lived certificate gets a window shorter than its validity, so it is not replaced on every up.
    expect((await certificateAuthorityProvider.check!({} as never, { commonName: "c", validityDays: 7 } as never)).inputs).toEqual({
      commonName: "c",
      validityDays: 7,
      renewBeforeDays: 6,
    });
  });

  test.each([
    [{ validityDays: 90, renewBeforeDays: 90 }, "The renewBeforeDays of the certificate authority (90) is out of range; set it to a whole number of days from 0 to 89 (less than validityDays)."],
    [{ renewBeforeDays: -1 }, "The renewBeforeDays of the certificate authority (-1) is out of range; set it to a whole number of days from 0 to 824 (less than validityDays)."],
    [{ renewBeforeDays: 1.5 }, "The renewBeforeDays of the certificate authority (1.5) is out of range; set it to a whole number of days from 0 to 824 (less than validityDays)."],
  ])("renewBeforeDays %j: %s", (inputs, sentence) => {
    expect(certificateProblems("the certificate authority", { commonName: "CA", ...inputs })).toEqual([sentence]);
    expect(certificateProblems("the certificate authority", { commonName: "CA", validityDays: 90, renewBeforeDays: 0 })).toEqual([]);
  });
});

describe("diff", () => {
  test("no input change is no change; any input change replaces", async () => {
    const olds = { ...ca };
    expect(await certificateAuthorityProvider.diff!("id", olds, { commonName: ca.commonName, validityDays: 825 } as never)).toEqual({ changes: false, replaces: [] });
    expect(await certificateAuthorityProvider.diff!("id", olds, { commonName: ca.commonName, validityDays: 825, rotation: "2" } as never)).toEqual({
      changes: true,
      replaces: ["rotation"],
    });
    const { certificatePem: _c, privateKeyPem: _k, daysLeft: _d, ...leafInputs } = leaf;
    expect(await signedCertificateProvider.diff!("id", leaf, leafInputs as never)).toEqual({ changes: false, replaces: [] });
    expect(await signedCertificateProvider.diff!("id", leaf, { ...leafInputs, dnsNames: ["kafka-0"], caCertificatePem: "new" } as never)).toEqual({
      changes: true,
      replaces: ["caCertificatePem", "dnsNames"],
    });
  });

  describe("renewal: the days left against the clock", () => {
    const DAY = 24 * 60 * 60 * 1000;
    // The clock set relative to the CA's own expiry (the leaf's is a few milliseconds later): `days` before it.
    const before = (days: number) => jest.spyOn(Date, "now").mockReturnValue(Date.parse(new crypto.X509Certificate(ca.certificatePem).validTo) - days * DAY);
    afterEach(() => jest.restoreAllMocks());

    test("create reports the days left: a fresh 825-day certificate has 824 whole days", () => {
      expect(ca.daysLeft).toBe(824);
      expect(leaf.daysLeft).toBe(824);
    });

    test("refresh (read) reports the days left as of now, the rest of the state unchanged", async () => {
      before(24.5);
      expect(await certificateAuthorityProvider.read!("id", ca)).toEqual({ id: "id", props: { ...ca, daysLeft: 24 } });
      before(-1.5);
      expect((await signedCertificateProvider.read!("id", leaf)).props?.daysLeft).toBe(-2);
    });

    test("outside the window no change; inside it a replacement, with or without a refresh; a wider window counts at once", async () => {
      const withInputs = { commonName: ca.commonName, validityDays: 825, renewBeforeDays: 30 };
      before(125);
      expect(await certificateAuthorityProvider.diff!("id", ca, withInputs as never)).toEqual({ changes: false, replaces: [] });
      expect(await certificateAuthorityProvider.diff!("id", ca, { ...withInputs, renewBeforeDays: 200 } as never)).toEqual({ changes: true, replaces: ["daysLeft"] });
      before(29.5);
      expect(await certificateAuthorityProvider.diff!("id", ca, withInputs as never)).toEqual({ changes: true, replaces: ["daysLeft"] });
      const { certificatePem: _c, privateKeyPem: _k, daysLeft: _d, ...leafInputs } = leaf;
      expect(await signedCertificateProvider.diff!("id", leaf, { ...leafInputs, dnsNames: ["kafka-0"] } as never)).toEqual({
        changes: true,
        replaces: ["dnsNames", "daysLeft"],
      });
    });
  });
});

describe("the resources", () => {
  const suite = mockedSuite(() => import("../../components/tlsCertificates"));

  test("refuse bad input with one sentence each before anything registers", async () => {
    const { CertificateAuthority, SignedCertificate } = suite.lib;
    expect(() => new CertificateAuthority("ca", { commonName: "", validityDays: 4000 })).toThrow(
      "The commonName of the certificate authority ca is empty; set it to a name, e.g. the host name of the broker.\n" +
        "The validityDays of the certificate authority ca (4000) is out of range; set it to a whole number of days from 1 to 3650.",
    );
    // Values known only later are judged by the provider's check; the known ones here already.
    expect(
      () =>
        new SignedCertificate("kafka-0-tls", {
          caCertificatePem: pulumi.output("pem"),
          caPrivateKeyPem: pulumi.secret("key"),
          commonName: "kafka-0",
          dnsNames: ["kafka-0", pulumi.output("later")],
          ipAddresses: pulumi.output(["1.2.3"]),
          validityDays: 0,
        }),
    ).toThrow("The validityDays of the certificate kafka-0-tls (0) is out of range; set it to a whole number of days from 1 to 3650.");
    expect(
      () => new SignedCertificate("c", { caCertificatePem: "", caPrivateKeyPem: "", commonName: "c", dnsNames: ["c"], ipAddresses: ["10.0.0.256"] }),
    ).toThrow('The IP address "10.0.0.256" of the certificate c is not an IPv4 or IPv6 address; correct it, or name the host in dnsNames.');
    expect(await suite.mocks.settled()).toEqual([]);
  });

  test("register as the library's dynamic resource types", async () => {
    const { CertificateAuthority, SignedCertificate } = suite.lib;
    const ca = new CertificateAuthority("kafka-ca", { commonName: "CA" });
    new SignedCertificate("kafka-0-tls", { caCertificatePem: ca.certificatePem, caPrivateKeyPem: ca.privateKeyPem, commonName: "kafka-0", dnsNames: ["kafka-0"] });
    expect((await suite.mocks.settled()).map((resource) => [resource.type, resource.name])).toEqual([
      ["pulumi-nodejs:dynamic/cdc-kafka:CertificateAuthority", "kafka-ca"],
      ["pulumi-nodejs:dynamic/cdc-kafka:SignedCertificate", "kafka-0-tls"],
    ]);
  });
});
