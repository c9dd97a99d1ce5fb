import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultPassphrase, shellExports, toolchainEnv, usesRealPlugins } from "../../../toolchain/env";
import { LAUNCHER_MARKER } from "../../../toolchain/steps/enginePlugins";
import { cacheDir, repoRoot, standInBinDir } from "../../../toolchain/paths";

describe("toolchainEnv", () => {
  const emptyPulumiHome = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-home-"));
  const base = { PATH: "/usr/bin:/bin", HOME: "/home/dev", PULUMI_HOME: emptyPulumiHome };

  test("puts the cached binaries first on PATH, once, and no plugin: the engine finds those in its plugin cache", () => {
    const env = toolchainEnv({ ...base, CDC_KAFKA_CACHE: "/cache" });
    expect(env.PATH.split(":")).toEqual(["/cache/bin", "/usr/local/go/bin", "/usr/bin", "/bin"]);
    expect(toolchainEnv({ ...base, CDC_KAFKA_CACHE: "/cache", PATH: env.PATH }).PATH).toBe(env.PATH);
    expect(env.CDC_KAFKA_ROOT).toBe(repoRoot);
  });

  test("CDC_KAFKA_PLUGINS_ON_PATH=1 adds the stand-ins, unless the real docker plugin is installed", () => {
    const onPath = { ...base, CDC_KAFKA_CACHE: "/cache", CDC_KAFKA_PLUGINS_ON_PATH: "1" };
    expect(toolchainEnv(onPath).PATH.split(":")[0]).toBe(standInBinDir);
    const dockerDir = path.join(emptyPulumiHome, "plugins", "resource-docker-v5.2.0");
    fs.mkdirSync(dockerDir, { recursive: true });
    fs.writeFileSync(path.join(dockerDir, "pulumi-resource-docker"), `#!/bin/sh\n# ${LAUNCHER_MARKER}\n`);
    expect(usesRealPlugins(base)).toBe(false);
    fs.writeFileSync(path.join(dockerDir, "pulumi-resource-docker"), "\x7fELF the real provider");
    expect(usesRealPlugins(base)).toBe(true);
    expect(toolchainEnv(onPath).PATH.split(":")).not.toContain(standInBinDir);
    fs.rmSync(path.join(emptyPulumiHome, "plugins"), { recursive: true });
    expect(usesRealPlugins({ ...base, CDC_KAFKA_REAL_PLUGINS: "1" })).toBe(true);
  });

  test("a file backend in the clone, no update check, no plugin download", () => {
    expect(toolchainEnv(base)).toEqual(
      expect.objectContaining({
        PULUMI_BACKEND_URL: `file://${path.join(repoRoot, ".pulumi")}`,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_CONFIG_PASSPHRASE: defaultPassphrase,
      }),
    );
  });

  test("the user's own backend and passphrase win", () => {
    const env = toolchainEnv({ ...base, PULUMI_BACKEND_URL: "s3://bucket", PULUMI_CONFIG_PASSPHRASE: "" });
    expect(env.PULUMI_BACKEND_URL).toBe("s3://bucket");
    expect(env).not.toHaveProperty("PULUMI_CONFIG_PASSPHRASE");
    expect(toolchainEnv({ ...base, PULUMI_CONFIG_PASSPHRASE_FILE: "/run/pass" })).not.toHaveProperty("PULUMI_CONFIG_PASSPHRASE");
  });

  test("the cache defaults to ~/.cache and follows XDG_CACHE_HOME and CDC_KAFKA_CACHE", () => {
    expect(cacheDir({ HOME: "/h" })).toBe(path.join(os.homedir(), ".cache", "cdc-kafka-toolchain"));
    expect(cacheDir({ XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/cdc-kafka-toolchain");
    expect(cacheDir({ CDC_KAFKA_CACHE: "/c", XDG_CACHE_HOME: "/xdg" })).toBe("/c");
  });

  test("shell exports quote values safely", () => {
    expect(shellExports({ A: "it's", B: "x y" })).toBe(`export A='it'\\''s'\nexport B='x y'`);
  });
});
