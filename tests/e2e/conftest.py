"""Browser fixtures: the built frontend (vite preview) and the dev server, a headless Chromium,
and a page that fails its test on any console error and saves evidence when a test fails."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ARTIFACTS, LOGS, backend_env
from playwright.sync_api import sync_playwright

from support import ROOT, Backend, ServerProcess, StandIn, free_port

FRONTEND = ROOT / "frontend"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
E2E_ARTIFACTS = ARTIFACTS / "e2e"


class Frontend:
    """The frontend served on a free port: the production build via vite preview, or vite dev."""

    def __init__(self, mode: str, backend_url: str, port: int, build_dir: Path | None = None) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{self.port}"
        env = {"VITE_API_BASE_URL": backend_url, "BROWSER": "none"}
        vite = str(FRONTEND / "node_modules" / ".bin" / "vite")
        args = [vite, "--host", "127.0.0.1", "--port", str(self.port), "--strictPort"]
        if mode == "preview":
            args = [vite, "preview", "--outDir", str(build_dir), *args[1:]]
        self.server = ServerProcess(f"vite-{mode}", args, cwd=FRONTEND, env=env, log_dir=LOGS)
        self.server.wait_until_ready(self.url, timeout_s=60)

    def stop(self) -> None:
        self.server.stop()


def build_frontend(backend_url: str, out_dir: Path) -> Path:
    """Vite bakes VITE_API_BASE_URL in at build time, so each backend port needs its own build."""
    vite = str(FRONTEND / "node_modules" / ".bin" / "vite")
    result = subprocess.run(
        [vite, "build", "--outDir", str(out_dir), "--emptyOutDir"],
        cwd=FRONTEND,
        env={**os.environ, "VITE_API_BASE_URL": backend_url},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out_dir


class App:
    """One complete system: stand-in, backend and frontend, each on its own free port."""

    def __init__(self, tmp: Path, mode: str = "preview", stand_in: StandIn | None = None, **backend_env_extra):
        self.owns_stand_in = stand_in is None
        self.stand_in = stand_in or StandIn(LOGS)
        frontend_port = free_port()
        origins = f"http://127.0.0.1:{frontend_port},http://localhost:{frontend_port}"
        self.backend = Backend(LOGS, backend_env(self.stand_in.url, CHAT_CORS_ORIGINS=origins, **backend_env_extra))
        build_dir = build_frontend(self.backend.url, tmp / "dist") if mode == "preview" else None
        self.frontend = Frontend(mode, self.backend.url, frontend_port, build_dir)
        self.url = self.frontend.url

    def stop(self) -> None:
        self.frontend.stop()
        self.backend.stop()
        if self.owns_stand_in:
            self.stand_in.stop()


# Module scope: the sync API keeps an event loop running while Playwright is up, and the
# backend tests that follow use asyncio.run().
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: tests/run.sh installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _safe_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)[-150:]


@pytest.fixture
def page(browser, request):
    """A fresh browser context; console errors fail the test; evidence is saved on failure."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    console: list[str] = []
    errors: list[str] = []

    def on_console(message):
        console.append(f"[{message.type}] {message.text}")
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    yield page
    failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
    if failed or errors:
        folder = E2E_ARTIFACTS / _safe_name(request.node.nodeid)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(folder / "screenshot.png"), full_page=True)
        except Exception as error:  # the page may be gone; the console log still matters
            console.append(f"(no screenshot: {error})")
        (folder / "console.log").write_text("\n".join(console) + "\n")
        print(f"\nbrowser evidence saved in {folder}")
    context.close()
    assert not errors, f"the browser console reported errors: {errors}"


@pytest.fixture(scope="module")
def app(stand_in_server, tmp_path_factory):
    """Stand-in + backend + the production build served by vite preview, shared by a module."""
    system = App(tmp_path_factory.mktemp("preview"), stand_in=stand_in_server)
    yield system
    system.stop()
