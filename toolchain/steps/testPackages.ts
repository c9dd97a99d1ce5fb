// Debian packages only the test suite needs (`setup --test`): Chromium for the UI's browser test, busybox-static for
// the tiny image the docker provider stand-in's tests run.
import { ensurePackages, missingPackages } from "./apt";
import { Step } from "./step";

const packages = ["chromium", "busybox-static"];

export const testPackagesStep: Step = {
  name: "test-packages",
  async check() {
    return (await missingPackages(packages)).length === 0 ? `${packages.join(", ")} present` : undefined;
  },
  build: (context, log) => ensurePackages(packages, log, context.env),
};
