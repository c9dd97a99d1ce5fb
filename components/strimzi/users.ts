// One KafkaUser per principal of a secured cluster: SCRAM-SHA-512 with the password from a Secret the stack makes,
// and the ACLs of accessControl.ts (the one home of the ACL set; KafkaAccess renders it for the Docker flavour).
// Strimzi's user operator writes both into Kafka. Pure.
import { AclSpec, defaultAcls, PRINCIPALS, PrincipalRole } from "../accessControl";
import { clusterMember, strimziResource, StrimziResource } from "./resource";
import { StrimziSettings } from "./settings";

/** Every principal of a secured cluster: admin (the one super user, no ACLs), connect, consumer and ui. */
export const STRIMZI_ROLES = Object.keys(PRINCIPALS) as PrincipalRole[];

/**
 * A principal's user name (also its KafkaUser's): `<cluster>-<role>`, so that two clusters in one namespace do not
 * claim the same KafkaUser.
 */
export function kafkaUserName(cluster: string, role: PrincipalRole): string {
  return `${cluster}-${PRINCIPALS[role]}`;
}

/**
 * The Secret holding a principal's password, which its KafkaUser names. Not `<user>`: Strimzi's user operator writes
 * a Secret of that name itself (the password and a JAAS line).
 */
export function passwordSecretName(cluster: string, role: PrincipalRole): string {
  return `${kafkaUserName(cluster, role)}-scram-password`;
}

/** The key of the password in its Secret. */
export const PASSWORD_KEY = "password";

/** What an ACL rule is about, in Strimzi's terms. */
export interface StrimziAclResource {
  /** The kind of Kafka resource. */
  type: "topic" | "group" | "cluster" | "transactionalId";
  /** Its name, or its prefix with `prefix`; none for the cluster. */
  name?: string;
  /** Whether `name` is the whole name or a prefix; none for the cluster. */
  patternType?: "literal" | "prefix";
}

/** One entry of a KafkaUser's `spec.authorization.acls`. */
export interface StrimziAcl {
  /** What the rule is about; a cluster has no name. */
  resource: StrimziAclResource;
  /** Kafka's operation names. */
  operations: string[];
  /** Any host. */
  host: "*";
  /** Always allow: the brokers refuse whatever no rule allows. */
  type: "allow";
}

const RESOURCE_TYPES: Record<AclSpec["resourceType"], StrimziAclResource["type"]> = {
  Topic: "topic",
  Group: "group",
  Cluster: "cluster",
  TransactionalID: "transactionalId",
};

/** An ACL's resource in Strimzi's terms: the cluster resource has neither name nor pattern there. */
export function strimziAclResource(acl: AclSpec): StrimziAclResource {
  const type = RESOURCE_TYPES[acl.resourceType];
  if (type === "cluster") return { type };
  return { type, name: acl.resourceName, patternType: acl.patternType === "Prefixed" ? "prefix" : "literal" };
}

/**
 * `role`'s ACLs in Strimzi's form: one rule per resource, listing every operation allowed on it, in the order of
 * `acls`. Each AclSpec of the role is one operation of exactly one rule.
 */
export function strimziAcls(role: PrincipalRole, acls: readonly AclSpec[] = defaultAcls()): StrimziAcl[] {
  const rules = new Map<string, StrimziAcl>();
  for (const acl of acls.filter((candidate) => candidate.role === role)) {
    const resource = strimziAclResource(acl);
    const key = JSON.stringify(resource);
    const rule = rules.get(key) ?? { resource, operations: [], host: "*" as const, type: "allow" as const };
    rule.operations.push(acl.operation);
    rules.set(key, rule);
  }
  return [...rules.values()];
}

/** The KafkaUsers of a secured cluster (none on a plaintext one, which authenticates nobody). */
export function renderUsers(settings: StrimziSettings): StrimziResource[] {
  if (settings.security !== "sasl_ssl") return [];
  return STRIMZI_ROLES.map((role) => {
    const acls = strimziAcls(role);
    return strimziResource("KafkaUser", clusterMember(kafkaUserName(settings.clusterName, role), settings.namespace, settings.clusterName), {
      authentication: {
        type: "scram-sha-512",
        password: { valueFrom: { secretKeyRef: { name: passwordSecretName(settings.clusterName, role), key: PASSWORD_KEY } } },
      },
      // The admin is the Kafka resource's super user: it needs no rule.
      ...(acls.length > 0 ? { authorization: { type: "simple", acls } } : {}),
    });
  });
}
