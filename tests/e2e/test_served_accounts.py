"""SPEC §13 in Chromium against the real `./start.sh --serve` (one port, accounts on, the bundled
stand-in): signed out a browser gets the sign-in page while curl still gets the seed's JSON; two
people side by side each see only their own conversations; the app meets Chromium's install
criteria (manifest, icons, a service worker), and with the network gone a reload still shows the
shell and says the backend is not answering."""

from __future__ import annotations

import signal

import httpx2
import pytest
from playwright.sync_api import expect

from accounts_support import add_user
from e2e.accessibility import assert_accessible
from e2e.chat_page import assistant_messages, send_first, sidebar_item, wait_for_reply_to_finish
from e2e.system import CHROMIUM, CHROMIUM_ARGS
from support import LOGS, ROOT, ServerProcess, free_port

PASSWORD = "correct horse battery"
# A browser's first visit shows the app while it asks whether accounts are on; its first requests
# answer 401 (Chromium logs each) before the sign-in page comes. Later visits wait instead.
FIRST_VISIT = "401 (Unauthorized)"
# The start script builds the page the first time (and may create backend/venv): minutes, once.
START_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`./start.sh --serve --stand-in` on free ports with accounts on and two people, ana and bob."""
    home = tmp_path_factory.mktemp("served-home")
    database = str(home / "chat.db")
    add_user(database, "ana", admin=True)
    add_user(database, "bob")
    port, stand_in_port = free_port(), free_port()
    server = ServerProcess(
        "start-serve",
        [
            "bash",
            str(ROOT / "start.sh"),
            "--serve",
            "--port",
            str(port),
            "--stand-in",
            "--stand-in-port",
            str(stand_in_port),
        ],
        cwd=ROOT,
        env={"HOME": str(home), "CHAT_DB": database, "CHAT_AUTH": "on"},
        log_dir=LOGS,
        stop_signal=signal.SIGINT,  # as Ctrl+C: the script ends the backend and the stand-in
        unset_env=("CHAT_HOST", "CHAT_PORT", "LM_STUDIO_URL", "LM_STUDIO_MODEL", "VITE_API_BASE_URL", "CHAT_WEB_DIR"),
    )
    url = f"http://127.0.0.1:{port}"
    server.wait_until_ready(f"{url}/", timeout_s=START_TIMEOUT_S)
    yield url
    server.stop()


def sign_in(page, url: str, name: str) -> None:
    page.goto(url)
    expect(page.get_by_role("form", name="Chat AI")).to_be_visible()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("complementary", name="Conversations")).to_be_visible()


def test_signed_out_a_browser_gets_the_sign_in_page_and_curl_the_seeds_json(served, page):
    assert httpx2.get(f"{served}/", timeout=10).json() == {"status": "Chat API is running"}
    assert httpx2.get(f"{served}/api/conversations", timeout=10).status_code == 401
    page.expected_console_errors.append(FIRST_VISIT)
    page.goto(served)
    # The first visit shows the app for a moment (with its own "Chat AI" heading): wait for the form.
    form = page.get_by_role("form", name="Chat AI")
    expect(form).to_be_visible()
    expect(form.get_by_role("heading", name="Chat AI")).to_be_visible()
    expect(page.get_by_label("Name")).to_be_focused()
    assert_accessible(page, "the sign-in page")
    page.get_by_label("Name").fill("ana")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("That name and password do not match an account.")
    page.set_viewport_size({"width": 375, "height": 740})
    assert_accessible(page, "the sign-in page on a phone")


def test_two_people_side_by_side_each_see_only_their_own(served, browser):
    ana_context = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    bob_context = browser.new_context(viewport={"width": 375, "height": 740}, reduced_motion="reduce", is_mobile=True)
    try:
        ana, bob = ana_context.new_page(), bob_context.new_page()
        sign_in(ana, served, "ana")
        send_first(ana, "Ana's question about tides")
        wait_for_reply_to_finish(ana)
        expect(assistant_messages(ana)).to_have_count(1)
        expect(sidebar_item(ana, "Ana's question about tides")).to_be_visible()

        sign_in(bob, served, "bob")
        send_first(bob, "Bob's question about bread")
        wait_for_reply_to_finish(bob)
        bob.get_by_role("button", name="Open conversations").click()
        expect(sidebar_item(bob, "Bob's question about bread")).to_be_visible()
        expect(bob.get_by_text("Ana's question about tides")).to_have_count(0)
        expect(bob.get_by_text("bob", exact=True)).to_be_visible()
        assert_accessible(bob, "signed in on a phone")

        ana.reload()
        expect(sidebar_item(ana, "Ana's question about tides")).to_be_visible()
        expect(ana.get_by_text("Bob's question about bread")).to_have_count(0)
        ana.get_by_role("button", name="Sign out").click()
        expect(ana.get_by_role("button", name="Sign in")).to_be_visible()
        ana.reload()  # the session is over on the backend too, not only in the page
        expect(ana.get_by_role("button", name="Sign in")).to_be_visible()
    finally:
        ana_context.close()
        bob_context.close()


def test_installable_and_an_offline_start_shows_the_shell_and_the_notice(served, browser, tmp_path):
    manifest = httpx2.get(f"{served}/manifest.webmanifest", timeout=10).json()
    assert manifest["display"] == "standalone" and manifest["theme_color"] == "#0f172a"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    # A profile of its own, as a person's browser has: Chromium offers no install in incognito,
    # which is what a plain test context is.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 1280, "height": 800},
        reduced_motion="reduce",
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, served, "ana")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now the worker controls the page
        expect(page.get_by_role("complementary", name="Conversations")).to_be_visible()
        assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
        session = context.new_cdp_session(page)
        installability = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert installability == [], installability
        # The worker caches the shell, never an API answer.
        cached = page.evaluate(
            "caches.keys().then(async (names) => (await Promise.all(names.map(async (name) => "
            "(await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname)))).flat())"
        )
        assert "/index.html" in cached and not [path for path in cached if path.startswith("/api/")]

        context.set_offline(True)
        page.reload()
        expect(page.get_by_text("The backend is not answering.")).to_be_visible(timeout=15_000)
        expect(page.get_by_role("textbox", name="Message", exact=True)).to_be_visible()
        assert errors == []
    finally:
        context.close()
