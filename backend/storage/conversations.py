"""Conversations as a whole: create, list (a page at a time, pinned first, or one folder's),
search, read one, change (title, settings, folder, pin), delete."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa

from storage import attachments as attached
from storage.cursor import decode_cursor
from storage.database import Database
from storage.folders import folder_exists
from storage.ids import new_id, now
from storage.owners import owned_by
from storage.records import SETTINGS_FIELDS, ConversationRecord
from storage.rows import conversation_record
from storage.schema import Timestamp, conversations, messages
from storage.search import search

# What a change may touch: the title, the settings, its folder and its pin (neither of the last
# two is activity: the conversation keeps its place in time).
CHANGEABLE_FIELDS = ("title", *SETTINGS_FIELDS, "folder_id", "pinned")

SELECT_ONE = sa.select(conversations).where(conversations.c.id == sa.bindparam("conversation_id"))
PINNED_THEN_NEWEST = sa.select(conversations).order_by(
    conversations.c.pinned.desc(), conversations.c.updated_at.desc(), conversations.c.id.desc()
)


class UnknownFolder(ValueError):
    """A conversation was to go into a folder that is not there."""


def _after(pinned: bool, moment, conversation_id: str):
    """The rows listed after the conversation a page ended with."""
    later = sa.tuple_(conversations.c.updated_at, conversations.c.id) < sa.tuple_(
        sa.literal(moment, Timestamp()), sa.literal(conversation_id, conversations.c.id.type)
    )
    if pinned:
        return sa.or_(sa.and_(conversations.c.pinned.is_(True), later), conversations.c.pinned.is_(False))
    return sa.and_(conversations.c.pinned.is_(False), later)


def conversation_row(connection: sa.Connection, conversation_id: str):
    return connection.execute(SELECT_ONE, {"conversation_id": conversation_id}).first()


def _create(connection: sa.Connection, row: dict) -> ConversationRecord:
    connection.execute(conversations.insert(), row)
    return conversation_record(conversation_row(connection, row["id"]))


def _page(connection: sa.Connection, query) -> list[ConversationRecord]:
    return [conversation_record(row) for row in connection.execute(query)]


def _search(connection: sa.Connection, kind: str, text: str, limit: int, owner: str | None) -> list[ConversationRecord]:
    return [
        conversation_record(hit.conversation, snippet=hit.snippet, match_message_id=hit.match_message_id)
        for hit in search(connection, kind, text, limit, owner)
    ]


def _get(connection: sa.Connection, conversation_id: str, owner: str | None) -> ConversationRecord | None:
    row = conversation_row(connection, conversation_id)
    return conversation_record(row) if row and (owner is None or row.owner_id == owner) else None


def _update(
    connection: sa.Connection, conversation_id: str, values: dict, owner: str | None
) -> ConversationRecord | None:
    if _get(connection, conversation_id, owner) is None:
        return None
    folder_id = values.get("folder_id")
    if folder_id is not None and not folder_exists(connection, folder_id, owner):
        raise UnknownFolder(folder_id)
    if values:
        connection.execute(conversations.update().where(conversations.c.id == conversation_id).values(**values))
    return _get(connection, conversation_id, owner)


def delete_conversations(connection: sa.Connection, conversation_ids: list[str]) -> int:
    """Delete these conversations, their messages and the files only they carried; how many."""
    if not conversation_ids:
        return 0
    ids = sa.select(messages.c.id).where(messages.c.conversation_id.in_(conversation_ids))
    files = attached.linked_to(connection, ids)
    result = connection.execute(conversations.delete().where(conversations.c.id.in_(conversation_ids)))
    attached.delete_unlinked(connection, files)
    return result.rowcount


def _delete(connection: sa.Connection, conversation_id: str, owner: str | None) -> bool:
    if _get(connection, conversation_id, owner) is None:
        return False
    return delete_conversations(connection, [conversation_id]) > 0


class ConversationStore:
    """`owner`: the account whose conversations these are (None: accounts are off, all of them)."""

    def __init__(self, database: Database, owner: str | None = None) -> None:
        self.database = database
        self.owner = owner

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
            "owner_id": self.owner,
        }
        row.update({name: value for name, value in (settings or {}).items() if name in SETTINGS_FIELDS})
        return await self.database.write(partial(_create, row=row))

    async def list(
        self, *, limit: int | None = None, before: str | None = None, folder_id: str | None = None
    ) -> list[ConversationRecord]:
        """Pinned first, then newest activity; a page of `limit` after the `before` cursor
        (InvalidCursor if it is not one of ours); only those in `folder_id` when given."""
        query = PINNED_THEN_NEWEST
        query = owned_by(query, conversations, self.owner)
        if folder_id is not None:
            query = query.where(conversations.c.folder_id == folder_id)
        if before is not None:
            query = query.where(_after(*decode_cursor(before)))
        if limit is not None:
            query = query.limit(limit)
        return await self.database.read(partial(_page, query=query))

    async def search(self, text: str, limit: int) -> list[ConversationRecord]:
        """Conversations whose title or visible messages contain every word of `text` (as word
        starts), newest activity first, each with its newest matching message and a snippet."""
        return await self.database.read(
            partial(_search, kind=self.database.kind, text=text, limit=limit, owner=self.owner)
        )

    async def get(self, conversation_id: str) -> ConversationRecord | None:
        return await self.database.read(partial(_get, conversation_id=conversation_id, owner=self.owner))

    async def update(self, conversation_id: str, changes: dict) -> ConversationRecord | None:
        """Apply changes to the title, settings, folder and pin (a title given here is the
        user's); the changed record, or None for an unknown id; UnknownFolder for a folder that
        is not there."""
        values = {name: changes[name] for name in CHANGEABLE_FIELDS if name in changes}
        if "title" in values:
            values["title_set_by_user"] = True
        return await self.database.write(
            partial(_update, conversation_id=conversation_id, values=values, owner=self.owner)
        )

    async def delete(self, conversation_id: str) -> bool:
        """Delete a conversation, its messages and the files only they carried."""
        return await self.database.write(partial(_delete, conversation_id=conversation_id, owner=self.owner))
