// What a secured stack (security "sasl_ssl") makes before its brokers: a CA, one certificate per broker, and a
// password per principal (given ones as secrets, the others generated), plus the client settings each principal
// uses. Nothing here exists on a plaintext stack.
import { isIP } from "net";
import * as pulumi from "@pulumi/pulumi";
import { BROKER_PRINCIPAL, PRINCIPALS, PrincipalRole } from "./accessControl";
import { ClientCredentials } from "./clientConfig";
import { ClusterSecurity } from "./clusterConnection";
import { KafkaSettings, PASSWORD_SETTING_OF } from "./config";
import { FormattedAdminPassword } from "./formattedAdminPassword";
import { GeneratedPassword } from "./generatedPassword";
import { BrokerTls } from "./kafkaBroker";
import { CertificateAuthority, SignedCertificate } from "./tlsCertificates";

/** The names a broker's certificate must carry: its container (network clients, other brokers) and the host's. */
export function brokerSubjectAltNames(containerName: string, advertisedHost: string): { dnsNames: string[]; ipAddresses: string[] } {
  const dnsNames = [containerName, "localhost"];
  const ipAddresses = ["127.0.0.1"];
  if (isIP(advertisedHost) !== 0) ipAddresses.push(advertisedHost);
  else if (!dnsNames.includes(advertisedHost)) dnsNames.push(advertisedHost);
  return { dnsNames, ipAddresses: [...new Set(ipAddresses)] };
}

export class StackSecurity {
  public readonly caCertificatePem: pulumi.Output<string>;
  /** Each principal's password, secret. */
  public readonly passwords: Record<PrincipalRole, pulumi.Output<string>>;
  private readonly ca: CertificateAuthority;

  constructor(
    name: string,
    private readonly settings: KafkaSettings,
    private readonly parent: pulumi.Resource,
  ) {
    this.ca = new CertificateAuthority(`${name}-ca`, { commonName: `${name} CA`, rotation: settings.tlsRotation }, { parent });
    this.caCertificatePem = this.ca.certificatePem;
    this.passwords = Object.fromEntries(
      (Object.keys(PRINCIPALS) as PrincipalRole[]).map((role) => {
        const given = settings[PASSWORD_SETTING_OF[role]];
        const password = given !== undefined ? pulumi.secret(given) : new GeneratedPassword(`${name}-${role}-password`, {}, { parent }).result;
        // The admin's is fixed once the cluster is formatted: a change is refused before anything else of the up runs.
        return [role, role === "admin" ? new FormattedAdminPassword(`${name}-admin-credential`, { password }, { parent }).password : password];
      }),
    ) as Record<PrincipalRole, pulumi.Output<string>>;
  }

  /** A broker's certificate (CN kafka-broker, the principal brokers and controllers know each other by). */
  public brokerTls(containerName: string): BrokerTls {
    const names = brokerSubjectAltNames(containerName, this.settings.advertisedHost ?? "localhost");
    const certificate = new SignedCertificate(
      `${containerName}-certificate`,
      { caCertificatePem: this.ca.certificatePem, caPrivateKeyPem: this.ca.privateKeyPem, commonName: BROKER_PRINCIPAL, ...names },
      { parent: this.parent },
    );
    return { caCertificatePem: this.ca.certificatePem, certificatePem: certificate.certificatePem, privateKeyPem: certificate.privateKeyPem };
  }

  /** Who `role` is and the CA it trusts: the input of the client settings (a secret). */
  public credentials(role: PrincipalRole): pulumi.Output<ClientCredentials> {
    return pulumi.secret(
      pulumi.all([this.passwords[role], this.caCertificatePem]).apply(([password, caCertificatePem]) => ({ username: PRINCIPALS[role], password, caCertificatePem })),
    );
  }

  /** How Pulumi's kafka provider connects: TLS trusting the CA, SCRAM as admin. */
  public adminConnection(): ClusterSecurity {
    return { caCertificatePem: this.caCertificatePem, sasl: { username: PRINCIPALS.admin, password: this.passwords.admin } };
  }
}
