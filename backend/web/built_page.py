"""The production build of the page (frontend/dist) as the backend serves it.

- `/` for a browser: index.html, never cached (a new release is picked up on the next load),
  with the build's Content-Security-Policy as a header (plus what a <meta> policy cannot say:
  frame-ancestors) and nosniff.
- `/assets/…`: files whose names carry their content's hash, cached for a year as immutable.
- Other files at the build's top level (the web app manifest, the service worker, icons, the
  favicon): by name, revalidated on every use, so a new service worker is found at once.
Files are served by Starlette (FileResponse, StaticFiles); a path can never leave the build.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
TOP_LEVEL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class BuildMissing(Exception):
    """CHAT_WEB_DIR names no built page."""


class HashedAssets(StaticFiles):
    async def get_response(self, path, scope):
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = IMMUTABLE
        return response


class BuiltPage:
    def __init__(self, folder: str) -> None:
        self.root = Path(folder).expanduser().resolve()
        self.index = self.root / "index.html"
        if not self.index.is_file():
            raise BuildMissing(
                f"CHAT_WEB_DIR={folder} has no index.html: build the page first (cd frontend && npx vite build), "
                "or start with ./start.sh --serve, which builds it."
            )
        built = META_POLICY.search(self.index.read_text(encoding="utf-8"))
        policy = html.unescape(built.group(1)) if built else "default-src 'self'"
        self.page_headers = {
            "Content-Security-Policy": f"{policy}; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": REVALIDATE,
        }

    def index_response(self) -> FileResponse:
        return FileResponse(self.index, media_type="text/html", headers=self.page_headers)

    def top_level_file(self, name: str) -> FileResponse:
        if name == "index.html":  # the service worker precaches the shell by this name
            return self.index_response()
        path = self.root / name
        if not TOP_LEVEL_NAME.match(name) or not path.is_file():
            raise HTTPException(404, "Not Found")
        return FileResponse(path, headers={"Cache-Control": REVALIDATE, "X-Content-Type-Options": "nosniff"})

    def install(self, app: FastAPI) -> None:
        """After the API's routes: `/` stays the API's (it asks us for HTML when a browser wants it)."""
        if (self.root / "assets").is_dir():
            app.mount("/assets", HashedAssets(directory=self.root / "assets"), name="assets")
        app.add_api_route("/{name}", self.top_level_file, methods=["GET", "HEAD"], include_in_schema=False)
