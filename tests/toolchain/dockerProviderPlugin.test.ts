// The pulumi-resource-docker executable as the engine meets it: started with an engine address, it prints its port
// and answers the ResourceProvider gRPC service, including the three methods the stand-in hooks into provider.main's
// server (CheckConfig, Configure with docker:host, Check with the engine's random seed).
import { ChildProcess, spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as path from "path";
import { autoName } from "../../toolchain/plugins/docker/schema/check";

// The generated protobuf modules come without TypeScript types.
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

jest.setTimeout(60_000);

const executable = path.resolve(__dirname, "../../toolchain/bin/pulumi-resource-docker");
const containerUrn = "urn:pulumi:test::cdc-kafka::docker:index/container:Container::app";
const networkUrn = "urn:pulumi:test::cdc-kafka::docker:index/network:Network::net";
const configUrn = "urn:pulumi:test::cdc-kafka::pulumi:providers:docker::default_5_2_0";

let plugin: ChildProcess;
type Response = any;
let client: { close(): void } & Record<string, (request: unknown, callback: (error: Error | null, response: Response) => void) => void>;

/** One unary call on the provider service. */
function call(method: string, request: unknown): Promise<Response> {
  return new Promise((resolve, reject) => client[method](request, (error, response) => (error ? reject(error) : resolve(response))));
}

function checkRequest(urn: string, news: object, randomSeed?: Uint8Array) {
  const request = new providerProto.CheckRequest();
  request.setUrn(urn);
  request.setOlds(Struct.fromJavaScript({}));
  request.setNews(Struct.fromJavaScript(news));
  if (randomSeed) request.setRandomseed(randomSeed);
  return request;
}

function configureRequest(args: object) {
  const request = new providerProto.ConfigureRequest();
  request.setArgs(Struct.fromJavaScript(args));
  return request;
}

beforeAll(async () => {
  const started = Date.now();
  plugin = spawn(executable, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    plugin.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    plugin.once("exit", (code) => reject(new Error(`pulumi-resource-docker exited with ${code} before printing its port`)));
  });
  console.log(`pulumi-resource-docker printed its port ${port} after ${Date.now() - started} ms`);
  client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(() => {
  client?.close();
  plugin?.kill();
});

test("reports version 5.2.0", async () => {
  expect((await call("getPluginInfo", new Empty())).getVersion()).toBe("5.2.0");
});

test("CheckConfig accepts host and refuses what the stand-in does not implement", async () => {
  const accepted = await call("checkConfig", checkRequest(configUrn, { host: "unix:///var/run/docker.sock", version: "5.2.0" }));
  expect(accepted.getFailuresList()).toEqual([]);
  expect(accepted.getInputs().toJavaScript()).toEqual({ host: "unix:///var/run/docker.sock", version: "5.2.0" });
  const refused = await call("checkConfig", checkRequest(configUrn, { registryAuth: "[]" }));
  expect(refused.getFailuresList().map((failure: { getProperty(): string }) => failure.getProperty())).toEqual(["registryAuth"]);
});

test("Check names a resource from the engine's random seed, the same way every time", async () => {
  const seed = Uint8Array.from([7, 7, 7, 7]);
  const first = await call("check", checkRequest(containerUrn, { image: "busybox" }, seed));
  const second = await call("check", checkRequest(containerUrn, { image: "busybox" }, seed));
  expect(first.getFailuresList()).toEqual([]);
  expect(first.getInputs().toJavaScript().name).toBe(autoName("app", seed));
  expect(second.getInputs().toJavaScript().name).toBe(first.getInputs().toJavaScript().name);
});

test("Configure takes docker:host and asks for plain values", async () => {
  const response = await call("configure", configureRequest({ host: "tcp://127.0.0.1:1" }));
  expect([response.getAcceptsecrets(), response.getAcceptresources(), response.getAcceptoutputs()]).toEqual([false, false, false]);

  // The configured host is the one used: nothing listens on port 1.
  const create = new providerProto.CreateRequest();
  create.setUrn(networkUrn);
  create.setProperties(Struct.fromJavaScript({ name: "never-created" }));
  await expect(call("create", create)).rejects.toThrow(/ECONNREFUSED 127\.0\.0\.1:1/);
});

test("Diff names each changed input, so the engine can say what an update or replacement changes", async () => {
  const request = new providerProto.DiffRequest();
  request.setUrn(containerUrn);
  request.setOlds(Struct.fromJavaScript({ name: "app-1", image: "busybox", restart: "no", mustRun: false }));
  request.setNews(Struct.fromJavaScript({ name: "app-1", image: "busybox:1.36", restart: "always", mustRun: true }));
  const response = await call("diff", request);
  expect(response.getChanges()).toBe(providerProto.DiffResponse.DiffChanges.DIFF_SOME);
  expect(response.getReplacesList()).toEqual(["image"]);
  expect(response.getDiffsList()).toEqual(["image", "restart", "mustRun"]);
  expect(response.getDeletebeforereplace()).toBe(true);

  const unchanged = new providerProto.DiffRequest();
  unchanged.setUrn(containerUrn);
  unchanged.setOlds(Struct.fromJavaScript({ name: "app-1", image: "busybox", hostname: "0123456789ab" }));
  unchanged.setNews(Struct.fromJavaScript({ name: "app-1", image: "busybox" }));
  const none = await call("diff", unchanged);
  expect([none.getChanges(), none.getDiffsList()]).toEqual([providerProto.DiffResponse.DiffChanges.DIFF_NONE, []]);
});
