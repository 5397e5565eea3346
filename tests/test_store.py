"""The store, one suite on every engine: in-memory SQLite, a SQLite file, a real PostgreSQL."""

from __future__ import annotations

import asyncio
import os

import pytest
import pytest_asyncio

from conftest import ENGINES
from models import GenerationStats, Message
from storage import ConversationStore, InvalidCursor, StorageError, new_id, now

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("database_setting", ENGINES, indirect=True)]


@pytest_asyncio.fixture
async def store(database_setting):
    store = await ConversationStore.open(database_setting)
    yield store
    await store.close()


def message(role: str, content: str, **fields) -> Message:
    return Message(id=new_id(), role=role, content=content, timestamp=now(), **fields)


async def test_create_get_and_delete(store):
    conversation = await store.create_conversation("Hello")
    fetched = await store.get_conversation(conversation.id)
    assert (fetched.id, fetched.title, fetched.messages) == (conversation.id, "Hello", [])
    assert (await store.get_summary(conversation.id)).message_count == 0
    assert await store.delete_conversation(conversation.id) is True
    assert await store.get_conversation(conversation.id) is None
    assert await store.delete_conversation(conversation.id) is False


async def test_list_is_newest_activity_first_with_counts_kept_with_the_conversation(store):
    first = await store.create_conversation("first")
    second = await store.create_conversation("second")
    await store.append_message(first.id, message("user", "hi"))
    await store.append_message(first.id, message("assistant", "hello", status="complete"))
    summaries = await store.list_conversations()
    assert [s.id for s in summaries] == [first.id, second.id]
    assert [s.message_count for s in summaries] == [2, 0]


async def test_pages_follow_each_other_without_gaps_or_repeats(store):
    created = [(await store.create_conversation(f"c{i}")).id for i in range(23)]
    pages, before = [], None
    while True:
        page = await store.list_conversations(limit=5, before=before)
        if not page:
            break
        pages.append([s.id for s in page])
        before = page[-1].cursor
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert [i for page in pages for i in page] == list(reversed(created))
    with pytest.raises(InvalidCursor):
        await store.list_conversations(limit=5, before="not-a-cursor")


async def test_messages_keep_order_and_every_field(store):
    conversation = await store.create_conversation("t")
    stats = GenerationStats(ttft_ms=12.5, tokens_per_second=40.0, completion_tokens=7, reasoning_ms=3.0)
    await store.append_message(conversation.id, message("user", "question ✓ 🚀 ΣΊΣΥΦΟΣ"))
    await store.append_message(
        conversation.id, message("assistant", "answer", reasoning="why", model="m", status="complete", stats=stats)
    )
    first, second = (await store.get_conversation(conversation.id)).messages
    assert first.content == "question ✓ 🚀 ΣΊΣΥΦΟΣ"
    assert (second.content, second.reasoning, second.model, second.status, second.stats) == (
        "answer",
        "why",
        "m",
        "complete",
        stats,
    )
    assert second.timestamp.tzinfo is not None


async def test_reply_in_progress_is_hidden_and_uncounted_until_finished(store):
    conversation = await store.create_conversation("t")
    await store.append_message(conversation.id, message("user", "q"))
    reply = message("assistant", "par", status="streaming")
    await store.append_message(conversation.id, reply)
    assert [m.role for m in (await store.get_conversation(conversation.id)).messages] == ["user"]
    assert (await store.get_summary(conversation.id)).message_count == 1
    await store.update_message(conversation.id, reply.id, {"content": "partial", "status": "stopped"})
    stored = (await store.get_conversation(conversation.id)).messages[-1]
    assert (stored.content, stored.status) == ("partial", "stopped")
    assert (await store.get_summary(conversation.id)).message_count == 2


async def test_settings_update_only_given_fields(store):
    conversation = await store.create_conversation("t")
    await store.update_conversation(conversation.id, {"system_prompt": "be brief", "temperature": 0.3})
    updated = await store.update_conversation(conversation.id, {"temperature": None, "title": "renamed"})
    assert (updated.title, updated.system_prompt, updated.temperature) == ("renamed", "be brief", None)
    assert await store.update_conversation(new_id(), {"title": "x"}) is None


async def test_truncate_from_an_index_keeps_the_count(store):
    conversation = await store.create_conversation("t")
    for index in range(5):
        await store.append_message(conversation.id, message("user" if index % 2 == 0 else "assistant", str(index)))
    assert await store.truncate_messages(conversation.id, 2) == 3
    assert [m.content for m in (await store.get_conversation(conversation.id)).messages] == ["0", "1"]
    assert (await store.get_summary(conversation.id)).message_count == 2
    assert await store.truncate_messages(conversation.id, 2) == 0
    await store.append_message(conversation.id, message("user", "again"))
    assert [m.content for m in (await store.get_conversation(conversation.id)).messages] == ["0", "1", "again"]


async def test_writes_to_a_deleted_conversation_are_harmless(store):
    conversation = await store.create_conversation("t")
    await store.append_message(conversation.id, message("user", "q"))
    await store.delete_conversation(conversation.id)
    assert await store.append_message(conversation.id, message("assistant", "late")) is False
    await store.update_message(conversation.id, "anything", {"content": "late"})
    assert await store.list_conversations() == []
    assert await store.search_conversations("q", 10) == []


async def test_recover_marks_unfinished_replies_interrupted_and_counts_them(store):
    conversation = await store.create_conversation("t")
    await store.append_message(conversation.id, message("user", "q"))
    await store.append_message(conversation.id, message("assistant", "half an ans", status="streaming"))
    assert await store.recover_interrupted() == 1
    messages = (await store.get_conversation(conversation.id)).messages
    assert [(m.content, m.status) for m in messages] == [("q", None), ("half an ans", "interrupted")]
    assert "backend stopped" in messages[-1].error
    assert (await store.get_summary(conversation.id)).message_count == 2
    assert await store.recover_interrupted() == 0


async def test_search_matches_words_of_titles_and_visible_messages(store):
    trip = await store.create_conversation("Trip to Porto")
    food = await store.create_conversation("t")
    await store.append_message(food.id, message("user", "Best 100% BACON recipe, first try"))
    await store.append_message(food.id, message("assistant", "secret in progress", status="streaming"))

    async def found(text):
        return [s.id for s in await store.search_conversations(text, 10)]

    assert await found("porto") == [trip.id]
    assert await found("bacon") == [food.id]
    assert await found("RECI") == [food.id]  # words match from their start
    assert await found("100%") == [food.id]  # punctuation is not a word
    assert await found("bacon porto") == []  # every word must match
    assert await found("acon") == []  # not the middle of a word
    assert await found("secret") == []  # a reply in progress is not searchable yet
    assert await found("%%% ***") == []  # nothing to search for is no error


@pytest.mark.parametrize(
    ("stored", "query"),
    [("Über den Wolken", "über"), ("Un café noir", "CAFÉ"), ("ΣΊΣΥΦΟΣ και ο βράχος", "σίσυφος"), ("Москва", "МОСКВА")],
)
async def test_search_folds_case_in_every_script(store, stored, query):
    conversation = await store.create_conversation("t")
    await store.append_message(conversation.id, message("user", f"Notes: {stored}."))
    assert [s.id for s in await store.search_conversations(query, 10)] == [conversation.id]


async def test_search_answers_the_newest_matching_message_with_a_snippet(store):
    conversation = await store.create_conversation("Whales")
    await store.append_message(conversation.id, message("user", "Tell me about narwhals"))
    newest = message("assistant", "Narwhals live in the Arctic. " + "They dive deep. " * 30, status="complete")
    await store.append_message(conversation.id, newest)
    await store.append_message(conversation.id, message("user", "thanks"))
    [hit] = await store.search_conversations("narwhal", 10)
    assert hit.match_message_id == newest.id
    assert "Narwhals" in hit.snippet and len(hit.snippet) < 200
    [by_title] = await store.search_conversations("whales", 10)
    assert (by_title.match_message_id, by_title.snippet) == (None, None)


async def test_search_follows_renames_edits_and_deletes(store):
    conversation = await store.create_conversation("Alpha")
    reply = message("assistant", "draft", status="streaming")
    await store.append_message(conversation.id, reply)
    await store.update_message(conversation.id, reply.id, {"content": "final words", "status": "complete"})
    assert [s.id for s in await store.search_conversations("final", 10)] == [conversation.id]
    await store.update_conversation(conversation.id, {"title": "Omega"})
    assert await store.search_conversations("alpha", 10) == []
    assert [s.id for s in await store.search_conversations("omega", 10)] == [conversation.id]
    await store.truncate_messages(conversation.id, 0)
    assert await store.search_conversations("final", 10) == []


async def test_concurrent_writes_all_land(store):
    conversation = await store.create_conversation("busy")
    await asyncio.gather(*(store.append_message(conversation.id, message("user", f"m{i}")) for i in range(40)))
    assert (await store.get_summary(conversation.id)).message_count == 40
    assert len((await store.get_conversation(conversation.id)).messages) == 40


async def test_everything_survives_reopening(database_setting):
    if not database_setting:
        pytest.skip("the in-memory database lives as long as its process, as the seed's store did")
    store = await ConversationStore.open(database_setting)
    conversation = await store.create_conversation("kept")
    await store.append_message(conversation.id, message("user", "q"))
    before = await store.get_conversation(conversation.id)
    await store.close()
    reopened = await ConversationStore.open(database_setting)
    try:
        assert await reopened.get_conversation(conversation.id) == before
        assert [s.id for s in await reopened.search_conversations("q", 5)] == [conversation.id]
    finally:
        await reopened.close()


async def test_a_second_store_on_the_same_database_is_refused(store, database_setting, tmp_path):
    if not database_setting:
        pytest.skip("each process has its own in-memory database")
    with pytest.raises(StorageError, match="already using"):
        await ConversationStore.open(database_setting)
    if database_setting.startswith("postgresql"):
        return
    link = tmp_path / "link.db"
    os.symlink(database_setting, link)
    with pytest.raises(StorageError, match="already using"):  # a symlink is the same file
        await ConversationStore.open(str(link))


async def test_the_migrated_schema_is_the_one_the_queries_are_written_for(store):
    """Migrations and storage/schema.py must not drift apart; search's own structures aside."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.schema import metadata

    def differences(connection):
        return compare_metadata(MigrationContext.configure(connection), metadata)

    async with store.database.writer.connect() as connection:
        found = await connection.run_sync(differences)
        if store.kind != "postgresql":
            # SQLAlchemy does not reflect a column's inline constraint on SQLite (migration 0003
            # adds parent_id in place, to keep the search triggers); SQLite itself says what it is.
            rows = await connection.exec_driver_sql("PRAGMA foreign_key_list(messages)")
            parent = [row for row in rows if row[3] == "parent_id"]
            assert [(row[2], row[4], row[6]) for row in parent] == [("messages", "id", "CASCADE")]
            found = [d for d in found if not (d[0] in ("add_fk", "remove_fk") and "parent_id" in repr(d))]
    search_structures = ("_fts", "search", "title_vector")
    unexpected = [d for d in found if not any(part in repr(d) for part in search_structures)]
    assert unexpected == []


async def test_the_active_path_of_a_long_branched_conversation_is_read_in_a_fixed_number_of_queries(store):
    """1,000 messages on the active path, 100 of them with a second branch: the path, every
    sibling list and the files the messages carry come in four queries, whatever the length."""
    from sqlalchemy import event

    conversation = await store.create_conversation("long")
    parent = None
    for index in range(1000):
        role = "user" if index % 2 == 0 else "assistant"
        if index % 10 == 5:  # a branch beside this message, not on the active path
            side = message(role, f"side {index}")
            await store.add_message(conversation.id, side, parent_id=parent, make_active=False)
        current = message(role, f"m{index}", status=None if role == "user" else "complete")
        await store.add_message(conversation.id, current, parent_id=parent, make_active=True)
        parent = current.id

    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(store.database.reader.sync_engine, "before_cursor_execute", count)
    try:
        loaded = await store.get_conversation(conversation.id)
    finally:
        event.remove(store.database.reader.sync_engine, "before_cursor_execute", count)
    assert [m.content for m in loaded.messages] == [f"m{index}" for index in range(1000)]
    assert sum(len(m.sibling_ids) == 2 for m in loaded.messages) == 100
    assert len(statements) <= 5  # BEGIN, the conversation, the path, the siblings, the files
    assert (await store.get_summary(conversation.id)).message_count == 1000


async def test_deleting_the_branch_being_shown_moves_to_the_branch_beside_it(store):
    conversation = await store.create_conversation("t")
    question = message("user", "q")
    await store.add_message(conversation.id, question, parent_id=None, make_active=True)
    first, second = message("assistant", "a1", status="complete"), message("assistant", "a2", status="complete")
    await store.add_message(conversation.id, first, parent_id=question.id, make_active=True)
    await store.add_message(conversation.id, second, parent_id=question.id, make_active=True)
    follow_up = message("user", "more")
    await store.add_message(conversation.id, follow_up, parent_id=second.id, make_active=True)
    assert await store.delete_branch(conversation.id, second.id) == (2, 2)
    assert [m.content for m in (await store.get_conversation(conversation.id)).messages] == ["q", "a1"]
    assert await store.delete_branch(conversation.id, question.id) == (2, 0)
    assert (await store.get_conversation(conversation.id)).messages == []
    assert await store.delete_branch(conversation.id, question.id) is None


async def test_the_migrations_build_the_schema_the_code_queries(store):
    """storage/schema.py (what queries use) and migrations/ (what databases get) agree: every
    table, column and index the code expects exists with its type. Objects the migrations add
    beside them on purpose (full-text tables, triggers, generated search columns) are left out."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.schema import metadata

    def differences(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)

    async with store.database.writer.connect() as connection:
        found = await connection.run_sync(differences)
        missing = [d for d in _flatten(found) if not d[0].startswith("remove_")]
        if store.kind != "postgresql":
            # SQLAlchemy reads SQLite's table-level FOREIGN KEY clauses only, so a key declared on
            # its column (ALTER TABLE … ADD COLUMN … REFERENCES, migration 0003) looks absent:
            # ask SQLite itself for those.
            keys = {
                (table, row[3], row[2], row[4], row[6])
                for table in ("conversations", "messages")
                for row in (await connection.exec_driver_sql(f"PRAGMA foreign_key_list({table})")).all()
            }
            missing = [d for d in missing if not (d[0] == "add_fk" and _sqlite_has(keys, d[1]))]
    assert missing == []


def _sqlite_has(keys, constraint) -> bool:
    (column,) = constraint.columns
    (element,) = constraint.elements
    wanted = (constraint.table.name, column.name, element.column.table.name, element.column.name)
    return (*wanted, (constraint.ondelete or "NO ACTION").upper()) in keys


def _flatten(differences):
    for difference in differences:
        yield from (_flatten(difference) if isinstance(difference, list) else [difference])


# ---- attachments ---------------------------------------------------------------------------


async def add_file(store, name="photo.png", kind="image", text=None):
    return await store.attachments.add(name=name, kind=kind, media_type="image/png", data=b"\x89PNG-bytes", text=text)


async def test_messages_carry_their_files_in_order_through_every_read(store):
    conversation = await store.create_conversation("Files")
    photo = await add_file(store)
    notes = await store.attachments.add(
        name="notes.txt", kind="document", media_type="text/plain; charset=utf-8", data=b"hi", text="hi there"
    )
    question = message("user", "Look")
    await store.add_message(
        conversation.id, question, parent_id=None, make_active=True, attachment_ids=[notes.id, photo.id]
    )
    for read in (
        (await store.get_conversation(conversation.id)).messages[0],
        (await store.get_tree(conversation.id)).messages[0],
        await store.get_message(conversation.id, question.id),
        (await store.path_to(conversation.id, question.id))[0],
    ):
        assert [(a.id, a.name, a.kind, a.chars) for a in read.attachments] == [
            (notes.id, "notes.txt", "document", 8),
            (photo.id, "photo.png", "image", None),
        ]
    stored = await store.attachments.get(photo.id)
    assert (stored.data, stored.info.size) == (b"\x89PNG-bytes", 10)


async def test_a_fork_carries_the_same_files_and_deleting_keeps_what_another_message_carries(store):
    conversation = await store.create_conversation("Files")
    photo = await add_file(store)
    question = message("user", "Look")
    await store.add_message(conversation.id, question, parent_id=None, make_active=True, attachment_ids=[photo.id])
    copy = await store.fork(conversation.id, question.id)
    assert (await store.get_conversation(copy.id)).messages[0].attachments[0].id == photo.id
    await store.delete_conversation(conversation.id)
    assert await store.attachments.get(photo.id) is not None  # the fork still carries it
    await store.delete_conversation(copy.id)
    assert await store.attachments.get(photo.id) is None  # nothing does any more


async def test_deleting_a_branch_deletes_the_files_only_it_carried(store):
    conversation = await store.create_conversation("Files")
    photo = await add_file(store)
    question = message("user", "Look")
    await store.add_message(conversation.id, question, parent_id=None, make_active=True, attachment_ids=[photo.id])
    await store.delete_branch(conversation.id, question.id)
    assert await store.attachments.get(photo.id) is None


async def test_files_never_sent_are_swept_after_a_while_and_sent_ones_stay(store):
    conversation = await store.create_conversation("Files")
    sent, unsent = await add_file(store), await add_file(store, name="draft.png")
    await store.add_message(
        conversation.id, message("user", "Look"), parent_id=None, make_active=True, attachment_ids=[sent.id]
    )
    assert await store.attachments.delete_unsent(older_than_s=3600) == 0  # too young
    await asyncio.sleep(0.05)
    assert await store.attachments.delete_unsent(older_than_s=0.01) == 1
    assert await store.attachments.get(unsent.id) is None
    assert await store.attachments.get(sent.id) is not None
