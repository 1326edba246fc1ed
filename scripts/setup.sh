#!/usr/bin/env bash
# One command from a fresh clone to a running jobrisk:
#   environment -> install -> data (local mirror or official downloads) -> build catalog and models -> serve.
# Usage: bash scripts/setup.sh [--mirror DIR] [--data-dir DIR] [--host 127.0.0.1] [--port 8000] [--no-serve]
set -euo pipefail
cd "$(dirname "$0")/.."

mirror="${JOBRISK_MIRROR:-}"
host=127.0.0.1; port=8000; serve=1; data_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --mirror) mirror="$2"; shift 2 ;;
    --data-dir) data_args=(--data-dir "$2"); shift 2 ;;
    --host) host="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --no-serve) serve=0; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

bash scripts/env.sh
if [ -n "$mirror" ]; then
  .venv/bin/jobrisk "${data_args[@]}" data sync --mirror "$mirror"
else
  .venv/bin/jobrisk "${data_args[@]}" data sync
fi
.venv/bin/jobrisk "${data_args[@]}" build
.venv/bin/jobrisk "${data_args[@]}" data status
if [ "$serve" = 1 ]; then
  exec .venv/bin/jobrisk "${data_args[@]}" serve --host "$host" --port "$port"
fi
