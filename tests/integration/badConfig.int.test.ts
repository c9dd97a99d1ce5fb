// Bad config fails at `pulumi preview` with its exact message and creates nothing. The literal CLI runs each preview
// (one process per case), as a user's would, so a failing program never runs inside the test process.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mustPulumi, pulumi, stackFileYaml } from "../../support/cli";
import { countByLabel } from "../../support/docker";
import { uniqueId } from "../../support/ids";
import { deploymentConfig } from "../../support/testConfig";

const cases: [string, Record<string, string>, string][] = [
  ["min.insync above the replication factor", { minInsyncReplicas: "2" }, "min.insync.replicas (2) cannot exceed the replication factor (1); lower minInsyncReplicas or add brokers."],
  ["replication factor above the brokers", { replicationFactor: "3" }, "replicationFactor (3) cannot exceed the number of brokers (1); lower replicationFactor or add brokers."],
  ["no brokers", { brokers: "0" }, "brokers (0) is out of range; set brokers to a whole number from 1 to 9."],
  ["a topic name Kafka refuses", { topics: '["dbserver/public"]' }, 'Topic name "dbserver/public" has characters Kafka does not allow; use only letters, digits, ".", "_" and "-".'],
  ["a topic listed twice", { topics: '["a","b","a"]' }, 'Topic "a" is listed more than once; remove the duplicate from topics.'],
  ["a port out of range", { hostPort: "70000" }, "hostPort (70000) is out of range; set hostPort to a whole number from 1 to 65535."],
  ["the UI on the broker's port", { hostPort: "19092", uiPort: "19092" }, "uiPort (19092) is already the host port of broker 1; choose a uiPort other than 19092."],
  ["zero partitions", { topicPartitions: "0" }, "topicPartitions (0) is out of range; set topicPartitions to a whole number of at least 1."],
  ["non-positive retention", { topicRetentionMs: "0" }, "topicRetentionMs (0) is out of range; set topicRetentionMs to a positive whole number, or -1 for no limit."],
  ["a malformed image", { kafkaImage: "Confluent/cp-kafka" }, 'kafkaImage "Confluent/cp-kafka" is not a valid image reference; use the form [registry/]repository[:tag][@digest], e.g. confluentinc/cp-kafka:7.6.1.'],
  ["a malformed cluster id", { clusterId: "MkU3OEVBNTcwNTJENDM2Q" }, 'clusterId "MkU3OEVBNTcwNTJENDM2Q" is not a Kafka cluster id; use 22 base64url characters (as printed by kafka-storage random-uuid) or remove clusterId to derive one.'],
  ["a misspelt key", { hostport: "9092" }, "cdc-kafka:hostport is not a setting of this stack; rename it to cdc-kafka:hostPort."],
  ["a value of the wrong type", { brokers: "three" }, 'cdc-kafka:brokers is "three"; set it to a whole number.'],
  ["an unknown security mode", { security: "ssl" }, 'security "ssl" is not a security mode; use "plaintext" or "sasl_ssl".'],
  [
    "a weak password",
    { security: "sasl_ssl", consumerPassword: "letmein" },
    "consumerPassword is too weak (7 characters); use 16 to 128 characters, or remove it to have one generated.",
  ],
  [
    "an empty password",
    { security: "sasl_ssl", adminPassword: "" },
    "adminPassword is too weak (0 characters); use 16 to 128 characters, or remove it to have one generated.",
  ],
  [
    "sasl_ssl with the upstream image, which cannot bootstrap SCRAM",
    { security: "sasl_ssl", kafkaImage: "confluentinc/cp-kafka:7.6.1" },
    'security "sasl_ssl" needs a broker image that writes the admin\'s SCRAM credential when it formats storage, and kafkaImage "confluentinc/cp-kafka:7.6.1" cannot, so no client could ever log in; set kafkaImage to an image that does (this project\'s Kafka image, from FORMAT_SCRAM_CREDENTIALS_FILE) or set security to "plaintext".',
  ],
  [
    "keepDataVolume with a generated admin password",
    { security: "sasl_ssl", keepDataVolume: "true" },
    "keepDataVolume keeps the admin's SCRAM credential in the brokers' data past a destroy, but a generated adminPassword is generated anew by the next up and would be refused; set adminPassword explicitly (as a secret) or set keepDataVolume to false.",
  ],
  [
    "every address without an advertised host",
    { hostBindIp: "0.0.0.0" },
    "hostBindIp 0.0.0.0 publishes the brokers on every address of this machine, and clients must be told which one reaches it; set advertisedHost to this machine's DNS name or an address clients use.",
  ],
  [
    "the UI off this machine without a login",
    { hostBindIp: "0.0.0.0", advertisedHost: "kafka.example.internal" },
    "The UI would be published on 0.0.0.0, beyond this machine, without a login, so anyone reaching its port could read every topic; set uiLogin to true, or set hostBindIp to 127.0.0.1.",
  ],
];

describe("bad config fails at preview and creates nothing", () => {
  const stackName = uniqueId("bad");
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-config-"));

  beforeAll(() => mustPulumi(["stack", "init", stackName]));
  afterAll(() => mustPulumi(["stack", "rm", "--yes", "--force", "--stack", stackName]));

  test.each(cases)("%s", async (name, invalid, message) => {
    const { config, stackLabel } = await deploymentConfig(stackName, invalid);
    const configFile = path.join(configDir, `${name.replace(/\W+/g, "-")}.yaml`);
    fs.writeFileSync(configFile, stackFileYaml(config));
    const before = await countByLabel(stackLabel);

    const preview = await pulumi(["preview", "--stack", stackName, "--config-file", configFile]);

    expect(preview.code).not.toBe(0);
    expect(`${preview.stdout}\n${preview.stderr}`).toContain(`error: ${message}`);
    expect(before).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(await countByLabel(stackLabel)).toEqual(before);
  });
});
