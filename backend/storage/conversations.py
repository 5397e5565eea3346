"""Conversations as a whole: create, list (a page at a time), search, read one, change, delete.

Every method is a short, bounded query on the async engine (SQLite through aiosqlite's worker
thread, PostgreSQL through asyncpg), so none holds the event loop; a long list is built in
partitions that give the loop back in between.
"""

from __future__ import annotations

import asyncio

import sqlalchemy as sa

from storage import attachments as attached
from storage.cursor import decode_cursor
from storage.database import Database
from storage.ids import new_id, now
from storage.records import SETTINGS_FIELDS, ConversationRecord
from storage.rows import conversation_record
from storage.schema import Timestamp, conversations, messages
from storage.search import search

# What a change may touch: the title and the settings.
CHANGEABLE_FIELDS = ("title", *SETTINGS_FIELDS)
# Rows turned into records between two yields to the event loop.
PARTITION_ROWS = 500

SELECT_ONE = sa.select(conversations).where(conversations.c.id == sa.bindparam("conversation_id"))
NEWEST_FIRST = sa.select(conversations).order_by(conversations.c.updated_at.desc(), conversations.c.id.desc())


async def conversation_row(connection, conversation_id: str):
    return (await connection.execute(SELECT_ONE, {"conversation_id": conversation_id})).first()


class ConversationStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def create(
        self, title: str, settings: dict | None = None, *, title_set_by_user: bool = False
    ) -> ConversationRecord:
        """A new, empty conversation with `settings` (the defaults for new conversations)."""
        created = now()
        row = {
            "id": new_id(),
            "title": title,
            "title_set_by_user": title_set_by_user,
            "created_at": created,
            "updated_at": created,
            "message_count": 0,
        }
        row.update({name: value for name, value in (settings or {}).items() if name in SETTINGS_FIELDS})
        async with self.database.writer.begin() as connection:
            await connection.execute(conversations.insert(), row)
            stored = await conversation_row(connection, row["id"])
        return conversation_record(stored)

    async def list(self, *, limit: int | None = None, before: str | None = None) -> list[ConversationRecord]:
        """Newest activity first; a page of `limit` after the `before` cursor (InvalidCursor if it
        is not one of ours)."""
        query = NEWEST_FIRST
        if before is not None:
            moment, conversation_id = decode_cursor(before)
            query = query.where(
                sa.tuple_(conversations.c.updated_at, conversations.c.id)
                < sa.tuple_(sa.literal(moment, Timestamp()), sa.literal(conversation_id, conversations.c.id.type))
            )
        if limit is not None:
            query = query.limit(limit)
        records: list[ConversationRecord] = []
        async with self.database.reader.connect() as connection:
            result = await connection.stream(query)
            async for partition in result.partitions(PARTITION_ROWS):
                records.extend(conversation_record(row) for row in partition)
                await asyncio.sleep(0)  # a long list must not hold the loop while it is built
        return records

    async def search(self, text: str, limit: int) -> list[ConversationRecord]:
        """Conversations whose title or visible messages contain every word of `text` (as word
        starts), newest activity first, each with its newest matching message and a snippet."""
        async with self.database.reader.connect() as connection:
            hits = await search(connection, self.database.kind, text, limit)
        return [
            conversation_record(hit.conversation, snippet=hit.snippet, match_message_id=hit.match_message_id)
            for hit in hits
        ]

    async def get(self, conversation_id: str) -> ConversationRecord | None:
        async with self.database.reader.connect() as connection:
            row = await conversation_row(connection, conversation_id)
        return conversation_record(row) if row else None

    async def update(self, conversation_id: str, changes: dict) -> ConversationRecord | None:
        """Apply changes to the title and settings (a title given here is the user's); the
        changed record, or None for an unknown id."""
        values = {name: changes[name] for name in CHANGEABLE_FIELDS if name in changes}
        if "title" in values:
            values["title_set_by_user"] = True
        async with self.database.writer.begin() as connection:
            if values:
                await connection.execute(
                    conversations.update().where(conversations.c.id == conversation_id).values(**values)
                )
            row = await conversation_row(connection, conversation_id)
        return conversation_record(row) if row else None

    async def delete(self, conversation_id: str) -> bool:
        """Delete a conversation, its messages and the files only they carried."""
        async with self.database.writer.begin() as connection:
            ids = sa.select(messages.c.id).where(messages.c.conversation_id == conversation_id)
            files = await attached.linked_to(connection, ids)
            result = await connection.execute(conversations.delete().where(conversations.c.id == conversation_id))
            await attached.delete_unlinked(connection, files)
        return result.rowcount > 0
