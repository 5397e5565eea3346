#!/usr/bin/env bash
# Start the whole app with one command: the backend in the background, the frontend in front.
# Ctrl+C stops everything. Options:
#   --stand-in   also start the bundled LM Studio stand-in on port 1234 (no LM Studio needed)
# Other arguments go to the frontend dev server (e.g. --port 5174, --host 127.0.0.1).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

use_stand_in=false
frontend_args=()
frontend_host=localhost
frontend_port=5173
previous=""
for arg in "$@"; do
  case "$arg" in
    --stand-in) use_stand_in=true ;;
    --port=*) frontend_port="${arg#--port=}"; frontend_args+=("$arg") ;;
    --host=*) frontend_host="${arg#--host=}"; frontend_args+=("$arg") ;;
    *)
      case "$previous" in
        --port) frontend_port="$arg" ;;
        --host) frontend_host="$arg" ;;
      esac
      frontend_args+=("$arg")
      ;;
  esac
  previous="$arg"
done
frontend_url="http://${frontend_host}:${frontend_port}"

# The backend answers only pages from origins it knows: the frontend's, wherever it runs.
origins="http://localhost:${frontend_port},http://127.0.0.1:${frontend_port}"
case "$frontend_host" in
  localhost|127.0.0.1) ;;
  *) origins="${origins},${frontend_url}" ;;
esac
export CHAT_CORS_ORIGINS="${CHAT_CORS_ORIGINS:+${CHAT_CORS_ORIGINS},}${origins}"

pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

./start-backend.sh --install-only
if $use_stand_in; then
  backend/venv/bin/python tests/fake_lmstudio.py --port 1234 &
  pids+=($!)
fi

./start-backend.sh &
pids+=($!)

# The frontend must call the backend where it really listens.
if [ -n "${CHAT_PORT:-}" ] && [ -z "${VITE_API_BASE_URL:-}" ]; then
  export VITE_API_BASE_URL="http://localhost:${CHAT_PORT}"
fi
echo "Open ${frontend_url} once both are up (Ctrl+C stops everything)."
./start-frontend.sh ${frontend_args[@]+"${frontend_args[@]}"}
