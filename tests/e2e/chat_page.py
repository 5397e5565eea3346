"""What a person does and sees in the chat page, in one place for every browser test."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from support import ARTIFACTS

REPLY_TIMEOUT_MS = 30_000
SCREENSHOTS = ARTIFACTS / "screenshots"


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("complementary", name="Conversations")).to_be_visible()


def textbox(page: Page):
    return page.get_by_role("textbox", name="Message", exact=True)


def streaming(page: Page):
    return page.get_by_test_id("streaming-message")


def message_list(page: Page):
    return page.get_by_test_id("message-list")


def sidebar_item(page: Page, title: str):
    """The conversation's own button in the sidebar (not its delete button)."""
    buttons = page.get_by_role("navigation", name="Conversation list").get_by_role("button")
    return buttons.filter(has_text=title).first  # the delete button has an icon, no text


def new_chat(page: Page) -> None:
    """Click New Chat: the start page (or the open conversation, while it has no messages), the
    box focused. The conversation itself is created by the first message: see send_first."""
    page.get_by_role("button", name="New Chat", exact=True).click()
    expect(textbox(page)).to_be_focused()


def open_conversation_id(page: Page) -> str:
    """The open conversation's id, once the URL names one."""
    page.wait_for_url(lambda url: "#/c/" in url)
    return page.url.split("#/c/", 1)[1].split("/", 1)[0]


def send_first(page: Page, text: str) -> str:
    """Send the first message from the start page; returns the id of the conversation it began."""
    before = page.url
    send(page, text)
    page.wait_for_url(lambda url: url != before and "#/c/" in url)
    return open_conversation_id(page)


def send(page: Page, text: str) -> None:
    textbox(page).fill(text)
    textbox(page).press("Enter")


def composer(page: Page):
    return page.get_by_test_id("composer")


def wait_for_reply_to_finish(page: Page) -> None:
    """The box stays editable through a reply; the composer is busy from Enter to the reply's end."""
    expect(composer(page)).not_to_have_attribute("aria-busy", "true", timeout=REPLY_TIMEOUT_MS)
    expect(streaming(page)).to_have_count(0)


def assistant_messages(page: Page):
    return message_list(page).locator('[data-role="assistant"]')


def around(message):
    """A message bubble's whole block: the bubble plus its row of actions (Copy, Edit, ⋯)."""
    return message.locator("xpath=..")


def user_messages(page: Page):
    return message_list(page).locator('[data-role="user"]')


def snapshot(page: Page, name: str) -> None:
    """Save what the page looks like as evidence to look at (tests/artifacts/screenshots/<name>.png):
    layout tests measure what they can, and a person looks at the rest."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
