"""Browser fixtures: the built frontend (vite preview) and the dev server, a headless Chromium,
and a page that fails its test on any console error and saves evidence when a test fails."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import sync_playwright

from e2e.system import CHROMIUM, CHROMIUM_ARGS, App
from support import ARTIFACTS

E2E_ARTIFACTS = ARTIFACTS / "e2e"


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
    # Reduced motion, as many users set it: nothing is caught mid-animation (axe's contrast checks
    # read colours while a fade runs), and the app's honouring of the setting is exercised.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    page = context.new_page()
    console: list[str] = []
    errors: list[str] = []

    # A test that takes the backend away expects the browser to say so: it lists those messages.
    page.expected_console_errors = []

    def on_console(message):
        console.append(f"[{message.type}] {message.text}")
        if message.type == "error" and not any(part in message.text for part in page.expected_console_errors):
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


@pytest.fixture
def models(app, stand_in):
    """Give the stand-in these models and make the backend forget the ones it knew; afterwards
    the stand-in's usual models again, known to the backend too."""

    def use(*models):
        stand_in.admin("PUT", "models", {"models": list(models)})
        httpx2.get(f"{app.backend.url}/api/models/catalog?fresh=true", timeout=10).raise_for_status()

    yield use
    stand_in.reset()
    httpx2.get(f"{app.backend.url}/api/models/catalog?fresh=true", timeout=10).raise_for_status()
