// provider.main serves the engine with @pulumi/pulumi's own gRPC service, which answers CheckConfig "unimplemented",
// drops Configure's arguments (so `docker:host` would never arrive), gives check no random seed for names and leaves
// out of Diff which properties changed (so the engine could not say what a change is). These hooks replace those four
// methods on the service implementation when grpc-js registers it; the rest is provider.main's.
import * as path from "path";
import type * as grpcModule from "@grpc/grpc-js";
import { DockerProvider } from "./provider";
import { Inputs, NamingContext } from "./schema/check";

// The same module instances @pulumi/pulumi uses, so the patched Server class is the one provider.main instantiates.
const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromSdk = (name: string) => require(require.resolve(name, { paths: [sdkDir] }));
const grpc: typeof grpcModule = fromSdk("@grpc/grpc-js");
const providerService = require("@pulumi/pulumi/proto/provider_grpc_pb").ResourceProviderService;
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const structProto = fromSdk("google-protobuf/google/protobuf/struct_pb");

type Callback = (error: Error | null, response?: unknown) => void;
/** The generated request classes of @pulumi/pulumi/proto come without TypeScript types. */
type Request = any;
type Call = { request: Request };

export function installEngineHooks(provider: DockerProvider): void {
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    if (service === providerService) Object.assign(implementation, engineHandlers(provider));
    return addService.call(this, service, implementation);
  };
}

function engineHandlers(provider: DockerProvider) {
  return {
    checkConfig(call: Call, callback: Callback) {
      const request = call.request;
      respond(callback, async () => checkResponse(await provider.checkConfig(request.getUrn(), struct(request.getOlds()), struct(request.getNews()))));
    },
    check(call: Call, callback: Callback) {
      const request = call.request;
      respond(callback, async () =>
        checkResponse(await provider.check(request.getUrn(), struct(request.getOlds()), struct(request.getNews()), namingContext(request))),
      );
    },
    diff(call: Call, callback: Callback) {
      const request = call.request;
      respond(callback, async () => {
        const result = await provider.diff(request.getId(), request.getUrn(), struct(request.getOlds()), struct(request.getNews()));
        const response = new providerProto.DiffResponse();
        const changes = providerProto.DiffResponse.DiffChanges;
        response.setChanges(result.changes ? changes.DIFF_SOME : changes.DIFF_NONE);
        response.setReplacesList(result.replaces ?? []);
        response.setDeletebeforereplace(result.deleteBeforeReplace === true);
        response.setDiffsList(result.diffs);
        return response;
      });
    },
    configure(call: Call, callback: Callback) {
      respond(callback, async () => {
        provider.configure(configureArguments(call.request));
        // Without secrets, resource references or output values the engine sends plain inputs and keeps the
        // secretness of each property itself, which is all a stand-in needs.
        const response = new providerProto.ConfigureResponse();
        response.setAcceptsecrets(false);
        response.setAcceptresources(false);
        response.setAcceptoutputs(false);
        response.setSupportspreview(false);
        return response;
      });
    },
  };
}

function respond(callback: Callback, handle: () => Promise<unknown>): void {
  handle().then(
    (response) => callback(null, response),
    (error: Error) => callback(error),
  );
}

function struct(value: { toJavaScript(): Inputs } | undefined): Inputs {
  return value?.toJavaScript() ?? {};
}

function checkResponse(result: { inputs?: Inputs; failures?: readonly { property: string; reason: string }[] }): unknown {
  const response = new providerProto.CheckResponse();
  response.setInputs(structProto.Struct.fromJavaScript(result.inputs ?? {}));
  response.setFailuresList(
    (result.failures ?? []).map(({ property, reason }) => {
      const failure = new providerProto.CheckFailure();
      failure.setProperty(property);
      failure.setReason(reason);
      return failure;
    }),
  );
  return response;
}

function namingContext(request: Request): NamingContext {
  const autonaming = request.getAutonaming?.();
  const modes = providerProto.CheckRequest.AutonamingOptions.Mode;
  return {
    randomSeed: request.getRandomseed_asU8(),
    proposedName: autonaming && autonaming.getMode() !== modes.DISABLE ? autonaming.getProposedName() || undefined : undefined,
    autonamingDisabled: autonaming?.getMode() === modes.DISABLE,
  };
}

/** The typed arguments when the engine sends them, else the legacy `docker:config:<key>` string variables. */
function configureArguments(request: Request): Inputs {
  const args = request.getArgs?.();
  if (args) return args.toJavaScript();
  const variables: Inputs = {};
  request.getVariablesMap().forEach((value: string, key: string) => {
    variables[key.replace(/^docker:config:/, "")] = value;
  });
  return variables;
}
