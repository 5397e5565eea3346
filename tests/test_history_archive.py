"""The whole-history archive: written from one database, restored into an empty one, on every
engine and across engines; every column of every row comes back, and bad archives are refused
or left out piece by piece."""

from __future__ import annotations

import asyncio
import io
import json
import os
import zipfile

import pytest
import pytest_asyncio

from exports.archive import CONVERSATIONS, MANIFEST, write_archive
from importers.client_chat import DamagedConversation, restore_archive, restore_conversation_export
from models import Message
from sample_files import image_bytes
from storage import ACTIVE_LEAF, ReplyOutcome, Store, new_id

pytestmark = pytest.mark.asyncio

# (where the history is, where it is restored): each engine writes and each reads.
ENGINE_PAIRS = [("memory", "sqlite"), ("sqlite", "postgresql"), ("postgresql", "memory")]

STEPS = [
    {"type": "text", "text": "Let me look."},
    {
        "type": "tool_call",
        "id": "call_1",
        "name": "clock__now",
        "server": "clock",
        "arguments": '{"zone": "UTC"}',
        "status": "done",
        "result": "12:00",
        "duration_ms": 4,
    },
    {"type": "text", "text": "It is noon."},
]


@pytest.fixture
def postgres_when_needed(request):
    """The PostgreSQL cluster, started (outside the test's event loop) only for tests that use it."""
    wanted = (
        any("postgresql" in pair for pair in request.node.callspec.params.values())
        if hasattr(request.node, "callspec")
        else False
    )
    return request.getfixturevalue("postgres_cluster") if wanted else None


@pytest_asyncio.fixture
async def open_store(tmp_path, postgres_when_needed):
    opened: list[Store] = []

    async def open_one(engine: str) -> Store:
        if engine == "memory":
            setting = ""
        elif engine == "sqlite":
            setting = str(tmp_path / f"chat-{new_id()}.db")
        else:
            setting = await asyncio.to_thread(postgres_when_needed.new_database)
        store = await Store.open(setting)
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        await store.close()


async def ask(store, conversation_id, text, *, parent=ACTIVE_LEAF, attachment_ids=()):
    return await store.replies.begin_send(
        conversation_id,
        question_id=new_id(),
        reply_id=new_id(),
        content=text,
        parent=parent,
        attachment_ids=tuple(attachment_ids),
        title_from=text,
    )


async def answer(store, start, text, **outcome):
    await store.replies.finish(start, ReplyOutcome(**{"written": True, "content": text, **outcome}))


async def a_lived_in_history(store: Store) -> None:
    """Conversations with everything a history holds: branches, an older branch active, files,
    tool steps, reasoning, stats, a failed reply, a stopped one, settings, a copy, presets."""
    picture = await store.attachments.add(
        name="red.png", kind="image", media_type="image/png", data=image_bytes("PNG"), width=40, height=20
    )
    notes = await store.attachments.add(
        name="notes.md", kind="document", media_type="text/markdown", data=b"# Notes\nmilk", text="# Notes\nmilk"
    )
    first = await store.conversations.create(
        "Shopping", {"model": "qwen3-8b", "temperature": 0.4, "stop": ["###"], "mcp_servers": []}
    )
    start = await ask(store, first.id, "What is on the list?", attachment_ids=[picture.id, notes.id])
    await answer(
        store,
        start,
        "Milk.",
        reasoning="The notes say milk.",
        model="qwen3-8b",
        stats={"ttft_ms": 120, "tokens_per_second": 31.5, "completion_tokens": 3, "prompt_tokens": 90},
        finish_reason="stop",
    )
    again = await store.replies.begin_again(first.id, start.question.id, reply_id=new_id())
    await answer(store, again, "Milk, and bread.", model="qwen3-8b", status="stopped")
    older_reply = start.reply_id
    follow_up = await ask(store, first.id, "What time is it?")
    await answer(store, follow_up, "It is noon.", steps=STEPS, model="qwen3-8b", finish_reason="stop")
    failed = await ask(store, first.id, "And tomorrow?")
    await store.replies.finish(
        failed,
        ReplyOutcome(
            written=False,
            reply_error={
                "error": "LM Studio is not running.",
                "code": "unreachable",
                "at": "2026-12-04T10:00:00+00:00",
            },
        ),
    )
    await ask(store, first.id, "An edit of the first question", parent=None)
    await store.messages.switch_branch(first.id, older_reply)
    await store.conversations.update(first.id, {"title": "Groceries"})

    home = await store.folders.create("Home")
    await store.folders.create("Work", position=0)
    await store.conversations.update(first.id, {"folder_id": home.id, "pinned": True})
    await store.conversations.create("Nothing yet")
    await store.forks.copy_path(first.id, older_reply, title="Groceries (copy)")

    await store.settings.put_defaults({"system_prompt": "Be brief.", "temperature": 0.7})
    await store.settings.create_preset("Coding", {"system_prompt": "You write Python.", "top_k": 40})
    await store.settings.create_preset("Poet", {"temperature": 1.2, "stop": ["\n\n"]})


async def everything_in(store: Store) -> dict:
    """Every stored row the archive covers, by table, plus every file's bytes."""
    conversations, after = [], 0
    while True:
        after, page = await store.backup.conversation_page(after, 2)
        if not page:
            break
        conversations += page
    file_ids = sorted({a for c in conversations for m in c["messages"] for a in m["attachments"]})
    files = sorted(await store.backup.attachment_infos(file_ids), key=lambda row: row["id"])
    contents = {file_id: await store.backup.attachment_data(file_id) for file_id in file_ids}
    settings, presets = await store.backup.settings_and_presets()
    return {
        "conversations": conversations,
        "files": files,
        "contents": contents,
        "settings": settings,
        "presets": presets,
    }


async def archived(store: Store) -> str:
    path, name = await write_archive(store)
    assert name.startswith("client-chat-") and name.endswith(".zip")
    return path


async def restore(store: Store, path: str):
    with zipfile.ZipFile(path) as archive:
        return await restore_archive(store, archive)


@pytest.mark.parametrize(("source", "target"), ENGINE_PAIRS)
async def test_an_archive_restores_every_row_into_an_empty_database(open_store, source, target):
    here, there = await open_store(source), await open_store(target)
    await a_lived_in_history(here)
    path = await archived(here)
    try:
        restored = await restore(there, path)
        assert restored.warnings == []
        assert restored.skipped == 0
        assert {title for _, title in restored.conversations} == {"Groceries", "Nothing yet", "Groceries (copy)"}
        assert await everything_in(there) == await everything_in(here)
        # What the API reads from those rows agrees too: the active path, siblings, files.
        for conversation in await here.conversations.list():
            assert await there.conversations.get(conversation.id) == conversation
            assert await there.messages.whole_tree(conversation.id) == await here.messages.whole_tree(conversation.id)
        assert [hit.id for hit in await there.conversations.search("bread", 5)] == [
            hit.id for hit in await here.conversations.search("bread", 5)
        ]
    finally:
        os.unlink(path)


async def test_restoring_the_same_archive_again_adds_nothing(open_store):
    here, there = await open_store("memory"), await open_store("memory")
    await a_lived_in_history(here)
    path = await archived(here)
    try:
        await restore(there, path)
        before = await everything_in(there)
        again = await restore(there, path)
        assert again.conversations == [] and again.skipped == 3 and again.warnings == []
        assert await everything_in(there) == before
    finally:
        os.unlink(path)


async def test_settings_already_made_here_are_kept_and_a_preset_name_taken_is_said(open_store):
    here, there = await open_store("memory"), await open_store("memory")
    await a_lived_in_history(here)
    await there.settings.put_defaults({"system_prompt": "Mine."})
    await there.settings.create_preset("coding", {"top_k": 1})
    path = await archived(here)
    try:
        restored = await restore(there, path)
    finally:
        os.unlink(path)
    assert (await there.settings.get_defaults())["system_prompt"] == "Mine."
    assert {p.name for p in await there.settings.list_presets()} == {"coding", "Poet"}
    assert restored.warnings == ["The preset “Coding” was not restored: a preset with that name is already here."]


def rewritten(path: str, change) -> bytes:
    """The archive at `path` with conversations.jsonl's lines passed through `change`."""
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == CONVERSATIONS:
                lines = [json.loads(line) for line in data.splitlines()]
                data = b"".join(line + b"\n" for line in change(lines))
            target.writestr(item, data)
    return out.getvalue()


async def test_a_damaged_conversation_is_left_out_with_a_sentence_and_the_others_restored(open_store):
    here, there = await open_store("sqlite"), await open_store("sqlite")
    await a_lived_in_history(here)
    path = await archived(here)

    def damage(lines):
        by_title = {line["title"]: line for line in lines}
        copy = by_title["Groceries (copy)"]
        copy["messages"][1]["parent_id"] = new_id()  # follows a message that is not there
        return [json.dumps(line).encode() for line in lines] + [b"{not json", b"[1, 2]"]

    try:
        data = rewritten(path, damage)
    finally:
        os.unlink(path)
    restored = await restore_archive(there, zipfile.ZipFile(io.BytesIO(data)))
    assert {title for _, title in restored.conversations} == {"Groceries", "Nothing yet"}
    assert restored.warnings == [
        "“Groceries (copy)” was left out: a message follows one that is not listed before it.",
        "A line of the archive is not a conversation; it was left out.",
        "A line of the archive is not a conversation; it was left out.",
    ]
    assert len(await there.conversations.list()) == 2


async def test_a_message_cannot_be_written_into_another_conversation(open_store):
    """An archive naming a conversation that is already here, under another conversation's
    line, gets its messages in its own line's conversation only."""
    store = await open_store("memory")
    victim = await store.conversations.create("Mine")
    start = await ask(store, victim.id, "private")
    await answer(store, start, "secret")
    intruder_id = new_id()
    document = {
        "id": intruder_id,
        "title": "Intruder",
        "created_at": "2026-01-01T00:00:00+00:00",
        "updated_at": "2026-01-01T00:00:00+00:00",
        "active_message_id": None,
        "messages": [
            {"id": new_id(), "conversation_id": victim.id, "parent_id": None, "role": "user", "content": "hi"},
        ],
    }
    restored = await restore_conversation_export(store, document)
    assert [title for _, title in restored.conversations] == ["Intruder"]
    assert len((await store.messages.whole_tree(victim.id))[1]) == 2
    assert len((await store.messages.whole_tree(intruder_id))[1]) == 1
    # A parent in another conversation is refused outright.
    document = {
        **document,
        "id": new_id(),
        "messages": [{**document["messages"][0], "id": new_id(), "parent_id": start.question.id}],
    }
    refused = await restore_conversation_export(store, document)
    assert refused.conversations == []
    assert refused.warnings == ["“Intruder” was left out: a message follows one that is not listed before it."]


async def test_one_conversations_json_export_comes_back_with_its_ids_and_files_still_here(open_store):
    from exports.conversation import to_json

    store = await open_store("memory")
    await a_lived_in_history(store)
    conversation = next(c for c in await store.conversations.list() if c.title == "Groceries")
    exported = json.loads(to_json(*await store.messages.whole_tree(conversation.id)))
    again = await restore_conversation_export(store, json.loads(json.dumps(exported)))
    assert again.skipped == 1 and again.conversations == []

    elsewhere = await open_store("memory")
    restored = await restore_conversation_export(elsewhere, exported)
    assert restored.conversations == [(conversation.id, "Groceries")]
    assert restored.warnings == [
        "“Groceries”: 2 attached file(s) were not in the export and are left out (red.png, notes.md)."
    ]
    got, messages = await elsewhere.messages.whole_tree(conversation.id)
    want, originals = await store.messages.whole_tree(conversation.id)
    assert got.active_message_id == want.active_message_id and got.message_count == want.message_count
    assert got.settings() == want.settings() and got.title_set_by_user
    # As the API shows them (what the JSON export holds), files aside.
    shown = lambda m: Message.model_validate(m, from_attributes=True).model_dump(exclude={"attachments"})  # noqa: E731
    assert [shown(m) for m in messages] == [shown(m) for m in originals]


async def test_an_archive_from_a_newer_release_is_refused_with_a_sentence(open_store):
    store = await open_store("memory")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(MANIFEST, json.dumps({"format": "client-chat-archive", "version": 99}))
        archive.writestr(CONVERSATIONS, "")
    with pytest.raises(DamagedConversation, match="newer release"):
        await restore_archive(store, zipfile.ZipFile(io.BytesIO(out.getvalue())))


async def test_values_the_page_could_not_show_are_refused_before_they_are_stored(open_store):
    store = await open_store("memory")
    message = {"id": new_id(), "parent_id": None, "role": "user", "content": "hi", "reply_error": {"at": "soon"}}
    document = {
        "id": new_id(),
        "title": "Odd",
        "created_at": "2026-01-01T00:00:00+00:00",
        "active_message_id": None,
        "messages": [message],
    }
    refused = await restore_conversation_export(store, document)
    assert refused.warnings == ["“Odd” was left out: a message's reply_error.error is not valid."]
    refused = await restore_conversation_export(store, {**document, "messages": [], "temperature": "hot"})
    assert refused.warnings == ["“Odd” was left out: its temperature is not valid."]
    assert await store.conversations.list() == []
