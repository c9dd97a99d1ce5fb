// Entry point of the offline pulumi-language-nodejs stand-in (toolchain/bin/pulumi-language-nodejs runs it). The
// host is TypeScript; its JavaScript comes from the toolchain's transpile cache (toolchain/transpile.js), because the
// CLI starts the host 2-3 times per command. (The program's own TypeScript is cmd/run's business, at Run.)
"use strict";
const path = require("path");
const { register } = require("../../transpile");

// Only this directory's .ts files. Anything else goes to Node's own loader, which is also what ts-node (registered for
// the program at Run, on top of this hook) calls after it has wrapped the module's _compile with its compiler.
register((filename) => path.dirname(filename) === __dirname);

require("./host").main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
