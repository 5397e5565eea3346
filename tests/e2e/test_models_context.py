"""Part 5 in Chromium against the real backend and the stand-in: the catalog picker, a model
loading, the context meter, and what a conversation that outgrew the window offers."""

from __future__ import annotations

import re

import httpx2
import pytest
from playwright.sync_api import expect

from e2e.accessibility import assert_accessible
from e2e.chat_page import (
    REPLY_TIMEOUT_MS,
    assistant_messages,
    message_list,
    new_chat,
    open_app,
    send,
    send_first,
    snapshot,
    streaming,
    textbox,
    wait_for_reply_to_finish,
)

# A model loaded with a small window, so a few long messages fill it (the stand-in counts four
# characters a token, and four tokens around each message).
SMALL_WINDOW = {"id": "small-model", "loaded_context_length": 1000}


def picker(page):
    return page.get_by_role("combobox", name="Model")


def meter(page):
    return page.get_by_test_id("context-meter")


def test_the_picker_groups_loaded_and_available_models_and_hides_embeddings(app, page, models):
    models(
        {"id": "qwen-loaded", "loaded_context_length": 8192},
        {"id": "gemma-vision", "type": "vlm", "state": "not-loaded", "max_context_length": 131072},
        "nomic-embed-text",
    )
    open_app(page, app.url)
    loaded = picker(page).locator("optgroup[label='Loaded'] option")
    expect(loaded).to_have_text(["qwen-loaded · 8K context · Q4_K_M"])
    available = picker(page).locator("optgroup[label='Not loaded — loads on first use'] option")
    expect(available).to_have_text(["gemma-vision · 128K context max · Q4_K_M · vision"])
    expect(picker(page).locator("option", has_text="nomic-embed")).to_have_count(0)
    expect(picker(page).locator("option").first).to_have_text("Default (qwen-loaded)")


def test_a_model_that_is_not_loaded_shows_loading_with_seconds_then_replies(app, page, stand_in, models):
    models("stand-in-7b-instruct", {"id": "jit-model", "state": "not-loaded", "max_context_length": 32768})
    stand_in.behave(load_delay=2.5)
    open_app(page, app.url)
    new_chat(page)
    picker(page).select_option("jit-model")
    send_first(page, "Hello there")
    expect(streaming(page)).to_contain_text("Loading jit-model…")
    expect(streaming(page)).to_contain_text("Loading jit-model… 1 s")
    wait_for_reply_to_finish(page)
    expect(assistant_messages(page)).to_have_count(1)
    expect(page.get_by_text("Loading jit-model")).to_have_count(0)
    # The page asks again once the reply ends: the model is loaded now, with LM Studio's window.
    expect(picker(page).locator("optgroup[label='Loaded'] option", has_text="jit-model")).to_have_text(
        "jit-model · 4K context · Q4_K_M"
    )


def fill_window(page) -> None:
    """One exchange that takes about half of the 1,000-token window (500 + 4 prompt tokens,
    20 of reply)."""
    send_first(page, "a" * 2000)
    wait_for_reply_to_finish(page)


def test_the_context_meter_warns_at_80_percent_and_says_what_to_do_at_100(app, page, models):
    models(SMALL_WINDOW)
    open_app(page, app.url)
    new_chat(page)
    fill_window(page)
    expect(meter(page)).to_have_attribute("data-level", "ok")
    expect(meter(page)).to_contain_text("about 524 of 1,000 tokens")
    textbox(page).fill("b" * 1200)  # about 300 more tokens: 83 %
    expect(meter(page)).to_have_attribute("data-level", "warn")
    expect(meter(page)).to_contain_text("% full: older messages will soon not fit.")
    textbox(page).fill("b" * 2400)  # about 600 more: over the window
    expect(meter(page)).to_have_attribute("data-level", "full")
    notice = meter(page).get_by_role("status")
    expect(notice).to_contain_text("no longer fits the model’s context window (1K tokens)")
    expect(notice.get_by_role("button")).to_have_text(
        ["New chat from a summary", "New chat from the last messages", "Leave out older messages"]
    )
    snapshot(page, "context-meter-full-1280")
    # Sent anyway: LM Studio refuses it, and the page offers the same ways on.
    textbox(page).press("Enter")
    error = message_list(page).get_by_role("alert")
    expect(error).to_contain_text(
        "no longer fits in small-model's context window (1,000 tokens)", timeout=REPLY_TIMEOUT_MS
    )
    expect(error.get_by_role("button", name="Retry", exact=True)).to_have_count(0)
    expect(meter(page).get_by_role("status")).to_have_count(0)  # said once, in the error
    error.get_by_role("button", name="Leave out older messages and retry").click()
    wait_for_reply_to_finish(page)
    expect(page.get_by_test_id("trimmed-note")).to_contain_text("1 earlier message was left out")


def overflowed(page) -> None:
    fill_window(page)
    send(page, "c" * 2400)
    expect(message_list(page).get_by_role("alert")).to_contain_text("no longer fits", timeout=REPLY_TIMEOUT_MS)


def test_a_conversation_that_outgrew_the_window_goes_on_from_a_summary_or_its_last_messages(app, page, models):
    models(SMALL_WINDOW)
    open_app(page, app.url)
    new_chat(page)
    overflowed(page)
    first_url = page.url
    snapshot(page, "context-overflow-1280")

    message_list(page).get_by_role("button", name="New chat from a summary").click()
    page.wait_for_url(lambda url: url != first_url)
    expect(page.get_by_role("heading", name="Continued:")).to_be_visible()
    # The summary, then the question that did not fit, brought along once and answered.
    questions = message_list(page).locator('[data-role="user"]')
    expect(questions).to_have_count(2, timeout=REPLY_TIMEOUT_MS)
    expect(questions.first).to_contain_text("Summarise our earlier conversation")
    expect(questions.last).to_contain_text("c" * 50)
    expect(assistant_messages(page)).to_have_count(2, timeout=REPLY_TIMEOUT_MS)
    wait_for_reply_to_finish(page)

    page.go_back()
    page.wait_for_url(first_url)
    # The failed turn keeps its error (with when it happened) and the ways on after the visit.
    error = message_list(page).get_by_role("alert")
    expect(error).to_contain_text("no longer fits in small-model's context window")
    error.get_by_role("button", name="New chat from the last messages").click()
    page.wait_for_url(lambda url: url != first_url)
    questions = message_list(page).locator('[data-role="user"]')
    expect(questions.last).to_contain_text("c" * 50)
    expect(questions.filter(has_text="c" * 50)).to_have_count(1)
    wait_for_reply_to_finish(page)
    expect(assistant_messages(page).last).not_to_be_empty()
    expect(message_list(page).get_by_role("alert")).to_have_count(0)


@pytest.fixture
def fresh_settings(app):
    """No defaults and no presets before and after: the backend is shared by the module."""

    def clear():
        httpx2.put(f"{app.backend.url}/api/settings", json={}, timeout=10).raise_for_status()
        for preset in httpx2.get(f"{app.backend.url}/api/presets", timeout=10).json():
            httpx2.delete(f"{app.backend.url}/api/presets/{preset['id']}", timeout=10).raise_for_status()

    clear()
    yield
    clear()


def test_defaults_and_presets_reach_lm_studio(app, page, stand_in, fresh_settings):
    open_app(page, app.url)
    page.get_by_role("button", name="Defaults & presets").click()
    dialog = page.get_by_role("dialog", name="Defaults & presets")
    dialog.get_by_label("System prompt").fill("Answer in haiku.")
    dialog.get_by_label("Min P").fill("0.05")
    dialog.get_by_role("button", name="Save defaults").click()
    expect(dialog.get_by_role("status")).to_contain_text("new conversations start with these")
    dialog.get_by_role("tab", name="Presets").click()
    dialog.get_by_label("Name").fill("Focused")
    dialog.get_by_label("Top K").fill("20")
    dialog.get_by_label("Repeat penalty").fill("1.15")
    dialog.get_by_label("Stop strings").fill("END")
    dialog.get_by_role("button", name="Create preset").click()
    expect(dialog.get_by_role("status")).to_have_text("Saved “Focused”.")
    assert_accessible(page, "the defaults & presets dialog")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_have_count(0)

    # A new conversation starts with the defaults; the preset adds its sampling.
    new_chat(page)
    conversation_id = send_first(page, "First")
    wait_for_reply_to_finish(page)
    page.get_by_role("button", name="Conversation settings").click()
    expect(page.get_by_label("System prompt")).to_have_value("Answer in haiku.")
    page.get_by_role("button", name=re.compile(r"^Preset")).click()
    page.get_by_role("menuitemradio", name="Focused").click()
    expect(page.get_by_text("Applied “Focused”.")).to_be_visible()
    # The menu now marks it as the one in use.
    page.get_by_role("button", name="Preset: Focused").click()
    expect(page.get_by_role("menuitemradio", name="Focused")).to_have_attribute("aria-checked", "true")
    page.keyboard.press("Escape")
    expect(page.get_by_label("Top K")).to_have_value("20")
    page.get_by_role("button", name="Close settings").click()
    send(page, "Second")
    wait_for_reply_to_finish(page)
    sent = stand_in.requests()[-1]["body"]
    assert (sent["top_k"], sent["repeat_penalty"], sent["stop"]) == (20, 1.15, ["END"]), sent
    assert "min_p" not in sent  # the preset names no min P: taking it cleared the default's
    # The preset has no system prompt either: the conversation took that too.
    assert sent["messages"][0]["role"] == "user", sent["messages"]
    stored = httpx2.get(f"{app.backend.url}/api/conversations/{conversation_id}", timeout=10).json()
    assert (stored["top_k"], stored["min_p"]) == (20, None)


def test_on_a_phone_the_meter_settings_and_dialog_fit_the_screen(app, page, models):
    page.set_viewport_size({"width": 375, "height": 740})
    models(SMALL_WINDOW)
    open_app(page, app.url)  # the start page, its box ready
    fill_window(page)
    textbox(page).fill("b" * 2400)
    expect(meter(page).get_by_role("status")).to_be_visible()
    snapshot(page, "context-meter-full-375")
    page.get_by_role("button", name="Conversation settings").click()
    expect(page.get_by_label("Repeat penalty")).to_be_visible()
    snapshot(page, "settings-panel-375")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Close settings").click()
    page.get_by_role("button", name="Open conversations").click()
    page.get_by_role("button", name="Defaults & presets").click()
    dialog = page.get_by_role("dialog", name="Defaults & presets")
    expect(dialog.get_by_label("Model", exact=True)).to_be_visible()
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    snapshot(page, "defaults-dialog-375")
