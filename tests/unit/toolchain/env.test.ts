import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultPassphrase, shellExports, toolchainEnv } from "../../../toolchain/env";
import { cacheDir, repoRoot, standInBinDir } from "../../../toolchain/paths";

describe("toolchainEnv", () => {
  const emptyPulumiHome = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-home-"));
  const base = { PATH: "/usr/bin:/bin", HOME: "/home/dev", PULUMI_HOME: emptyPulumiHome };

  test("puts the stand-ins and the cached binaries first on PATH, once", () => {
    const env = toolchainEnv({ ...base, CDC_KAFKA_CACHE: "/cache" });
    expect(env.PATH.split(":")).toEqual([standInBinDir, "/cache/bin", "/usr/local/go/bin", "/usr/bin", "/bin"]);
    expect(toolchainEnv({ ...base, CDC_KAFKA_CACHE: "/cache", PATH: env.PATH }).PATH).toBe(env.PATH);
  });

  test("keeps the stand-ins off PATH where the real docker plugin is installed", () => {
    fs.mkdirSync(path.join(emptyPulumiHome, "plugins", "resource-docker-v5.2.0"), { recursive: true });
    expect(toolchainEnv(base).PATH.split(":")).not.toContain(standInBinDir);
    fs.rmSync(path.join(emptyPulumiHome, "plugins"), { recursive: true });
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
