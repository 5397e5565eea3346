#!/usr/bin/env bash
# Start the whole app with one command: the backend in the background, the frontend in front.
# Ctrl+C stops both. Options:
#   --stand-in   also start the bundled LM Studio stand-in on port 1234 (no LM Studio needed)
# Other arguments go to the frontend dev server (e.g. --port 5174).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

use_stand_in=false
frontend_args=()
for arg in "$@"; do
  case "$arg" in
    --stand-in) use_stand_in=true ;;
    *) frontend_args+=("$arg") ;;
  esac
done

pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

if $use_stand_in; then
  python3 tests/fake_lmstudio.py --port 1234 &
  pids+=($!)
fi

./start-backend.sh &
pids+=($!)

# The frontend must call the backend where it really listens.
if [ -n "${CHAT_PORT:-}" ] && [ -z "${VITE_API_BASE_URL:-}" ]; then
  export VITE_API_BASE_URL="http://localhost:${CHAT_PORT}"
fi
echo "Open http://localhost:5173 once both are up (Ctrl+C stops everything)."
./start-frontend.sh ${frontend_args[@]+"${frontend_args[@]}"}
