"""What a person does and sees in the chat page, in one place for every browser test."""

from __future__ import annotations

from playwright.sync_api import Page, expect

REPLY_TIMEOUT_MS = 30_000


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


def new_chat(page: Page) -> str:
    """Click New Chat; returns the new conversation's id from the URL."""
    before = page.url
    page.get_by_role("button", name="New Chat", exact=True).click()
    page.wait_for_url(lambda url: url != before and "#/c/" in url)
    expect(page.get_by_text("No messages yet")).to_be_visible()
    return page.url.split("#/c/", 1)[1]


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
