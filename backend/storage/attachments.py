"""Attached files in the database: stored once per upload, linked to the messages that carry
them, read with those messages, and deleted once nothing carries them (or, never sent, after
CHAT_UNSENT_ATTACHMENT_TTL_S)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import sqlalchemy as sa

from storage.database import Database
from storage.ids import new_id, now
from storage.owners import owned_by
from storage.records import AttachmentRecord, StoredFile
from storage.rows import attachment_record
from storage.schema import attachments, message_attachments

# The columns that describe a file (its bytes and text are read only when needed).
INFO_COLUMNS = (
    attachments.c.id,
    attachments.c.name,
    attachments.c.kind,
    attachments.c.media_type,
    attachments.c.size,
    attachments.c.width,
    attachments.c.height,
    sa.func.length(attachments.c.text).label("chars"),
)


def _carried() -> sa.Exists:
    """Whether some message carries the attachment row of the surrounding statement."""
    return sa.exists(
        sa.select(message_attachments.c.attachment_id).where(message_attachments.c.attachment_id == attachments.c.id)
    )


def attachments_of(connection, message_ids: Iterable[str]) -> dict[str, list[AttachmentRecord]]:
    """The files each of these messages carries, in order (messages without any are left out)."""
    ids = list(message_ids)
    if not ids:
        return {}
    query = (
        sa.select(message_attachments.c.message_id, *INFO_COLUMNS)
        .join(attachments, attachments.c.id == message_attachments.c.attachment_id)
        .where(message_attachments.c.message_id.in_(ids))
        .order_by(message_attachments.c.message_id, message_attachments.c.position)
    )
    found: dict[str, list[AttachmentRecord]] = {}
    for row in connection.execute(query):
        found.setdefault(row.message_id, []).append(attachment_record(row))
    return found


def link(connection, message_id: str, attachment_ids: list[str]) -> None:
    if attachment_ids:
        rows = [
            {"message_id": message_id, "position": position, "attachment_id": attachment_id}
            for position, attachment_id in enumerate(attachment_ids)
        ]
        connection.execute(message_attachments.insert(), rows)


def copy_links(connection, copies: dict[str, str]) -> None:
    """Give each copied message (new id, by original id) the files of its original."""
    if not copies:
        return
    query = sa.select(message_attachments).where(message_attachments.c.message_id.in_(list(copies)))
    rows = [
        {"message_id": copies[row.message_id], "position": row.position, "attachment_id": row.attachment_id}
        for row in connection.execute(query)
    ]
    if rows:
        connection.execute(message_attachments.insert(), rows)


def linked_to(connection, message_ids) -> set[str]:
    """The files these messages carry (`message_ids`: a list, or a query selecting them)."""
    query = sa.select(message_attachments.c.attachment_id).where(message_attachments.c.message_id.in_(message_ids))
    return set(connection.execute(query).scalars())


def delete_unlinked(connection, attachment_ids: set[str]) -> None:
    """Delete those of these files that no message carries any more."""
    if not attachment_ids:
        return
    connection.execute(attachments.delete().where(attachments.c.id.in_(list(attachment_ids)), ~_carried()))


class AttachmentStore:
    """`owner`: the account whose files these are (None: accounts are off, every file)."""

    def __init__(self, database: Database, owner: str | None = None) -> None:
        self.database = database
        self.owner = owner

    def _mine(self, query):
        return owned_by(query, attachments, self.owner)

    async def add(
        self, *, name: str, kind: str, media_type: str, data: bytes, width=None, height=None, text=None
    ) -> AttachmentRecord:
        info = AttachmentRecord(
            id=new_id(),
            name=name,
            kind=kind,
            media_type=media_type,
            size=len(data),
            width=width,
            height=height,
            chars=len(text) if text is not None else None,
        )
        row = {
            "id": info.id,
            "name": name,
            "kind": kind,
            "media_type": media_type,
            "size": info.size,
            "width": width,
            "height": height,
            "text": text,
            "data": data,
            "created_at": now(),
            "owner_id": self.owner,
        }
        await self.database.write(lambda connection: connection.execute(attachments.insert(), row))
        return info

    async def get(self, attachment_id: str) -> StoredFile | None:
        return (await self.contents([attachment_id])).get(attachment_id)

    async def infos(self, attachment_ids: list[str]) -> dict[str, AttachmentRecord]:
        """What is known of these files, by id (unknown ids are left out)."""
        if not attachment_ids:
            return {}
        query = self._mine(sa.select(*INFO_COLUMNS).where(attachments.c.id.in_(attachment_ids)))
        rows = await self.database.read(lambda connection: connection.execute(query).all())
        return {row.id: attachment_record(row) for row in rows}

    async def contents(self, attachment_ids: Iterable[str]) -> dict[str, StoredFile]:
        """The bytes and text of these files, by id (what a reply's history sends)."""
        ids = list(set(attachment_ids))
        if not ids:
            return {}
        query = self._mine(
            sa.select(*INFO_COLUMNS, attachments.c.data, attachments.c.text).where(attachments.c.id.in_(ids))
        )
        rows = await self.database.read(lambda connection: connection.execute(query).all())
        return {row.id: StoredFile(attachment_record(row), row.data, row.text) for row in rows}

    async def delete_unsent(self, older_than_s: float) -> int:
        """Delete files uploaded more than `older_than_s` ago that no message carries."""
        cutoff = now() - timedelta(seconds=older_than_s)
        unsent = attachments.delete().where(attachments.c.created_at < cutoff, ~_carried())
        return await self.database.write(lambda connection: connection.execute(unsent).rowcount)
