#!/usr/bin/env bash
# The one test command: installs what the tests need, then runs every check and suite.
# Usage: tests/run.sh [extra pytest args]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/tests/.venv"
PYTHON="${PYTHON:-python3}"
ARTIFACTS="$ROOT/tests/artifacts"
mkdir -p "$ARTIFACTS"

step() { printf '\n==> %s\n' "$*"; }

step "Python environment ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r backend/requirements.txt -r tests/requirements.txt

step "Frontend packages (npm ci)"
(cd frontend && npm ci --no-audit --no-fund --loglevel=error)

step "Lint: ruff, ESLint"
"$VENV/bin/ruff" check backend tests bench
"$VENV/bin/ruff" format --check backend tests bench
(cd frontend && npx eslint . --max-warnings=0)

step "Frontend tests: Vitest"
(cd frontend && npx vitest run --reporter=dot) 2>&1 | tee "$ARTIFACTS/vitest.log"

step "Frontend build"
(cd frontend && npx vite build) 2>&1 | tee "$ARTIFACTS/build.log"

step "Backend tests: pytest"
"$VENV/bin/python" -m pytest "$@" 2>&1 | tee "$ARTIFACTS/pytest.log"
