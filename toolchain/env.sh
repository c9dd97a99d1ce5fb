#!/usr/bin/env bash
# Prints the toolchain environment as shell exports: eval "$(bash toolchain/env.sh)"  (or: eval "$(npm run -s env)").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" # ts-node reads the tsconfig of the working directory
exec node -r "$root/node_modules/ts-node/register/transpile-only" "$root/toolchain/env.ts"
