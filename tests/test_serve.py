"""The backend serving the built page on its own port (SPEC §13, `./start.sh --serve`): `/` is the
app for a browser and the seed's JSON for everyone else; hashed assets are cached for a year,
the page and its service worker never; the build's Content-Security-Policy is a header; nothing
outside the build can be reached; a missing build stops start-up with a sentence."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from support import BACKEND_DIR

sys.path.insert(0, str(BACKEND_DIR))
from web.negotiation import prefers_html  # noqa: E402

CHROME_NAVIGATION = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
POLICY = "default-src 'self'; script-src 'self'; connect-src 'self'"


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (CHROME_NAVIGATION, True),
        ("text/html", True),
        ("*/*", False),  # curl, fetch()
        (None, False),
        ("", False),
        ("application/json", False),
        ("application/json, text/html;q=0.5", False),
        ("text/html;q=0", False),
        ("text/html;q=0.5, application/json;q=0.4", True),
        ("text/html;q=nonsense", False),
    ],
)
def test_only_a_request_preferring_html_gets_the_page(accept, html):
    assert prefers_html(accept) is html


@pytest.fixture
def built(tmp_path):
    """A build as Vite lays one out, small enough to read: the page with its policy, a hashed
    asset, the service worker and the manifest."""
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    policy = POLICY.replace("'", "&#39;")
    (dist / "index.html").write_text(
        f'<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<link rel="manifest" href="/manifest.webmanifest"></head><body><div id="root"></div></body></html>'
    )
    (dist / "assets" / "index-Ab12Cd34.js").write_text("console.log('app')")
    (dist / "sw.js").write_text("self.addEventListener('install', () => {})")
    (dist / "manifest.webmanifest").write_text('{"name": "Chat AI"}')
    (tmp_path / "secret.txt").write_text("outside the build")
    return dist


def test_one_port_serves_the_app_to_browsers_and_the_api_to_everyone(start_backend, built):
    backend = start_backend(CHAT_WEB_DIR=str(built))
    http = backend.http
    assert http.get("/").json() == {"status": "Chat API is running"}
    assert http.get("/", headers={"Accept": "application/json"}).json() == {"status": "Chat API is running"}
    page = http.get("/", headers={"Accept": CHROME_NAVIGATION})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<div id="root">' in page.text
    assert page.headers["content-security-policy"] == f"{POLICY}; frame-ancestors 'none'"
    assert page.headers["cache-control"] == "no-cache" and page.headers["x-content-type-options"] == "nosniff"
    # One URL, two answers by Accept: caches between must keep them apart.
    for answer in (page, http.get("/")):
        assert "Accept" in [name.strip() for name in answer.headers["vary"].split(",")]
    asset = http.get("/assets/index-Ab12Cd34.js")
    assert asset.text == "console.log('app')"
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    for name in ("sw.js", "manifest.webmanifest", "index.html"):
        answer = http.get(f"/{name}")
        assert answer.status_code == 200 and answer.headers["cache-control"] == "no-cache", name
    assert http.get("/api/health").json()["status"] == "ok"
    assert http.get("/api/conversations").status_code == 200
    for escape in (
        "/..%2fsecret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/nothing.js",
    ):
        answer = http.get(escape)
        assert answer.status_code == 404 and "outside the build" not in answer.text, escape
    assert http.post("/sw.js").status_code == 405


def test_without_a_build_the_backend_says_how_to_make_one(tmp_path):
    done = subprocess.run(
        [sys.executable, "main.py"],
        cwd=BACKEND_DIR,
        env={**os.environ, "CHAT_WEB_DIR": str(tmp_path / "nothing"), "CHAT_PORT": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "has no index.html" in done.stderr and "./start.sh --serve" in done.stderr
