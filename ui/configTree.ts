// Settings from files (Spring Boot's config trees, which kafbat reads through SPRING_CONFIG_IMPORT), so secrets such as
// the login password or the JAAS line need not be in the container's environment. Each file's path under the tree is
// a property name ("spring.security.user.password", or spring/security/user/password), its content the value; the
// console reads them under the environment-variable names of the same properties, below the real environment.
import * as fs from "fs";
import * as path from "path";
import type { Env } from "./config";

/** One `configtree:` entry of SPRING_CONFIG_IMPORT. */
export interface ConfigTreeLocation {
  directory: string;
  /** `optional:`: a missing directory is skipped instead of refused. */
  optional: boolean;
}

/** The config trees SPRING_CONFIG_IMPORT names, in order; other kinds of import are refused with a sentence. */
export function configTreeLocations(importValue: string | undefined): ConfigTreeLocation[] {
  const entries = (importValue ?? "").split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  return entries.map((entry) => {
    const optional = entry.startsWith("optional:");
    const location = optional ? entry.slice("optional:".length) : entry;
    if (!location.startsWith("configtree:")) {
      throw new Error(`SPRING_CONFIG_IMPORT entry "${entry}" is not read by this console, which reads only configtree: locations; use optional:configtree:/<directory>/ or run kafbat's image.`);
    }
    const directory = location.slice("configtree:".length);
    if (!path.isAbsolute(directory) || directory.includes("*")) {
      throw new Error(`SPRING_CONFIG_IMPORT entry "${entry}" needs an absolute directory without wildcards, e.g. optional:configtree:/etc/kafka-ui-secrets/.`);
    }
    return { directory, optional };
  });
}

/**
 * The environment-variable name Spring's relaxed binding gives a property: `kafka.clusters[0].kafka-connect[0].password`
 * (or `kafka.clusters.0.kafkaConnect.0.password`) is KAFKA_CLUSTERS_0_KAFKACONNECT_0_PASSWORD.
 */
export function environmentName(property: string): string {
  return property.replace(/\[/g, ".").replace(/\]/g, "").replace(/-/g, "").replace(/\./g, "_").toUpperCase();
}

/**
 * Spring's config-tree import trims one trailing line break from a single-line file (AUTO_TRIM_TRAILING_NEW_LINE), so
 * `echo secret > file` gives "secret"; a file of several lines is taken as it is.
 */
export function configTreeValue(content: string): string {
  if (!content.endsWith("\n") || content.indexOf("\n") !== content.length - 1) return content;
  return content.endsWith("\r\n") ? content.slice(0, -2) : content.slice(0, -1);
}

/** The property files under `directory`, as Spring finds them: relative paths joined by ".", hidden ("..x") paths skipped. */
export function readConfigTree(directory: string): Record<string, string> {
  const properties: Record<string, string> = {};
  const walk = (relative: string[]): void => {
    for (const entry of fs.readdirSync(path.join(directory, ...relative))) {
      // Kubernetes keeps its atomic-update machinery in ..data and ..<timestamp>; Spring skips them.
      if (entry.startsWith("..")) continue;
      const parts = [...relative, entry];
      const stat = fs.statSync(path.join(directory, ...parts)); // follows symlinks, as Spring does
      if (stat.isDirectory()) walk(parts);
      else if (stat.isFile()) properties[parts.join(".")] = configTreeValue(fs.readFileSync(path.join(directory, ...parts), "utf8"));
    }
  };
  walk([]);
  return properties;
}

/**
 * The environment the console reads: the config trees named by SPRING_CONFIG_IMPORT under their variable names, with
 * the real environment over them (in Spring, OS environment variables take precedence over imported config data), and
 * later trees over earlier ones.
 */
export function withConfigTrees(env: Env, read: (directory: string) => Record<string, string> = readConfigTree): Env {
  const fromFiles: Env = {};
  for (const { directory, optional } of configTreeLocations(env.SPRING_CONFIG_IMPORT)) {
    if (!fs.existsSync(directory)) {
      if (optional) continue;
      throw new Error(`The config tree ${directory} named in SPRING_CONFIG_IMPORT does not exist; create it, or mark it optional: in SPRING_CONFIG_IMPORT.`);
    }
    for (const [property, value] of Object.entries(read(directory))) fromFiles[environmentName(property)] = value;
  }
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
  return { ...fromFiles, ...given };
}
