// The example's database-side providers (examples/cdc-pipeline/debeziumDatabase.ts): what makes SnapshotSignal insert a
// new signal row (another slot, other tables, another table or database) and CapturedTablesCheck check again, and what
// is only an update of how the database is reached. Their creates against a live database are covered by pipeline.int
// (the signal row and Debezium's log acting on it; a missing table's sentence).
jest.mock("cdc-kafka", () => jest.requireActual("../../components/index"), { virtual: true });
import type * as pulumi from "@pulumi/pulumi";
import { initialSnapshotSignal } from "../../components/debeziumConnectorConfig";

const {
  capturedTablesCheckProvider: check,
  snapshotSignalProvider: provider,
}: { capturedTablesCheckProvider: pulumi.dynamic.ResourceProvider; snapshotSignalProvider: pulumi.dynamic.ResourceProvider } = jest.requireActual(
  "../../examples/cdc-pipeline/debeziumDatabase",
);

const inputs = {
  host: "127.0.0.1",
  port: 35432,
  database: "videoplatform",
  user: "cdc",
  password: "secret",
  slotName: "debezium_dev",
  table: "public.debezium_signal",
  signal: initialSnapshotSignal("debezium_dev", ["public.users", "public.videos"]),
};

test("the same inputs: no change, so a second up writes no row", async () => {
  expect(await provider.diff!("initial-debezium_dev", { ...inputs, inserted: true }, inputs)).toEqual({ changes: false, replaces: [] });
});

test.each([
  ["a new slot (a new connector)", { slotName: "debezium_prod", signal: initialSnapshotSignal("debezium_prod", ["public.users", "public.videos"]) }, ["signal", "slotName"]],
  ["another table list", { signal: initialSnapshotSignal("debezium_dev", ["public.users"]) }, ["signal"]],
  ["another database", { database: "other" }, ["database"]],
])("%s replaces it: a new signal row", async (_case, change, replaces) => {
  expect(await provider.diff!("initial-debezium_dev", inputs, { ...inputs, ...change })).toEqual({ changes: true, replaces });
});

test.each([["password", { password: "rotated" }], ["port", { port: 35433 }], ["host", { host: "db.internal" }]])(
  "a new %s is an update that inserts nothing",
  async (_case, change) => {
    expect(await provider.diff!("initial-debezium_dev", inputs, { ...inputs, ...change })).toEqual({ changes: true, replaces: [] });
    expect(await provider.update!("initial-debezium_dev", inputs, { ...inputs, ...change })).toEqual({ outs: { ...inputs, ...change, inserted: false } });
  },
);

describe("the captured tables' check", () => {
  const checked = { host: "127.0.0.1", port: 35432, database: "videoplatform", user: "cdc", password: "secret", tables: ["public.users"], signalTable: "public.debezium_signal" };

  test("the same inputs: nothing to check again", async () => {
    expect(await check.diff!("videoplatform:public.users", checked, checked)).toEqual({ changes: false, replaces: [] });
  });

  test("another table list checks again (a replace); a new password is an update", async () => {
    expect(await check.diff!("videoplatform:public.users", checked, { ...checked, tables: ["public.users", "public.videos"] })).toEqual({ changes: true, replaces: ["tables"] });
    expect(await check.diff!("videoplatform:public.users", checked, { ...checked, password: "rotated" })).toEqual({ changes: true, replaces: [] });
  });
});
