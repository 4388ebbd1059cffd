#!/usr/bin/env bash
# PouchDB replication baseline (see README.md): installs the pinned packages, then runs bench.mjs.
#   bash benchmarks/pouchdb/run.sh [--docs 5000] [--changed 50] [--push 1000] [--rounds 3]
set -euo pipefail
cd "$(dirname "$0")"
# Install only when node_modules is missing or older than the lock file. --ignore-scripts: no package
# here needs one (leveldown loads the prebuilt N-API binary it ships, through node-gyp-build, at
# require time); it keeps npm from compiling sqlite3, which pouchdb-server pulls in for its unused
# --sqlite option, and from trying to download anything.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts >&2
fi
exec node bench.mjs "$@"
