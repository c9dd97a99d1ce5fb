// Debian's Chromium, for the UI's browser test only (`setup --test`).
import { ensurePackages, missingPackages } from "./apt";
import { Step } from "./step";

const packages = ["chromium"];

export const browserStep: Step = {
  name: "chromium",
  async check() {
    return (await missingPackages(packages)).length === 0 ? "Debian chromium present" : undefined;
  },
  build: (context, log) => ensurePackages(packages, log, context.env),
};
