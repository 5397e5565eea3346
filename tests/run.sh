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

# One line at the end, whatever happened: what ran, what passed, where the evidence is.
summary() {
  local status=$?
  set +e
  local vitest pytest
  vitest=$(grep -aoE 'Tests +[0-9]+ (passed|failed)[^(]*' "$ARTIFACTS/vitest.log" 2>/dev/null | tail -1 | tr -s ' ')
  pytest=$(grep -aoE '[0-9]+ (passed|failed)[^=]* in [0-9.]+s' "$ARTIFACTS/pytest.log" 2>/dev/null | tail -1)
  echo
  [ -d "$ARTIFACTS/e2e" ] && echo "Browser test evidence (screenshots, console logs): $ARTIFACTS/e2e"
  [ -d "$ARTIFACTS/screenshots" ] && echo "Layout screenshots to look at (375 and 1280 px): $ARTIFACTS/screenshots"
  echo "Server logs: $ARTIFACTS/logs"
  local passed=0 failed=0 n kind log
  # Vitest's "Tests  2 failed | 70 passed (72)" line and pytest's closing line.
  for log in vitest pytest; do
    for kind in passed failed; do
      if [ "$log" = vitest ]; then
        n=$(grep -aE '^ *Tests ' "$ARTIFACTS/vitest.log" 2>/dev/null | tail -1 | grep -oE "[0-9]+ $kind" | grep -oE '[0-9]+')
      else
        n=$(grep -aE "[0-9]+ $kind" "$ARTIFACTS/pytest.log" 2>/dev/null | tail -1 | grep -oE "[0-9]+ $kind" | grep -oE '[0-9]+')
      fi
      [ "$kind" = passed ] && passed=$(( passed + ${n:-0} )) || failed=$(( failed + ${n:-0} ))
    done
  done
  if [ "$status" -eq 0 ]; then
    echo "SUMMARY: all checks passed — ruff, ESLint, build; Vitest: ${vitest:-?}; pytest (backend + browser): ${pytest:-?}"
  else
    echo "SUMMARY: FAILED (exit $status) — Vitest: ${vitest:-not run}; pytest: ${pytest:-not run}"
    [ "$failed" -gt 0 ] || failed=1  # a lint or build failure fails the run too
  fi
  echo "total: $passed passed, $failed failed"
}
trap summary EXIT

step "Python environment ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
# (Some machines' pip configuration names extra index folders that do not exist; pip warns
# once per package about them. Those lines are dropped; real errors still show.)
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r backend/requirements.txt -r tests/requirements.txt 2> >(grep -v "^WARNING: Location 'file:" >&2)

step "System packages: Debian's chromium (browser tests), postgresql (storage), redis-server and nginx (several backends)"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-noto-color-emoji)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  # The tests start throwaway servers of their own: the packages' own services (a default
  # PostgreSQL cluster, Redis on 6379, nginx on 80) are neither created nor started.
  $SUDO mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/client-chat-tests.conf >/dev/null
  policy=/usr/sbin/policy-rc.d
  made_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy" && made_policy=1
  fi
  installed=0
  $SUDO apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null || installed=$?
  [ -z "$made_policy" ] || $SUDO rm -f "$policy"
  [ "$installed" -eq 0 ] || exit "$installed"
fi
/usr/bin/chromium --version
"$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/postgres" --version
redis-server --version

step "Frontend packages (npm ci)"
(cd frontend && npm ci --no-audit --no-fund --loglevel=error)
# What start-frontend.sh checks before installing again (the browser test of ./start.sh --serve).
sha256sum frontend/package-lock.json | cut -d' ' -f1 > frontend/node_modules/.package-lock.sha256

step "The app's own environment (backend/venv, as ./start.sh makes it)"
./start-backend.sh --install-only

step "Lint: ruff, ESLint"
"$VENV/bin/ruff" check backend tests bench
"$VENV/bin/ruff" format --check backend tests bench
(cd frontend && npx eslint . --max-warnings=0)

step "Frontend tests: Vitest"
(cd frontend && NO_COLOR=1 npx vitest run --reporter=dot) 2>&1 | tee "$ARTIFACTS/vitest.log"

step "Frontend build"
(cd frontend && npx vite build) 2>&1 | tee "$ARTIFACTS/build.log"

step "Backend tests: pytest"
"$VENV/bin/python" -m pytest "$@" 2>&1 | tee "$ARTIFACTS/pytest.log"
