"""Attached files in the database: stored once per upload, linked to the messages that carry
them, read with those messages, and deleted once nothing carries them (or, never sent, after
CHAT_UNSENT_ATTACHMENT_TTL_S)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import sqlalchemy as sa

from storage.database import Database
from storage.ids import new_id, now
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


async def attachments_of(connection, message_ids: Iterable[str]) -> dict[str, list[AttachmentRecord]]:
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
    for row in await connection.execute(query):
        found.setdefault(row.message_id, []).append(attachment_record(row))
    return found


async def link(connection, message_id: str, attachment_ids: list[str]) -> None:
    if attachment_ids:
        rows = [
            {"message_id": message_id, "position": position, "attachment_id": attachment_id}
            for position, attachment_id in enumerate(attachment_ids)
        ]
        await connection.execute(message_attachments.insert(), rows)


async def copy_links(connection, copies: dict[str, str]) -> None:
    """Give each copied message (new id, by original id) the files of its original."""
    if not copies:
        return
    query = sa.select(message_attachments).where(message_attachments.c.message_id.in_(list(copies)))
    rows = [
        {"message_id": copies[row.message_id], "position": row.position, "attachment_id": row.attachment_id}
        for row in await connection.execute(query)
    ]
    if rows:
        await connection.execute(message_attachments.insert(), rows)


async def linked_to(connection, message_ids) -> set[str]:
    """The files these messages carry (`message_ids`: a list, or a query selecting them)."""
    query = sa.select(message_attachments.c.attachment_id).where(message_attachments.c.message_id.in_(message_ids))
    return set((await connection.execute(query)).scalars())


async def delete_unlinked(connection, attachment_ids: set[str]) -> None:
    """Delete those of these files that no message carries any more."""
    if not attachment_ids:
        return
    await connection.execute(attachments.delete().where(attachments.c.id.in_(list(attachment_ids)), ~_carried()))


class AttachmentStore:
    def __init__(self, database: Database) -> None:
        self.database = database

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
        }
        async with self.database.writer.begin() as connection:
            await connection.execute(attachments.insert().values(**row))
        return info

    async def get(self, attachment_id: str) -> StoredFile | None:
        return (await self.contents([attachment_id])).get(attachment_id)

    async def infos(self, attachment_ids: list[str]) -> dict[str, AttachmentRecord]:
        """What is known of these files, by id (unknown ids are left out)."""
        if not attachment_ids:
            return {}
        async with self.database.reader.connect() as connection:
            query = sa.select(*INFO_COLUMNS).where(attachments.c.id.in_(attachment_ids))
            return {row.id: attachment_record(row) for row in await connection.execute(query)}

    async def contents(self, attachment_ids: Iterable[str]) -> dict[str, StoredFile]:
        """The bytes and text of these files, by id (what a reply's history sends)."""
        ids = list(set(attachment_ids))
        if not ids:
            return {}
        async with self.database.reader.connect() as connection:
            query = sa.select(*INFO_COLUMNS, attachments.c.data, attachments.c.text).where(attachments.c.id.in_(ids))
            return {
                row.id: StoredFile(attachment_record(row), row.data, row.text)
                for row in await connection.execute(query)
            }

    async def delete_unsent(self, older_than_s: float) -> int:
        """Delete files uploaded more than `older_than_s` ago that no message carries."""
        cutoff = now() - timedelta(seconds=older_than_s)
        unsent = attachments.delete().where(attachments.c.created_at < cutoff, ~_carried())
        async with self.database.writer.begin() as connection:
            result = await connection.execute(unsent)
        return result.rowcount
