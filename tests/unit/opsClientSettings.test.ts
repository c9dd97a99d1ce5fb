import { DEFAULT_CONSUMER_GROUP } from "../../ops/args";
import { consumerGroupProblem, isSecured, javaPropertiesText } from "../../ops/clientSettings";

describe("isSecured", () => {
  test.each([
    [undefined, false],
    [{}, false],
    [{ acks: "all" }, false],
    [{ "security.protocol": "plaintext" }, false],
    [{ "security.protocol": "SASL_SSL" }, true],
    [{ "security.protocol": "SSL" }, true],
  ])("%j → %s", (config, secured) => {
    expect(isSecured(config)).toBe(secured);
  });
});

describe("javaPropertiesText", () => {
  test("one property a line; the PEM's line breaks, backslashes and a leading blank escaped as Properties#load reads them", () => {
    expect(
      javaPropertiesText({
        "security.protocol": "SASL_SSL",
        "sasl.jaas.config": 'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="a\\b";',
        "ssl.truststore.certificates": "-----BEGIN CERTIFICATE-----\nMIIB\r\n-----END CERTIFICATE-----",
        padded: " x",
      }),
    ).toBe(
      [
        "security.protocol=SASL_SSL",
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="a\\\\b";',
        "ssl.truststore.certificates=-----BEGIN CERTIFICATE-----\\nMIIB\\r\\n-----END CERTIFICATE-----",
        "padded=\\ x",
        "",
      ].join("\n"),
    );
  });

  test("no settings, no text", () => {
    expect(javaPropertiesText({})).toBe("");
  });
});

describe("consumerGroupProblem", () => {
  test.each([
    [undefined, "mine", undefined],
    ["plaintext", "mine", undefined],
    // consume's default group is one the consumer principal may use.
    ["sasl_ssl", DEFAULT_CONSUMER_GROUP, undefined],
    [
      "sasl_ssl",
      "mine",
      "Stack qa is secured and its consumer principal may only use consumer groups starting with cdc-; pick --group cdc-mine.",
    ],
  ] as const)("security %s, group %s → %s", (security, group, problem) => {
    expect(consumerGroupProblem({ stack: "qa", security }, group)).toBe(problem);
  });
});
