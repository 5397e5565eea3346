#!/usr/bin/env bash
# Start the frontend dev server on http://localhost:5173.
# Installs frontend/node_modules from package-lock.json the first time (and when the lock changes).
#   --install-only   install and exit (start.sh --serve uses it before building the page)
set -euo pipefail
echo "Starting frontend..."
cd "$(dirname "${BASH_SOURCE[0]}")/frontend"
stamp=node_modules/.package-lock.sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  npm ci --no-audit --no-fund
  echo "$wanted" > "$stamp"
fi
[ "${1:-}" = "--install-only" ] && exit 0
exec npm run dev -- "$@"
