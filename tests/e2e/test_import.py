"""Importing another app's history in Chromium against the real backend: a ChatGPT export chosen
in the History menu's import dialog comes in with its branch, and its conversation opens."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from e2e.accessibility import assert_accessible
from e2e.chat_page import assistant_messages, message_list, open_app, sidebar_item, user_messages

TITLE = "Why two tides a day"
QUESTION = "Why are there two high tides a day?"
FIRST_ANSWER = "Because of the moon."
SECOND_ANSWER = "The moon pulls the near ocean; the far side bulges too, so two tides."


def chatgpt_message(node_id: str, role: str, text: str, at: float, model: str | None = None) -> dict:
    return {
        "id": node_id,
        "author": {"role": role, "name": None, "metadata": {}},
        "create_time": at,
        "update_time": None,
        "content": {"content_type": "text", "parts": [text]},
        "status": "finished_successfully",
        "end_turn": role == "assistant" or None,
        "weight": 1.0,
        "metadata": {"model_slug": model} if model else {},
        "recipient": "all",
    }


def chatgpt_export() -> bytes:
    """ChatGPT's conversations.json with one conversation: a question and two answers to it
    (Regenerate), the second one shown (`current_node`)."""
    mapping = {
        "client-created-root": {"id": "client-created-root", "message": None, "parent": None, "children": ["q1"]},
        "q1": {
            "id": "q1",
            "message": chatgpt_message("q1", "user", QUESTION, 1_733_000_000.0),
            "parent": "client-created-root",
            "children": ["a1", "a2"],
        },
        "a1": {
            "id": "a1",
            "message": chatgpt_message("a1", "assistant", FIRST_ANSWER, 1_733_000_010.0, "gpt-4o"),
            "parent": "q1",
            "children": [],
        },
        "a2": {
            "id": "a2",
            "message": chatgpt_message("a2", "assistant", SECOND_ANSWER, 1_733_000_020.0, "gpt-4o"),
            "parent": "q1",
            "children": [],
        },
    }
    conversation = {
        "title": TITLE,
        "create_time": 1_733_000_000.0,
        "update_time": 1_733_000_020.0,
        "mapping": mapping,
        "moderation_results": [],
        "current_node": "a2",
        "conversation_id": "6751a2b0-0000-4000-8000-000000000001",
        "id": "6751a2b0-0000-4000-8000-000000000001",
        "default_model_slug": "gpt-4o",
    }
    return json.dumps([conversation]).encode()


def import_dialog(page):
    return page.get_by_role("dialog", name="Import conversations")


def choose_export(page, data: bytes, name: str = "conversations.json") -> None:
    """History → Import conversations… → Choose a file…, answering the browser's file chooser."""
    page.get_by_role("button", name="History").click()
    page.get_by_role("button", name="Import conversations…").click()
    with page.expect_file_chooser() as chooser:
        import_dialog(page).get_by_role("button", name="Choose a file…").click()
    chooser.value.set_files(files=[{"name": name, "mimeType": "application/json", "buffer": data}])


def test_a_chatgpt_export_chosen_in_the_import_dialog_comes_in_with_its_branch(app, page):
    open_app(page, app.url)
    choose_export(page, chatgpt_export())
    dialog = import_dialog(page)
    expect(dialog.get_by_text("Imported 1 conversation.", exact=True)).to_be_visible()
    expect(dialog.get_by_text("From ChatGPT.")).to_be_visible()
    expect(sidebar_item(page, TITLE)).to_be_visible()  # the list reloaded
    assert_accessible(page, "the import summary")

    dialog.get_by_role("button", name=f"Open “{TITLE}”").click()
    expect(dialog).to_have_count(0)
    expect(user_messages(page)).to_have_text([QUESTION])
    expect(assistant_messages(page)).to_have_text([SECOND_ANSWER])  # current_node's branch
    replies = message_list(page).get_by_role("group", name="Reply 2 of 2")
    expect(replies).to_be_visible()
    replies.get_by_role("button", name="Previous reply").click()
    expect(assistant_messages(page)).to_have_text([FIRST_ANSWER])

    # The same file again brings nothing twice.
    choose_export(page, chatgpt_export())
    expect(dialog.get_by_text("Imported 0 conversations, 1 already here (skipped).", exact=True)).to_be_visible()


def test_a_file_that_is_no_export_is_refused_with_the_backends_sentence_at_375_px(app, page):
    page.expected_console_errors = ["status of 422"]  # the browser logs the refused upload
    page.set_viewport_size({"width": 375, "height": 740})
    open_app(page, app.url)
    page.get_by_role("button", name="Open conversations").click()
    choose_export(page, b'{"hello": "world"}', name="notes.json")
    dialog = import_dialog(page)
    alert = dialog.get_by_role("alert")
    expect(alert).to_contain_text("ChatGPT")  # the sentence names the formats we read
    expect(dialog.get_by_role("button", name="Try another file")).to_be_focused()
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"the dialog leaves the screen: {box}"
    assert_accessible(page, "the import dialog's error at 375 px")
