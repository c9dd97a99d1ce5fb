// `node -r ./toolchain/register.js file.ts`: the npm scripts' TypeScript runner (see transpile.js).
"use strict";
const { register, inRepository } = require("./transpile");

// Stack traces point at .ts lines, as under ts-node (costs ~0.1 s: Node then reads every loaded module's source map).
process.setSourceMapsEnabled(true);
register(inRepository);
