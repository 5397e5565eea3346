"""A person using the app in Chromium: the built frontend, the real backend, the LM Studio stand-in."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.chat_page import (
    assistant_messages,
    message_list,
    new_chat,
    open_app,
    open_conversation_id,
    send,
    send_first,
    sidebar_item,
    snapshot,
    streaming,
    textbox,
    user_messages,
    wait_for_reply_to_finish,
)
from fake_lmstudio import reply_text

# Samples the streamed text's length once per animation frame, to see it grow frame by frame.
FRAME_SAMPLER = """() => {
  window.__lengths = []
  const sample = () => {
    const reply = document.querySelector('[data-testid="streaming-message"]')
    if (reply) window.__lengths.push(reply.textContent.length)
    window.__sampler = requestAnimationFrame(sample)
  }
  sample()
}"""


def stored(app, conversation_id):
    return app.backend.messages(conversation_id)


def test_first_visit_lands_on_a_ready_box_under_the_welcome_heading(app, page):
    listed = len(app.backend.http.get("/api/conversations").json())
    open_app(page, app.url)
    expect(page.get_by_role("heading", name="Welcome to Chat AI")).to_be_visible()
    expect(textbox(page)).to_be_editable()
    expect(page.get_by_role("button", name="Start a new chat")).to_have_count(0)
    expect(page.get_by_role("main").get_by_role("listitem")).to_have_count(0)  # no cards posing as buttons
    assert page.title() == "Chat AI"
    assert len(app.backend.http.get("/api/conversations").json()) == listed  # looking creates nothing


def test_new_chat_reuses_the_start_page_and_the_first_message_creates_the_conversation(app, page):
    open_app(page, app.url)
    listed = len(app.backend.http.get("/api/conversations").json())
    new_chat(page)
    new_chat(page)
    page.keyboard.press("Control+Shift+O")
    expect(textbox(page)).to_be_focused()
    assert len(app.backend.http.get("/api/conversations").json()) == listed
    conversation_id = send_first(page, "Plan a trip {{stub tokens=3}}")
    wait_for_reply_to_finish(page)
    expect(sidebar_item(page, "Plan a trip").first).to_have_attribute("aria-current", "page")
    assert [m["role"] for m in stored(app, conversation_id)] == ["user", "assistant"]
    assert len(app.backend.http.get("/api/conversations").json()) == listed + 1
    assert page.title() == "Plan a trip {{stub tokens=3}} · Chat AI"
    new_chat(page)
    expect(page.get_by_role("heading", name="Welcome to Chat AI")).to_be_visible()
    assert page.title() == "Chat AI"


def test_a_reply_streams_token_by_token_then_is_stored(app, page, stand_in):
    open_app(page, app.url)
    new_chat(page)
    page.evaluate(FRAME_SAMPLER)
    message = "Tell me about tides {{stub tokens=40 delay=0.03}}"
    conversation_id = send_first(page, message)
    expect(streaming(page)).to_be_visible()
    expect(textbox(page)).to_be_editable()  # type ahead while the reply streams
    expect(page.get_by_test_id("stop-button")).to_be_visible()
    cursor = page.get_by_test_id("cursor")
    expect(cursor).to_be_visible()
    expect(cursor).to_have_css("animation-name", "pulse")
    wait_for_reply_to_finish(page)
    lengths = page.evaluate("() => { cancelAnimationFrame(window.__sampler); return window.__lengths }")
    growth = sorted(set(lengths))
    assert len(growth) >= 5, f"the reply did not grow over several frames: {growth}"
    expect(assistant_messages(page)).to_have_text(reply_text(40).strip())
    expect(page.get_by_test_id("stop-button")).to_have_count(0)
    # The title is the first 50 characters of the first message, in the sidebar and stored.
    expect(sidebar_item(page, message[:50])).to_contain_text("2 messages")
    titles = {c["id"]: c["title"] for c in app.backend.http.get("/api/conversations").json()}
    assert titles[conversation_id] == message[:50]
    assert [(m["role"], m["content"]) for m in stored(app, conversation_id)] == [
        ("user", message),
        ("assistant", reply_text(40)),
    ]


def test_switching_back_and_forth_mid_reply_keeps_both_replies_in_place(app, page):
    open_app(page, app.url)
    new_chat(page)
    first = send_first(page, "First question {{stub tokens=80 delay=0.02}}")
    expect(streaming(page)).to_contain_text("stand-in")
    new_chat(page)
    second = send_first(page, "Second question {{stub tokens=60 delay=0.02}}")
    expect(streaming(page)).to_contain_text("stand-in")
    sidebar_item(page, "First question").click()
    expect(user_messages(page)).to_have_text(["First question {{stub tokens=80 delay=0.02}}"])
    sidebar_item(page, "Second question").click()
    expect(user_messages(page)).to_have_text(["Second question {{stub tokens=60 delay=0.02}}"])
    sidebar_item(page, "First question").click()
    wait_for_reply_to_finish(page)
    expect(assistant_messages(page)).to_have_text(reply_text(80).strip())
    sidebar_item(page, "Second question").click()
    wait_for_reply_to_finish(page)
    expect(assistant_messages(page)).to_have_text(reply_text(60).strip())
    assert stored(app, first)[-1]["content"] == reply_text(80)
    assert stored(app, second)[-1]["content"] == reply_text(60)


def test_reloading_during_a_reply_continues_it(app, page):
    open_app(page, app.url)
    new_chat(page)
    conversation_id = send_first(page, "Long story {{stub tokens=120 delay=0.02}}")
    expect(streaming(page)).to_contain_text("stand-in")
    page.reload()
    expect(user_messages(page)).to_have_text(["Long story {{stub tokens=120 delay=0.02}}"])
    expect(streaming(page)).to_be_visible()
    wait_for_reply_to_finish(page)
    expect(assistant_messages(page)).to_have_text(reply_text(120).strip())
    assert page.url.endswith(f"#/c/{conversation_id}")
    assert stored(app, conversation_id)[-1]["content"] == reply_text(120)


def test_stop_keeps_the_partial_reply_and_closes_the_request_to_lm_studio(app, page, stand_in):
    open_app(page, app.url)
    new_chat(page)
    conversation_id = send_first(page, "Count forever {{stub tokens=2000 delay=0.02}}")
    expect(streaming(page)).to_contain_text("answering.")
    page.get_by_test_id("stop-button").click()
    wait_for_reply_to_finish(page)
    expect(page.get_by_text("Stopped before the end")).to_be_visible()
    shown = assistant_messages(page).inner_text()
    partial = stored(app, conversation_id)[-1]
    assert partial["status"] == "stopped"
    assert partial["content"].strip() in shown
    assert reply_text(2000).startswith(partial["content"])
    record = stand_in.wait_for_request(lambda r: r["ended_at"] is not None, timeout_s=2)
    assert record["client_closed_early"] is True
    assert record["tokens_sent"] < 2000


def test_delete_a_conversation_with_a_moment_to_undo(app, page):
    open_app(page, app.url)
    new_chat(page)
    conversation_id = send_first(page, "Soon gone {{stub tokens=3}}")
    wait_for_reply_to_finish(page)
    sidebar_item(page, "Soon gone").hover()
    page.get_by_role("button", name="More actions for Soon gone").click()
    page.get_by_role("menuitem", name="Delete").click()
    expect(page.get_by_role("heading", name="Welcome to Chat AI")).to_be_visible()
    expect(sidebar_item(page, "Soon gone")).to_have_count(0)
    toast = page.get_by_role("status").filter(has_text="Deleted “Soon gone")
    expect(toast).to_be_visible()
    page.get_by_role("button", name="Undo").click()
    expect(sidebar_item(page, "Soon gone")).to_be_visible()
    assert app.backend.http.get(f"/api/conversations/{conversation_id}/messages").status_code == 200

    sidebar_item(page, "Soon gone").focus()
    page.keyboard.press("Delete")
    expect(sidebar_item(page, "Soon gone")).to_have_count(0)
    expect(toast).to_have_count(0, timeout=10_000)  # the Undo time is up: now it is deleted
    assert app.backend.http.get(f"/api/conversations/{conversation_id}/messages").status_code == 404


def test_closing_the_tab_during_the_undo_time_deletes_nothing(app, page):
    open_app(page, app.url)
    new_chat(page)
    conversation_id = send_first(page, "Still here later {{stub tokens=2}}")
    wait_for_reply_to_finish(page)
    sidebar_item(page, "Still here later").focus()
    page.keyboard.press("Delete")
    expect(sidebar_item(page, "Still here later")).to_have_count(0)
    page.goto("about:blank")  # the tab goes away before Undo's time is up
    page.wait_for_timeout(7000)
    assert app.backend.http.get(f"/api/conversations/{conversation_id}/messages").status_code == 200


def test_collapse_the_sidebar_and_still_tell_conversations_apart(app, page):
    app.backend.create_conversation(title="Garden ideas")
    app.backend.create_conversation(title="Tax return 2026")
    open_app(page, app.url)
    sidebar = page.get_by_role("complementary", name="Conversations")
    assert sidebar.bounding_box()["width"] > 300
    page.get_by_role("button", name="Collapse sidebar").click()
    page.wait_for_function("() => document.querySelector('aside').getBoundingClientRect().width < 80")
    expect(sidebar.get_by_role("heading", name="Chat AI", exact=True)).to_have_count(0)
    # Each row shows its initials (and its title as a tooltip), not one icon repeated.
    rows = page.get_by_role("navigation", name="Conversation list").get_by_role("button")
    expect(rows.filter(has_text="TR")).to_have_attribute("title", "Tax return 2026")
    expect(rows.filter(has_text="GI")).to_have_attribute("title", "Garden ideas")
    expect(rows.filter(has_text="TR")).to_have_accessible_name("Tax return 2026")
    snapshot(page, "collapsed-sidebar")
    page.get_by_role("button", name="New Chat", exact=True).click()
    expect(textbox(page)).to_be_focused()
    page.get_by_role("button", name="Expand sidebar").click()
    page.wait_for_function("() => document.querySelector('aside').getBoundingClientRect().width > 300")


def test_enter_sends_and_shift_enter_adds_a_line(app, page):
    open_app(page, app.url)
    new_chat(page)
    textbox(page).click()
    page.keyboard.type("line one")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("line two {{stub tokens=2}}")
    expect(textbox(page)).to_have_value("line one\nline two {{stub tokens=2}}")
    page.keyboard.press("Enter")
    wait_for_reply_to_finish(page)
    assert stored(app, open_conversation_id(page))[0]["content"] == "line one\nline two {{stub tokens=2}}"
    expect(user_messages(page)).to_have_text(["line one\nline two {{stub tokens=2}}"])


def test_a_ten_thousand_token_reply_arrives_intact(app, page):
    open_app(page, app.url)
    new_chat(page)
    conversation_id = send_first(page, "Everything {{stub tokens=10000 delay=0.0005}}")
    wait_for_reply_to_finish(page)
    # Rendered as Markdown, the text is the reply without its trailing space.
    shown = assistant_messages(page).get_by_test_id("message-content").text_content()
    assert shown == reply_text(10000).rstrip()
    assert stored(app, conversation_id)[-1]["content"] == reply_text(10000)


def test_non_ascii_and_emoji_survive_the_round_trip(app, page, stand_in):
    open_app(page, app.url)
    new_chat(page)
    text = "Grüße, 世界! Ça va? 🎉👩‍💻 — «ok» ✓"
    stand_in.behave(text=text, delay=0.01)
    conversation_id = send_first(page, "Ünïcödé question 🤔 {{stub}}")
    wait_for_reply_to_finish(page)
    expect(assistant_messages(page)).to_have_text(text)
    expect(user_messages(page)).to_have_text(["Ünïcödé question 🤔 {{stub}}"])
    messages = stored(app, conversation_id)
    assert [m["content"] for m in messages] == ["Ünïcödé question 🤔 {{stub}}", text]
    assert stand_in.requests()[-1]["messages"][-1]["content"] == "Ünïcödé question 🤔 {{stub}}"


def test_message_list_scrolls_with_the_reply(app, page):
    open_app(page, app.url)
    new_chat(page)
    send(page, "Tall reply {{stub tokens=600 delay=0.005}}")
    wait_for_reply_to_finish(page)
    at_bottom = message_list(page).evaluate("el => el.scrollHeight - el.scrollTop - el.clientHeight < 50")
    assert at_bottom, "the list did not follow the reply to its end"
