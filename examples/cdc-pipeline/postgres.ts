// The video platform's database: PostgreSQL with logical decoding on (the image's settings), its data on a named
// volume, the schema (schema.sql) and Debezium's signal table uploaded as init scripts, published on 127.0.0.1 only.
// The superuser's password is an uploaded file the image reads (POSTGRES_PASSWORD_FILE, as the official image), so
// `docker inspect` does not show it.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { dockerLabels, SIGNAL_TABLE_DDL } from "cdc-kafka";
import * as fs from "fs";
import * as path from "path";

export interface PostgresArgs {
  image: string;
  networkName: pulumi.Input<string>;
  database: string;
  user: string;
  password: pulumi.Input<string>;
  hostPort: number;
  labels: Record<string, string>;
}

/**
 * Where the password file is uploaded: root's, 0400; the image's entry point reads it as root before it drops to the
 * postgres user.
 */
export const POSTGRES_PASSWORD_FILE = "/run/secrets/postgres-password";

export class Postgres extends pulumi.ComponentResource {
  /** The container's name: its host name on the Kafka network. */
  public readonly containerName: pulumi.Output<string>;
  public readonly container: docker.Container;

  constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cdc-pipeline:index:Postgres", name, {}, opts);
    const image = new docker.RemoteImage(`${name}-image`, { name: args.image, keepLocally: true }, { parent: this });
    const data = new docker.Volume(`${name}-data`, { name: `${name}-data`, labels: dockerLabels(args.labels, "postgres-data") }, { parent: this });
    this.container = new docker.Container(
      `${name}-container`,
      {
        name,
        hostname: name,
        image: image.imageId,
        envs: [
          `POSTGRES_DB=${args.database}`,
          `POSTGRES_USER=${args.user}`,
          `POSTGRES_PASSWORD_FILE=${POSTGRES_PASSWORD_FILE}`,
        ],
        uploads: [
          { file: "/docker-entrypoint-initdb.d/10-schema.sql", content: fs.readFileSync(path.join(__dirname, "schema.sql"), "utf8") },
          // The table must exist before the connector starts, or its publication lacks it and no signal is decoded.
          { file: "/docker-entrypoint-initdb.d/20-debezium-signal.sql", content: `${SIGNAL_TABLE_DDL}\n` },
          { file: POSTGRES_PASSWORD_FILE, content: pulumi.secret(args.password), permissions: "0400" },
        ],
        volumes: [{ volumeName: data.name, containerPath: "/var/lib/postgresql/data" }],
        networksAdvanced: [{ name: args.networkName }],
        ports: [{ internal: 5432, external: args.hostPort, ip: "127.0.0.1", protocol: "tcp" }],
        labels: dockerLabels(args.labels, "postgres"),
        restart: "unless-stopped",
        // The image's healthcheck turns healthy only after the init scripts ran: `up` then has the schema.
        wait: true,
        waitTimeout: 120,
        destroyGraceSeconds: 30,
      },
      { parent: this },
    );
    this.containerName = this.container.name;
    this.registerOutputs({ containerName: this.containerName });
  }
}
