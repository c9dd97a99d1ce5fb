// Entry point of pulumi-resource-docker, the offline stand-in for the Pulumi docker provider plugin (@pulumi/docker
// 5.2.0): the engine starts it with its address as argument; provider.main prints the port and serves the engine.
import * as provider from "@pulumi/pulumi/provider";
import { installEngineHooks } from "./engineHooks";
import { DockerProvider } from "./provider";

const dockerProvider = new DockerProvider();
installEngineHooks(dockerProvider);
provider.main(dockerProvider, process.argv.slice(2)).catch((error: Error) => {
  console.error(`pulumi-resource-docker: ${error.stack ?? error.message}`);
  process.exit(1);
});
