"""Real exports (tests/fixtures/imports, from LibreChat's importer tests: see PROVENANCE.md) and
exports shaped as each app writes them, imported whole: the exact tree, the branch shown, times,
models, titles, thinking, and what was left out said in sentences."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from importers.run import import_file
from sample_files import image_bytes
from storage import Store

pytestmark = pytest.mark.asyncio

SAMPLES = Path(__file__).parent / "fixtures" / "imports"


@pytest_asyncio.fixture
async def store():
    store = await Store.open("")
    yield store
    await store.close()


async def imported(store: Store, path: Path):
    return await import_file(store, str(path), path.name, max_image_side=2048, max_file_bytes=20 * 2**20)


async def tree_of(store: Store, conversation_id: str):
    """(role, content) of the active path, and every message by content."""
    _, path = await store.messages.active_path(conversation_id)
    _, everything = await store.messages.whole_tree(conversation_id)
    return path, everything


def children_of(everything, message_id: str) -> list[str]:
    return [m.content for m in everything if m.parent_id == message_id]


def seconds(value: float) -> datetime:
    return datetime.fromtimestamp(value, UTC)


async def test_chatgpt_export_with_an_edited_question_and_a_regenerated_answer(store):
    summary = await imported(store, SAMPLES / "chatgpt-tree.json")
    assert summary.warnings == [] and summary.skipped == 0
    [(conversation_id, title, source)] = summary.conversations
    assert (title, source) == ("Assist user with summary", "chatgpt")
    path, everything = await tree_of(store, conversation_id)
    assert [m.content for m in path] == [
        "hi there",
        "Hello! How can I assist you today?",
        "hi again",
        "Hey! Welcome back. What's on your mind?",
        "tell me a joke",
        "Sure, here's one for you:\n\nWhy don't scientists trust atoms?\n\nBecause they make up everything!",
    ]
    assert [m.role for m in path] == ["user", "assistant"] * 3
    assert len(everything) == 11  # the hidden system message and the empty root are left out
    # The edited question: "so cool bro" and "hi again" answer the same message.
    assert children_of(everything, path[1].id) == ["so cool bro", "hi again"]  # oldest first
    assert path[-1].sibling_ids[1] == path[-1].id and len(path[-1].sibling_ids) == 2  # the regenerated joke
    story = next(m for m in everything if m.content.startswith("Sure! Here's a short story"))
    assert story.status == "interrupted"
    assert path[0].timestamp == seconds(1714585031.150442)
    assert {m.model for m in everything if m.role == "assistant"} == {"text-davinci-002-render-sha"}
    conversation = await store.conversations.get(conversation_id)
    assert conversation.created_at == seconds(1714585031.148505)
    assert conversation.updated_at == seconds(1714585060.879308)
    assert conversation.message_count == 6 and conversation.model is None


async def test_a_2025_chatgpt_export_leaves_out_custom_instructions_and_names_a_broken_entry(store):
    summary = await imported(store, SAMPLES / "chatgpt-modern-export.json")
    assert [title for _, title, _ in summary.conversations] == ["Deploying the staging cluster", "Weeknight pasta"]
    assert summary.warnings == ["“Corrupted entry” was left out: its export holds no messages."]
    path, _ = await tree_of(store, summary.conversations[0][0])
    assert [(m.role, m.content, m.model) for m in path] == [
        ("user", "How do I roll back the deploy?", None),
        ("assistant", "Run `helm rollback staging`.", "gpt-5-thinking"),  # no model_slug: the conversation's
        ("user", "And if that fails?", None),
        ("assistant", "Restore from the last known-good chart.", "o4-mini"),
    ]
    assert (await store.conversations.get(summary.conversations[0][0])).system_prompt is None


async def test_open_webui_export_keeps_reasoning_apart_and_says_what_tool_calls_were_left_out(store):
    summary = await imported(store, SAMPLES / "openwebui-export.json")
    assert [(title, source) for _, title, source in summary.conversations] == [
        ("Chat with reasoning", "open-webui"),
        ("Chat with tool call", "open-webui"),
        ("Simple linear chat", "open-webui"),
    ]
    assert summary.warnings == ["“Chat with tool call”: left out 1 tool call(s) (the answers that used them are kept)."]
    reasoning, tools, simple = [(await tree_of(store, i))[0] for i, _, _ in summary.conversations]
    assert (reasoning[1].content, reasoning[1].reasoning) == ("255", "15 * 17 = 15 * 10 + 15 * 7 = 150 + 105 = 255")
    assert reasoning[1].model == "deepseek-r1" and reasoning[1].timestamp == seconds(1700000010)
    assert tools[1].content == "The weather in Paris is 18C with rain."
    assert [(m.role, m.content) for m in simple] == [("user", "Hello"), ("assistant", "Hi there!")]


async def test_open_webui_reasoning_blocks_without_the_newer_output_list(store, tmp_path):
    chat = json.loads((SAMPLES / "openwebui-export.json").read_text())[0]
    del chat["chat"]["history"]["messages"]["ra2"]["output"]
    chat["chat"]["history"]["messages"]["ra2"]["content"] = (
        '<details type="reasoning" done="true" duration="3">\n<summary>Thought for 3 seconds</summary>\n'
        "&gt; First line\n&gt; Second &amp; last\n</details>\n255"
    )
    sample = tmp_path / "one-chat.json"
    sample.write_text(json.dumps(chat))  # one chat's export: an object, not a list
    summary = await imported(store, sample)
    path, _ = await tree_of(store, summary.conversations[0][0])
    assert (path[1].content, path[1].reasoning) == ("255", "First line\nSecond & last")


async def test_open_webui_images_come_in_as_files(store, tmp_path):
    chat = json.loads((SAMPLES / "openwebui-export.json").read_text())[2]
    picture = base64.b64encode(image_bytes("PNG", size=(12, 10))).decode()
    chat["chat"]["history"]["messages"]["sa1"]["files"] = [
        {"type": "image", "url": f"data:image/png;base64,{picture}"},
        {"type": "file", "name": "report.pdf", "id": "f1"},
    ]
    sample = tmp_path / "chats.json"
    sample.write_text(json.dumps([chat]))
    summary = await imported(store, sample)
    assert summary.warnings == ["“Simple linear chat”: left out 1 attached file(s) the export names but does not hold."]
    path, _ = await tree_of(store, summary.conversations[0][0])
    [attachment] = path[0].attachments
    assert (attachment.kind, attachment.width, attachment.height) == ("image", 12, 10)


async def test_librechat_recursive_export_with_branches_under_two_messages(store):
    summary = await imported(store, SAMPLES / "librechat-tree.json")
    [(conversation_id, title, source)] = summary.conversations
    assert (title, source) == ("Troubleshooting Python Virtual Environment Activation Issue", "librechat")
    path, everything = await tree_of(store, conversation_id)
    assert len(everything) == 9
    by_content = {m.content: m for m in everything}
    assert by_content["thanks"].parent_id == by_content["lol"].parent_id == path[1].id
    welcome = "You're welcome! If you have any more questions or need further assistance, feel free to ask."
    assert children_of(everything, by_content["thanks"].id) == [
        f"{welcome} Good luck with your project!",
        f"{welcome} Happy coding!",
    ]
    # No branch is marked as shown: the newest leaf is (the last written, when times are missing).
    assert [m.content for m in path][:3] == [
        "How do I use source venv/bin/activate?\nbash: venv/bin/activate: No such file or directory",
        path[1].content,
        "lol",
    ]
    assert path[0].timestamp == datetime(2024, 5, 1, 16, 35, 11, 530000, tzinfo=UTC)
    assert path[1].model == "gpt-4-turbo" and path[0].model is None


async def test_librechat_flat_export_with_content_parts_and_thinking(store, tmp_path):
    root = "00000000-0000-0000-0000-000000000000"
    export = {
        "conversationId": "conv-flat",
        "title": "Flat",
        "recursive": False,
        "messages": [
            {
                "messageId": "m1",
                "parentMessageId": root,
                "isCreatedByUser": True,
                "text": "Hi",
                "createdAt": "2025-01-01T10:00:00Z",
            },
            {
                "messageId": "m2",
                "parentMessageId": "m1",
                "isCreatedByUser": False,
                "text": "",
                "model": "claude",
                "createdAt": "2025-01-01T10:00:05Z",
                "content": [
                    {"type": "think", "think": "They said hi."},
                    {"type": "text", "text": {"value": "Hello!"}},
                ],
            },
            {
                "messageId": "m3",
                "parentMessageId": "m1",
                "isCreatedByUser": False,
                "text": "Older hello",
                "createdAt": "2025-01-01T10:00:01Z",
            },
        ],
    }
    sample = tmp_path / "librechat.json"
    sample.write_text(json.dumps(export))
    summary = await imported(store, sample)
    path, _ = await tree_of(store, summary.conversations[0][0])
    assert [(m.content, m.reasoning, m.model) for m in path] == [
        ("Hi", None, None),
        ("Hello!", "They said hi.", "claude"),
    ]


@pytest.mark.parametrize(
    "sample", ["chatgpt-tree.json", "chatgpt-modern-export.json", "openwebui-export.json", "librechat-tree.json"]
)
async def test_every_sample_imported_twice_is_skipped_the_second_time(store, sample):
    first = await imported(store, SAMPLES / sample)
    again = await imported(store, SAMPLES / sample)
    assert again.conversations == [] and again.skipped == len(first.conversations) > 0
