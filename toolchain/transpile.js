// This repository's TypeScript run without a type check (what ts-node --transpile-only does), each file's JavaScript
// cached by content hash in the toolchain cache, so only a changed file loads the TypeScript compiler. Measured on 2
// shared cores: loading ops/up.ts and the stack program took 2.2 s with ts-node and 0.6 s from the cache; setup's warm
// check 0.9 s and 0.25 s; the language host stand-in printed its port after ~0.7 s instead of ~0.15 s. Types are
// checked by `npm run typecheck` (tsc), not here. Plain JavaScript, so that nothing needs compiling to load it.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

// tsconfig.json's emit settings; inline source maps let register.js keep stack traces on .ts lines.
const compilerOptions = { module: "commonjs", target: "es2022", esModuleInterop: true, inlineSourceMap: true };
const cacheRoot = path.join(
  process.env.CDC_KAFKA_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "cdc-kafka-toolchain"),
  "transpiled",
);

/** The JavaScript of the TypeScript file `filename`, from the cache or transpiled (and cached) now. */
function transpiled(filename) {
  const source = fs.readFileSync(filename, "utf8");
  const typescriptVersion = require("typescript/package.json").version;
  const key = crypto.createHash("sha256").update(`${typescriptVersion}\0${JSON.stringify(compilerOptions)}\0${filename}\0${source}`);
  const cached = path.join(cacheRoot, `${key.digest("hex")}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // Not cached yet.
  }
  const ts = require("typescript");
  const { outputText } = ts.transpileModule(source, { fileName: filename, compilerOptions });
  try {
    // Written under a unique name and renamed, so concurrent processes never read half a file.
    fs.mkdirSync(cacheRoot, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, outputText);
    fs.renameSync(partial, cached);
  } catch {
    // An unwritable cache only costs the next start the transpile again.
  }
  return outputText;
}

/** Loads the .ts files `accepts` takes through the cache; any other goes to Node's own loader. */
function register(accepts) {
  const nodeLoader = require.extensions[".js"];
  require.extensions[".ts"] = function loadTypeScript(module, filename) {
    if (!accepts(filename)) return nodeLoader(module, filename);
    module._compile(transpiled(filename), filename);
  };
}

/** The repository's own .ts files: under its root, outside node_modules. */
function inRepository(filename) {
  const root = path.resolve(__dirname, "..") + path.sep;
  return filename.startsWith(root) && !filename.includes(`${path.sep}node_modules${path.sep}`);
}

module.exports = { transpiled, register, inRepository };
