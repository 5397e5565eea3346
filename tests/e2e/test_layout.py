"""Layout a reader notices, measured in Chromium at a phone's size (375 × 740) and a laptop's
(1280 × 800). Each test also saves a screenshot (tests/artifacts/screenshots) to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.accessibility import assert_accessible
from e2e.chat_page import (
    around,
    assistant_messages,
    message_list,
    new_chat,
    open_app,
    send,
    send_first,
    snapshot,
    streaming,
    textbox,
    user_messages,
    wait_for_reply_to_finish,
)

PHONE = {"width": 375, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
SIZES = pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])

# Eight columns of one word each: a cell that shows its word on two lines has broken it.
WIDE_TABLE = (
    "Here are the models:\n\n"
    "| Model | Speed | Memory | Context | Quality | License | Vendor | Languages |\n"
    "|---|---|---|---|---|---|---|---|\n"
    "| Qwen3 | Fast | 8GB | 32768 | Excellent | Apache | Alibaba | Multilingual |\n"
    "| Llama | Medium | 16GB | 131072 | Good | Community | Meta | English |\n"
    "| Mistral | Fast | 7GB | 32768 | Good | Apache | Mistral | European |\n"
)

# Cells whose one word is drawn on more than one line.
BROKEN_CELLS = """table => [...table.querySelectorAll('th, td')].filter((cell) => {
  const range = document.createRange()
  range.selectNodeContents(cell)
  return [...range.getClientRects()].filter((rect) => rect.width > 0).length > 1
}).map((cell) => cell.textContent)"""


@SIZES
def test_tables_keep_words_whole_and_scroll_sideways_in_their_own_box(app, page, stand_in, size):
    page.set_viewport_size(size)
    stand_in.behave(text=WIDE_TABLE, delay=0)
    open_app(page, app.url)
    send(page, "Compare the models")
    wait_for_reply_to_finish(page)
    table = assistant_messages(page).get_by_role("table")
    assert table.evaluate(BROKEN_CELLS) == []
    box = assistant_messages(page).get_by_role("region", name="Table")
    widths = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
    if size is PHONE:
        assert widths[0] > widths[1], "the wide table should scroll inside its box"
        box.focus()
        page.keyboard.press("ArrowRight")  # keyboard users can scroll it too
        expect(box).to_be_focused()
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert page_width <= size["width"], f"the page itself scrolls sideways: {page_width}px"
    snapshot(page, f"table-{size['width']}")


def test_on_a_phone_replies_get_the_width_and_the_title_keeps_its_row(app, page):
    page.set_viewport_size(PHONE)
    open_app(page, app.url)
    send_first(page, "Write me a short poem about the sea {{stub tokens=60}}")
    wait_for_reply_to_finish(page)
    text = assistant_messages(page).get_by_test_id("message-content").bounding_box()
    assert text["width"] >= 320, f"the reply's text gets {text['width']} px of 375"
    title = page.get_by_role("main").get_by_role("heading", level=2).bounding_box()
    assert title["width"] >= 200, f"the title gets {title['width']} px"
    picker = page.get_by_role("combobox", name="Model").bounding_box()
    assert picker["y"] >= title["y"] + title["height"] - 1, "the model picker sits under the title"
    assert_accessible(page, "a conversation at 375 px")
    snapshot(page, "conversation-375")


def test_the_latest_reply_shows_its_details_and_actions_without_hovering(app, page):
    page.set_viewport_size(LAPTOP)
    open_app(page, app.url)
    send_first(page, "First {{stub tokens=3}}")
    wait_for_reply_to_finish(page)
    send(page, "Second {{stub tokens=3}}")
    wait_for_reply_to_finish(page)
    textbox(page).hover()  # the pointer is nowhere near the messages
    actions = message_list(page).get_by_test_id("message-actions")
    latest, older = around(assistant_messages(page).last), around(assistant_messages(page).first)
    expect(latest.get_by_test_id("message-actions")).to_have_css("opacity", "1")
    expect(latest.get_by_test_id("message-details")).to_contain_text("stand-in-7b-instruct")
    expect(older.get_by_test_id("message-actions")).to_have_css("opacity", "0")
    older.hover()
    expect(older.get_by_test_id("message-actions")).to_have_css("opacity", "1")
    assert actions.count() == 4
    snapshot(page, "latest-reply-1280")


@SIZES
def test_a_long_paste_collapses_and_fenced_code_shows_as_code(app, page, size):
    page.set_viewport_size(size)
    open_app(page, app.url)
    paste = ("A long log line that goes on and on. " * 811)[:30_000] + " {{stub tokens=2}}"
    textbox(page).fill(paste)
    textbox(page).press("Enter")
    wait_for_reply_to_finish(page)
    bubble = user_messages(page).last
    assert bubble.bounding_box()["height"] < 450, "a 30,000-character message should start collapsed"
    bubble.get_by_role("button", name=f"Show more ({len(paste):,} characters)").click()
    assert bubble.bounding_box()["height"] > 2000
    bubble.get_by_role("button", name="Show less").click()

    send(page, "Why does this fail?\n```python\ndef total(items):\n    return sum(items)\n```\n{{stub tokens=2}}")
    wait_for_reply_to_finish(page)
    code = user_messages(page).last.locator("pre code")
    expect(code).to_have_text("def total(items):\n    return sum(items)")
    assert "monospace" in code.evaluate("el => getComputedStyle(el).fontFamily")
    expect(code.locator(".hljs-keyword").first).to_have_text("def")  # highlighted
    expect(user_messages(page).last).to_contain_text("Why does this fail?")
    assert "```" not in user_messages(page).last.inner_text()
    snapshot(page, f"user-code-{size['width']}")


# Each frame while a reply streams: the width of its bubble and where its cursor is against the
# last line of text.
STREAM_SAMPLER = """() => {
  window.__frames = []
  const sample = () => {
    const bubble = document.querySelector('[data-testid="streaming-message"]')
    const cursor = bubble?.querySelector('[data-testid="cursor"]')
    if (bubble && cursor && bubble.textContent.trim()) {
      const text = cursor.previousSibling ?? cursor.parentElement
      const range = document.createRange()
      range.selectNodeContents(text)
      const lines = [...range.getClientRects()]
      const last = lines[lines.length - 1]
      const mark = cursor.getBoundingClientRect()
      window.__frames.push({
        width: bubble.getBoundingClientRect().width,
        height: bubble.getBoundingClientRect().height,
        block: bubble.parentElement.getBoundingClientRect().height,
        cursorOnLastLine: Boolean(last) && mark.top < last.bottom && mark.bottom > last.top,
        where: [String(text.textContent).slice(-20), last && [last.top, last.bottom], [mark.top, mark.bottom]],
      })
    }
    window.__sampler = requestAnimationFrame(sample)
  }
  window.__sampler = requestAnimationFrame(sample)
}"""


@SIZES
def test_a_streaming_reply_keeps_its_place_from_first_word_to_last(app, page, size):
    page.set_viewport_size(size)
    open_app(page, app.url)
    page.evaluate(STREAM_SAMPLER)
    send(page, "Hold still {{stub tokens=80 delay=0.01 end_delay=1}}")
    expect(streaming(page)).to_contain_text("done.")  # the whole text, the reply still open
    page.wait_for_timeout(300)
    wait_for_reply_to_finish(page)
    frames = page.evaluate("() => { cancelAnimationFrame(window.__sampler); return window.__frames }")
    assert len(frames) >= 5
    assert {round(f["width"]) for f in frames} == {round(frames[0]["width"])}, "the bubble changed width"
    off = [f["where"] for f in frames if not f["cursorOnLastLine"]]
    assert not off, f"the cursor left the last line of text: {off[:3]}"
    stored = around(assistant_messages(page).last)
    bubble = assistant_messages(page).last.bounding_box()
    assert abs(bubble["height"] - frames[-1]["height"]) < 1, "the bubble changed height when the reply ended"
    assert abs(stored.bounding_box()["height"] - frames[-1]["block"]) < 1, "the actions row moved things"
    snapshot(page, f"finished-reply-{size['width']}")


def test_jump_to_latest_does_not_cover_the_text(app, page):
    page.set_viewport_size(LAPTOP)
    open_app(page, app.url)
    new_chat(page)
    send(page, "A long one {{stub tokens=1500 delay=0.004}}")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=streaming-message]')?.getBoundingClientRect().height > 1500"
    )
    message_list(page).evaluate("el => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')) }")
    jump = page.get_by_role("button", name="Jump to latest")
    expect(jump).to_be_visible()
    listed = message_list(page).bounding_box()
    button = jump.bounding_box()
    assert button["y"] >= listed["y"] + listed["height"] - 1, "the button lies over the messages"
    snapshot(page, "jump-to-latest-1280")
    jump.click()
    wait_for_reply_to_finish(page)


# A prefix's and a title's parts as drawn: [scrollWidth, clientWidth] (wider content than box:
# cut off) and whether the part lies inside its row.
TITLE_PARTS = """(row) => {
  const prefix = [...row.querySelectorAll('span')].find((span) => span.textContent.trim() === 'Branch:')
  const rest = prefix.nextElementSibling
  const box = row.getBoundingClientRect()
  const inside = (el) => { const r = el.getBoundingClientRect(); return r.left >= box.left && r.right <= box.right }
  return {
    prefix: [prefix.scrollWidth, prefix.clientWidth, inside(prefix)],
    rest: [rest.scrollWidth, rest.clientWidth],
  }
}"""


def test_a_branch_keeps_its_prefix_whole_in_a_narrow_row_and_in_search(app, page):
    page.set_viewport_size(LAPTOP)
    source = app.backend.create_conversation()
    app.backend.chat(source, "A rather long question about tide tables and moon phases {{stub tokens=2}}")
    question = app.backend.messages(source)[0]["id"]
    fork = app.backend.http.post(f"/api/conversations/{source}/fork", json={"message_id": question}).json()
    assert fork["title"].startswith("Branch: ")
    open_app(page, app.url)

    def check(row):
        expect(row).to_be_visible()
        parts = row.evaluate(TITLE_PARTS)
        scroll, client, inside = parts["prefix"]
        assert scroll <= client and inside, f"the prefix is cut off: {parts}"
        assert parts["rest"][0] > parts["rest"][1], f"the long title should be shortened after the prefix: {parts}"

    check(page.get_by_role("navigation", name="Conversation list").get_by_title(fork["title"], exact=True))
    page.get_by_role("searchbox", name="Search conversations").fill("tide tables")
    check(page.get_by_role("list", name="Search results").get_by_title(fork["title"], exact=True))
    snapshot(page, "branch-title-1280")
