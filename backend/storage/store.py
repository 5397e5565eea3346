"""Conversations and their messages, kept in the database: the one store the backend uses.

Every method is a short, bounded query on the async engine (SQLite through aiosqlite's worker
thread, PostgreSQL through asyncpg), so none holds the event loop. Lists are read in partitions
that give the loop back in between; writes that must agree (a message and its conversation's
count and activity time) share one transaction.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from datetime import UTC, datetime

import sqlalchemy as sa

from models import DEFAULT_TITLE, SETTINGS_FIELDS, Conversation, ConversationResponse, GenerationStats, Message
from storage import attachments as attached
from storage import tree
from storage.attachments import AttachmentStore
from storage.database import Database, open_database
from storage.ids import new_id, now
from storage.migrate import upgrade
from storage.schema import Timestamp, conversations, messages
from storage.search import search
from storage.settings import SettingsStore

# Fields of a stored message that the reply in progress updates as it streams.
MESSAGE_PROGRESS_FIELDS = (
    "content",
    "reasoning",
    "status",
    "error",
    "stats",
    "model",
    "finish_reason",
    "trimmed_messages",
)
# What PATCH /api/conversations/{id} may change: the title and the settings.
CONVERSATION_FIELDS = ("title", *SETTINGS_FIELDS)
# Rows turned into models between two yields to the event loop.
PARTITION_ROWS = 500
RECOVERED_ERROR = "The backend stopped while this reply was being written."

VISIBLE = tree.VISIBLE
# What a fork copies of each message (new ids and parents are its own).
COPIED_MESSAGE_COLUMNS = (
    "role",
    "content",
    "timestamp",
    "reasoning",
    "model",
    "status",
    "error",
    "stats",
    "finish_reason",
    "trimmed_messages",
)
TITLE_CHARS = 50
# add_message's parent for "after the active leaf", read in the same transaction as the insert.
ACTIVE_LEAF = object()


def is_visible(status: str | None) -> bool:
    """A reply still being generated is reached through its stream, not the message list."""
    return status != "streaming"


class InvalidCursor(ValueError):
    """A `before` value this server did not give out."""


def encode_cursor(updated_at: datetime, conversation_id: str) -> str:
    raw = f"{updated_at.astimezone(UTC).isoformat(timespec='microseconds')}|{conversation_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, conversation_id = raw.split("|", 1)
        return datetime.fromisoformat(moment), conversation_id
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor(cursor) from None


def _summary(row, *, snippet: str | None = None, match_message_id: str | None = None) -> ConversationResponse:
    return ConversationResponse(
        id=row.id,
        title=row.title,
        created_at=row.created_at,
        updated_at=row.updated_at,
        message_count=row.message_count,
        active_message_id=row.active_message_id,
        title_set_by_user=row.title_set_by_user,
        cursor=encode_cursor(row.updated_at, row.id),
        **_settings_of(row),
        snippet=snippet,
        match_message_id=match_message_id,
    )


def automatic_title(text: str) -> str:
    """The first message as a title: one line, whitespace collapsed, never blank."""
    line = " ".join(text.split())[:TITLE_CHARS].strip()
    return line or DEFAULT_TITLE


def _conversation(row, history: list[Message]) -> Conversation:
    return Conversation(
        id=row.id,
        title=row.title,
        created_at=row.created_at,
        updated_at=row.updated_at,
        active_message_id=row.active_message_id,
        title_set_by_user=row.title_set_by_user,
        messages=history,
        **_settings_of(row),
    )


def _settings_of(row) -> dict:
    return {field: getattr(row, field) for field in SETTINGS_FIELDS}


def _message(row, sibling_ids: list[str] | None = None, files: dict | None = None) -> Message:
    return Message(
        id=row.id,
        parent_id=row.parent_id,
        sibling_ids=sibling_ids,
        role=row.role,
        content=row.content,
        timestamp=row.timestamp,
        reasoning=row.reasoning,
        model=row.model,
        status=row.status,
        error=row.error,
        stats=GenerationStats.model_validate(row.stats) if row.stats else None,
        finish_reason=row.finish_reason,
        trimmed_messages=row.trimmed_messages,
        attachments=(files or {}).get(row.id),
    )


async def _conversation_row(connection, conversation_id: str):
    query = sa.select(conversations).where(conversations.c.id == conversation_id)
    return (await connection.execute(query)).first()


def _column_value(field: str, value):
    if field == "stats" and isinstance(value, GenerationStats):
        return value.model_dump()
    return value


class ConversationStore:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.kind = database.kind
        self.settings = SettingsStore(database)  # defaults for new conversations, presets
        self.attachments = AttachmentStore(database)  # files attached to messages

    @classmethod
    async def open(cls, setting: str | None) -> ConversationStore:
        """The store on CHAT_DB's database, migrated to the newest schema."""
        database = await open_database(setting)
        try:
            await upgrade(database)
        except BaseException:
            await database.close()
            raise
        return cls(database)

    async def close(self) -> None:
        await self.database.close()

    # ---- conversations ---------------------------------------------------------------------

    async def create_conversation(self, title: str, settings: dict | None = None) -> ConversationResponse:
        """A new, empty conversation, with `settings` (the defaults for new conversations)."""
        created = now()
        row = {"id": new_id(), "title": title, "created_at": created, "updated_at": created, "message_count": 0}
        row.update({field: value for field, value in (settings or {}).items() if field in SETTINGS_FIELDS})
        async with self.database.writer.begin() as connection:
            await connection.execute(conversations.insert().values(**row))
            stored = (await connection.execute(sa.select(conversations).where(conversations.c.id == row["id"]))).one()
        return _summary(stored)

    async def list_conversations(
        self, *, limit: int | None = None, before: str | None = None
    ) -> list[ConversationResponse]:
        """Summaries, newest activity first; a page of `limit` after the `before` cursor."""
        query = sa.select(conversations).order_by(conversations.c.updated_at.desc(), conversations.c.id.desc())
        if before is not None:
            moment, conversation_id = decode_cursor(before)
            query = query.where(
                sa.tuple_(conversations.c.updated_at, conversations.c.id)
                < sa.tuple_(sa.literal(moment, Timestamp()), sa.literal(conversation_id, conversations.c.id.type))
            )
        if limit is not None:
            query = query.limit(limit)
        summaries: list[ConversationResponse] = []
        async with self.database.reader.connect() as connection:
            result = await connection.stream(query)
            async for partition in result.partitions(PARTITION_ROWS):
                summaries.extend(_summary(row) for row in partition)
                await asyncio.sleep(0)  # a long list must not hold the loop while it is built
        return summaries

    async def search_conversations(self, text: str, limit: int) -> list[ConversationResponse]:
        """Conversations whose title or visible messages contain every word of `text` (as word
        starts), newest activity first, each with its newest matching message and a snippet."""
        async with self.database.reader.connect() as connection:
            hits = await search(connection, self.database.kind, text, limit)
        return [_summary(hit.conversation, snippet=hit.snippet, match_message_id=hit.match_message_id) for hit in hits]

    async def get_summary(self, conversation_id: str) -> ConversationResponse | None:
        async with self.database.reader.connect() as connection:
            row = await _conversation_row(connection, conversation_id)
        return _summary(row) if row else None

    async def get_conversation(self, conversation_id: str) -> Conversation | None:
        """The conversation with its active path (root to active leaf), or None."""
        async with self.database.reader.connect() as connection:
            row = await _conversation_row(connection, conversation_id)
            if row is None:
                return None
            path = await tree.path_to(connection, row.active_message_id)
            siblings = await tree.siblings_of(connection, conversation_id, path)
            files = await attached.attachments_of(connection, [m.id for m in path])
        return _conversation(row, [_message(m, siblings.get(m.parent_id, [m.id]), files) for m in path])

    async def get_tree(self, conversation_id: str) -> Conversation | None:
        """The conversation with every visible message of every branch, oldest first (export)."""
        async with self.database.reader.connect() as connection:
            row = await _conversation_row(connection, conversation_id)
            if row is None:
                return None
            query = sa.select(messages).where(messages.c.conversation_id == conversation_id, VISIBLE)
            rows = list(await connection.execute(query.order_by(messages.c.pk)))
            files = await attached.attachments_of(connection, [m.id for m in rows])
        return _conversation(row, [_message(m, files=files) for m in rows])

    async def get_message(self, conversation_id: str, message_id: str) -> Message | None:
        """One visible message of the conversation, or None."""
        async with self.database.reader.connect() as connection:
            query = sa.select(messages).where(
                messages.c.id == message_id, messages.c.conversation_id == conversation_id, VISIBLE
            )
            row = (await connection.execute(query)).first()
            files = await attached.attachments_of(connection, [row.id] if row else [])
        return _message(row, files=files) if row else None

    async def path_to(self, conversation_id: str, message_id: str | None) -> list[Message]:
        """The messages from the root down to `message_id` (what a reply to it is sent with)."""
        async with self.database.reader.connect() as connection:
            rows = [row for row in await tree.path_to(connection, message_id) if row.conversation_id == conversation_id]
            files = await attached.attachments_of(connection, [row.id for row in rows])
        return [_message(row, files=files) for row in rows]

    async def delete_conversation(self, conversation_id: str) -> bool:
        """Delete a conversation, its messages and the files only they carried."""
        async with self.database.writer.begin() as connection:
            ids = sa.select(messages.c.id).where(messages.c.conversation_id == conversation_id)
            files = await attached.linked_to(connection, ids)
            result = await connection.execute(conversations.delete().where(conversations.c.id == conversation_id))
            await attached.delete_unlinked(connection, files)
        return result.rowcount > 0

    async def update_conversation(self, conversation_id: str, changes: dict) -> ConversationResponse | None:
        """Apply changes to CONVERSATION_FIELDS (a title given here is the user's); the updated
        summary, or None for an unknown id."""
        values = {field: changes[field] for field in CONVERSATION_FIELDS if field in changes}
        if "title" in values:
            values["title_set_by_user"] = True
        async with self.database.writer.begin() as connection:
            if values:
                await connection.execute(
                    conversations.update().where(conversations.c.id == conversation_id).values(**values)
                )
            row = await _conversation_row(connection, conversation_id)
        return _summary(row) if row else None

    async def title_from_first_message(self, conversation_id: str, text: str) -> None:
        """The automatic title from the first message, unless the user chose one."""
        async with self.database.writer.begin() as connection:
            await connection.execute(
                conversations.update()
                .where(conversations.c.id == conversation_id, conversations.c.title_set_by_user.is_(False))
                .values(title=automatic_title(text))
            )

    # ---- messages --------------------------------------------------------------------------

    async def add_message(
        self,
        conversation_id: str,
        message: Message,
        *,
        parent_id: str | None | object,
        make_active: bool,
        attachment_ids: list[str] | None = None,
    ) -> bool:
        """Add a message under `parent_id` (None: a new first message; ACTIVE_LEAF: after the
        active leaf, read in the same transaction), carrying these uploaded files, optionally as
        the new active leaf; False if the conversation is gone or the parent is not one of its
        messages."""
        async with self.database.writer.begin() as connection:
            touched = await connection.execute(
                conversations.update().where(conversations.c.id == conversation_id).values(updated_at=now())
            )
            if touched.rowcount == 0:
                return False
            if parent_id is ACTIVE_LEAF:
                parent_id = (await _conversation_row(connection, conversation_id)).active_message_id
            elif parent_id is not None and not await _is_message_of(connection, conversation_id, parent_id):
                await connection.rollback()
                return False
            await connection.execute(
                messages.insert().values(
                    id=message.id or new_id(),
                    conversation_id=conversation_id,
                    parent_id=parent_id,
                    role=message.role,
                    content=message.content,
                    timestamp=message.timestamp,
                    reasoning=message.reasoning,
                    model=message.model,
                    status=message.status,
                    error=message.error,
                    stats=_column_value("stats", message.stats),
                    finish_reason=message.finish_reason,
                    trimmed_messages=message.trimmed_messages,
                )
            )
            await attached.link(connection, message.id, attachment_ids or [])
            if make_active:
                await tree.activate(connection, conversation_id, message.id)
        return True

    async def append_message(self, conversation_id: str, message: Message) -> bool:
        """Add a message after the active leaf, as the new active leaf when visible."""
        return await self.add_message(
            conversation_id, message, parent_id=ACTIVE_LEAF, make_active=is_visible(message.status)
        )

    async def update_message(self, conversation_id: str, message_id: str, changes: dict) -> None:
        """Apply changes to MESSAGE_PROGRESS_FIELDS of one message (nothing if it is gone). A reply
        that becomes visible becomes the active leaf if the message it answers still is."""
        values = {field: _column_value(field, changes[field]) for field in MESSAGE_PROGRESS_FIELDS if field in changes}
        if not values:
            return
        where = (messages.c.id == message_id, messages.c.conversation_id == conversation_id)
        async with self.database.writer.begin() as connection:
            found = (await connection.execute(sa.select(messages.c.status, messages.c.parent_id).where(*where))).first()
            if found is None:
                return  # deleted while its reply was streaming
            await connection.execute(messages.update().where(*where).values(**values))
            if "status" in values and is_visible(values["status"]) and not is_visible(found.status):
                await _continue_active_path(connection, conversation_id, found.parent_id, message_id)

    async def set_active(self, conversation_id: str, message_id: str) -> list[Message] | None:
        """Show the branch through `message_id`, down to its newest leaf; the new active path,
        or None when the message is not one of the conversation's."""
        async with self.database.writer.begin() as connection:
            if not await _is_message_of(connection, conversation_id, message_id, visible=True):
                return None
            leaf = await tree.newest_leaf(connection, message_id)
            await tree.activate(connection, conversation_id, leaf)
        return (await self.get_conversation(conversation_id)).messages

    async def make_active(self, conversation_id: str, message_id: str) -> None:
        """Make this very message the active leaf (a regenerated reply continues from it)."""
        async with self.database.writer.begin() as connection:
            await tree.activate(connection, conversation_id, message_id)

    async def delete_branch(self, conversation_id: str, message_id: str) -> tuple[int, int] | None:
        """Delete a message and everything below it; (visible messages removed, the active
        path's new length), or None when the message is not one of the conversation's."""
        async with self.database.writer.begin() as connection:
            query = sa.select(messages.c.parent_id).where(
                messages.c.id == message_id, messages.c.conversation_id == conversation_id
            )
            found = (await connection.execute(query)).first()
            if found is None:
                return None
            doomed = await tree.descendant_ids(connection, message_id)
            counted = sa.select(sa.func.count()).where(messages.c.id.in_(doomed), VISIBLE)
            removed = (await connection.execute(counted)).scalar_one()
            active = (await _conversation_row(connection, conversation_id)).active_message_id
            files = await attached.linked_to(connection, list(doomed))
            await connection.execute(messages.delete().where(messages.c.id == message_id))  # the rest cascades
            await attached.delete_unlinked(connection, files)
            if active in doomed:
                active = await _branch_left_after_deleting(connection, conversation_id, found.parent_id)
            length = await tree.activate(connection, conversation_id, active)
        return removed, length

    async def truncate_messages(self, conversation_id: str, index: int) -> int:
        """Remove message `index` of the active path and everything below it; how many visible
        messages went (the seed-era API; branches are the UI's way)."""
        conversation = await self.get_conversation(conversation_id)
        if conversation is None or index >= len(conversation.messages):
            return 0
        result = await self.delete_branch(conversation_id, conversation.messages[index].id)
        return result[0] if result else 0

    async def fork(
        self, conversation_id: str, message_id: str, *, keep_last: int | None = None, title: str | None = None
    ) -> ConversationResponse | None:
        """A new conversation holding a copy of the path from the root to `message_id`, or of its
        last `keep_last` messages only (going on from a conversation that outgrew its context)."""
        async with self.database.writer.begin() as connection:
            source = await _conversation_row(connection, conversation_id)
            path = [row for row in await tree.path_to(connection, message_id) if row.conversation_id == conversation_id]
            if source is None or not path or not is_visible(path[-1].status):
                return None
            if keep_last is not None:
                path = path[-keep_last:] if keep_last > 0 else []
            created = now()
            copy_id = new_id()
            settings = _settings_of(source)
            await connection.execute(
                conversations.insert().values(
                    id=copy_id,
                    title=title or source.title,
                    title_set_by_user=source.title_set_by_user or title is not None,
                    created_at=created,
                    updated_at=created,
                    **settings,
                )
            )
            parent_id = None
            copies: dict[str, str] = {}
            for row in path:
                copied = new_id()
                values = {column: getattr(row, column) for column in COPIED_MESSAGE_COLUMNS}
                await connection.execute(
                    messages.insert().values(id=copied, conversation_id=copy_id, parent_id=parent_id, **values)
                )
                copies[row.id] = parent_id = copied
            await attached.copy_links(connection, copies)  # the copies carry the same files
            await tree.activate(connection, copy_id, parent_id)
            return _summary(await _conversation_row(connection, copy_id))

    async def recover_interrupted(self) -> int:
        """Mark replies left 'streaming' by a crash as interrupted (each becomes the active leaf
        if the message it answers is); returns how many."""
        async with self.database.writer.begin() as connection:
            query = sa.select(messages.c.id, messages.c.conversation_id, messages.c.parent_id)
            leftovers = (await connection.execute(query.where(messages.c.status == "streaming"))).all()
            if not leftovers:
                return 0
            interrupted = {"status": "interrupted", "error": RECOVERED_ERROR}
            await connection.execute(messages.update().where(messages.c.status == "streaming").values(**interrupted))
            for reply in leftovers:
                await _continue_active_path(connection, reply.conversation_id, reply.parent_id, reply.id)
        return len(leftovers)


async def _is_message_of(connection, conversation_id: str, message_id: str, *, visible: bool = False) -> bool:
    query = sa.select(messages.c.id).where(messages.c.id == message_id, messages.c.conversation_id == conversation_id)
    if visible:
        query = query.where(VISIBLE)
    return (await connection.execute(query)).first() is not None


async def _continue_active_path(connection, conversation_id: str, parent_id: str | None, message_id: str) -> None:
    """A finished reply extends the active path when the message it answers is its leaf (the
    user may have moved to another branch meanwhile: then it stays a branch)."""
    row = await _conversation_row(connection, conversation_id)
    if row is not None and row.active_message_id == parent_id:
        await tree.activate(connection, conversation_id, message_id)


async def _branch_left_after_deleting(connection, conversation_id: str, parent_id: str | None) -> str | None:
    """After a branch holding the active leaf is deleted: the newest branch left beside it, else
    the message it followed (None: the conversation's newest message, or nothing)."""
    beside = sa.select(messages.c.id).where(messages.c.conversation_id == conversation_id, tree.VISIBLE)
    beside = beside.where(messages.c.parent_id.is_(None) if parent_id is None else messages.c.parent_id == parent_id)
    sibling = (await connection.execute(beside.order_by(messages.c.pk.desc()).limit(1))).scalar()
    if sibling is not None:
        return await tree.newest_leaf(connection, sibling)
    return parent_id
