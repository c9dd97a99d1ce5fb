// The video platform's database: PostgreSQL with logical decoding on (the image's settings), its data on a named
// volume, the schema (schema.sql) uploaded as an init script, published on 127.0.0.1 only.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { dockerLabels } from "cdc-kafka";
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
          pulumi.interpolate`POSTGRES_PASSWORD=${args.password}`,
        ],
        uploads: [{ file: "/docker-entrypoint-initdb.d/10-schema.sql", content: fs.readFileSync(path.join(__dirname, "schema.sql"), "utf8") }],
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
