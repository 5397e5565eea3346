"""The features people expect, in Chromium against the real backend and the stand-in."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from e2e.accessibility import assert_accessible
from e2e.chat_page import (
    around,
    assistant_messages,
    new_chat,
    open_app,
    send,
    send_first,
    sidebar_item,
    streaming,
    textbox,
    user_messages,
    wait_for_reply_to_finish,
)
from fake_lmstudio import reasoning_tokens, reply_text

MARKDOWN_REPLY = (
    "## Plan\n\nHere is **bold**, `inline code` and a [link](https://example.com).\n\n"
    "| Language | Typing |\n|---|---|\n| Python | dynamic |\n| Rust | static |\n\n"
    "```python\ndef greet(name):\n    return 'Hello ' + name\n```\n\n"
    "Euler: $e^{i\\pi} + 1 = 0$, also \\(a^2 + b^2 = c^2\\).\n\n$$\\int_0^1 x\\,dx$$\n\n"
    "<img src=x onerror=alert(1)> <script>alert(2)</script> [click](javascript:alert(3))"
)


def alerts_of(page):
    fired = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    return fired


def test_markdown_code_math_and_links_render_and_model_html_cannot_run(app, page, stand_in):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    fired = alerts_of(page)
    open_app(page, app.url)
    new_chat(page)
    stand_in.behave(text=MARKDOWN_REPLY, delay=0.002)
    send(page, "Show me everything")
    wait_for_reply_to_finish(page)
    reply = assistant_messages(page)
    expect(reply.get_by_role("heading", name="Plan")).to_be_visible()
    expect(reply.get_by_role("table")).to_be_visible()
    expect(reply.locator(".hljs-keyword").first).to_be_visible()
    expect(reply.locator(".katex")).to_have_count(3)
    expect(reply.locator(".katex-display")).to_have_count(1)
    link = reply.get_by_role("link", name="link")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    # Model output is text: no element, no handler, no javascript: link.
    expect(reply).to_contain_text("<img src=x onerror=alert(1)>")
    expect(reply.locator("img")).to_have_count(0)
    expect(reply.locator("script")).to_have_count(0)
    expect(reply.get_by_role("link", name="click")).to_have_count(0)
    reply.get_by_role("button", name="Copy code").click()
    expect(reply.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == "def greet(name):\n    return 'Hello ' + name"
    assert fired == []
    assert_accessible(page, "a conversation with a Markdown reply")


def test_thinking_block_opens_while_thinking_and_survives_reload(app, page):
    open_app(page, app.url)
    new_chat(page)
    send(page, "Think first {{stub reasoning=40 tokens=30 delay=0.03}}")
    thinking = page.get_by_role("button", name="Thinking…")
    expect(thinking).to_be_visible()
    expect(thinking).to_have_attribute("aria-expanded", "true")
    thought = page.get_by_role("button", name="Thought for")
    expect(thought).to_be_visible()
    expect(thought).to_have_attribute("aria-expanded", "false")
    wait_for_reply_to_finish(page)
    page.reload()
    folded = page.get_by_role("button", name="Thought for")
    expect(folded).to_have_attribute("aria-expanded", "false")
    folded.click()
    expect(assistant_messages(page)).to_contain_text("".join(reasoning_tokens(40)).strip())


def test_copy_a_message(app, page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_app(page, app.url)
    new_chat(page)
    send(page, "First try {{stub tokens=6}}")
    wait_for_reply_to_finish(page)
    assistant_messages(page).hover()
    page.get_by_role("button", name="Copy").nth(1).click()
    assert page.evaluate("() => navigator.clipboard.readText()") == reply_text(6)


def test_regenerate_twice_and_walk_the_three_replies(app, page, stand_in):
    open_app(page, app.url)
    new_chat(page)
    stand_in.behave(text="Reply one.")
    conversation_id = send_first(page, "Give me a name")
    wait_for_reply_to_finish(page)
    for text in ("Reply two.", "Reply three."):
        stand_in.behave(text=text)
        assistant_messages(page).hover()
        page.get_by_role("button", name="Regenerate reply").click()
        wait_for_reply_to_finish(page)
        expect(assistant_messages(page)).to_have_text(text)
    versions = page.get_by_role("group", name="Reply 3 of 3")
    expect(versions).to_be_visible()
    page.get_by_role("button", name="Previous reply").click()
    expect(assistant_messages(page)).to_have_text("Reply two.")
    page.get_by_role("button", name="Previous reply").click()
    expect(assistant_messages(page)).to_have_text("Reply one.")
    expect(page.get_by_role("button", name="Previous reply")).to_be_disabled()
    expect(user_messages(page)).to_have_text(["Give me a name"])  # asked once
    page.reload()  # the choice is kept
    expect(assistant_messages(page)).to_have_text("Reply one.")
    expect(page.get_by_role("group", name="Reply 1 of 3")).to_be_visible()
    assert [m["content"] for m in app.backend.messages(conversation_id)] == ["Give me a name", "Reply one."]
    assert len(stand_in.requests()) == 3


def test_a_reply_cut_at_the_max_tokens_limit_goes_on_with_continue(app, page):
    conversation_id = app.backend.create_conversation(title="Cut short")
    app.backend.chat(conversation_id, "Tell me a long story {{stub tokens=40}}", max_tokens=5)
    cut = app.backend.messages(conversation_id)[-1]
    assert cut["finish_reason"] == "length"
    open_app(page, f"{app.url}#/c/{conversation_id}")
    note = page.get_by_test_id("length-note")
    expect(note).to_contain_text("Stopped at the max-tokens limit")
    note.get_by_role("button", name="Continue").click()
    wait_for_reply_to_finish(page)
    expect(page.get_by_role("group", name="Reply 2 of 2")).to_be_visible()
    continued = app.backend.messages(conversation_id)[-1]
    assert continued["id"] != cut["id"] and continued["content"].startswith(cut["content"])
    assert len(continued["content"]) > len(cut["content"])
    expect(assistant_messages(page)).to_contain_text(continued["content"][-20:])
    expect(user_messages(page)).to_have_count(1)  # asked once


def test_a_backend_that_keeps_history_in_memory_says_so_quietly(app, page):
    """The test backend runs without CHAT_DB, as `./start.sh --memory` does."""
    assert app.backend.http.get("/api/health").json()["storage"] == "memory"
    open_app(page, app.url)
    notice = page.get_by_test_id("storage-notice")
    expect(notice).to_have_text("Conversations are not saved: this backend keeps them in memory until it stops.")
    expect(notice).to_be_in_viewport()


def test_edit_the_first_message_then_return_to_the_original_branch(app, page, stand_in):
    open_app(page, app.url)
    new_chat(page)
    send(page, "Original question {{stub tokens=3}}")
    wait_for_reply_to_finish(page)
    send(page, "A follow-up {{stub tokens=2}}")
    wait_for_reply_to_finish(page)
    user_messages(page).first.hover()
    page.get_by_role("button", name="Edit message").first.click()
    editor = page.get_by_role("textbox", name="Edit message")
    editor.fill("Better question {{stub tokens=4}}")
    editor.press("Enter")
    wait_for_reply_to_finish(page)
    expect(user_messages(page)).to_have_text(["Better question {{stub tokens=4}}"])
    expect(assistant_messages(page)).to_have_text(reply_text(4).strip())
    page.get_by_role("group", name="Message 2 of 2").get_by_role(
        "button", name="Previous version of this message"
    ).click()
    expect(user_messages(page)).to_have_text(["Original question {{stub tokens=3}}", "A follow-up {{stub tokens=2}}"])
    page.reload()
    expect(user_messages(page)).to_have_text(["Original question {{stub tokens=3}}", "A follow-up {{stub tokens=2}}"])
    expect(page.get_by_role("group", name="Message 1 of 2")).to_be_visible()


def test_branch_into_a_new_conversation(app, page):
    open_app(page, app.url)
    new_chat(page)
    source = send_first(page, "Shared start {{stub tokens=2}}")
    wait_for_reply_to_finish(page)
    send(page, "Only in the original {{stub tokens=2}}")
    wait_for_reply_to_finish(page)
    first_reply = around(assistant_messages(page).first)
    first_reply.hover()
    first_reply.get_by_role("button", name="More actions", exact=True).click()
    page.get_by_role("menuitem", name="Branch into a new conversation").click()
    page.wait_for_url(lambda url: "#/c/" in url and source not in url)
    # The copy ends with the reply the branch was made at.
    expect(user_messages(page)).to_have_text(["Shared start {{stub tokens=2}}"])
    expect(assistant_messages(page)).to_have_count(1)
    send(page, "Only in the branch {{stub tokens=2}}")
    wait_for_reply_to_finish(page)
    fork = page.url.split("#/c/", 1)[1]
    copied = app.backend.messages(fork)
    assert [m["role"] for m in copied] == ["user", "assistant", "user", "assistant"]
    assert [m["content"] for m in copied][::2] == [
        "Shared start {{stub tokens=2}}",
        "Only in the branch {{stub tokens=2}}",
    ]
    assert len(app.backend.messages(source)) == 4


def test_model_picker_settings_and_stats(app, page, stand_in):
    open_app(page, app.url)
    new_chat(page)
    picker = page.get_by_role("combobox", name="Model")
    expect(picker.get_by_role("option", name="stand-in-reasoner")).to_have_count(1)
    picker.select_option("stand-in-reasoner")
    page.get_by_role("button", name="Conversation settings").click()
    page.get_by_label("System prompt").fill("Answer like a pirate.")
    page.get_by_label("Max tokens").fill("7")
    # Applied as made: no button; the panel says when the change is stored.
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    assert_accessible(page, "the settings panel")
    conversation_id = send_first(page, "Ahoy")
    wait_for_reply_to_finish(page)
    request = stand_in.requests()[-1]["body"]
    assert request["model"] == "stand-in-reasoner"
    assert request["messages"][0] == {"role": "system", "content": "Answer like a pirate."}
    assert request["max_tokens"] == 7
    details = page.get_by_test_id("message-details")
    expect(details).to_contain_text("stand-in-reasoner")
    expect(details).to_contain_text("to first token")
    expect(details).to_contain_text("tok/s")
    expect(details).to_contain_text("7 tokens")
    page.reload()
    expect(page.get_by_role("combobox", name="Model")).to_have_value("stand-in-reasoner")
    summary = next(c for c in app.backend.http.get("/api/conversations").json() if c["id"] == conversation_id)
    assert (summary["model"], summary["max_tokens"]) == ("stand-in-reasoner", 7)


def test_rename_search_group_and_export(app, page):
    open_app(page, app.url)
    new_chat(page)
    conversation_id = send_first(page, "A note about narwhals {{stub tokens=3}}")
    wait_for_reply_to_finish(page)
    sidebar_item(page, "A note about narwhals").dblclick()
    title = page.get_by_role("textbox", name="Conversation title")
    title.fill("Sea creatures")
    title.press("Enter")
    expect(sidebar_item(page, "Sea creatures")).to_be_visible()
    expect(page.get_by_role("region", name="Today")).to_contain_text("Sea creatures")

    search = page.get_by_role("searchbox", name="Search conversations")
    search.fill("narwhal")  # only in the message text now
    expect(sidebar_item(page, "Sea creatures")).to_be_visible()
    search.fill("no such words anywhere")
    expect(page.get_by_text("No conversation matches your search")).to_be_visible()
    search.fill("")

    page.get_by_role("button", name="Export conversation").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="JSON (.json)").click()
    download = download_info.value
    assert download.suggested_filename == "Sea-creatures.json"
    document = json.loads(open(download.path(), encoding="utf-8").read())
    assert (document["id"], document["title"]) == (conversation_id, "Sea creatures")
    page.get_by_role("button", name="Export conversation").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Markdown (.md)").click()
    assert "# Sea creatures" in open(download_info.value.path(), encoding="utf-8").read()


def test_keyboard_shortcuts(app, page, stand_in):
    open_app(page, app.url)
    # The first Tab stop skips the sidebar's list, straight to the message box. (The page focuses
    # the box when it loads; a keyboard user arriving with focus at the top starts from the body.)
    page.evaluate("() => { document.body.tabIndex = -1; document.body.focus() }")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to message box")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(textbox(page)).to_be_focused()
    assert "#/c/" not in page.url  # the link did not change the route
    page.locator("body").click(position={"x": 700, "y": 300})
    page.keyboard.press("Control+Shift+O")
    expect(textbox(page)).to_be_focused()
    page.keyboard.press("Control+k")
    expect(page.get_by_role("searchbox", name="Search conversations")).to_be_focused()
    send(page, "Long one {{stub tokens=2000 delay=0.02}}")
    expect(streaming(page)).to_contain_text("answering.")
    page.keyboard.press("Escape")
    wait_for_reply_to_finish(page)
    expect(page.get_by_text("Stopped before the end")).to_be_visible()
    assert stand_in.wait_for_request(lambda r: r["ended_at"] is not None)["client_closed_early"] is True
    textbox(page).click()
    page.keyboard.press("ArrowUp")
    expect(page.get_by_role("textbox", name="Edit message")).to_be_focused()
    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 700, "y": 300})
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    assert_accessible(page, "the shortcuts dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    # Opened from its button: Tab stays inside the dialog, and closing it returns focus there.
    opener = page.get_by_role("button", name="Keyboard shortcuts")
    opener.click()
    for _ in range(3):
        page.keyboard.press("Tab")
        assert dialog.evaluate("el => el.contains(document.activeElement)"), "focus left the dialog"
    page.keyboard.press("Shift+Tab")
    assert dialog.evaluate("el => el.contains(document.activeElement)"), "focus left the dialog"
    page.keyboard.press("Escape")
    expect(opener).to_be_focused()


def test_usable_at_375_px_with_an_overlay_sidebar(app, page):
    page.set_viewport_size({"width": 375, "height": 740})
    open_app(page, app.url)
    sidebar = page.get_by_role("complementary", name="Conversations")
    expect(page.get_by_role("heading", name="Welcome to Chat AI")).to_be_visible()
    assert_accessible(page, "the start page at 375 px")
    assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 1  # off screen
    page.get_by_role("button", name="Open conversations").click()
    page.wait_for_function("() => document.querySelector('aside').getBoundingClientRect().x >= 0")
    page.get_by_role("button", name="New Chat", exact=True).click()
    expect(textbox(page)).to_be_focused()
    page.wait_for_function("() => document.querySelector('aside').getBoundingClientRect().right <= 1")
    send(page, "Small screen {{stub tokens=30}}")
    wait_for_reply_to_finish(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}px"
    assert_accessible(page, "the 375 px layout")

    # A reply's menu opens where it can be read whole, not past the screen's left edge.
    reply = around(assistant_messages(page))
    reply.get_by_role("button", name="More actions", exact=True).click()
    menu = page.get_by_role("menu", name="More actions").bounding_box()
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 375, f"the menu leaves the screen: {menu}"
    assert menu["y"] + menu["height"] <= 740, f"the menu leaves the screen: {menu}"


def test_wide_screens_keep_a_readable_column_and_welcome_is_accessible(app, page):
    page.set_viewport_size({"width": 1920, "height": 1000})
    open_app(page, app.url)
    assert_accessible(page, "the welcome screen")
    new_chat(page)
    send(page, "Wide {{stub tokens=200}}")
    wait_for_reply_to_finish(page)
    column = page.get_by_test_id("message-list").locator("> div").bounding_box()
    assert column["width"] <= 840, f"the message column is {column['width']} px wide"
    # A reply's text gets a comfortable measure of the column (~768 px), not a narrow bubble.
    text = assistant_messages(page).get_by_test_id("message-content").bounding_box()
    assert text["width"] >= 720, f"the reply's text is {text['width']} px wide"


def test_reduced_motion_is_honoured_and_full_motion_still_animates(app, page, browser):
    """The tests' own pages ask for reduced motion; a second page asks for full motion."""
    open_app(page, app.url)
    new_chat(page)
    send(page, "Still please {{stub tokens=2}}")
    wait_for_reply_to_finish(page)
    durations = "el => [getComputedStyle(el).animationDuration, getComputedStyle(el).transitionDuration]"
    bubble = user_messages(page).locator("xpath=..")
    sidebar = page.get_by_role("complementary", name="Conversations")
    assert bubble.evaluate(durations)[0] == "1e-05s"
    assert sidebar.evaluate(durations)[1] == "0s"

    context = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="no-preference")
    try:
        moving = context.new_page()
        open_app(moving, app.url)
        assert moving.get_by_role("complementary", name="Conversations").evaluate(durations)[1] == "0.3s"
    finally:
        context.close()


def test_search_shows_a_snippet_and_opens_at_the_matching_message(app, page):
    """The match is in the first of 70 messages, beyond the latest ones a conversation opens with."""
    conversation_id = app.backend.create_conversation(title="A long talk")
    app.backend.chat(conversation_id, "Tell me about aardvarks and their burrows {{stub tokens=2}}")
    for index in range(34):
        app.backend.chat(conversation_id, f"And then {index}? {{{{stub tokens=2}}}}")
    app.backend.http.patch(f"/api/conversations/{conversation_id}", json={"title": "A long talk"})
    first = app.backend.messages(conversation_id)[0]
    open_app(page, app.url)
    page.get_by_role("searchbox", name="Search conversations").fill("aardvark")
    result = page.get_by_role("list", name="Search results").get_by_role("button", name="A long talk")
    expect(result.get_by_test_id("search-snippet")).to_contain_text("Tell me about aardvarks")
    expect(result.locator("mark")).to_have_text(["aardvark"])
    result.click()
    page.wait_for_url(f"**#/c/{conversation_id}/m/{first['id']}")
    bubble = page.locator(f'[data-message-id="{first["id"]}"] [data-role="user"]')
    expect(bubble).to_have_attribute("data-highlighted", "true")
    expect(bubble).to_be_in_viewport()


def test_the_sidebar_brings_older_conversations_as_it_scrolls(app, page):
    titles = [f"Paged chat {index:02d}" for index in range(60)]
    for title in titles:
        app.backend.create_conversation(title=title)
    open_app(page, app.url)
    conversations = page.get_by_role("navigation", name="Conversation list")
    expect(conversations.get_by_title(titles[-1], exact=True)).to_be_visible()
    expect(conversations.get_by_title(titles[0], exact=True)).to_have_count(0)  # beyond the first page
    for _ in range(10):
        conversations.evaluate("el => el.scrollTo(0, el.scrollHeight)")
        if conversations.get_by_title(titles[0], exact=True).count():
            break
        page.wait_for_timeout(200)
    expect(conversations.get_by_title(titles[0], exact=True)).to_be_visible()
