// Entry point of the offline pulumi-language-nodejs stand-in (toolchain/bin/pulumi-language-nodejs runs it): compiles
// the host's own TypeScript with ts-node (transpile only, scoped to this directory) and starts it.
"use strict";
require("ts-node").register({
    transpileOnly: true,
    skipProject: true,
    scope: true,
    scopeDir: __dirname,
    compilerOptions: { module: "commonjs", target: "ES2022", esModuleInterop: true },
});
require("./host").main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
