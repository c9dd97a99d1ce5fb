// The pipeline under faults, in both delivery modes side by side: examples/cdc-pipeline deployed once per mode, and per
// fault a connector of its own (the example's config, its own topics and slot) while multi-row, multi-table
// transactions are committed at a steady rate. Every change read as its own event (lost 0) in both modes under a
// broker SIGKILL, a Connect SIGKILL before and after its first offset flush, a fast and an immediate Postgres restart,
// Connect cut from the network for 20 s, and a Connect SIGKILL during the incremental snapshot of a table pre-filled
// for the run (every pre-filled row read as well); exactly once also duplicates 0, at least once reports its
// duplicates. Each run shows the outage (no change read between the fault and recovery; for the faults after the first
// flush that spare the database, the first transaction after the fault read later after its commit than any before
// it) and transactions committed after it. The control, in exactly once: the same kill during Debezium's `initial`
// snapshot loses the changes committed around it (they arrive only as snapshot reads), so the count can fail.
import { Client } from "pg";
import { PIPELINE_DELIVERY_MODES, type PipelineDelivery } from "../../components/connectDelivery";
import { docker, isHealthy, killAndStart } from "../../support/docker";
import { DownstreamProject } from "../../support/downstream";
import { uniqueId } from "../../support/ids";
import { connectPostgres } from "../../support/pipeline";
import { sleep, waitFor } from "../../support/waitFor";
import { containerWithRole, deployPipeline, PIPELINE_PROJECT, PipelineOutputs } from "../helpers/pipeline";
import { DURING_SNAPSHOT, Fault, faultLine, faultRun, FaultRun, PipelineUnderTest } from "../helpers/pipelineFaults";

const NETWORK_CUT_MS = 20_000;
/** Debezium's default `incremental.snapshot.chunk.size`, which the connector config keeps. */
const INCREMENTAL_SNAPSHOT_CHUNK_ROWS = 1_024;

async function healthyAgain(container: string): Promise<void> {
  await waitFor(() => isHealthy(container), { timeoutMs: 180_000, intervalMs: 200, what: `${container} healthy again` });
}

interface Containers {
  broker: string;
  connect: string;
  postgres: string;
}

/** SIGKILL (or another signal), then start: back once started, over once healthy again. */
const killed = (role: keyof Containers, signal?: string) => async (containers: Containers) => {
  await killAndStart(containers[role], signal);
  const backAt = Date.now();
  await healthyAgain(containers[role]);
  return { backAt };
};

/** The faults, each over once what it hit is back. */
const FAULTS: Array<Omit<Fault, "inject"> & { inject: (containers: Containers) => Promise<{ backAt: number }> }> = [
  { name: "broker SIGKILL", when: "after the first offset flush", hitsDatabase: false, inject: killed("broker") },
  { name: "Connect SIGKILL", when: "before the first offset flush", hitsDatabase: false, inject: killed("connect") },
  { name: "Connect SIGKILL", when: "after the first offset flush", hitsDatabase: false, inject: killed("connect") },
  // Postgres's own shutdown modes: SIGINT is fast (open transactions rolled back, a clean checkpoint), SIGQUIT
  // immediate (no checkpoint; crash recovery on start).
  { name: "Postgres fast restart", when: "after the first offset flush", hitsDatabase: true, inject: killed("postgres", "SIGINT") },
  { name: "Postgres immediate restart", when: "after the first offset flush", hitsDatabase: true, inject: killed("postgres", "SIGQUIT") },
  {
    name: "Connect cut from the network for 20 s",
    when: "after the first offset flush",
    hitsDatabase: false,
    inject: async (containers) => {
      const info = await docker.getContainer(containers.connect).inspect();
      const [networkName] = Object.keys(info.NetworkSettings.Networks);
      const network = docker.getNetwork(networkName);
      await network.disconnect({ Container: containers.connect });
      try {
        await sleep(NETWORK_CUT_MS);
      } finally {
        await network.connect({ Container: containers.connect });
      }
      return { backAt: Date.now() };
    },
  },
  // Last (with its control after it in exactly once): should the removal of its pre-filled rows fail, no other run's
  // snapshot has to read them.
  { name: "Connect SIGKILL", when: DURING_SNAPSHOT, hitsDatabase: false, inject: killed("connect") },
];

/** The control: the same kill during Debezium's `initial` snapshot (exactly once only: one mode shows the count can fail). */
const CONTROL = { ...FAULTS[FAULTS.length - 1], snapshot: "initial" as const };

const figures: string[] = [];

afterAll(() => {
  // The fault table of both modes, side by side in the log.
  console.log(`Pipeline faults, both delivery modes:\n${figures.join("\n")}`);
});

describe.each(PIPELINE_DELIVERY_MODES.map((mode) => [mode]))("delivery %s", (mode: PipelineDelivery) => {
  const stackName = uniqueId(mode === "exactly-once" ? "eo" : "alo");
  const stackLabel = `cdc-kafka.stack=${PIPELINE_PROJECT}/${stackName}`;
  let project: DownstreamProject;
  let outputs: PipelineOutputs;
  let password: string;
  let pipeline: PipelineUnderTest;
  let containers: Containers;
  const clients: Client[] = [];

  beforeAll(async () => {
    ({ project, outputs, password } = await deployPipeline(stackName, { delivery: mode }));
    containers = {
      broker: await containerWithRole(stackLabel, "broker"),
      connect: await containerWithRole(stackLabel, "connect"),
      postgres: await containerWithRole(stackLabel, "postgres"),
    };
    pipeline = {
      connectUrl: outputs.connectUrl,
      connectorName: outputs.connectorName,
      connectGroupId: outputs.connectGroupId,
      hostBootstrapServers: outputs.hostBootstrapServers,
      postgres: async () => {
        const client = await connectPostgres(outputs.postgresUrl, password);
        // A connection the database dropped must not end the test process.
        client.on("error", () => undefined);
        clients.push(client);
        return client;
      },
    };
    // The example's own connector reads every run's changes too; paused, it leaves the two cores to the run's.
    await fetch(`${outputs.connectUrl}/connectors/${outputs.connectorName}/pause`, { method: "PUT" });
  }, 900_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await project?.pulumi(["destroy", "--yes", "--stack", stackName], 600_000);
    await project?.pulumi(["stack", "rm", "--yes", "--stack", stackName]);
    project?.remove();
  });

  test("the deployed worker and connector run in this mode", async () => {
    expect(outputs.pipelineDelivery).toBe(mode);
    const config = (await (await fetch(`${outputs.connectUrl}/connectors/${outputs.connectorName}/config`)).json()) as Record<string, string>;
    expect(config["exactly.once.support"]).toBe(mode === "exactly-once" ? "required" : undefined);
    const env = ((await docker.getContainer(containers.connect).inspect()).Config.Env ?? []).filter((e) => e.startsWith("CONNECT_EXACTLY_ONCE_SOURCE_SUPPORT="));
    expect(env).toEqual([`CONNECT_EXACTLY_ONCE_SOURCE_SUPPORT=${mode === "exactly-once" ? "enabled" : "disabled"}`]);
  });

  const faults = mode === "exactly-once" ? [...FAULTS, CONTROL] : FAULTS;
  /** What a run shows. */
  const claim = (fault: (typeof FAULTS)[number]) =>
    fault.snapshot === "initial"
      ? "the control: with snapshot.mode=initial the changes committed around the kill arrive only as snapshot reads (lost > 0)"
      : fault.when === DURING_SNAPSHOT
        ? "every pre-filled row read, every change read as its own event"
        : "multi-table transactions committed through it, every change read as its own event";
  const title = (fault: (typeof FAULTS)[number]) =>
    `${fault.name} ${fault.when}${fault.snapshot === "initial" ? " (snapshot.mode=initial)" : ""}: ${claim(fault)}`;
  test.each(faults.map((fault) => [title(fault), fault] as const))(
    "%s",
    async (_name, spec) => {
      const fault: Fault = { ...spec, inject: () => spec.inject(containers) };
      const run: FaultRun = await faultRun(pipeline, fault);
      const line = faultLine(mode, fault, run);
      figures.push(line);
      console.log(line);

      if (run.snapshot !== undefined) {
        // The kill landed during the snapshot: Connect had produced the snapshot reads of some, not all, of the
        // pre-filled rows (by the records' own timestamps, not when the reader got them).
        expect(run.snapshot.producedBeforeFault).toBeGreaterThan(0);
        expect(run.snapshot.producedBeforeFault).toBeLessThan(run.snapshot.rows);
        // Every pre-filled row was read (the snapshot resumed, or was taken again, and delivered the rest).
        expect({ unread: run.snapshot.unread.length, sample: run.snapshot.unread.slice(0, 5) }).toEqual({ unread: 0, sample: [] });
        // Exactly once resumes the incremental snapshot after the last chunk its offsets committed: at most one chunk
        // (Debezium's incremental.snapshot.chunk.size, 1,024 rows) is read again. (At least once may start it over.)
        if (mode === "exactly-once" && fault.snapshot !== "initial") expect(run.snapshot.readAgain).toBeLessThanOrEqual(INCREMENTAL_SNAPSHOT_CHUNK_ROWS);
      }
      // Transactions went on after the fault. (That it landed while they were committed needs no check: the writer
      // starts it right after one of its commits.)
      expect(run.committedAfterRecovery).toBeGreaterThan(0);
      // Only a fault of the database itself makes the writer's transactions fail.
      expect(run.failedTransactions > 0).toBe(fault.hitsDatabase);
      // The pipeline was down: nothing of the run was read between the fault (plus a second in flight) and what it hit
      // coming back (started again, reconnected).
      expect(run.readDuringOutage).toBe(0);
      if (!fault.hitsDatabase && fault.when === "after the first offset flush") {
        // That window can be empty (a killed container is started again within about a second), so the stall is shown
        // in the reads themselves: the first transaction committed after the fault took longer from commit to read
        // than any transaction read before it. A fault that left the pipeline running fails here.
        expect(run.gap.readBeforeFault).toBeGreaterThan(0);
        expect(run.gap.firstAfterFaultSeconds).toBeGreaterThan(run.gap.slowestBeforeFaultSeconds);
      }
      if (fault.when === "before the first offset flush") {
        // The fault landed where it was meant to: exactly once commits offsets with each transaction, so there are
        // some; at least once had flushed none (its restarted connector streams from the slot's start).
        if (mode === "exactly-once") expect(run.offsetRecordsBeforeFault).toBeGreaterThan(0);
        else expect(run.offsetRecordsBeforeFault).toBe(0);
      }
      if (fault.snapshot === "initial") {
        // Debezium keeps the slot, takes the snapshot again at the current WAL position and streams from there: the
        // changes committed in between arrive only as snapshot reads of the rows' final state. The count sees it.
        expect(run.lost).toBeGreaterThan(0);
        expect(run.lostReadAsSnapshot).toBeGreaterThan(0);
        return;
      }
      if (mode === "exactly-once") {
        expect({ lost: run.lost, duplicates: run.duplicates, sample: run.lostSample }).toEqual({ lost: 0, duplicates: 0, sample: [] });
      } else {
        expect({ lost: run.lost, sample: run.lostSample }).toEqual({ lost: 0, sample: [] });
      }
    },
    600_000,
  );
});
