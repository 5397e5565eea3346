#!/usr/bin/env bash
# The one test command: installs what the tests need, then runs every check and suite.
# Usage: tests/run.sh [extra pytest args]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/tests/.venv"
PYTHON="${PYTHON:-python3}"

step() { printf '\n==> %s\n' "$*"; }

step "Python environment ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r backend/requirements.txt -r tests/requirements.txt

step "Lint: ruff"
"$VENV/bin/ruff" check backend tests bench
"$VENV/bin/ruff" format --check backend tests bench

step "Backend tests: pytest"
"$VENV/bin/python" -m pytest "$@"
