// docker-compose from Debian (1.29), only for the time-to-ready benchmark's compose arm (`setup --bench`): the tool a
// cp-all-in-one user would start the same broker with, timed beside `pulumi up`.
import { ensurePackages, missingPackages } from "./apt";
import { Step } from "./step";

const packages = ["docker-compose"];

export const composeStep: Step = {
  name: "docker-compose",
  async check() {
    return (await missingPackages(packages)).length === 0 ? `${packages.join(", ")} present` : undefined;
  },
  build: (context, log) => ensurePackages(packages, log, context.env),
};
