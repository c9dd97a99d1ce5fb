// The Postgres → Kafka half of the pipeline on Strimzi: the database password as a Secret, a KafkaConnect cluster that
// Strimzi builds with the Debezium plugin, and the Debezium connector as a KafkaConnector (connect.ts renders them).
// Needs a StrimziKafkaStack in the same program; for a Kafka stack of another program, render the resources with
// renderKafkaConnect/renderDebeziumConnector.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfInvalid } from "../validation";
import {
  connectGroupId,
  DATABASE_PASSWORD_KEY,
  databasePasswordSecretName,
  renderDebeziumConnector,
  renderKafkaConnect,
  resolveStrimziConnectSettings,
  StrimziConnectSettingsArgs,
  validateStrimziConnectSettings,
} from "./connect";
import { StrimziKafkaStack } from "./stack";

/** The arguments of {@link StrimziDebeziumConnect}. */
export type StrimziDebeziumConnectArgs = StrimziConnectSettingsArgs & {
  /** The Kafka cluster the connector writes to (its namespace, security, topics and replication). */
  kafka: StrimziKafkaStack;
  /** The replication user's password; pass a Pulumi secret. It reaches the workers as a mounted file only. */
  databasePassword: pulumi.Input<string>;
};

/**
 * A Kafka Connect cluster running the Debezium Postgres connector for the CDC topics, exactly once by default, on a
 * StrimziKafkaStack: as the connect principal with the stack's CA on a secured cluster. The connector takes no snapshot
 * at start (`snapshot.mode=no_data`): the database needs the signal table (SIGNAL_TABLE_DDL) before the connector
 * starts, and the rows already there arrive once a snapshotSignal row is inserted into it after the connector runs.
 * Nothing checks the captured tables: a connector for a table that does not exist runs and captures nothing.
 */
export class StrimziDebeziumConnect extends pulumi.ComponentResource {
  /** The KafkaConnect resource's name. */
  public readonly connectName: pulumi.Output<string>;
  /** The Connect cluster's group id, which prefixes its internal topics. */
  public readonly groupId: pulumi.Output<string>;
  /** The KafkaConnector resource's name, also the connector's name in Connect. */
  public readonly connectorName: pulumi.Output<string>;

  constructor(name: string, args: StrimziDebeziumConnectArgs, opts?: pulumi.ComponentResourceOptions) {
    const { kafka, databasePassword, ...settingsArgs } = args;
    throwIfInvalid(validateStrimziConnectSettings(name, settingsArgs));
    // Validated before super(): an invalid component registers nothing, not even itself.
    super("cdc-kafka:strimzi:StrimziDebeziumConnect", name, {}, opts);
    const settings = resolveStrimziConnectSettings(name, settingsArgs);

    const password = new k8s.core.v1.Secret(
      `${name}-database-password`,
      {
        metadata: { name: databasePasswordSecretName(settings.connectName), namespace: kafka.settings.namespace },
        type: "Opaque",
        stringData: pulumi.secret({ [DATABASE_PASSWORD_KEY]: databasePassword }),
      },
      { parent: this },
    );
    // The workers connect as the connect principal: its KafkaUser (and so its grants) first.
    const connect = new k8s.apiextensions.CustomResource(
      `${name}-connect`,
      { ...renderKafkaConnect(kafka.settings, settings) },
      { parent: this, dependsOn: [password, ...kafka.cluster, ...kafka.users] },
    );
    const connector = new k8s.apiextensions.CustomResource(
      `${name}-connector`,
      { ...renderDebeziumConnector(kafka.settings, settings) },
      { parent: this, dependsOn: [connect] },
    );

    this.connectName = pulumi.output(settings.connectName);
    this.groupId = pulumi.output(connectGroupId(settings.connectName));
    this.connectorName = connector.metadata.name;
    this.registerOutputs({ connectName: this.connectName, groupId: this.groupId, connectorName: this.connectorName });
  }
}
