"""The same suite against both stores: in memory and SQLite."""

from __future__ import annotations

import time

import pytest

from models import GenerationStats, Message
from sqlite_store import DatabaseInUseError, SQLiteStore
from store import MemoryStore, new_id, now


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    store = MemoryStore() if request.param == "memory" else SQLiteStore(str(tmp_path / "chat.db"))
    yield store
    store.close()


def message(role: str, content: str, **fields) -> Message:
    return Message(id=new_id(), role=role, content=content, timestamp=now(), **fields)


def test_create_get_and_delete(store):
    conversation = store.create_conversation("Hello")
    fetched = store.get_conversation(conversation.id)
    assert (fetched.id, fetched.title, fetched.messages) == (conversation.id, "Hello", [])
    assert store.delete_conversation(conversation.id) is True
    assert store.get_conversation(conversation.id) is None
    assert store.delete_conversation(conversation.id) is False


def test_list_is_newest_activity_first_with_counts(store):
    first = store.create_conversation("first")
    time.sleep(0.002)
    second = store.create_conversation("second")
    time.sleep(0.002)
    store.append_message(first.id, message("user", "hi"))
    summaries = store.list_conversations()
    assert [s.id for s in summaries] == [first.id, second.id]
    assert [s.message_count for s in summaries] == [1, 0]


def test_messages_keep_order_and_every_field(store):
    conversation = store.create_conversation("t")
    stats = GenerationStats(ttft_ms=12.5, tokens_per_second=40.0, completion_tokens=7)
    store.append_message(conversation.id, message("user", "question ✓ \x00 end"))
    store.append_message(
        conversation.id, message("assistant", "answer", reasoning="why", model="m", status="complete", stats=stats)
    )
    first, second = store.get_conversation(conversation.id).messages
    assert first.content == "question ✓ \x00 end"
    assert (second.content, second.reasoning, second.model, second.status, second.stats) == (
        "answer",
        "why",
        "m",
        "complete",
        stats,
    )
    assert second.timestamp is not None


def test_reply_in_progress_is_hidden_until_finished(store):
    conversation = store.create_conversation("t")
    store.append_message(conversation.id, message("user", "q"))
    reply = message("assistant", "par", status="streaming")
    store.append_message(conversation.id, reply)
    assert [m.role for m in store.get_conversation(conversation.id).messages] == ["user"]
    assert store.list_conversations()[0].message_count == 1
    store.update_message(conversation.id, reply.id, {"content": "partial", "status": "stopped"})
    stored = store.get_conversation(conversation.id).messages[-1]
    assert (stored.content, stored.status) == ("partial", "stopped")


def test_settings_update_only_given_fields(store):
    conversation = store.create_conversation("t")
    store.update_conversation(conversation.id, {"system_prompt": "be brief", "temperature": 0.3})
    updated = store.update_conversation(conversation.id, {"temperature": None, "title": "renamed"})
    assert (updated.title, updated.system_prompt, updated.temperature) == ("renamed", "be brief", None)
    assert store.update_conversation("missing", {"title": "x"}) is None


def test_truncate_from_an_index(store):
    conversation = store.create_conversation("t")
    for index in range(5):
        store.append_message(conversation.id, message("user" if index % 2 == 0 else "assistant", str(index)))
    assert store.truncate_messages(conversation.id, 2) == 3
    assert [m.content for m in store.get_conversation(conversation.id).messages] == ["0", "1"]
    assert store.truncate_messages(conversation.id, 2) == 0
    store.append_message(conversation.id, message("user", "again"))
    assert [m.content for m in store.get_conversation(conversation.id).messages] == ["0", "1", "again"]


def test_deleting_a_conversation_deletes_its_messages(store):
    conversation = store.create_conversation("t")
    store.append_message(conversation.id, message("user", "q"))
    store.delete_conversation(conversation.id)
    store.update_message(conversation.id, "anything", {"content": "late"})  # a late write is harmless
    assert store.list_conversations() == []


def test_sqlite_keeps_everything_across_reopen_and_recovers_unfinished_replies(tmp_path):
    path = str(tmp_path / "chat.db")
    store = SQLiteStore(path)
    conversation = store.create_conversation("kept")
    store.append_message(conversation.id, message("user", "q"))
    store.append_message(conversation.id, message("assistant", "half an ans", status="streaming"))
    store.close()
    reopened = SQLiteStore(path)
    assert reopened.recover_interrupted() == 1
    messages = reopened.get_conversation(conversation.id).messages
    assert [(m.content, m.status) for m in messages] == [("q", None), ("half an ans", "interrupted")]
    assert "backend stopped" in messages[-1].error
    reopened.close()


def test_a_second_sqlite_store_on_the_same_file_is_refused(tmp_path):
    path = str(tmp_path / "chat.db")
    first = SQLiteStore(path)
    with pytest.raises(DatabaseInUseError, match="already using"):
        SQLiteStore(path)
    first.close()
    SQLiteStore(path).close()  # free again once the first is closed


def test_search_matches_titles_and_visible_messages_case_insensitively(store):
    trip = store.create_conversation("Trip to Porto")
    food = store.create_conversation("t")
    store.append_message(food.id, message("user", "Best 100% BACON recipe_here"))
    store.append_message(food.id, message("assistant", "secret in progress", status="streaming"))
    assert [s.id for s in store.list_conversations("porto")] == [trip.id]
    assert [s.id for s in store.list_conversations("bacon")] == [food.id]
    assert [s.id for s in store.list_conversations("100%")] == [food.id]  # no LIKE wildcards
    assert [s.id for s in store.list_conversations("e_h")] == [food.id]
    assert store.list_conversations("secret") == []  # a reply in progress is not searchable yet
