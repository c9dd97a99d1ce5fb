// Headless Chromium (Debian's package) driven by playwright-core, for the console's page tests here and in the
// integration suite; no browser download is possible on these machines, so the system binary is used.
import * as fs from "fs";
import { Browser, chromium } from "playwright-core";

/** Debian's `chromium` package; CHROMIUM_PATH overrides it for other layouts. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Flags for a container-like machine: no sandbox (runs as root), no GPU, and none of the background traffic
 * (component updates, sync, QUIC probes) that would wait on an internet this machine does not have.
 */
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not at ${chromiumPath}; install Debian's package (apt-get install -y chromium, or npm run setup -- --test) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 30_000 });
}
