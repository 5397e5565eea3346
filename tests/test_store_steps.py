"""Storage of replies that take steps, on every engine: a reply's steps (text and tool calls, in
order) as it goes and as it ends, copied by a fork; the tool servers a conversation, a preset
and the defaults choose."""

from __future__ import annotations

import pytest
import pytest_asyncio
import sqlalchemy as sa

from conftest import ENGINES
from storage import ReplyOutcome, Store, new_id
from storage.schema import messages

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("database_setting", ENGINES, indirect=True)]

STEPS = [
    {"type": "text", "text": "Let me look ✓"},
    {
        "type": "tool_call",
        "id": "814890118",
        "name": "search",
        "server": "Files",
        "arguments": '{"query": "ΣΊΣΥΦΟΣ"}',
        "status": "done",
        "result": "3 files",
        "duration_ms": 12.5,
    },
    {"type": "text", "text": "Found 3."},
]


@pytest_asyncio.fixture
async def store(database_setting):
    store = await Store.open(database_setting)
    yield store
    await store.close()


async def test_a_replys_steps_are_kept_as_it_goes_as_it_ends_and_in_a_fork(store):
    conversation = await store.conversations.create("t")
    start = await store.replies.begin_send(conversation.id, question_id=new_id(), reply_id=new_id(), content="q")
    await store.replies.save_progress(start.reply_id, "Let me look ✓", None, "m", STEPS[:2])
    in_progress = sa.select(messages.c.steps).where(messages.c.id == start.reply_id)  # hidden from reads until it ends
    assert await store.database.read(lambda connection: connection.execute(in_progress).scalar()) == STEPS[:2]
    outcome = ReplyOutcome(written=True, content="Let me look ✓Found 3.", steps=STEPS)
    await store.replies.finish(start, outcome)
    _, path = await store.messages.active_path(conversation.id)
    assert path[-1].steps == STEPS and path[-1].content == "Let me look ✓Found 3."
    copy = await store.forks.copy_path(conversation.id, start.reply_id, title="Branch")
    _, copied = await store.messages.active_path(copy.id)
    assert copied[-1].steps == STEPS


async def test_a_reply_without_tools_has_no_steps(store):
    conversation = await store.conversations.create("t")
    start = await store.replies.begin_send(conversation.id, question_id=new_id(), reply_id=new_id(), content="q")
    await store.replies.finish(start, ReplyOutcome(written=True, content="a"))
    _, path = await store.messages.active_path(conversation.id)
    assert [m.steps for m in path] == [None, None]


async def test_tool_servers_are_kept_by_conversations_presets_and_the_defaults(store):
    conversation = await store.conversations.create("t")
    await store.conversations.update(conversation.id, {"mcp_servers": ["files", "web"]})
    assert (await store.conversations.get(conversation.id)).mcp_servers == ["files", "web"]
    await store.conversations.update(conversation.id, {"mcp_servers": []})
    assert (await store.conversations.get(conversation.id)).mcp_servers == []
    preset = await store.settings.create_preset("None", {"mcp_servers": []})
    assert preset.mcp_servers == []
    await store.settings.put_defaults({"mcp_servers": ["files"]})
    assert (await store.settings.get_defaults())["mcp_servers"] == ["files"]
