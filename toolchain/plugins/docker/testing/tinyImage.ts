// A 2 MB image for exercising the docker provider stand-in in tests: Debian's static busybox imported as a rootfs
// (≈0.3 s), so the tests need neither a registry nor the project's large images. (It lives here, beside the plugin,
// because the tests of the stand-in are its only users.)
import { spawn } from "child_process";
import Docker from "dockerode";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const busyboxPath = "/bin/busybox";
const applets = ["sh", "sleep", "true", "false", "echo", "cat"];

/** Imports busybox as `reference` (repo:tag) with `labels`; needs Debian's busybox-static. */
export async function importTinyImage(docker: Docker, reference: string, labels: Record<string, string>): Promise<void> {
  if (!fs.existsSync(busyboxPath)) {
    throw new Error(`${busyboxPath} is missing; install Debian's busybox-static (apt-get install -y busybox-static) to build the test image.`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tiny-rootfs-"));
  try {
    fs.mkdirSync(path.join(root, "bin"));
    fs.copyFileSync(busyboxPath, path.join(root, "bin", "busybox"));
    fs.chmodSync(path.join(root, "bin", "busybox"), 0o755);
    for (const applet of applets) fs.symlinkSync("busybox", path.join(root, "bin", applet));
    const tar = spawn("tar", ["-C", root, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
    const [repo, tag] = reference.split(":");
    const changes = [...Object.entries(labels).map(([key, value]) => `LABEL ${key}=${value}`), 'CMD ["sh"]'];
    const stream = await docker.importImage(tar.stdout, { repo, tag, changes });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve())));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
