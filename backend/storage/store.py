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
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from models import Conversation, ConversationResponse, GenerationStats, Message
from storage.database import Database, open_database
from storage.migrate import upgrade
from storage.schema import Timestamp, conversations, messages
from storage.search import search

# Fields of a stored message that the reply in progress updates as it streams.
MESSAGE_PROGRESS_FIELDS = ("content", "reasoning", "status", "error", "stats", "model")
# Settings a conversation keeps (PATCH /api/conversations/{id}).
SETTINGS_FIELDS = ("title", "system_prompt", "model", "temperature", "max_tokens")
# Rows turned into models between two yields to the event loop.
PARTITION_ROWS = 500
RECOVERED_ERROR = "The backend stopped while this reply was being written."

VISIBLE = sa.or_(messages.c.status.is_(None), messages.c.status != "streaming")


def now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


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
        system_prompt=row.system_prompt,
        model=row.model,
        temperature=row.temperature,
        max_tokens=row.max_tokens,
        cursor=encode_cursor(row.updated_at, row.id),
        snippet=snippet,
        match_message_id=match_message_id,
    )


def _message(row) -> Message:
    return Message(
        id=row.id,
        role=row.role,
        content=row.content,
        timestamp=row.timestamp,
        reasoning=row.reasoning,
        model=row.model,
        status=row.status,
        error=row.error,
        stats=GenerationStats.model_validate(row.stats) if row.stats else None,
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

    async def create_conversation(self, title: str) -> ConversationResponse:
        created = now()
        row = {"id": new_id(), "title": title, "created_at": created, "updated_at": created, "message_count": 0}
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
        """The conversation with its visible messages, or None."""
        async with self.database.reader.connect() as connection:
            row = await _conversation_row(connection, conversation_id)
            if row is None:
                return None
            rows = await connection.execute(
                sa.select(messages)
                .where(messages.c.conversation_id == conversation_id, VISIBLE)
                .order_by(messages.c.pk)
            )
            history = [_message(message) for message in rows]
        return Conversation(
            id=row.id,
            title=row.title,
            created_at=row.created_at,
            updated_at=row.updated_at,
            system_prompt=row.system_prompt,
            model=row.model,
            temperature=row.temperature,
            max_tokens=row.max_tokens,
            messages=history,
        )

    async def delete_conversation(self, conversation_id: str) -> bool:
        async with self.database.writer.begin() as connection:
            result = await connection.execute(conversations.delete().where(conversations.c.id == conversation_id))
        return result.rowcount > 0

    async def update_conversation(self, conversation_id: str, changes: dict) -> ConversationResponse | None:
        """Apply changes to SETTINGS_FIELDS; the updated summary, or None for an unknown id."""
        values = {field: changes[field] for field in SETTINGS_FIELDS if field in changes}
        async with self.database.writer.begin() as connection:
            if values:
                await connection.execute(
                    conversations.update().where(conversations.c.id == conversation_id).values(**values)
                )
            row = await _conversation_row(connection, conversation_id)
        return _summary(row) if row else None

    # ---- messages --------------------------------------------------------------------------

    async def append_message(self, conversation_id: str, message: Message) -> bool:
        """Add a message (and the conversation's activity); False if the conversation is gone."""
        counted = 1 if is_visible(message.status) else 0
        async with self.database.writer.begin() as connection:
            touched = await connection.execute(
                conversations.update()
                .where(conversations.c.id == conversation_id)
                .values(updated_at=now(), message_count=conversations.c.message_count + counted)
            )
            if touched.rowcount == 0:
                return False
            await connection.execute(
                messages.insert().values(
                    id=message.id or new_id(),
                    conversation_id=conversation_id,
                    role=message.role,
                    content=message.content,
                    timestamp=message.timestamp,
                    reasoning=message.reasoning,
                    model=message.model,
                    status=message.status,
                    error=message.error,
                    stats=_column_value("stats", message.stats),
                )
            )
        return True

    async def update_message(self, conversation_id: str, message_id: str, changes: dict) -> None:
        """Apply changes to MESSAGE_PROGRESS_FIELDS of one message (nothing if it is gone)."""
        values = {field: _column_value(field, changes[field]) for field in MESSAGE_PROGRESS_FIELDS if field in changes}
        if not values:
            return
        where = (messages.c.id == message_id, messages.c.conversation_id == conversation_id)
        async with self.database.writer.begin() as connection:
            status = (await connection.execute(sa.select(messages.c.status).where(*where))).first()
            if status is None:
                return  # deleted while its reply was streaming
            await connection.execute(messages.update().where(*where).values(**values))
            if "status" in values and is_visible(values["status"]) != is_visible(status[0]):
                change = 1 if is_visible(values["status"]) else -1
                await connection.execute(
                    conversations.update()
                    .where(conversations.c.id == conversation_id)
                    .values(message_count=conversations.c.message_count + change)
                )

    async def truncate_messages(self, conversation_id: str, index: int) -> int:
        """Remove visible message `index` and every message after it; how many visible ones went."""
        async with self.database.writer.begin() as connection:
            visible = (
                (
                    await connection.execute(
                        sa.select(messages.c.pk)
                        .where(messages.c.conversation_id == conversation_id, VISIBLE)
                        .order_by(messages.c.pk)
                    )
                )
                .scalars()
                .all()
            )
            if index >= len(visible):
                return 0
            await connection.execute(
                messages.delete().where(messages.c.conversation_id == conversation_id, messages.c.pk >= visible[index])
            )
            await connection.execute(
                conversations.update().where(conversations.c.id == conversation_id).values(message_count=index)
            )
        return len(visible) - index

    async def recover_interrupted(self) -> int:
        """Mark replies left 'streaming' by a crash as interrupted; returns how many."""
        async with self.database.writer.begin() as connection:
            affected = (
                await connection.execute(
                    sa.select(messages.c.conversation_id, sa.func.count())
                    .where(messages.c.status == "streaming")
                    .group_by(messages.c.conversation_id)
                )
            ).all()
            if not affected:
                return 0
            await connection.execute(
                messages.update()
                .where(messages.c.status == "streaming")
                .values(status="interrupted", error=RECOVERED_ERROR)
            )
            for conversation_id, count in affected:
                await connection.execute(
                    conversations.update()
                    .where(conversations.c.id == conversation_id)
                    .values(message_count=conversations.c.message_count + count)
                )
        return sum(count for _, count in affected)
