// The stack program's config reader: every kind of value typed, every unknown key or unreadable value one sentence.
import { PASSWORD_SETTINGS, resolveKafkaSettings } from "../../components/config";
import { parseStackConfig, STACK_CONFIG_KEYS } from "../../stackConfig";

describe("the stack config keys", () => {
  test("every setting of the stack config is a setting of the library, plus namePrefix", () => {
    // The passwords have no resolved value (they are generated as secrets when absent).
    expect(Object.keys(STACK_CONFIG_KEYS).sort()).toEqual(
      [...Object.keys(resolveKafkaSettings("x", {})), ...PASSWORD_SETTINGS, "uiLoginPassword", "namePrefix"].sort(),
    );
  });
});

describe("reading the stack config", () => {
  test("values of every kind are typed", () => {
    expect(
      parseStackConfig({
        namePrefix: "cdc-kafka-dev",
        brokers: "3",
        uiEnabled: "false",
        logRetentionBytes: "-1",
        topics: '["a","b"]',
        kafkaImage: "cdc-kafka/kafka:3.6.2",
      }),
    ).toEqual({
      config: { namePrefix: "cdc-kafka-dev", brokers: 3, uiEnabled: false, logRetentionBytes: -1, topics: ["a", "b"], kafkaImage: "cdc-kafka/kafka:3.6.2" },
      errors: [],
    });
  });

  test.each([
    ["hostport", "1", "cdc-kafka:hostport is not a setting of this stack; rename it to cdc-kafka:hostPort."],
    ["broker", "1", "cdc-kafka:broker is not a setting of this stack; rename it to cdc-kafka:brokers."],
    ["uiEnable", "true", "cdc-kafka:uiEnable is not a setting of this stack; rename it to cdc-kafka:uiEnabled."],
    ["retention", "1", "cdc-kafka:retention is not a setting of this stack; remove it (every setting is listed in Pulumi.dev.yaml)."],
    ["brokers", "three", 'cdc-kafka:brokers is "three"; set it to a whole number.'],
    ["hostPort", "9092.5", 'cdc-kafka:hostPort is "9092.5"; set it to a whole number.'],
    ["uiEnabled", "yes", 'cdc-kafka:uiEnabled is "yes"; set it to true or false.'],
    ["topics", "a,b", 'cdc-kafka:topics is "a,b"; set it to a YAML list of topic names.'],
    ["topics", "[1,2]", 'cdc-kafka:topics is "[1,2]"; set it to a YAML list of topic names.'],
  ])("cdc-kafka:%s = %j", (key, value, message) => {
    expect(parseStackConfig({ [key]: value })).toEqual({ config: {}, errors: [message] });
  });
});
