// Entry point of the offline pulumi-language-nodejs stand-in (toolchain/bin/pulumi-language-nodejs runs it). The
// host is TypeScript; its transpiled JavaScript is cached by content hash in the toolchain cache, because loading the
// TypeScript compiler on every start made the host print its port after ~0.7 s instead of ~0.15 s, and the CLI starts
// the host 2-3 times per command. (The program's own TypeScript still needs the compiler, at Run.)
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

const compilerOptions = { module: "commonjs", target: "es2022", esModuleInterop: true };
const cacheRoot = path.join(
  process.env.CDC_KAFKA_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "cdc-kafka-toolchain"),
  "language-nodejs",
);

function transpiled(filename) {
  const source = fs.readFileSync(filename, "utf8");
  const typescriptVersion = require("typescript/package.json").version;
  const key = crypto.createHash("sha256").update(`${typescriptVersion}\0${JSON.stringify(compilerOptions)}\0${source}`);
  const cached = path.join(cacheRoot, `${key.digest("hex")}.js`);
  if (fs.existsSync(cached)) {
    return fs.readFileSync(cached, "utf8");
  }
  const ts = require("typescript");
  const { outputText } = ts.transpileModule(source, { fileName: filename, compilerOptions });
  try {
    // Written under a unique name and renamed, so concurrent hosts never read half a file.
    fs.mkdirSync(cacheRoot, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, outputText);
    fs.renameSync(partial, cached);
  } catch {
    // An unwritable cache only costs the next start the compile again.
  }
  return outputText;
}

// Only this directory's .ts files. Anything else goes to Node's own loader, which is also what ts-node (registered for
// the program at Run, on top of this hook) calls after it has wrapped the module's _compile with its compiler.
const nodeLoader = require.extensions[".js"];
require.extensions[".ts"] = function loadHostTypeScript(module, filename) {
  if (path.dirname(filename) !== __dirname) {
    return nodeLoader(module, filename);
  }
  module._compile(transpiled(filename), filename);
};

require("./host").main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
