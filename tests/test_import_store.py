"""Writing imported conversations, on every engine: the tree as the source had it, each
conversation whole or not at all, each once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import pytest_asyncio
import sqlalchemy as sa

from conftest import ENGINES
from importers.records import CHATGPT, ImportedConversation, ImportedMessage
from storage import Store, new_id, now
from storage.schema import conversations, messages

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("database_setting", ENGINES, indirect=True)]


@pytest_asyncio.fixture
async def store(database_setting):
    store = await Store.open(database_setting)
    yield store
    await store.close()


def at(minute: int) -> datetime:
    return datetime(2025, 3, 1, 12, minute, tzinfo=UTC)


def message(key, parent, role, content, minute, **more) -> ImportedMessage:
    return ImportedMessage(key=key, parent_key=parent, role=role, content=content, timestamp=at(minute), **more)


def conversation(source_id="s1", messages=(), active=None, **more) -> ImportedConversation:
    return ImportedConversation(
        source=CHATGPT, source_id=source_id, title="Plans", messages=list(messages), active_key=active, **more
    )


async def test_the_tree_comes_in_as_the_source_had_it(store):
    imported = conversation(
        messages=[
            message("sys", None, "system", "Be kind.", 0),
            message("q", "sys", "user", "Where to?", 1),
            message("a1", "q", "assistant", "Rome.", 2, model="gpt-4o", reasoning="They like food."),
            message("a2", "q", "assistant", "Paris.", 3, model="gpt-4o"),
            message("tool", "a2", "tool", "(a search)", 4),
            message("q2", "tool", "user", "Why?", 5),
        ],
        active="q2",
        created_at=at(0),
        updated_at=at(9),
    )
    record = await store.imports.add(imported, {})
    assert record.title == "Plans" and record.title_set_by_user
    assert record.system_prompt == "Be kind."
    assert (record.created_at, record.updated_at) == (at(0), at(9))
    _, path = await store.messages.active_path(record.id)
    assert [(m.role, m.content, m.depth) for m in path] == [
        ("user", "Where to?", 0),
        ("assistant", "Paris.", 1),
        ("user", "Why?", 2),  # the tool message left out: what followed it follows its parent
    ]
    assert record.message_count == 3
    assert path[1].sibling_ids[0] != path[1].id and len(path[1].sibling_ids) == 2
    _, tree = await store.messages.whole_tree(record.id)
    rome = next(m for m in tree if m.content == "Rome.")
    assert (rome.reasoning, rome.model, rome.status, rome.timestamp) == ("They like food.", "gpt-4o", "complete", at(2))


async def test_without_a_current_message_the_newest_leaf_is_shown(store):
    imported = conversation(
        messages=[
            message("q", None, "user", "Hi", 1),
            message("late", "q", "assistant", "Later answer", 9),
            message("early", "q", "assistant", "Earlier answer", 2),
        ],
        active="not-there",
    )
    record = await store.imports.add(imported, {})
    _, path = await store.messages.active_path(record.id)
    assert [m.content for m in path] == ["Hi", "Later answer"]


async def test_parents_that_are_not_listed_start_a_branch_and_cycles_cannot_form(store):
    imported = conversation(
        messages=[
            message("a", "b", "user", "first", 1),  # its parent comes later: a cycle a -> b -> a
            message("b", "a", "assistant", "second", 2),
            message("c", "nowhere", "user", "third", 3),
            message("a", None, "user", "duplicate key", 4),
        ],
        active="b",
    )
    record = await store.imports.add(imported, {})
    _, tree = await store.messages.whole_tree(record.id)
    assert [(m.content, m.depth) for m in tree] == [("first", 0), ("second", 1), ("third", 0)]
    assert record.message_count == 2


async def test_the_same_conversation_is_imported_once(store):
    imported = conversation(messages=[message("q", None, "user", "Hi", 1)])
    first = await store.imports.add(imported, {})
    assert await store.imports.add(imported, {}) is None
    assert [c.id for c in await store.conversations.list()] == [first.id]
    await store.conversations.delete(first.id)
    assert await store.imports.add(imported, {}) is not None


async def test_a_conversation_that_fails_half_way_leaves_nothing(store):
    file_id = new_id()
    row = {
        "id": file_id,
        "name": "a.txt",
        "kind": "document",
        "media_type": "text/plain",
        "size": 1,
        "width": None,
        "height": None,
        "text": "a",
        "data": b"a",
        "created_at": now(),
    }
    imported = conversation(messages=[message("q", None, "user", "Hi", 1), message("r", "q", "assistant", "Yo", 2)])
    with pytest.raises(sa.exc.IntegrityError):
        await store.imports.add(imported, {"q": [row], "r": [row]})  # one file id twice: refused at the end

    def counts(connection):
        return [
            connection.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in (conversations, messages)
        ]

    assert await store.database.read(counts) == [0, 0]
    assert await store.imports.add(imported, {"q": [row]}) is not None


async def test_text_postgresql_cannot_hold_is_cleaned_and_a_blank_title_named(store):
    imported = conversation(messages=[message("q", None, "user", "a\x00b", 1)])
    imported.title = "  \n "
    record = await store.imports.add(imported, {})
    assert record.title == "Imported conversation"
    _, path = await store.messages.active_path(record.id)
    assert path[0].content == "ab"
