// The principals of a secured cluster and what each may do: SCRAM credentials and ACLs as Pulumi resources through
// the kafka provider, on the stack's own brokers or on any reachable cluster (no containers are made).
import * as kafka from "@pulumi/kafka";
import * as pulumi from "@pulumi/pulumi";
import { aclResourceName, AclSpec, CREATED_ROLES, defaultAcls, PRINCIPALS, PrincipalRole } from "./accessControl";
import { SASL_MECHANISM } from "./clientConfig";
import { ClusterSecurity, kafkaProviderArgs } from "./clusterConnection";

type CreatedRole = Exclude<PrincipalRole, "admin">;

/** Kafka's default and minimum for SCRAM-SHA-512 is 4096; twice that costs each login about a millisecond more. */
export const SCRAM_ITERATIONS = 8192;

/** The arguments of {@link KafkaAccess}. */
export interface KafkaAccessArgs {
  /** Brokers Pulumi reaches (`host:port`s). */
  bootstrapServers: pulumi.Input<pulumi.Input<string>[]>;
  /** How Pulumi authenticates: a principal allowed to alter credentials and ACLs (the stack's admin). */
  security: ClusterSecurity;
  /** Passwords of the principals to create (connect, consumer, ui); pass Pulumi secrets. */
  passwords: Record<CreatedRole, pulumi.Input<string>>;
  /**
   * User names by role, for a cluster whose naming is not this library's (or that hosts several pipelines).
   * @default connect, consumer, ui
   */
  usernames?: Partial<Record<CreatedRole, string>>;
  /** The ACLs to grant. @default defaultAcls(): connect writes dbserver.*, consumer reads it, ui reads and describes */
  acls?: AclSpec[];
  /** Resources to wait for before connecting: the broker containers, which exist only once healthy. @default [] */
  brokers?: pulumi.Resource[];
}

/**
 * SCRAM-SHA-512 credentials for the connect, consumer and ui principals and one ACL per allowed operation
 * ({@link defaultAcls}), through a `kafka.Provider` of its own, on this stack's brokers or any reachable cluster.
 */
export class KafkaAccess extends pulumi.ComponentResource {
  /** The created principals by role (`User:<name>` in ACLs). */
  public readonly principals: pulumi.Output<Record<string, string>>;
  /** Every credential and ACL, for `dependsOn`: a client that needs its grants waits for these. */
  public readonly resources: pulumi.Resource[];

  constructor(name: string, args: KafkaAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cdc-kafka:index:KafkaAccess", name, {}, opts);
    const usernames: Record<PrincipalRole, string> = { ...PRINCIPALS, ...args.usernames };
    const provider = new kafka.Provider(`${name}-provider`, kafkaProviderArgs(args.bootstrapServers, args.security), {
      parent: this,
      dependsOn: args.brokers ?? [],
    });
    const credentials = CREATED_ROLES.map(
      (role) =>
        new kafka.UserScramCredential(
          `${name}-${role}`,
          {
            username: usernames[role],
            scramMechanism: SASL_MECHANISM,
            scramIterations: SCRAM_ITERATIONS,
            password: pulumi.secret(args.passwords[role as CreatedRole]),
          },
          { parent: this, provider },
        ),
    );
    const acls = (args.acls ?? defaultAcls()).map(
      (acl) =>
        new kafka.Acl(
          `${name}-${aclResourceName(acl)}`,
          {
            aclPrincipal: `User:${usernames[acl.role]}`,
            aclHost: "*",
            aclOperation: acl.operation,
            aclPermissionType: "Allow",
            aclResourceType: acl.resourceType,
            aclResourceName: acl.resourceName,
            resourcePatternTypeFilter: acl.patternType,
          },
          { parent: this, provider },
        ),
    );
    this.resources = [...credentials, ...acls];
    this.principals = pulumi.output(Object.fromEntries(CREATED_ROLES.map((role) => [role, usernames[role]])));
    this.registerOutputs({ principals: this.principals });
  }
}
