// What KafkaConnector registers: its config and its login are secret inputs whatever the caller passed, so a plain
// record (a database password in it) is never written to the state's inputs in plain text. Checked on the inputs as
// the SDK serialises them for the engine (the mocks' record shows them decrypted, so it could not tell).
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../helpers/pulumiMocks";

// The SDK's marker of a secret value in serialised properties.
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

let connectorResourceInputs: typeof import("../../components/kafkaConnector").connectorResourceInputs;

beforeAll(async () => {
  installMocks();
  ({ connectorResourceInputs } = await import("../../components/kafkaConnector"));
});

const isSecret = (value: unknown) => typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;

test("a plain config and a plain login are serialised as secrets; the address and the name are not", async () => {
  const inputs = connectorResourceInputs("videos-cdc", {
    connectUrl: "http://127.0.0.1:8083",
    connectorName: "videos-cdc",
    config: { "connector.class": "io.debezium.connector.postgresql.PostgresConnector", "database.password": "plain-pw" },
    connectAuth: { username: "connect-rest", password: "plain-rest-pw" },
  });
  const serialised = await pulumi.runtime.serializeProperties("test", inputs, { keepOutputValues: false });
  expect([isSecret(serialised.config), isSecret(serialised.connectAuth), isSecret(serialised.connectUrl), isSecret(serialised.connectorName)]).toEqual([
    true,
    true,
    false,
    false,
  ]);
  expect(serialised.config.value["database.password"]).toBe("plain-pw");
});

test("without a login, none is registered", async () => {
  const inputs = connectorResourceInputs("videos-cdc", { connectUrl: "http://127.0.0.1:8083", connectorName: "videos-cdc", config: { "connector.class": "x" } });
  const serialised = await pulumi.runtime.serializeProperties("test", inputs);
  expect(serialised.connectAuth).toBeUndefined();
  expect(isSecret(serialised.config)).toBe(true);
});
