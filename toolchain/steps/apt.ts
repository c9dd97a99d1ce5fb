// Debian packages the toolchain needs (docker.io, debootstrap, chromium), installed only when missing.
import { mustRun, succeeds } from "./run";

export async function missingPackages(packages: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of packages) {
    const query = `dpkg-query -W -f='\${Status}' ${name} 2>/dev/null | grep -q 'install ok installed'`;
    if (!(await succeeds("sh", ["-c", query]))) missing.push(name);
  }
  return missing;
}

/** apt-get holds dpkg's lock while it runs, so installs from parallel setup lanes take turns instead of failing. */
let aptTurn: Promise<unknown> = Promise.resolve();

export function installPackages(packages: string[], log: string, env: NodeJS.ProcessEnv): Promise<void> {
  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  const install = aptTurn.catch(() => undefined).then(async () => {
    await mustRun("apt-get", ["update", "-q"], { log, env: aptEnv });
    await mustRun("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...packages], { log, env: aptEnv });
  });
  aptTurn = install;
  return install;
}

/** A step body: installs what is missing of `packages`, or says they are all there. */
export async function ensurePackages(packages: string[], log: string, env: NodeJS.ProcessEnv): Promise<string> {
  const missing = await missingPackages(packages);
  if (missing.length > 0) await installPackages(missing, log, env);
  return missing.length > 0 ? `installed ${missing.join(", ")}` : `${packages.join(", ")} present`;
}
