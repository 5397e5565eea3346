#!/usr/bin/env bash
# Start the whole app with one command: the backend, then the frontend. Ctrl+C stops everything;
# so does either of them stopping on its own (its last lines say why).
#
# ./start.sh --serve [--host ADDR] [--port N] builds the page once (again only when its sources
# change: build-page.sh) and serves everything from the backend on one port (default 8000):
# the way to reach it from a phone or another computer. A network address (--host 0.0.0.0)
# needs accounts: create the first with
#   cd backend && venv/bin/python -m manage add-user NAME --admin
# (README, "From other devices").
#
# Conversations are kept in ~/.client-chat/chat.db (CHAT_DB names another file or database).
# Options:
#   --memory              keep conversations in memory only: they are gone when the backend stops
#   --stand-in            also start the bundled LM Studio stand-in (no LM Studio needed)
#   --stand-in-port N     the stand-in's port (default 1234; LM_STUDIO_URL follows it)
#   --serve               one port: the backend serves the built page (--host/--port are the backend's)
# Other arguments go to the frontend dev server (e.g. --port 5174, --host 127.0.0.1).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

use_stand_in=false
serve=false
stand_in_port=1234
in_memory=false
frontend_args=()
frontend_host=localhost
frontend_port=5173
previous=""
for arg in "$@"; do
  case "$previous" in
    --stand-in-port) stand_in_port="$arg"; previous=""; continue ;;
  esac
  case "$arg" in
    --stand-in) use_stand_in=true ;;
    --stand-in-port) ;;
    --stand-in-port=*) stand_in_port="${arg#--stand-in-port=}" ;;
    --memory) in_memory=true ;;
    --serve) serve=true ;;
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
if $serve; then
  # One port: --host and --port are the backend's (the defaults, as for the backend alone).
  for arg in "${frontend_args[@]+"${frontend_args[@]}"}"; do
    case "$arg" in
      --port|--port=*|--host|--host=*) ;;
      -*) echo "./start.sh --serve does not take $arg (only --host, --port, --memory, --stand-in)." >&2; exit 2 ;;
    esac
  done
  [ "$frontend_port" != 5173 ] && export CHAT_PORT="$frontend_port"
  [ "$frontend_host" != localhost ] && export CHAT_HOST="$frontend_host"
fi
backend_host="${CHAT_HOST:-127.0.0.1}"
backend_port="${CHAT_PORT:-8000}"

# Where conversations are kept: CHAT_DB when it is set (empty: in memory), else a file in the
# home folder, so that a restart keeps them.
if $in_memory; then
  export CHAT_DB=""
elif [ -z "${CHAT_DB+set}" ]; then
  export CHAT_DB="$HOME/.client-chat/chat.db"
fi
# A URL's password is not printed.
without_password() { printf '%s' "$1" | sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#'; }
if [ -n "$CHAT_DB" ]; then
  echo "Conversations are kept in $(without_password "$CHAT_DB") (./start.sh --memory keeps them in memory only)."
else
  echo "Conversations are kept in memory only: they are gone when the backend stops."
fi
if [ -n "${CHAT_REDIS_URL:-}" ]; then
  echo "Replies in progress are shared with the other backends through Redis at $(without_password "$CHAT_REDIS_URL") (docs/deploy.md)."
fi

# A port another program holds would stop one part while the others run on: check them all first.
port_is_free() {
  python3 - "$1" "$2" <<'PY'
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
try:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
except OSError:
    sys.exit(1)
PY
}
busy() {
  echo "Port $2 is already in use by another program, so $1 cannot start there." >&2
  echo "Stop that program, or $3." >&2
  exit 1
}
port_is_free "$backend_host" "$backend_port" || busy "the backend" "$backend_port" "choose another port: CHAT_PORT=8001 ./start.sh"
if ! $serve; then
  port_is_free 127.0.0.1 "$frontend_port" || busy "the frontend" "$frontend_port" "choose another port: ./start.sh --port 5174"
fi
if $use_stand_in; then
  port_is_free 127.0.0.1 "$stand_in_port" \
    || busy "the LM Studio stand-in" "$stand_in_port" "choose another port: ./start.sh --stand-in --stand-in-port 1235"
  export LM_STUDIO_URL="http://localhost:${stand_in_port}/v1"
fi

# The backend answers only pages from origins it knows: the frontend's, wherever it runs.
origins="http://localhost:${frontend_port},http://127.0.0.1:${frontend_port}"
case "$frontend_host" in
  localhost|127.0.0.1) ;;
  *) origins="${origins},${frontend_url}" ;;
esac
export CHAT_CORS_ORIGINS="${CHAT_CORS_ORIGINS:+${CHAT_CORS_ORIGINS},}${origins}"
# The frontend must call the backend where it really listens.
if [ -z "${VITE_API_BASE_URL:-}" ]; then
  export VITE_API_BASE_URL="http://localhost:${backend_port}"
fi

pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

./start-backend.sh --install-only
if $serve; then
  ./build-page.sh
  export CHAT_WEB_DIR="$PWD/frontend/dist"
fi
if $use_stand_in; then
  backend/venv/bin/python tests/fake_lmstudio.py --port "$stand_in_port" &
  pids+=($!)
fi

./start-backend.sh &
backend_pid=$!
pids+=("$backend_pid")
# The frontend starts once the backend answers, so the page never opens onto a backend that is
# still starting, or one that could not start.
case "$backend_host" in
  0.0.0.0) ready_host=127.0.0.1 ;;
  ::) ready_host="[::1]" ;;
  *:*) ready_host="[$backend_host]" ;;
  *) ready_host="$backend_host" ;;
esac
until python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" \
  "http://${ready_host}:${backend_port}/" 2>/dev/null; do
  if ! kill -0 "$backend_pid" 2>/dev/null; then
    echo "The backend did not start (its last lines above say why); nothing else was started." >&2
    exit 1
  fi
  sleep 0.2
done

if $serve; then
  case "$backend_host" in
    0.0.0.0|::) where="http://localhost:${backend_port} here, or this machine's address on your network" ;;
    *:*) where="http://[${backend_host}]:${backend_port}" ;;
    *) where="http://${backend_host}:${backend_port}" ;;
  esac
  echo "Open ${where} (Ctrl+C stops everything)."
else
  echo "Open ${frontend_url} once both are up (Ctrl+C stops everything)."
  ./start-frontend.sh ${frontend_args[@]+"${frontend_args[@]}"} &
  pids+=($!)
fi

# Whichever stops first (Ctrl+C, a crash) takes the others with it.
set +e
wait -n "${pids[@]}"
status=$?
exit "$status"
