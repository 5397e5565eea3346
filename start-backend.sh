#!/usr/bin/env bash
# Start the backend on http://127.0.0.1:8000 (CHAT_HOST / CHAT_PORT change that).
# Creates backend/venv and installs the pinned requirements the first time (and when they change).
#   --install-only   prepare backend/venv and exit (start.sh uses it before starting the stand-in)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/backend"
if [ ! -x venv/bin/python ]; then
  python3 -m venv venv
fi
stamp=venv/.requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing the backend's packages into backend/venv..."
  venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$wanted" > "$stamp"
fi
[ "${1:-}" = "--install-only" ] && exit 0
echo "Starting backend..."
exec venv/bin/python main.py
