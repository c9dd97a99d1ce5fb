// Spring Boot's config trees as the console reads them (ui/configTree.ts): SPRING_CONFIG_IMPORT's locations, the
// property-to-variable names, the trailing-newline rule, and the environment winning over files.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { configTreeLocations, configTreeValue, environmentName, readConfigTree, withConfigTrees } from "../../ui/configTree";
import { readConfig } from "../../ui/config";

describe("configTreeLocations", () => {
  test("optional and required configtree: entries, in order", () => {
    expect(configTreeLocations(" optional:configtree:/etc/a/ , configtree:/run/b")).toEqual([
      { directory: "/etc/a/", optional: true },
      { directory: "/run/b", optional: false },
    ]);
    expect(configTreeLocations(undefined)).toEqual([]);
  });

  test.each([
    ["optional:file:/etc/app.properties", 'SPRING_CONFIG_IMPORT entry "optional:file:/etc/app.properties" is not read by this console, which reads only configtree: locations; use optional:configtree:/<directory>/ or run kafbat\'s image.'],
    ["configtree:secrets/", 'SPRING_CONFIG_IMPORT entry "configtree:secrets/" needs an absolute directory without wildcards, e.g. optional:configtree:/etc/kafka-ui-secrets/.'],
    ["configtree:/etc/config/*/", 'SPRING_CONFIG_IMPORT entry "configtree:/etc/config/*/" needs an absolute directory without wildcards, e.g. optional:configtree:/etc/kafka-ui-secrets/.'],
  ])("refuses %s", (value, message) => {
    expect(() => configTreeLocations(value)).toThrow(new Error(message));
  });
});

test.each([
  ["spring.security.user.password", "SPRING_SECURITY_USER_PASSWORD"],
  ["kafka.clusters[0].properties.sasl.jaas.config", "KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG"],
  ["kafka.clusters.0.properties.sasl.jaas.config", "KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG"],
  ["kafka.clusters[0].kafkaConnect[0].password", "KAFKA_CLUSTERS_0_KAFKACONNECT_0_PASSWORD"],
  ["kafka.clusters[0].kafka-connect[0].password", "KAFKA_CLUSTERS_0_KAFKACONNECT_0_PASSWORD"],
])("environmentName(%s) = %s", (property, variable) => {
  expect(environmentName(property)).toBe(variable);
});

test.each([
  ["secret\n", "secret"],
  ["secret\r\n", "secret"],
  ["secret", "secret"],
  ["secret\n\n", "secret\n\n"],
  ["line 1\nline 2\n", "line 1\nline 2\n"],
])("configTreeValue(%j) = %j (Spring trims one line break from a one-line file)", (content, value) => {
  expect(configTreeValue(content)).toBe(value);
});

describe("reading a tree from disk", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "configtree-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("files by name, nested directories joined by '.', hidden ..paths skipped, symlinks followed", () => {
    fs.writeFileSync(path.join(dir, "spring.security.user.password"), "pw-from-file\n");
    fs.mkdirSync(path.join(dir, "kafka", "clusters", "0"), { recursive: true });
    fs.writeFileSync(path.join(dir, "kafka", "clusters", "0", "name"), "nested");
    fs.mkdirSync(path.join(dir, "..2026_12_06"));
    fs.writeFileSync(path.join(dir, "..2026_12_06", "hidden"), "no");
    fs.symlinkSync(path.join(dir, "spring.security.user.password"), path.join(dir, "linked"));
    expect(readConfigTree(dir)).toEqual({ "spring.security.user.password": "pw-from-file", "kafka.clusters.0.name": "nested", linked: "pw-from-file" });
  });

  test("withConfigTrees: the files fill the settings, the environment wins, later trees win over earlier ones", () => {
    const second = fs.mkdtempSync(path.join(os.tmpdir(), "configtree-"));
    try {
      fs.writeFileSync(path.join(dir, "spring.security.user.password"), "first");
      fs.writeFileSync(path.join(dir, "spring.security.user.name"), "from-file");
      fs.writeFileSync(path.join(second, "spring.security.user.password"), "second");
      const env = withConfigTrees({
        SPRING_CONFIG_IMPORT: `optional:configtree:${dir}/,configtree:${second}/,optional:configtree:/nonexistent/`,
        SPRING_SECURITY_USER_NAME: "from-env",
        AUTH_TYPE: "LOGIN_FORM",
        KAFKA_CLUSTERS_0_NAME: "local",
        KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: "kb:29092",
      });
      expect(readConfig(env).login).toEqual({ username: "from-env", password: "second" });
    } finally {
      fs.rmSync(second, { recursive: true, force: true });
    }
  });

  test("the JAAS line from a file makes the SASL connection, and never reaches the environment variables", () => {
    fs.writeFileSync(path.join(dir, "kafka.clusters[0].properties.sasl.jaas.config"), 'org.apache.kafka.common.security.scram.ScramLoginModule required username="ui" password="pw-9";\n');
    const env = withConfigTrees({
      SPRING_CONFIG_IMPORT: `optional:configtree:${dir}/`,
      KAFKA_CLUSTERS_0_NAME: "local",
      KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: "kb:29092",
      KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "SASL_PLAINTEXT",
      KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: "SCRAM-SHA-512",
    });
    expect(readConfig(env).clusters[0].connection.sasl).toEqual({ mechanism: "scram-sha-512", username: "ui", password: "pw-9" });
  });

  test("a required tree that does not exist is refused; an optional one is skipped", () => {
    expect(() => withConfigTrees({ SPRING_CONFIG_IMPORT: "configtree:/nonexistent/" })).toThrow(
      new Error("The config tree /nonexistent/ named in SPRING_CONFIG_IMPORT does not exist; create it, or mark it optional: in SPRING_CONFIG_IMPORT."),
    );
    expect(withConfigTrees({ SPRING_CONFIG_IMPORT: "optional:configtree:/nonexistent/", A: "1", B: undefined })).toEqual({ SPRING_CONFIG_IMPORT: "optional:configtree:/nonexistent/", A: "1" });
  });
});
