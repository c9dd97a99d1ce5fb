// examples/cdc-pipeline deployed as its users deploy it (the directory copied, the packed library installed, the literal
// CLI), and the check both pipeline tests make of it: a row's insert, update and delete in every table arrive as
// Debezium events.
import { Client } from "pg";
import { docker } from "../../support/docker";
import { DownstreamProject, downstreamProject, exampleFiles } from "../../support/downstream";
import { uniqueId } from "../../support/ids";
import { ChangeReader } from "../../support/pipeline";
import { freePorts } from "../../support/ports";
import { localImages, pipelineImages } from "../../support/testConfig";
import { waitFor } from "../../support/waitFor";

export const PIPELINE_PROJECT = "cdc-kafka-example-cdc-pipeline";
export const CDC_TOPICS = ["dbserver.public.users", "dbserver.public.videos", "dbserver.public.comments"];

/** The example's stack outputs (`pulumi stack output --json --show-secrets`). */
export type PipelineOutputs = Record<string, string> & { consumerConfig: Record<string, string> };

export interface DeployedPipeline {
  project: DownstreamProject;
  outputs: PipelineOutputs;
  /** The database password (a config secret). */
  password: string;
  /** How long the first `pulumi up` took. */
  deploySeconds: number;
}

/**
 * Deploys the example as stack `stackName` with the offline images, free host ports, a generated database password and
 * `settings` on top; in `backendOf`'s backend when given (where a `kafkaStack` setting can find that project's stacks).
 */
export async function deployPipeline(stackName: string, settings: Record<string, string> = {}, backendOf?: DownstreamProject): Promise<DeployedPipeline> {
  const project = await downstreamProject("cdc-pipeline", exampleFiles("cdc-pipeline"));
  if (backendOf) project.useBackendOf(backendOf);
  const password = `pw-${uniqueId("db")}`;
  const [kafkaHostPort, uiPort, postgresPort, connectPort] = await freePorts(4);
  await project.mustPulumi(["stack", "init", stackName]);
  const config = {
    kafkaImage: localImages.kafkaImage,
    uiImage: localImages.uiImage,
    uiPort: String(uiPort),
    ...pipelineImages,
    kafkaHostPort: String(kafkaHostPort),
    postgresPort: String(postgresPort),
    connectPort: String(connectPort),
    ...settings,
  };
  for (const [key, value] of Object.entries(config)) await project.mustPulumi(["config", "set", key, value, "--stack", stackName]);
  await project.setSecret(stackName, "postgresPassword", password);
  const started = Date.now();
  try {
    await project.mustPulumi(["up", "--yes", "--stack", stackName], 600_000);
    const deploySeconds = (Date.now() - started) / 1000;
    console.log(`cdc-pipeline (${stackName}) deployed with the CLI in ${deploySeconds.toFixed(1)} s`);
    const outputs = JSON.parse(await project.mustPulumi(["stack", "output", "--json", "--show-secrets", "--stack", stackName])) as PipelineOutputs;
    return { project, outputs, password, deploySeconds };
  } catch (error) {
    // The caller gets no project to clean up, so a failed up (or output read) leaves nothing here either.
    await project.pulumi(["destroy", "--yes", "--stack", stackName], 600_000);
    await project.pulumi(["stack", "rm", "--yes", "--stack", stackName]);
    project.remove();
    throw error;
  }
}

/** The name of the stack's container with `cdc-kafka.component=<role>`. */
export async function containerWithRole(stackLabel: string, role: string): Promise<string> {
  const [container] = await docker.listContainers({ all: true, filters: { label: [stackLabel, `cdc-kafka.component=${role}`] } });
  if (!container) throw new Error(`no ${role} container labelled ${stackLabel}`);
  return container.Names[0].replace(/^\//, "");
}

/**
 * Inserts a user, a video of it and a comment on it, updates each and deletes each, and expects every row's c, u, d
 * events and the tombstone, keyed by the primary key, with full before-images (REPLICA IDENTITY FULL).
 */
export async function expectRowLifecycle(postgres: Client, reader: ChangeReader): Promise<void> {
  const one = async (sql: string, params: unknown[]) => Number((await postgres.query<{ id: string }>(`${sql} RETURNING id`, params)).rows[0].id);
  const user = await one("INSERT INTO users (username, email) VALUES ($1, $2)", [uniqueId("ann"), "ann@example.test"]);
  const video = await one("INSERT INTO videos (user_id, title) VALUES ($1, $2)", [user, "Kafka in ten minutes"]);
  const comment = await one("INSERT INTO comments (video_id, user_id, body) VALUES ($1, $2, $3)", [video, user, "First!"]);
  await postgres.query("UPDATE users SET email = 'ann@video.test' WHERE id = $1", [user]);
  await postgres.query("UPDATE videos SET title = 'Kafka in five minutes' WHERE id = $1", [video]);
  await postgres.query("UPDATE comments SET body = 'Second!' WHERE id = $1", [comment]);
  await postgres.query("DELETE FROM comments WHERE id = $1", [comment]);
  await postgres.query("DELETE FROM videos WHERE id = $1", [video]);
  await postgres.query("DELETE FROM users WHERE id = $1", [user]);

  const rows = { users: user, videos: video, comments: comment };
  await waitFor(async () => Object.entries(rows).every(([table, id]) => reader.eventsOf(table, id).length >= 4), {
    timeoutMs: 60_000,
    what: "the c, u, d events and the tombstone of each row",
  });
  for (const [table, id] of Object.entries(rows)) {
    const events = reader.eventsOf(table, id);
    expect(events.map((e) => (e.tombstone ? "tombstone" : e.op))).toEqual(["c", "u", "d", "tombstone"]);
    expect(events.every((e) => e.key.id === id)).toBe(true);
    expect(events[0].before).toBeNull();
    expect(events[0].after).toMatchObject({ id });
    expect(events[1].before).toEqual(events[0].after);
    expect(events[2].before).toEqual(events[1].after);
    expect(events[2].after).toBeNull();
  }
  expect(reader.eventsOf("videos", video)[1].after).toMatchObject({ title: "Kafka in five minutes" });
}
