#!/usr/bin/env bash
# Start the backend on http://127.0.0.1:8000 (CHAT_HOST / CHAT_PORT change that).
# Creates backend/venv and installs the pinned requirements the first time (and when they change).
set -euo pipefail
echo "Starting backend..."
cd "$(dirname "${BASH_SOURCE[0]}")/backend"
if [ ! -x venv/bin/python ]; then
  python3 -m venv venv
fi
stamp=venv/.requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$wanted" > "$stamp"
fi
exec venv/bin/python main.py
