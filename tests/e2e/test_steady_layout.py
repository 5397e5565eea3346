"""What must hold still, or keep up, as the page changes under a reader: the end of a long
conversation as its math and code finish rendering, the message box's width during a reply, the
reply's buttons after Regenerate, the edit box as its text grows. Measured in Chromium at a phone's
size (375 × 740) and a laptop's (1280 × 800)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.chat_page import (
    around,
    assistant_messages,
    message_list,
    open_app,
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


@SIZES
def test_after_regenerate_the_reply_buttons_stay_under_the_pointer(app, page, size):
    page.set_viewport_size(size)
    open_app(page, app.url)
    send_first(page, "Name a colour {{stub tokens=6}}")
    wait_for_reply_to_finish(page)
    expect(assistant_messages(page).last.locator(".markdown")).to_be_visible()  # its renderer, loaded

    def buttons():
        row = around(assistant_messages(page).last)
        names = ["Copy", "Regenerate reply", "More actions"]
        return {name: row.get_by_role("button", name=name, exact=True).bounding_box() for name in names}

    before = buttons()
    around(assistant_messages(page).last).get_by_role("button", name="Regenerate reply").click()
    wait_for_reply_to_finish(page)
    expect(page.get_by_role("group", name="Reply 2 of 2")).to_be_visible()
    after = buttons()
    for name, box in before.items():
        moved = (round(after[name]["x"] - box["x"]), round(after[name]["y"] - box["y"]))
        assert moved == (0, 0), f"{name} moved by {moved} when ‹ 2/2 › appeared"
    snapshot(page, f"regenerated-{size['width']}")


# A reply whose height changes after it is first drawn: its code is coloured and its math set by
# code that arrives later (each its own chunk), and KaTeX's fonts load after that.
RICH_REPLY = (
    "Here is the working.\n\n"
    "$$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}, \\qquad \\int_0^1 \\frac{x^2}{\\sqrt{1 + x^3}}\\,dx$$\n\n"
    "```python\ndef total(items):\n    result = 0\n    for item in items:\n"
    "        result += item\n    return result\n```\n\n"
    "And $e^{i\\pi} + 1 = 0$ again, with $\\binom{n}{k} = \\frac{n!}{k!(n-k)!}$.\n\n"
    "$$\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}^{-1} = "
    "\\frac{1}{ad - bc}\\begin{pmatrix} d & -b \\\\ -c & a \\end{pmatrix}$$\n\n"
    # Last, and taller set than written: it grows in view, below anything the browser anchors on.
    "$$v = \\begin{pmatrix} 1 \\\\ 2 \\\\ 3 \\\\ 4 \\\\ 5 \\\\ 6 \\\\ 7 \\end{pmatrix}$$"
)
RICH_EXCHANGES = 12

# Resolves once the list's height has held still for a while: math, code and fonts have landed.
SETTLED = """async (list) => {
  await document.fonts.ready
  let height = -1, still = 0
  for (let frame = 0; frame < 600 && still < 30; frame++) {
    await new Promise(requestAnimationFrame)
    still = list.scrollHeight === height ? still + 1 : 0
    height = list.scrollHeight
  }
}"""
AT_BOTTOM = "list => list.scrollTop + list.clientHeight >= list.scrollHeight - 2"


@SIZES
def test_a_long_conversation_opens_at_its_end_after_math_and_code_render(app, page, stand_in, size):
    stand_in.behave(text=RICH_REPLY, delay=0)
    conversation_id = app.backend.create_conversation(title="Proofs and programs")
    for index in range(RICH_EXCHANGES):
        app.backend.chat(conversation_id, f"Step {index}, please")
    page.set_viewport_size(size)
    page.goto(f"{app.url}/#/c/{conversation_id}")  # a fresh page load, straight into it
    expect(assistant_messages(page)).to_have_count(RICH_EXCHANGES)
    expect(assistant_messages(page).last.locator(".katex-display").first).to_be_visible()
    expect(assistant_messages(page).last.locator(".hljs-keyword").first).to_be_visible()
    message_list(page).evaluate(SETTLED)
    assert message_list(page).evaluate(AT_BOTTOM), "the conversation stopped short of its end: " + str(
        message_list(page).evaluate("list => list.scrollHeight - list.scrollTop - list.clientHeight")
    )
    latest = around(assistant_messages(page).last)
    expect(latest.get_by_role("button", name="Copy", exact=True)).to_be_in_viewport(ratio=1)
    expect(latest.get_by_role("button", name="More actions", exact=True)).to_be_in_viewport(ratio=1)
    snapshot(page, f"opened-long-conversation-{size['width']}")

    message_list(page).hover()
    page.mouse.wheel(0, -1500)  # the reader scrolls up to read
    jump = page.get_by_role("button", name="Jump to latest")
    expect(jump).to_be_visible()
    jump.click()
    expect(jump).to_have_count(0)
    assert message_list(page).evaluate(AT_BOTTOM), "Jump to latest stopped short of the end"
    expect(latest.get_by_role("button", name="Copy", exact=True)).to_be_in_viewport(ratio=1)


# The placeholder's width as drawn in the box's font, and the room the box has for it.
PLACEHOLDER_ROOM = """box => {
  const style = getComputedStyle(box)
  const pen = document.createElement('canvas').getContext('2d')
  pen.font = style.font
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
  return { text: pen.measureText(box.placeholder).width, room }
}"""


def test_on_a_phone_the_message_box_keeps_its_width_during_a_reply(app, page):
    page.set_viewport_size(PHONE)
    open_app(page, app.url)
    send_first(page, "Take your time {{stub tokens=400 delay=0.02}}")
    expect(streaming(page)).to_be_visible()
    expect(page.get_by_test_id("stop-button")).to_be_visible()
    box = textbox(page).bounding_box()
    row = textbox(page).locator("xpath=..").bounding_box()
    assert box["width"] >= 0.7 * row["width"], f"the box gets {box['width']:.0f} px of the row's {row['width']:.0f}"
    placeholder = textbox(page).evaluate(PLACEHOLDER_ROOM)
    assert placeholder["text"] <= placeholder["room"], f"the placeholder is clipped: {placeholder}"
    snapshot(page, "composer-during-reply-375")
    page.get_by_test_id("stop-button").click()
    wait_for_reply_to_finish(page)


@SIZES
def test_the_edit_box_grows_with_its_text(app, page, size):
    page.set_viewport_size(size)
    open_app(page, app.url)
    send_first(page, "A short question {{stub tokens=3}}")
    wait_for_reply_to_finish(page)
    around(user_messages(page).last).get_by_role("button", name="Edit message").click()
    editor = page.get_by_role("textbox", name="Edit message")
    before = editor.bounding_box()["height"]
    editor.press_sequentially(" and then a much longer thought that wraps over several lines of the box" * 2)
    after = editor.bounding_box()["height"]
    hidden = editor.evaluate("box => box.scrollHeight - box.clientHeight")
    assert after > before, f"the edit box stayed {before:.0f} px tall"
    assert hidden <= 1, f"{hidden} px of the text are scrolled out of the edit box"
    snapshot(page, f"edit-box-grown-{size['width']}")
