// Who may do what on a secured cluster: the principals a stack creates and their ACLs, as plain data. KafkaAccess
// turns them into @pulumi/kafka resources; the brokers run with allow.everyone.if.no.acl.found=false, so anything not
// granted here is refused.

/** The certificate subject CN of every broker; brokers and controllers authenticate to each other with it (mTLS). */
export const BROKER_PRINCIPAL = "kafka-broker";

/** The SCRAM principals of a secured stack, by role. */
export const PRINCIPALS = {
  /** Pulumi (topics, users, ACLs) and the operator's tools: a super user, bootstrapped when storage is formatted. */
  admin: "admin",
  /** The Kafka Connect worker running Debezium: writes the change events. */
  connect: "connect",
  /** Applications reading the change events. */
  consumer: "consumer",
  /** The web UI: reads and describes, never writes. */
  ui: "ui",
} as const;

/** A principal's role: admin, connect, consumer or ui. */
export type PrincipalRole = keyof typeof PRINCIPALS;
/** The roles whose credentials KafkaAccess creates (admin's exists from the first start). */
export const CREATED_ROLES: readonly PrincipalRole[] = ["connect", "consumer", "ui"];

/** Debezium's topics: `<topic.prefix>.<schema>.<table>` with the pipeline's topic.prefix `dbserver`. */
export const CDC_TOPIC_PREFIX = "dbserver.";
/** Kafka Connect's own topics (configs, offsets, status) and its group id must start with this. */
export const CONNECT_RESOURCE_PREFIX = "connect-";
/** The consumer principal may join consumer groups whose id starts with this. */
export const CONSUMER_GROUP_PREFIX = "cdc-";
/** The cluster resource's one name in Kafka's ACL model. */
export const CLUSTER_RESOURCE = "kafka-cluster";

/** One allowed operation, in @pulumi/kafka's Acl vocabulary. */
export interface AclSpec {
  /** Whose grant. */
  role: PrincipalRole;
  /** The kind of Kafka resource. */
  resourceType: "Topic" | "Group" | "Cluster" | "TransactionalID";
  /** The resource's name, or its prefix with `Prefixed`. */
  resourceName: string;
  /** Whether `resourceName` is the whole name or a prefix. */
  patternType: "Literal" | "Prefixed";
  /** Kafka's operation name: Read, Write, Create, Describe, … */
  operation: string;
}

function grants(
  role: PrincipalRole,
  resourceType: AclSpec["resourceType"],
  resourceName: string,
  patternType: AclSpec["patternType"],
  operations: string[],
): AclSpec[] {
  return operations.map((operation) => ({ role, resourceType, resourceName, patternType, operation }));
}

/**
 * The default ACL set. connect: write (and create, for new tables) the CDC topics, own its internal topics and group,
 * write idempotently, and write transactionally under its prefix (exactly-once source support, KIP-618: the worker's
 * own `connect-cluster-<group.id>` and each task's `<group.id>-<connector>-<task>`, group.id starting `connect-`). consumer: read the CDC topics in its groups. ui: describe
 * every topic, group and the cluster (its pages list them, with offsets and configs), read the records of the CDC topics
 * alone (its message browser fetches without a group), and write nothing: Connect's internal topics (the configs topic
 * holds every connector's settings) and any other topic are listed but not readable.
 */
export function defaultAcls(): AclSpec[] {
  return [
    ...grants("connect", "Topic", CDC_TOPIC_PREFIX, "Prefixed", ["Write", "Describe", "Create", "DescribeConfigs"]),
    ...grants("connect", "Topic", CONNECT_RESOURCE_PREFIX, "Prefixed", ["Read", "Write", "Describe", "Create", "DescribeConfigs"]),
    ...grants("connect", "Group", CONNECT_RESOURCE_PREFIX, "Prefixed", ["Read", "Describe"]),
    ...grants("connect", "Cluster", CLUSTER_RESOURCE, "Literal", ["IdempotentWrite"]),
    ...grants("connect", "TransactionalID", CONNECT_RESOURCE_PREFIX, "Prefixed", ["Write", "Describe"]),
    ...grants("consumer", "Topic", CDC_TOPIC_PREFIX, "Prefixed", ["Read", "Describe"]),
    ...grants("consumer", "Group", CONSUMER_GROUP_PREFIX, "Prefixed", ["Read", "Describe"]),
    ...grants("ui", "Topic", "*", "Literal", ["Describe", "DescribeConfigs"]),
    ...grants("ui", "Topic", CDC_TOPIC_PREFIX, "Prefixed", ["Read"]),
    ...grants("ui", "Group", "*", "Literal", ["Describe"]),
    ...grants("ui", "Cluster", CLUSTER_RESOURCE, "Literal", ["Describe", "DescribeConfigs"]),
  ];
}

/** A stable resource name for one ACL: `<role>-<type>-<name>-<operation>` in lowercase, `*` as `all`. */
export function aclResourceName(acl: AclSpec): string {
  const name = acl.resourceName === "*" ? "all" : acl.resourceName.replace(/\.$/, "");
  return `${acl.role}-${acl.resourceType}-${name}-${acl.operation}`.toLowerCase();
}

/** One `kafka-storage format --add-scram` value: the admin's credential, present from the first start. */
export function scramBootstrapLine(username: string, password: string): string {
  return `SCRAM-SHA-512=[name=${username},password=${password}]`;
}
