"""Attachments in Chromium against the real backend and the stand-in: paste an image, send it,
see it again after a reload; attach a document; the Content-Security-Policy holds."""

from __future__ import annotations

import base64

import httpx2
import pytest
from playwright.sync_api import expect

from e2e.chat_page import message_list, open_app, send_first, snapshot, wait_for_reply_to_finish
from sample_files import image_bytes

VISION_MODEL = {"id": "vision-model", "type": "vlm"}


@pytest.fixture
def vision(app, stand_in):
    stand_in.admin("PUT", "models", {"models": [VISION_MODEL]})
    httpx2.get(f"{app.backend.url}/api/models/catalog?fresh=true", timeout=10).raise_for_status()
    yield
    stand_in.reset()
    httpx2.get(f"{app.backend.url}/api/models/catalog?fresh=true", timeout=10).raise_for_status()


def paste_image(page, data: bytes, name: str = "pasted.png") -> None:
    """What the browser does when an image is pasted: a paste event whose clipboard holds a file."""
    page.get_by_role("textbox", name="Message", exact=True).evaluate(
        """(box, [encoded, name]) => {
            const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0))
            const transfer = new DataTransfer()
            transfer.items.add(new File([bytes], name, { type: 'image/png' }))
            box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
        }""",
        [base64.b64encode(data).decode(), name],
    )


def chips(page):
    return page.get_by_test_id("attachment-chip")


def test_a_pasted_image_is_sent_shown_as_a_thumbnail_and_still_there_after_a_reload(app, page, stand_in, vision):
    open_app(page, app.url)
    paste_image(page, image_bytes("PNG", size=(64, 48), color=(20, 120, 220)))
    expect(chips(page)).to_have_attribute("data-status", "ready")
    expect(chips(page)).to_contain_text("pasted.png")
    conversation_id = send_first(page, "What colour is this?")
    wait_for_reply_to_finish(page)
    expect(chips(page)).to_have_count(0)
    sent = stand_in.requests()[-1]["body"]["messages"][-1]["content"]
    assert [part["type"] for part in sent] == ["text", "image_url"]
    assert sent[1]["image_url"]["url"].startswith("data:image/png;base64,")

    thumbnail = message_list(page).get_by_role("button", name="View pasted.png")
    expect(thumbnail.locator("img")).to_have_js_property("naturalWidth", 64)
    page.reload()
    assert conversation_id in page.url
    thumbnail = message_list(page).get_by_role("button", name="View pasted.png")
    expect(thumbnail.locator("img")).to_have_js_property("naturalWidth", 64)
    snapshot(page, "attachment-thumbnail-1280")
    thumbnail.click()
    viewer = page.get_by_role("dialog", name="pasted.png")
    expect(viewer.get_by_role("img", name="pasted.png")).to_be_visible()
    page.keyboard.press("Escape")
    expect(viewer).to_have_count(0)


def test_an_attached_text_file_shows_its_name_in_the_sent_message_and_reaches_the_model(app, page, stand_in):
    open_app(page, app.url)
    page.get_by_test_id("file-input").set_input_files(
        files=[{"name": "tides.md", "mimeType": "text/markdown", "buffer": b"# Tides\n\nThey follow the moon.\n"}]
    )
    expect(chips(page)).to_have_attribute("data-status", "ready")
    send_first(page, "Summarise the file")
    wait_for_reply_to_finish(page)
    card = message_list(page).get_by_test_id("message-attachments").get_by_role("link")
    expect(card).to_contain_text("tides.md")
    expect(card).to_have_attribute("download", "tides.md")
    content = stand_in.requests()[-1]["body"]["messages"][-1]["content"]
    assert "--- Attached file: tides.md ---\n# Tides\n\nThey follow the moon.\n" in content


def test_a_file_over_the_limit_is_refused_on_the_page_with_its_name(app, page):
    open_app(page, app.url)
    limit = httpx2.get(f"{app.backend.url}/api/health", timeout=10).json()["max_upload_bytes"]
    page.get_by_test_id("file-input").set_input_files(
        files=[{"name": "huge.txt", "mimeType": "text/plain", "buffer": b"x" * (limit + 1)}]
    )
    expect(chips(page)).to_have_attribute("data-status", "failed")
    expect(chips(page)).to_contain_text("huge.txt is larger than the upload limit of 20 MB")


def test_the_built_page_allows_no_inline_script(app, page):
    page.expected_console_errors = ["Content Security Policy"]
    response = page.goto(app.url)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    ran = page.evaluate(
        """() => {
            window.__injected = false
            const script = document.createElement('script')
            script.textContent = 'window.__injected = true'
            document.body.appendChild(script)
            return window.__injected
        }"""
    )
    assert ran is False
