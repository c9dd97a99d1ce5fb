#!/usr/bin/env bash
# Runs a command inside the toolchain environment (built binaries and stand-ins on PATH, Pulumi file backend).
set -euo pipefail
eval "$(bash "$(dirname "${BASH_SOURCE[0]}")/env.sh")"
exec "$@"
