// The UI login on a KafkaStack: on by default on a secured stack (generated password, secret output uiLogin), off on
// a plaintext one unless asked for, and a UI published beyond loopback without it refused before anything registers.
import * as pulumi from "@pulumi/pulumi";
import { mockedSuite, valueOf, valuesOf } from "../helpers/pulumiMocks";

type StackArgs = import("../../components").KafkaStackArgs;

const suite = mockedSuite(() => import("../../components"));

const CONTAINER = "docker:index/container:Container";
const PASSWORD = "pulumi-nodejs:dynamic/cdc-kafka:GeneratedPassword";
const LOCAL_IMAGE = "cdc-kafka/kafka:3.6.2";
const exposed = (give: string) =>
  `The UI would be published on 0.0.0.0, beyond this machine, without a login, so anyone reaching its port could read every topic; ${give}, or set hostBindIp to 127.0.0.1.`;

function uiContainer() {
  return suite.mocks.get(CONTAINER, "kafka-ui-container").inputs;
}

test("a secured stack has the login by default, so it may publish the UI beyond loopback without more settings", () => {
  const secured = { security: "sasl_ssl" as const, kafkaImage: LOCAL_IMAGE, hostBindIp: "0.0.0.0", advertisedHost: "kafka.example.internal" };
  expect(suite.lib.resolveKafkaSettings("kafka", secured).uiLogin).toBe(true);
  expect(suite.lib.validateKafkaSettings("kafka", secured)).toEqual([]);
});

test("uiLogin without a password: one generated under the stack, uiLogin a secret output, the UI on the login form", async () => {
  const kafka = new suite.lib.KafkaStack("kafka", { uiLogin: true });
  await valuesOf(kafka.stackOutputs());
  expect(await pulumi.isSecret(kafka.uiLogin)).toBe(true);
  expect(await valueOf(kafka.uiLogin)).toMatchObject({ username: "admin" });
  expect(suite.mocks.resources.filter((r) => r.type === PASSWORD).map((r) => [r.name, r.parent])).toEqual([["kafka-ui-login-password", "kafka"]]);
  const { envs, uploads } = uiContainer();
  expect(envs).toEqual(expect.arrayContaining(["AUTH_TYPE=LOGIN_FORM", "SPRING_SECURITY_USER_NAME=admin"]));
  expect(envs.filter((env: string) => env.startsWith("SPRING_SECURITY_USER_PASSWORD"))).toEqual([]);
  expect(uploads).toBeDefined();
});

test("a plaintext stack: no login, no uiLogin, no config tree", async () => {
  const kafka = new suite.lib.KafkaStack("kafka", {});
  await valuesOf(kafka.stackOutputs());
  expect(await valueOf(kafka.uiLogin)).toBeUndefined();
  expect(suite.mocks.resources.filter((r) => r.type === PASSWORD)).toEqual([]);
  expect(uiContainer().envs.filter((env: string) => /^(AUTH_TYPE|SPRING_)/.test(env))).toEqual([]);
  expect(uiContainer().uploads).toBeUndefined();
});

test("a plaintext stack published on 0.0.0.0 with uiLogin and a given password: that account, secret, as a file", async () => {
  const kafka = new suite.lib.KafkaStack("kafka", {
    hostBindIp: "0.0.0.0",
    advertisedHost: "kafka.example.internal",
    uiLogin: true,
    uiLoginUsername: "operator",
    uiLoginPassword: "a-given-login-password-1",
  });
  await valuesOf(kafka.stackOutputs());
  expect(await pulumi.isSecret(kafka.uiLogin)).toBe(true);
  expect(await valueOf(kafka.uiLogin)).toEqual({ username: "operator", password: "a-given-login-password-1" });
  expect(uiContainer().envs).toEqual(expect.arrayContaining(["AUTH_TYPE=LOGIN_FORM", "SPRING_SECURITY_USER_NAME=operator"]));
  expect(uiContainer().uploads.value).toEqual([{ file: "/etc/kafka-ui-secrets/spring.security.user.password", content: "a-given-login-password-1" }]);
});

test.each<[Partial<StackArgs>, string[]]>([
  [{ hostBindIp: "0.0.0.0", advertisedHost: "kafka.example.internal" }, [exposed("set uiLogin to true")]],
  [{ security: "sasl_ssl", kafkaImage: LOCAL_IMAGE, hostBindIp: "0.0.0.0", advertisedHost: "kafka.example.internal", uiLogin: false }, [exposed("set uiLogin to true")]],
  [{ uiLoginPassword: "a-given-login-password-1" }, ["uiLoginPassword is used only with the UI's login; set uiLogin to true or remove uiLoginPassword."]],
  [
    { uiLogin: true, uiLoginPassword: "short pw" },
    ["uiLoginPassword is too weak or unusable (8 characters); use 16 to 128 characters without spaces or control characters, or remove it to have one generated."],
  ],
  [{ uiLogin: true, uiLoginUsername: "an admin" }, ['uiLoginUsername "an admin" cannot name the UI\'s login; use 1 to 64 letters, digits, ".", "_", "@" and "-".']],
])("%j is refused before anything is registered", async (args, errors) => {
  expect(() => new suite.lib.KafkaStack("kafka", args)).toThrow(new suite.lib.KafkaConfigError(errors));
  expect(await suite.mocks.settled()).toEqual([]);
});

test("the UI off: no login rule applies, wherever the brokers are published", () => {
  expect(suite.lib.validateKafkaSettings("kafka", { hostBindIp: "0.0.0.0", advertisedHost: "kafka.example.internal", uiEnabled: false })).toEqual([]);
});
