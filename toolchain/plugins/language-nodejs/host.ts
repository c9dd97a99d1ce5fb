// The offline stand-in for Pulumi's nodejs language host: serves the LanguageRuntime gRPC service the CLI talks to
// and runs the program in this process through the SDK's own LanguageServer (the one inline Automation API programs
// use), because the real host's Go module cannot be fetched here.
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as langproto from "@pulumi/pulumi/proto/language_pb";
import * as langrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { engineAddressFromArgs, EntryModule, programDependencies, resolveEntryModule } from "./program";

type PulumiLog = typeof import("@pulumi/pulumi/log");
type TsNode = typeof import("ts-node");
type Program = () => Promise<unknown>;
interface SdkLanguageServer {
  run: grpc.handleUnaryCall<langproto.RunRequest, langproto.RunResponse>;
}

const hostDirectory = __dirname;
const sdkEntry = require.resolve("@pulumi/pulumi");
// Tests and debugging read which RPCs the CLI made from this file, one name per line.
const rpcLogFile = process.env.CDC_KAFKA_LANGUAGE_HOST_RPC_LOG;
const typeScriptRegisteredFor = new Set<string>();

function traceRpc(name: string): void {
  if (rpcLogFile) {
    fs.appendFileSync(rpcLogFile, `${name}\n`);
  }
}

function notSupported(rpc: string, instead: string): grpc.ServerErrorResponse {
  const details = `${rpc} is not supported by the offline pulumi-language-nodejs stand-in; ${instead}`;
  return Object.assign(new Error(details), { code: grpc.status.UNIMPLEMENTED, details });
}

function unaryNotSupported<Req, Res>(rpc: string, instead: string): grpc.handleUnaryCall<Req, Res> {
  return (_call, callback) => {
    traceRpc(rpc);
    callback(notSupported(rpc, instead));
  };
}

function streamNotSupported<Req, Res>(rpc: string, instead: string): grpc.handleServerStreamingCall<Req, Res> {
  return (call) => {
    traceRpc(rpc);
    call.emit("error", notSupported(rpc, instead));
  };
}

function programOptions(info: langproto.ProgramInfo | undefined): { typescript?: unknown } {
  return (info?.getOptions()?.toJavaScript() ?? {}) as { typescript?: unknown };
}

function programDirectoryOf(info: langproto.ProgramInfo | undefined, pwd: string): string {
  return info?.getProgramDirectory() || pwd || process.cwd();
}

/** Registers ts-node (transpile only) with the tsconfig.json nearest the program, once per program directory. */
function registerTypeScript(programDirectory: string): void {
  if (typeScriptRegisteredFor.has(programDirectory)) {
    return;
  }
  const tsNode: TsNode = require(require.resolve("ts-node", { paths: [programDirectory, hostDirectory] }));
  const tsconfig = process.env.PULUMI_NODEJS_TSCONFIG_PATH;
  tsNode.register({
    // Type checking belongs to `tsc --noEmit` (npm run build); at deploy time it only costs seconds.
    transpileOnly: process.env.PULUMI_NODEJS_TRANSPILE_ONLY !== "false",
    projectSearchDir: programDirectory,
    project: tsconfig ? path.resolve(programDirectory, tsconfig) : undefined,
  });
  typeScriptRegisteredFor.add(programDirectory);
}

/** Forgets the program's own modules (not node_modules, not this host) so a second Run executes it afresh. */
function forgetProgramModules(): void {
  for (const file of Object.keys(require.cache)) {
    if (!file.includes(`${path.sep}node_modules${path.sep}`) && !file.startsWith(hostDirectory + path.sep)) {
      delete require.cache[file];
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    // RunErrors are messages meant for the user; anything else is a bug whose stack says where.
    return error.name === "RunError" ? error.message : (error.stack ?? error.message);
  }
  return String(error);
}

/**
 * The program function for the SDK's LanguageServer: requires the entry module and returns its exports (or what its
 * exported function resolves to) as the stack outputs, like `@pulumi/pulumi/cmd/run`. A failure is handed to
 * `onError` before it propagates, so the run can still report it if the SDK did not log it to the engine.
 */
function programFunction(entry: EntryModule, log: PulumiLog, onError: (error: unknown) => void): Program {
  return async () => {
    if (entry.warning) {
      await log.warn(entry.warning);
    }
    forgetProgramModules();
    try {
      const exported = require(entry.modulePath);
      return typeof exported === "function" ? await exported() : exported;
    } catch (error) {
      onError(error);
      throw error;
    }
  };
}

function errorMessage(error: grpc.ServerErrorResponse | Partial<grpc.StatusObject> | null): string {
  return (error instanceof Error ? error.message : error?.details) || "the program failed without a message";
}

function checkSameSdk(programDirectory: string): void {
  let programSdk: string;
  try {
    programSdk = require.resolve("@pulumi/pulumi", { paths: [programDirectory] });
  } catch {
    throw new Error(`The program in ${programDirectory} cannot resolve @pulumi/pulumi; run npm install and retry.`);
  }
  if (programSdk !== sdkEntry) {
    throw new Error(
      `The program in ${programDirectory} loads @pulumi/pulumi from ${programSdk}, but the offline language host ` +
        `runs programs in-process with ${sdkEntry}; run the program from a directory that resolves the latter.`,
    );
  }
}

function run(engineAddress: () => string): grpc.handleUnaryCall<langproto.RunRequest, langproto.RunResponse> {
  return (call, callback) => {
    traceRpc("Run");
    let answered = false;
    // The SDK's LanguageServer answers a failed run twice (error, then response); the CLI must see one answer.
    const answer = (response: langproto.RunResponse) => {
      if (!answered) {
        answered = true;
        callback(null, response);
      }
    };
    const failed = (message: string, bail: boolean) => {
      const response = new langproto.RunResponse();
      // bail: the error is already on the CLI's output, so it only needs to fail the update.
      response.setBail(bail);
      response.setError(bail ? "" : message);
      answer(response);
    };

    const request = call.request;
    const info = request.getInfo();
    let program: Program;
    let programError: unknown;
    const log: PulumiLog = require("@pulumi/pulumi/log");
    try {
      const programDirectory = programDirectoryOf(info, request.getPwd());
      checkSameSdk(programDirectory);
      if (request.getPwd()) {
        process.chdir(request.getPwd());
      }
      if (programOptions(info).typescript !== false) {
        registerTypeScript(programDirectory);
      }
      const entry = resolveEntryModule({ programDirectory, entryPoint: info?.getEntryPoint() || "." });
      program = programFunction(entry, log, (error) => (programError = error));
    } catch (error) {
      failed(error instanceof Error ? error.message : String(error), false);
      return;
    }

    // LanguageServer takes the engine address from the program arguments, as inline programs pass it there.
    request.setArgsList([engineAddress()]);
    const { LanguageServer } = require("@pulumi/pulumi/automation/server") as {
      LanguageServer: new (program: Program) => SdkLanguageServer;
    };
    new LanguageServer(program).run(call, (error, response) => {
      if (!error && response) {
        answer(response);
      } else {
        // The SDK logs most failures to the engine itself (as "Unhandled exception: ..."); when it did not,
        // the CLI prints the error text from the response.
        const message = programError === undefined ? errorMessage(error) : describeError(programError);
        failed(message, log.hasErrors());
      }
    });
  };
}

/** The LanguageRuntime service: what `pulumi preview/up/refresh/destroy` call, and clear refusals for the rest. */
export function languageRuntimeService(initialEngineAddress: string): langrpc.ILanguageRuntimeServer {
  let engineAddress = initialEngineAddress;
  return {
    handshake: (call, callback) => {
      traceRpc("Handshake");
      engineAddress = call.request.getEngineAddress() || engineAddress;
      callback(null, new langproto.LanguageHandshakeResponse());
    },
    // Plugins load on demand when the program registers a resource; nothing needs to be known up front.
    getRequiredPlugins: (_call, callback) => {
      traceRpc("GetRequiredPlugins");
      callback(null, new langproto.GetRequiredPluginsResponse().setPluginsList([]));
    },
    getRequiredPackages: (_call, callback) => {
      traceRpc("GetRequiredPackages");
      callback(null, new langproto.GetRequiredPackagesResponse().setPackagesList([]));
    },
    run: run(() => engineAddress),
    getPluginInfo: (_call, callback) => {
      traceRpc("GetPluginInfo");
      const { version }: typeof import("@pulumi/pulumi/version") = require("@pulumi/pulumi/version");
      callback(null, new plugproto.PluginInfo().setVersion(version));
    },
    about: (_call, callback) => {
      traceRpc("About");
      callback(null, new langproto.AboutResponse().setExecutable(process.execPath).setVersion(process.versions.node));
    },
    getProgramDependencies: (call, callback) => {
      traceRpc("GetProgramDependencies");
      const directory = programDirectoryOf(call.request.getInfo(), call.request.getPwd());
      const dependencies = programDependencies(directory).map((d) =>
        new langproto.DependencyInfo().setName(d.name).setVersion(d.version),
      );
      callback(null, new langproto.GetProgramDependenciesResponse().setDependenciesList(dependencies));
    },
    cancel: (_call, callback) => {
      traceRpc("Cancel");
      callback(null, new Empty());
    },
    installDependencies: streamNotSupported("InstallDependencies", "run `npm ci` in the project yourself."),
    runPlugin: streamNotSupported("RunPlugin", "put the plugin on PATH as an executable instead."),
    runtimeOptionsPrompts: unaryNotSupported("RuntimeOptionsPrompts", "write the runtime options into Pulumi.yaml."),
    template: unaryNotSupported("Template", "copy a template by hand."),
    generateProgram: unaryNotSupported("GenerateProgram", "write the program by hand."),
    generateProject: unaryNotSupported("GenerateProject", "write the project by hand."),
    generatePackage: unaryNotSupported("GeneratePackage", "use the published SDK package from npm."),
    pack: unaryNotSupported("Pack", "use `npm pack`."),
    link: unaryNotSupported("Link", "add the package to package.json yourself."),
  };
}

/** Starts the service on 127.0.0.1 and prints the port on the first line of stdout, as the CLI expects. */
export async function main(args: readonly string[]): Promise<void> {
  const engineAddress = engineAddressFromArgs(args);
  const server = new grpc.Server();
  server.addService(langrpc.LanguageRuntimeService, languageRuntimeService(engineAddress));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    ),
  );
  process.stdout.write(`${port}\n`);
}
