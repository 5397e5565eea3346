"""Whole-system situations that need a system of their own: LM Studio going away, and the dev server."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import expect

from e2e.accessibility import assert_accessible
from e2e.chat_page import (
    assistant_messages,
    new_chat,
    open_app,
    send_first,
    snapshot,
    textbox,
    wait_for_reply_to_finish,
)
from e2e.system import App
from fake_lmstudio import reply_text
from support import LOGS, ROOT, ServerProcess, StandIn, free_port, iter_events

BANNER_TIMEOUT_MS = 15_000  # the page re-checks every 5 s while LM Studio is down


@pytest.fixture
def own_system(tmp_path):
    systems = []

    def start(mode="preview", stand_in=None, **backend_env):
        system = App(tmp_path / f"{mode}-{len(systems)}", mode=mode, stand_in=stand_in, **backend_env)
        systems.append(system)
        return system

    yield start
    for system in systems:
        system.stop()


def test_lm_studio_down_shows_banner_and_error_then_works_again_without_reload(own_system, page):
    stand_in = StandIn(LOGS)
    try:
        system = own_system(stand_in=stand_in)
        stand_in.stop()  # LM Studio's server goes away

        open_app(page, system.url)
        banner = page.get_by_role("alert").filter(has_text="LM Studio is not reachable")
        expect(banner).to_be_visible(timeout=BANNER_TIMEOUT_MS)
        expect(banner).to_contain_text("Start Server")
        new_chat(page)
        conversation_id = send_first(page, "Hello? {{stub tokens=5}}")
        # The notice above explains it, with the configured address; the failed reply says it short.
        expect(banner).to_contain_text(stand_in.url)
        expect(banner).to_contain_text(f"on port {stand_in.port}")
        error = page.get_by_role("alert").filter(has_text="LM Studio could not be reached")
        expect(error).to_be_visible()
        expect(error).not_to_contain_text("Start Server")
        assert [m["role"] for m in system.backend.messages(conversation_id)] == ["user"]

        stand_in = StandIn(LOGS, port=stand_in.port)  # LM Studio is back
        expect(banner).to_have_count(0, timeout=BANNER_TIMEOUT_MS)
        page.get_by_role("button", name="Retry").click()
        wait_for_reply_to_finish(page)
        expect(assistant_messages(page)).to_have_text(reply_text(5).strip())
        expect(error).to_have_count(0)
        messages = system.backend.messages(conversation_id)
        assert [(m["role"], m["content"]) for m in messages] == [
            ("user", "Hello? {{stub tokens=5}}"),
            ("assistant", reply_text(5)),
        ]
    finally:
        stand_in.stop()


def test_on_a_phone_the_notice_is_one_dismissible_line_and_a_failed_reply_does_not_repeat_it(own_system, page):
    stand_in = StandIn(LOGS)
    try:
        system = own_system(stand_in=stand_in)
        stand_in.stop()
        page.set_viewport_size({"width": 375, "height": 740})
        open_app(page, system.url)
        banner = page.get_by_role("alert").filter(has_text="LM Studio is not reachable")
        expect(banner).to_be_visible(timeout=BANNER_TIMEOUT_MS)
        assert banner.bounding_box()["height"] <= 64, "the notice should be one line on a phone"
        send_first(page, "Hello? {{stub tokens=5}}")
        error = page.get_by_role("alert").filter(has_text="LM Studio could not be reached")
        expect(error).to_be_visible()
        taken = banner.bounding_box()["height"] + error.bounding_box()["height"]
        assert taken <= 740 * 0.25, f"the notices take {taken:.0f} px of 740"
        snapshot(page, "lm-studio-down-375")
        banner.get_by_text("LM Studio is not reachable.").click()  # unfolds where and how to fix it
        expect(banner).to_contain_text(stand_in.url)
        expect(banner).to_contain_text(f"on port {stand_in.port}")
        page.get_by_role("button", name="Dismiss this notice").click()
        expect(banner).to_have_count(0)
        # With the notice dismissed, the failed reply says what to do itself.
        expect(page.get_by_role("alert").filter(has_text="Cannot reach LM Studio")).to_be_visible()
        assert_accessible(page, "a failed reply at 375 px")
    finally:
        stand_in.stop()


def test_a_refused_message_stays_in_the_box_with_its_reason_even_after_a_reload(own_system, page, stand_in_server):
    system = own_system(stand_in=stand_in_server, CHAT_MAX_MESSAGE_CHARS="200")
    open_app(page, system.url)
    new_chat(page)
    too_long = "This question runs on and on. " * 8
    textbox(page).fill(too_long)
    expect(page.get_by_text("240 / 200")).to_be_visible()
    textbox(page).press("Enter")
    refusal = page.locator("#message-refusal")
    expect(refusal).to_have_text("Too long to send: 240 characters; the limit is 200.")
    page.reload()
    expect(textbox(page)).to_have_value(too_long)
    assert system.backend.http.get("/api/conversations").json() == []  # nothing was created

    # In a conversation, the backend goes away: the message is refused, and kept.
    conversation_id = send_first(page, "Short enough {{stub tokens=2}}")
    wait_for_reply_to_finish(page)
    page.expected_console_errors.append("net::ERR_CONNECTION_REFUSED")
    textbox(page).fill("Are you still there?")
    system.backend.stop()
    textbox(page).press("Enter")
    expect(refusal).to_contain_text("Cannot reach the backend")
    expect(textbox(page)).to_have_value("Are you still there?")
    page.goto("about:blank")  # the page's health checks would log the backend's absence
    page.goto(f"{system.url}/#/c/{conversation_id}")
    expect(textbox(page)).to_have_value("Are you still there?")


def start_script(
    stand_in_url: str | None, frontend_port: int, backend_port: int, *options, home: Path | None = None
) -> ServerProcess:
    """./start.sh as README runs it, on free ports, with nothing set but the ports and LM Studio's
    URL: the frontend's origin reaches the backend through start.sh itself. In memory, unless
    a `home` is given: then CHAT_DB is unset, and start.sh keeps conversations in that home."""
    env = {"CHAT_PORT": str(backend_port), "CHAT_DB": "", "CHAT_CORS_ORIGINS": ""}
    if home is not None:
        del env["CHAT_DB"]
        env["HOME"] = str(home)
    if stand_in_url:
        env["LM_STUDIO_URL"] = stand_in_url
    args = [str(ROOT / "start.sh"), "--host", "127.0.0.1", "--port", str(frontend_port), *options]
    unset = ("CHAT_DB", "LM_STUDIO_URL") if home is not None else ()
    app = ServerProcess("start", args, cwd=ROOT, env=env, log_dir=LOGS, unset_env=unset)
    app.wait_until_ready(f"http://127.0.0.1:{backend_port}/", timeout_s=300)
    app.wait_until_ready(f"http://127.0.0.1:{frontend_port}", timeout_s=300)
    return app


def test_start_sh_keeps_conversations_in_a_file_by_default_and_says_where(tmp_path, stand_in_server):
    """A restart keeps what was written; --memory opts out and says so. The stand-in's port is
    chosen with --stand-in-port, and LM Studio's URL follows it."""
    home = tmp_path / "home"
    home.mkdir()
    database = home / ".client-chat" / "chat.db"
    backend_port, frontend_port, stand_in_port = free_port(), free_port(), free_port()
    backend = f"http://127.0.0.1:{backend_port}"
    options = ("--stand-in", "--stand-in-port", str(stand_in_port))
    app = start_script(None, frontend_port, backend_port, *options, home=home)
    try:
        assert f"Conversations are kept in {database}" in app.log()
        health = httpx2.get(f"{backend}/api/health").json()
        assert health["storage"] == "sqlite" and health["lm_studio"]["url"] == f"http://localhost:{stand_in_port}/v1"
        assert health["lm_studio"]["reachable"] is True
        kept = httpx2.post(f"{backend}/api/conversations", json={"title": "Kept across restarts"}).json()["id"]
    finally:
        app.stop()
    app = start_script(None, frontend_port, backend_port, *options, home=home)
    try:
        titles = [c["title"] for c in httpx2.get(f"{backend}/api/conversations").json()]
        assert "Kept across restarts" in titles
        assert httpx2.get(f"{backend}/api/conversations/{kept}").status_code == 200
    finally:
        app.stop()
    app = start_script(stand_in_server.url, frontend_port, backend_port, "--memory", home=home)
    try:
        assert "Conversations are kept in memory only" in app.log()
        assert httpx2.get(f"{backend}/api/health").json()["storage"] == "memory"
        assert httpx2.get(f"{backend}/api/conversations").json() == []
    finally:
        app.stop()


def test_start_sh_with_a_port_taken_starts_nothing_and_names_the_port(tmp_path, stand_in_server):
    backend_port, frontend_port = free_port(), free_port()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", backend_port))
        holder.listen()
        env = {"LM_STUDIO_URL": stand_in_server.url, "CHAT_PORT": str(backend_port), "CHAT_DB": ""}
        args = [str(ROOT / "start.sh"), "--host", "127.0.0.1", "--port", str(frontend_port)]
        app = ServerProcess("start-busy", args, cwd=ROOT, env=env, log_dir=LOGS)
        status = app.process.wait(timeout=60)
        log = app.log()
        app.stop()
    assert status != 0
    assert f"Port {backend_port} is already in use by another program, so the backend cannot start there." in log
    assert "CHAT_PORT=8001 ./start.sh" in log
    with socket.socket() as probe:  # nothing of it was left listening
        probe.bind(("127.0.0.1", frontend_port))


def test_readme_start_command_gives_a_working_chat(page, stand_in_server):
    """./start.sh with another frontend port: it runs start-backend.sh and start-frontend.sh, tells
    the backend the frontend's origin and prints the address it really serves."""
    backend_port, frontend_port = free_port(), free_port()
    frontend_url = f"http://127.0.0.1:{frontend_port}"
    app = start_script(stand_in_server.url, frontend_port, backend_port)
    try:
        assert f"Open {frontend_url} once both are up" in app.log()
        open_app(page, frontend_url)
        expect(page.get_by_role("heading", name="Welcome to Chat AI")).to_be_visible()
        new_chat(page)
        send_first(page, "Through the start script {{stub tokens=12 delay=0.01}}")
        wait_for_reply_to_finish(page)
        expect(assistant_messages(page)).to_have_text(reply_text(12).strip())
        expect(assistant_messages(page).locator(".markdown")).to_have_count(1)  # the lazy renderer arrived
    finally:
        # Leave the app before its servers go, or its polling and module loads fail loudly.
        page.goto("about:blank")
        app.stop()


def test_ctrl_c_stops_start_sh_within_seconds_while_lm_studio_hangs(stand_in_server):
    """Ctrl+C reaches every process of the terminal's foreground group; the backend must not wait
    for a reply stream that LM Studio keeps open."""
    backend_port, frontend_port = free_port(), free_port()
    app = start_script(stand_in_server.url, frontend_port, backend_port)
    try:
        backend = f"http://127.0.0.1:{backend_port}"
        conversation_id = httpx2.post(f"{backend}/api/conversations", json={}).json()["id"]
        body = {"conversation_id": conversation_id, "message": "{{stub headers_delay=600}}"}
        with httpx2.stream("POST", f"{backend}/api/chat/stream", json=body, timeout=30) as response:
            events = iter_events(response.iter_lines())
            assert next(events)[0] == "start"
            began = time.monotonic()
            os.killpg(app.process.pid, signal.SIGINT)
            rest = list(events)
        app.process.wait(timeout=15)
        assert time.monotonic() - began < 10, "start.sh took too long to return the terminal"
        assert [(name, data["code"]) for name, data in rest] == [("error", "shutdown")]
    finally:
        app.stop()
