// The offline stand-in for Pulumi's nodejs language host: serves the LanguageRuntime gRPC service the CLI talks to
// and, like the real host (its Go module cannot be fetched here), runs each program in a child `node` process through
// the program's OWN `@pulumi/pulumi/cmd/run`, so any project with its own node_modules deploys with `pulumi up`.
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as grpc from "@grpc/grpc-js";
import * as langproto from "@pulumi/pulumi/proto/language_pb";
import * as langrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import {
  BAILED_EXIT_CODE,
  engineAddressFromArgs,
  exitMessage,
  locateRunModule,
  ProgramRun,
  programDependencies,
  runArguments,
  runEnvironment,
  runtimeOptions,
} from "./program";

// Tests and debugging read which RPCs the CLI made from this file, one name per line.
const rpcLogFile = process.env.CDC_KAFKA_LANGUAGE_HOST_RPC_LOG;

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

/** The parts of a RunRequest a child process needs, as plain values. */
function programRun(request: langproto.RunRequest, engineAddress: string): ProgramRun {
  const info = request.getInfo();
  const programDirectory = info?.getProgramDirectory() || request.getPwd() || process.cwd();
  return {
    monitorAddress: request.getMonitorAddress(),
    engineAddress,
    organization: request.getOrganization(),
    project: request.getProject(),
    stack: request.getStack(),
    rootDirectory: info?.getRootDirectory() || programDirectory,
    programDirectory,
    entryPoint: info?.getEntryPoint() || ".",
    dryRun: request.getDryrun(),
    parallel: request.getParallel(),
    args: request.getArgsList(),
    config: Object.fromEntries(request.getConfigMap().toArray()),
    configSecretKeys: request.getConfigsecretkeysList(),
    options: runtimeOptions((info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>),
  };
}

/** Runs one program to completion in a child `node` and answers the CLI the way the real host does. */
function run(
  engineAddress: () => string,
  running: Set<ChildProcess>,
): grpc.handleUnaryCall<langproto.RunRequest, langproto.RunResponse> {
  return (call, callback) => {
    traceRpc("Run");
    const answer = (error: string, bail = false) =>
      callback(null, new langproto.RunResponse().setError(error).setBail(bail));
    let program: ProgramRun;
    let runModule: string;
    try {
      program = programRun(call.request, engineAddress());
      runModule = locateRunModule(program.programDirectory);
    } catch (error) {
      answer(error instanceof Error ? error.message : String(error));
      return;
    }
    // stdio is inherited: the CLI shows what the host prints after its port line, as it does for the real host.
    const child = spawn(process.execPath, [...program.options.nodeArgs, ...runArguments(program, runModule)], {
      cwd: program.programDirectory,
      env: { ...process.env, ...runEnvironment(program) },
      stdio: ["ignore", "inherit", "inherit"],
    });
    running.add(child);
    child.once("error", (error) => {
      running.delete(child);
      answer(`Problem executing program (could not run language executor): ${error.message}`);
    });
    child.once("exit", (code, signal) => {
      running.delete(child);
      if (code === BAILED_EXIT_CODE) answer("", true);
      else answer(code === 0 ? "" : exitMessage(code, signal));
    });
  };
}

/** The LanguageRuntime service: what `pulumi preview/up/refresh/destroy` call, and clear refusals for the rest. */
export function languageRuntimeService(initialEngineAddress: string): langrpc.ILanguageRuntimeServer {
  let engineAddress = initialEngineAddress;
  const running = new Set<ChildProcess>();
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
    run: run(() => engineAddress, running),
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
      const info = call.request.getInfo();
      const directory = info?.getProgramDirectory() || call.request.getPwd() || process.cwd();
      const dependencies = programDependencies(directory).map((d) =>
        new langproto.DependencyInfo().setName(d.name).setVersion(d.version),
      );
      callback(null, new langproto.GetProgramDependenciesResponse().setDependenciesList(dependencies));
    },
    // As the real host: a cancelled update interrupts the running program, which then shuts down on its own.
    cancel: (_call, callback) => {
      traceRpc("Cancel");
      for (const child of running) child.kill("SIGINT");
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
