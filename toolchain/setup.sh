#!/usr/bin/env bash
# Builds (cold) or checks (warm) the offline toolchain: Docker engine, Pulumi CLI, kafka plugin, local images.
# Usage: bash toolchain/setup.sh [--pipeline | --test | --bench | --kubernetes]   (--pipeline adds the pipeline
# example's Postgres and Connect images; --test adds everything the test suite needs: every image, Chromium, the local
# Kubernetes control plane; --bench what `npm run bench` needs: the pipeline's images and docker-compose; --kubernetes
# the local Kubernetes control plane and the Kubernetes provider plugin)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# node_modules first: the orchestrator is TypeScript (run through toolchain/register.js's transpile cache), and the
# stand-in plugins run from it.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "… npm-dependencies  npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node -r "$root/toolchain/register.js" "$root/toolchain/setup.ts" "$@"
