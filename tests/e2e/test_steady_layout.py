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
    open_app,
    send_first,
    snapshot,
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
