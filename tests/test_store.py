"""The store, one suite on every engine: in-memory SQLite, a SQLite file, a real PostgreSQL."""

from __future__ import annotations

import asyncio
import os

import pytest
import pytest_asyncio

from conftest import ENGINES
from storage import ACTIVE_LEAF, InvalidCursor, ReplyOutcome, StorageError, Store, UnknownConversation, new_id

pytestmark = [pytest.mark.asyncio, pytest.mark.parametrize("database_setting", ENGINES, indirect=True)]


@pytest_asyncio.fixture
async def store(database_setting):
    store = await Store.open(database_setting)
    yield store
    await store.close()


async def ask(store, conversation_id, text, *, parent=ACTIVE_LEAF, attachment_ids=()):
    """A user's message and the placeholder of its reply, as a send stores them."""
    return await store.replies.begin_send(
        conversation_id,
        question_id=new_id(),
        reply_id=new_id(),
        content=text,
        parent=parent,
        attachment_ids=tuple(attachment_ids),
    )


async def answer(store, start, text, **outcome):
    """The reply to `start` ends, written (or, with written=False, with nothing to keep)."""
    await store.replies.finish(start, ReplyOutcome(**{"written": True, "content": text, **outcome}))


async def exchange(store, conversation_id, question, reply, **outcome):
    start = await ask(store, conversation_id, question)
    await answer(store, start, reply, **outcome)
    return start


async def again(store, conversation_id, message_id, text, **outcome):
    """Another reply to a user message (a regenerate), written."""
    start = await store.replies.begin_again(conversation_id, message_id, reply_id=new_id())
    await answer(store, start, text, **outcome)
    return start


async def path_of(store, conversation_id):
    return (await store.messages.active_path(conversation_id))[1]


async def count_of(store, conversation_id):
    return (await store.conversations.get(conversation_id)).message_count


async def found(store, text):
    return [c.id for c in await store.conversations.search(text, 10)]


async def test_create_get_and_delete(store):
    conversation = await store.conversations.create("Hello")
    fetched, path = await store.messages.active_path(conversation.id)
    assert (fetched.id, fetched.title, path) == (conversation.id, "Hello", [])
    assert await count_of(store, conversation.id) == 0
    assert await store.conversations.delete(conversation.id) is True
    assert await store.messages.active_path(conversation.id) is None
    assert await store.conversations.delete(conversation.id) is False


async def test_list_is_newest_activity_first_with_counts_kept_with_the_conversation(store):
    first = await store.conversations.create("first")
    second = await store.conversations.create("second")
    await exchange(store, first.id, "hi", "hello")
    listed = await store.conversations.list()
    assert [c.id for c in listed] == [first.id, second.id]
    assert [c.message_count for c in listed] == [2, 0]


async def test_pages_follow_each_other_without_gaps_or_repeats(store):
    created = [(await store.conversations.create(f"c{i}")).id for i in range(23)]
    pages, before = [], None
    while True:
        page = await store.conversations.list(limit=5, before=before)
        if not page:
            break
        pages.append([c.id for c in page])
        before = page[-1].cursor
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert [i for page in pages for i in page] == list(reversed(created))
    with pytest.raises(InvalidCursor):
        await store.conversations.list(limit=5, before="not-a-cursor")


async def test_messages_keep_order_and_every_field(store):
    conversation = await store.conversations.create("t")
    stats = {"ttft_ms": 12.5, "tokens_per_second": 40.0, "completion_tokens": 7, "reasoning_ms": 3.0}
    await exchange(store, conversation.id, "question ✓ 🚀 ΣΊΣΥΦΟΣ", "answer", reasoning="why", model="m", stats=stats)
    first, second = await path_of(store, conversation.id)
    assert first.content == "question ✓ 🚀 ΣΊΣΥΦΟΣ"
    assert (second.content, second.reasoning, second.model, second.status, second.stats) == (
        "answer",
        "why",
        "m",
        "complete",
        stats,
    )
    assert second.timestamp.tzinfo is not None
    assert (first.depth, second.depth, second.parent_id) == (0, 1, first.id)


async def test_reply_in_progress_is_hidden_and_uncounted_until_finished(store):
    conversation = await store.conversations.create("t")
    start = await ask(store, conversation.id, "q")
    await store.replies.save_progress(start.reply_id, "par", None, "m")
    assert [m.role for m in await path_of(store, conversation.id)] == ["user"]
    assert await count_of(store, conversation.id) == 1
    await answer(store, start, "partial", status="stopped")
    stored = (await path_of(store, conversation.id))[-1]
    assert (stored.content, stored.status) == ("partial", "stopped")
    assert await count_of(store, conversation.id) == 2


async def test_beginning_a_reply_stores_the_question_titles_and_reads_the_history_at_once(store):
    conversation = await store.conversations.create("New Conversation")
    first = await exchange(store, conversation.id, "  First\n question  ", "one")
    assert (await store.conversations.get(conversation.id)).title == "First question"
    second = await ask(store, conversation.id, "Second")
    assert [m.content for m in second.history] == ["  First\n question  ", "one", "Second"]
    assert second.question.depth == 2 and second.question.parent_id == first.reply_id
    assert second.conversation.id == conversation.id
    titled = await store.conversations.create("My plan", title_set_by_user=True)
    await ask(store, titled.id, "something else")
    assert (await store.conversations.get(titled.id)).title == "My plan"


async def test_a_reply_that_wrote_nothing_leaves_no_message_and_its_failure_on_the_question(store):
    conversation = await store.conversations.create("t")
    start = await ask(store, conversation.id, "q")
    failure = {"error": "LM Studio is down.", "code": "lm_studio_unreachable", "at": "2026-12-04T10:00:00+00:00"}
    await answer(store, start, "", written=False, reply_error=failure)
    [question] = await path_of(store, conversation.id)
    assert question.reply_error == failure
    assert await count_of(store, conversation.id) == 1
    retry = await again(store, conversation.id, question.id, "now it works")
    assert retry.question.id == question.id
    question, reply = await path_of(store, conversation.id)
    assert question.reply_error is None and reply.content == "now it works"


async def test_settings_update_only_given_fields(store):
    conversation = await store.conversations.create("t")
    await store.conversations.update(conversation.id, {"system_prompt": "be brief", "temperature": 0.3})
    updated = await store.conversations.update(conversation.id, {"temperature": None, "title": "renamed"})
    assert (updated.title, updated.system_prompt, updated.temperature) == ("renamed", "be brief", None)
    assert await store.conversations.update(new_id(), {"title": "x"}) is None


async def test_deleting_from_a_message_keeps_the_count(store):
    conversation = await store.conversations.create("t")
    await exchange(store, conversation.id, "0", "1")
    await exchange(store, conversation.id, "2", "3")
    await answer(store, await ask(store, conversation.id, "4"), "", written=False)
    path = await path_of(store, conversation.id)
    assert await store.messages.delete_branch(conversation.id, path[2].id) == (3, 2)
    assert [m.content for m in await path_of(store, conversation.id)] == ["0", "1"]
    assert await count_of(store, conversation.id) == 2
    await ask(store, conversation.id, "again")
    assert [m.content for m in await path_of(store, conversation.id)] == ["0", "1", "again"]


async def test_writes_to_a_deleted_conversation_are_harmless(store):
    conversation = await store.conversations.create("t")
    start = await ask(store, conversation.id, "q")
    await store.conversations.delete(conversation.id)
    with pytest.raises(UnknownConversation):
        await ask(store, conversation.id, "late")
    await store.replies.save_progress(start.reply_id, "late", None, None)
    await answer(store, start, "late")
    assert await store.conversations.list() == []
    assert await store.conversations.search("q", 10) == []


async def test_recover_marks_unfinished_replies_interrupted_and_counts_them(store):
    conversation = await store.conversations.create("t")
    start = await ask(store, conversation.id, "q")
    await store.replies.save_progress(start.reply_id, "half an ans", None, "m")
    assert await store.recover_interrupted() == 1
    messages = await path_of(store, conversation.id)
    assert [(m.content, m.status) for m in messages] == [("q", None), ("half an ans", "interrupted")]
    assert "backend stopped" in messages[-1].error
    assert await count_of(store, conversation.id) == 2
    assert await store.recover_interrupted() == 0


async def test_recover_drops_a_reply_that_never_began_and_keeps_why_on_its_question(store):
    conversation = await store.conversations.create("t")
    await ask(store, conversation.id, "q")
    assert await store.recover_interrupted() == 1
    [question] = await path_of(store, conversation.id)
    assert question.reply_error["code"] == "interrupted"
    assert "before this reply began" in question.reply_error["error"]
    assert await count_of(store, conversation.id) == 1


async def test_search_matches_words_of_titles_and_visible_messages(store):
    trip = await store.conversations.create("Trip to Porto")
    food = await store.conversations.create("t")
    start = await ask(store, food.id, "Best 100% BACON recipe, first try")
    await store.replies.save_progress(start.reply_id, "secret in progress", None, None)

    assert await found(store, "porto") == [trip.id]
    assert await found(store, "bacon") == [food.id]
    assert await found(store, "RECI") == [food.id]  # words match from their start
    assert await found(store, "100%") == [food.id]  # punctuation is not a word
    assert await found(store, "bacon porto") == []  # every word must match
    assert await found(store, "acon") == []  # not the middle of a word
    assert await found(store, "secret") == []  # a reply in progress is not searchable yet
    assert await found(store, "%%% ***") == []  # nothing to search for is no error


@pytest.mark.parametrize(
    ("stored", "query"),
    [("Über den Wolken", "über"), ("Un café noir", "CAFÉ"), ("ΣΊΣΥΦΟΣ και ο βράχος", "σίσυφος"), ("Москва", "МОСКВА")],
)
async def test_search_folds_case_in_every_script(store, stored, query):
    conversation = await store.conversations.create("t")
    await ask(store, conversation.id, f"Notes: {stored}.")
    assert await found(store, query) == [conversation.id]


async def test_search_answers_the_newest_matching_message_with_a_snippet(store):
    conversation = await store.conversations.create("Whales", title_set_by_user=True)
    newest = await exchange(
        store, conversation.id, "Tell me about narwhals", "Narwhals live in the Arctic. " + "They dive deep. " * 30
    )
    await ask(store, conversation.id, "thanks")
    [hit] = await store.conversations.search("narwhal", 10)
    assert hit.match_message_id == newest.reply_id
    assert "Narwhals" in hit.snippet and len(hit.snippet) < 200
    [by_title] = await store.conversations.search("whales", 10)
    assert (by_title.match_message_id, by_title.snippet) == (None, None)


async def test_search_follows_renames_edits_and_deletes(store):
    conversation = await store.conversations.create("Alpha")
    start = await ask(store, conversation.id, "q")
    await store.replies.save_progress(start.reply_id, "draft", None, None)
    await answer(store, start, "final words")
    assert await found(store, "final") == [conversation.id]
    await store.conversations.update(conversation.id, {"title": "Omega"})
    assert await found(store, "alpha") == []
    assert await found(store, "omega") == [conversation.id]
    await store.messages.delete_branch(conversation.id, start.question.id)
    assert await found(store, "final") == []


async def test_concurrent_writes_all_land(store):
    conversation = await store.conversations.create("busy")
    await asyncio.gather(*(ask(store, conversation.id, f"m{i}") for i in range(40)))
    assert await count_of(store, conversation.id) == 40
    assert len(await path_of(store, conversation.id)) == 40


async def test_everything_survives_reopening(database_setting):
    if not database_setting:
        pytest.skip("the in-memory database lives as long as its process, as the original store did")
    store = await Store.open(database_setting)
    conversation = await store.conversations.create("kept")
    await exchange(store, conversation.id, "q", "a")
    before = await store.messages.active_path(conversation.id)
    await store.close()
    reopened = await Store.open(database_setting)
    try:
        assert await reopened.messages.active_path(conversation.id) == before
        assert await found(reopened, "q") == [conversation.id]
    finally:
        await reopened.close()


async def test_a_second_store_on_the_same_database_is_refused(store, database_setting, tmp_path):
    if not database_setting:
        pytest.skip("each process has its own in-memory database")
    with pytest.raises(StorageError, match="already using"):
        await Store.open(database_setting)
    if database_setting.startswith("postgresql"):
        return
    link = tmp_path / "link.db"
    os.symlink(database_setting, link)
    with pytest.raises(StorageError, match="already using"):  # a symlink is the same file
        await Store.open(str(link))


async def test_the_migrated_schema_is_the_one_the_queries_are_written_for(store):
    """Migrations and storage/schema.py must not drift apart; search's own structures aside."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.schema import metadata

    def differences(connection):
        found = compare_metadata(MigrationContext.configure(connection), metadata)
        if store.kind != "postgresql":
            # SQLAlchemy does not reflect a column's inline constraint on SQLite (migration 0003
            # adds parent_id in place, to keep the search triggers); SQLite itself says what it is.
            rows = connection.exec_driver_sql("PRAGMA foreign_key_list(messages)")
            parent = [row for row in rows if row[3] == "parent_id"]
            assert [(row[2], row[4], row[6]) for row in parent] == [("messages", "id", "CASCADE")]
            found = [d for d in found if not (d[0] in ("add_fk", "remove_fk") and "parent_id" in repr(d))]
        return found

    found = await store.database.read(differences)
    search_structures = ("_fts", "search", "title_vector")
    unexpected = [d for d in found if not any(part in repr(d) for part in search_structures)]
    assert unexpected == []


async def test_the_active_path_of_a_long_branched_conversation_is_read_in_a_fixed_number_of_queries(store):
    """1,000 messages on the active path, 100 of them with a second branch: the path, every
    sibling list and the files the messages carry come in four queries, whatever the length."""
    from sqlalchemy import event

    conversation = await store.conversations.create("long")
    for index in range(0, 1000, 2):
        start = await ask(store, conversation.id, f"m{index}")
        if (index + 1) % 10 == 5:  # a reply beside this one, not on the active path
            await answer(store, start, f"side {index + 1}")
            await again(store, conversation.id, start.question.id, f"m{index + 1}")
        else:
            await answer(store, start, f"m{index + 1}")

    statements = []

    def count(*_args):
        statements.append(1)

    engines = store.database.sync_engines()
    for engine in engines:
        event.listen(engine, "before_cursor_execute", count)
    try:
        loaded = await path_of(store, conversation.id)
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", count)
    assert [m.content for m in loaded] == [f"m{index}" for index in range(1000)]
    assert sum(len(m.sibling_ids) == 2 for m in loaded) == 100
    assert len(statements) <= 5  # BEGIN, the conversation, the path, the siblings, the files
    assert await count_of(store, conversation.id) == 1000


async def test_deleting_the_branch_being_shown_moves_to_the_branch_beside_it(store):
    conversation = await store.conversations.create("t")
    first = await exchange(store, conversation.id, "q", "a1")
    second = await again(store, conversation.id, first.question.id, "a2")
    await ask(store, conversation.id, "more")
    assert await store.messages.delete_branch(conversation.id, second.reply_id) == (2, 2)
    assert [m.content for m in await path_of(store, conversation.id)] == ["q", "a1"]
    assert await store.messages.delete_branch(conversation.id, first.question.id) == (2, 0)
    assert await path_of(store, conversation.id) == []
    assert await store.messages.delete_branch(conversation.id, first.question.id) is None


async def test_the_migrations_build_the_schema_the_code_queries(store):
    """storage/schema.py (what queries use) and migrations/ (what databases get) agree: every
    table, column and index the code expects exists with its type. Objects the migrations add
    beside them on purpose (full-text tables, triggers, generated search columns) are left out."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.schema import metadata

    def missing(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        missing = [d for d in _flatten(compare_metadata(context, metadata)) if not d[0].startswith("remove_")]
        if store.kind != "postgresql":
            # SQLAlchemy reads SQLite's table-level FOREIGN KEY clauses only, so a key declared on
            # its column (ALTER TABLE … ADD COLUMN … REFERENCES, migration 0003) looks absent:
            # ask SQLite itself for those.
            keys = {
                (table, row[3], row[2], row[4], row[6])
                for table in ("conversations", "messages")
                for row in connection.exec_driver_sql(f"PRAGMA foreign_key_list({table})").all()
            }
            missing = [d for d in missing if not (d[0] == "add_fk" and _sqlite_has(keys, d[1]))]
        return missing

    assert await store.database.read(missing) == []


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
    conversation = await store.conversations.create("Files")
    photo = await add_file(store)
    notes = await store.attachments.add(
        name="notes.txt", kind="document", media_type="text/plain; charset=utf-8", data=b"hi", text="hi there"
    )
    start = await ask(store, conversation.id, "Look", parent=None, attachment_ids=[notes.id, photo.id])
    question_id = start.question.id
    for read in (
        start.question,
        start.history[-1],
        (await path_of(store, conversation.id))[0],
        (await store.messages.whole_tree(conversation.id))[1][0],
        await store.messages.get(conversation.id, question_id),
        (await store.messages.path_to(conversation.id, question_id))[0],
    ):
        assert [(a.id, a.name, a.kind, a.chars) for a in read.attachments] == [
            (notes.id, "notes.txt", "document", 8),
            (photo.id, "photo.png", "image", None),
        ]
    stored = await store.attachments.get(photo.id)
    assert (stored.data, stored.info.size) == (b"\x89PNG-bytes", 10)


async def test_a_fork_carries_the_same_files_and_deleting_keeps_what_another_message_carries(store):
    conversation = await store.conversations.create("Files")
    photo = await add_file(store)
    start = await ask(store, conversation.id, "Look", parent=None, attachment_ids=[photo.id])
    copy = await store.forks.copy_path(conversation.id, start.question.id, title="Branch: Files")
    assert (await path_of(store, copy.id))[0].attachments[0].id == photo.id
    assert (copy.title, copy.message_count) == ("Branch: Files", 1)
    await store.conversations.delete(conversation.id)
    assert await store.attachments.get(photo.id) is not None  # the fork still carries it
    await store.conversations.delete(copy.id)
    assert await store.attachments.get(photo.id) is None  # nothing does any more


async def test_deleting_a_branch_deletes_the_files_only_it_carried(store):
    conversation = await store.conversations.create("Files")
    photo = await add_file(store)
    start = await ask(store, conversation.id, "Look", parent=None, attachment_ids=[photo.id])
    await store.messages.delete_branch(conversation.id, start.question.id)
    assert await store.attachments.get(photo.id) is None


async def test_files_never_sent_are_swept_after_a_while_and_sent_ones_stay(store):
    conversation = await store.conversations.create("Files")
    sent, unsent = await add_file(store), await add_file(store, name="draft.png")
    await ask(store, conversation.id, "Look", parent=None, attachment_ids=[sent.id])
    assert await store.attachments.delete_unsent(older_than_s=3600) == 0  # too young
    await asyncio.sleep(0.05)
    assert await store.attachments.delete_unsent(older_than_s=0.01) == 1
    assert await store.attachments.get(unsent.id) is None
    assert await store.attachments.get(sent.id) is not None
