#!/usr/bin/env bash
# Build the page for the backend to serve on its own port (./start.sh --serve): frontend/dist,
# calling the API on the page's own origin, so one build works on any address it is reached by.
# Builds only when the page's sources changed since the last build (a digest of them is kept in
# frontend/dist/.sources.sha256); installs frontend/node_modules first when needed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
./start-frontend.sh --install-only
cd frontend
digest=$(
  {
    find src public -type f -not -name '*.test.*' -print0 | sort -z | xargs -0 sha256sum
    sha256sum index.html package-lock.json vite.config.js tailwind.config.js postcss.config.js
  } | sha256sum | cut -d' ' -f1
)
stamp=dist/.sources.sha256
if [ -f dist/index.html ] && [ "$(cat "$stamp" 2>/dev/null)" = "$digest" ]; then
  echo "The page in frontend/dist is up to date."
  exit 0
fi
echo "Building the page (frontend/dist)..."
VITE_API_BASE_URL=/ npx vite build --outDir dist --emptyOutDir
echo "$digest" > "$stamp"
