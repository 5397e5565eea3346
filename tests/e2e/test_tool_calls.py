"""Tool calls in the page, in Chromium against the real backend, the LM Studio stand-in scripting
the model's calls (`tool_steps`) and our MCP toolbox over Streamable HTTP (named in the backend's
mcp.json): a call's card, Allow once and its result, Deny, Stop while a call waits for approval,
the phone's width, a reload while an allowed tool runs, and the MCP servers panel."""

from __future__ import annotations

import time

import httpx2
import pytest
from playwright.sync_api import expect

from e2e.accessibility import assert_accessible
from e2e.chat_page import REPLY_TIMEOUT_MS, open_app, send_first, snapshot, streaming, wait_for_reply_to_finish
from e2e.system import App
from support import write_mcp_config

PHONE = {"width": 375, "height": 740}
ANSWER = "The toolbox has answered."
ECHO = {"name": "echo", "arguments": {"text": "hello from the toolbox"}}
FAIL = {"name": "fail", "arguments": {"reason": "it should not run"}}


@pytest.fixture(scope="module")
def tools_app(stand_in_server, toolbox, tmp_path_factory):
    """Stand-in + a backend whose mcp.json names the toolbox + the production build."""
    tmp = tmp_path_factory.mktemp("tools")
    config = write_mcp_config(tmp / "mcp.json", {"toolbox": {"url": toolbox.url}})
    system = App(tmp, stand_in=stand_in_server, CHAT_MCP_CONFIG=config)
    for _ in range(100):
        servers = httpx2.get(f"{system.backend.url}/api/mcp/servers", timeout=5).json()
        if servers and servers[0]["status"] == "connected":
            break
        time.sleep(0.2)
    else:
        system.stop()
        pytest.fail(f"the toolbox never connected: {servers}")
    yield system
    system.stop()


def card(page, name):
    return page.get_by_role("group", name=f"Tool call: {name}")


def test_a_call_allowed_once_shows_its_result_and_a_denied_one_says_so(tools_app, page, stand_in):
    stand_in.behave(text=ANSWER, tool_steps=[{"text": "Let me ask the toolbox.", "calls": [ECHO]}, [FAIL]])
    open_app(page, tools_app.url)
    send_first(page, "Use the toolbox, please")

    echo = card(page, "echo")
    expect(echo).to_contain_text("Waiting for you", timeout=REPLY_TIMEOUT_MS)
    expect(echo).to_contain_text("on toolbox")
    expect(echo.get_by_label("Arguments")).to_contain_text('"text": "hello from the toolbox"')
    allow = echo.get_by_role("button", name="Allow once")
    # The box was empty: the question takes the focus (not a button a stray key would press);
    # one Tab reaches Allow once.
    expect(echo.get_by_text("Run echo? The reply waits for your decision.")).to_be_focused()
    page.keyboard.press("Tab")
    expect(allow).to_be_focused()
    assert_accessible(page, "a reply waiting for approval")
    allow.click()

    expect(echo).to_contain_text("Done", timeout=REPLY_TIMEOUT_MS)
    echo.get_by_role("button", name="Result").click()
    expect(echo.get_by_label("Result")).to_have_text("hello from the toolbox")

    fail = card(page, "fail")
    expect(fail).to_contain_text("Waiting for you", timeout=REPLY_TIMEOUT_MS)
    fail.get_by_role("button", name="Deny", exact=True).click()
    expect(fail).to_contain_text("Denied")
    wait_for_reply_to_finish(page)

    # The stored reply: the text, the two cards, then the answer, in that order.
    reply = page.get_by_test_id("message-list").locator('[data-role="assistant"]').last
    expect(reply).to_contain_text(ANSWER)
    text = reply.inner_text()
    assert text.index("Let me ask the toolbox.") < text.index("echo") < text.index("fail") < text.index(ANSWER)
    expect(card(page, "fail")).to_contain_text("Denied")
    expect(card(page, "echo")).to_contain_text("Done")
    # The model was told the result, and that the other call was declined.
    told = [m for m in stand_in.requests()[-1]["body"]["messages"] if m.get("role") == "tool"]
    assert told[0]["content"] == "hello from the toolbox"
    assert "declined" in told[1]["content"]
    snapshot(page, "tool-calls-1280")


def test_stop_ends_a_reply_that_waits_for_approval_and_the_phone_layout_holds(tools_app, page, stand_in):
    page.set_viewport_size(PHONE)
    stand_in.behave(text=ANSWER, tool_steps=[{"text": "Checking.", "calls": [ECHO]}])
    open_app(page, tools_app.url)
    send_first(page, "Echo something")
    echo = card(page, "echo")
    expect(echo.get_by_role("button", name="Deny", exact=True)).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    # Nothing sticks out sideways at a phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = echo.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    snapshot(page, "tool-approval-375")
    assert_accessible(page, "a reply waiting for approval, at 375 px")

    # A reload asks again: the reply in progress replays the question.
    page.reload()
    expect(card(page, "echo").get_by_role("button", name="Allow once")).to_be_visible(timeout=REPLY_TIMEOUT_MS)

    page.get_by_test_id("stop-button").click()
    expect(streaming(page)).to_have_count(0, timeout=REPLY_TIMEOUT_MS)
    expect(card(page, "echo")).to_contain_text("Stopped")
    expect(card(page, "echo").get_by_role("button", name="Allow once")).to_have_count(0)


def test_the_mcp_servers_panel_shows_the_toolbox_and_its_tools(tools_app, page):
    open_app(page, tools_app.url)
    page.get_by_role("button", name="Defaults & presets").first.click()
    dialog = page.get_by_role("dialog", name="Defaults & presets")
    dialog.get_by_role("tab", name="MCP servers").click()
    toolbox = dialog.get_by_role("listitem", name="toolbox")
    expect(toolbox).to_contain_text("Connected")
    expect(toolbox).to_contain_text("From the MCP config file")
    expect(toolbox.get_by_label("Approval for echo")).to_have_value("ask")
    expect(dialog.get_by_role("switch", name="Use toolbox")).to_have_attribute("aria-checked", "true")
    assert_accessible(page, "the MCP servers panel")


def test_a_reload_while_an_allowed_tool_runs_shows_it_running_not_the_question_again(tools_app, page, stand_in):
    stand_in.behave(text=ANSWER, tool_steps=[[{"name": "slow", "arguments": {"seconds": 3}}]])
    open_app(page, tools_app.url)
    send_first(page, "Take your time")
    slow = card(page, "slow")
    slow.get_by_role("button", name="Allow once").click(timeout=REPLY_TIMEOUT_MS)
    expect(slow).to_contain_text("Running…")

    page.reload()
    slow = card(page, "slow")
    expect(slow).to_contain_text("Running…", timeout=REPLY_TIMEOUT_MS)
    expect(slow.get_by_role("button", name="Allow once")).to_have_count(0)
    expect(slow).to_contain_text("Done", timeout=REPLY_TIMEOUT_MS)
    wait_for_reply_to_finish(page)
    expect(page.get_by_test_id("message-list")).to_contain_text(ANSWER)
