"""Everything stored, row by row, for the whole-history archive (exports/archive.py) and back.

The archive keeps rows as they are — every column of every table it covers, by column name — so
that restoring it into an empty database gives back exactly what was exported, including columns
a later release adds (they are read from the schema, not listed here). Reading goes a page of
conversations at a time, and a file's bytes one file at a time, so a large history is never in
memory at once. A reply still being written is part of no path yet and is left out (the next
archive has it).

Restoring writes one conversation per transaction: it comes back whole or not at all. Ids are
kept; a conversation whose id is already here is skipped (importing the same archive twice adds
nothing), and a file already here (the same upload, carried by another conversation) is linked,
not stored twice.

With accounts on, an archive is one account's: its conversations, files, folders, presets and
defaults, read and restored as that account's (`owner`). Which account a row belonged to is not
part of the archive (`owner_id` means nothing in another database). A conversation or file whose
id another account holds here is never linked or overwritten: the conversation is skipped.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

import sqlalchemy as sa

from storage.database import Database
from storage.ids import new_id
from storage.owners import owned_by
from storage.schema import (
    Timestamp,
    app_settings,
    attachments,
    conversations,
    folders,
    message_attachments,
    messages,
    presets,
)
from storage.settings import DEFAULTS, defaults_name

WRITING = "streaming"


def _columns(table: sa.Table, *leave_out: str) -> list[sa.Column]:
    # `pk` is this database's own row number, `owner_id` its own account; the public `id` is
    # what the archive carries.
    return [column for column in table.columns if column.name not in ("pk", "owner_id", *leave_out)]


CONVERSATION_COLUMNS = _columns(conversations)
MESSAGE_COLUMNS = _columns(messages)
PRESET_COLUMNS = _columns(presets)
ATTACHMENT_COLUMNS = _columns(attachments, "data")
FOLDER_COLUMNS = _columns(folders)


TIMESTAMP_COLUMNS = {
    table.name: {column.name for column in table.columns if isinstance(column.type, Timestamp)}
    for table in (conversations, messages, presets, attachments, folders)
}


def as_plain(row: sa.Row | dict, table: sa.Table) -> dict:
    """A row as JSON-ready values: timestamps as ISO 8601 text, everything else as stored."""
    values = dict(row._mapping) if isinstance(row, sa.Row) else dict(row)
    for name in TIMESTAMP_COLUMNS[table.name]:
        if isinstance(values.get(name), datetime):
            values[name] = values[name].isoformat()
    return values


def from_plain(values: dict, table: sa.Table) -> dict:
    """A row read back from the archive: only this schema's columns, timestamps as datetimes.
    A column the archive lacks (written by an older release) takes its default."""
    known = {column.name for column in _columns(table)}
    row = {name: value for name, value in values.items() if name in known}
    for name in TIMESTAMP_COLUMNS[table.name]:
        if isinstance(row.get(name), str):
            row[name] = datetime.fromisoformat(row[name])
    return row


# ---- reading ---------------------------------------------------------------------------------


def _conversation_page(
    connection: sa.Connection, owner: str | None, after_pk: int, limit: int
) -> tuple[int, list[dict]]:
    """Up to `limit` conversations after row `after_pk`, each with its messages (parents first)
    and which files each message carries; and the last row number read."""
    query = sa.select(conversations.c.pk, *CONVERSATION_COLUMNS).where(conversations.c.pk > after_pk)
    rows = connection.execute(owned_by(query, conversations, owner).order_by(conversations.c.pk).limit(limit)).all()
    if not rows:
        return after_pk, []
    ids = [row.id for row in rows]
    by_conversation: dict[str, list[dict]] = {conversation_id: [] for conversation_id in ids}
    message_rows = connection.execute(
        sa.select(*MESSAGE_COLUMNS)
        .where(messages.c.conversation_id.in_(ids), sa.or_(messages.c.status.is_(None), messages.c.status != WRITING))
        .order_by(messages.c.pk)  # insertion order: a parent before its children, siblings oldest first
    ).all()
    files: dict[str, list[str]] = {}
    links = connection.execute(
        sa.select(message_attachments)
        .join(messages, messages.c.id == message_attachments.c.message_id)
        .where(messages.c.conversation_id.in_(ids))
        .order_by(message_attachments.c.message_id, message_attachments.c.position)
    )
    for link in links:
        files.setdefault(link.message_id, []).append(link.attachment_id)
    for row in message_rows:
        message = as_plain(row, messages)
        message["attachments"] = files.get(row.id, [])
        by_conversation[row.conversation_id].append(message)
    page = []
    for row in rows:
        conversation = as_plain(
            {column.name: getattr(row, column.name) for column in CONVERSATION_COLUMNS}, conversations
        )
        conversation["messages"] = by_conversation[row.id]
        page.append(conversation)
    return rows[-1].pk, page


def _attachment_infos(connection: sa.Connection, owner: str | None, attachment_ids: list[str]) -> list[dict]:
    query = sa.select(*ATTACHMENT_COLUMNS).where(attachments.c.id.in_(attachment_ids))
    return [as_plain(row, attachments) for row in connection.execute(owned_by(query, attachments, owner))]


def _attachment_data(connection: sa.Connection, owner: str | None, attachment_id: str) -> bytes | None:
    query = sa.select(attachments.c.data).where(attachments.c.id == attachment_id)
    return connection.execute(owned_by(query, attachments, owner)).scalar()


def _settings_and_presets(connection: sa.Connection, owner: str | None) -> tuple[dict, list[dict]]:
    """With accounts on, an account's defaults go in the archive under the name accounts-off uses."""
    if owner is None:
        stored = {row.name: row.value for row in connection.execute(sa.select(app_settings))}
    else:
        query = sa.select(app_settings.c.value).where(app_settings.c.name == defaults_name(owner))
        value = connection.execute(query).scalar()
        stored = {} if value is None else {DEFAULTS: value}
    rows = connection.execute(owned_by(sa.select(*PRESET_COLUMNS), presets, owner).order_by(presets.c.pk)).all()
    return stored, [as_plain(row, presets) for row in rows]


def _folders(connection: sa.Connection, owner: str | None) -> list[dict]:
    query = owned_by(sa.select(*FOLDER_COLUMNS), folders, owner).order_by(folders.c.position, folders.c.pk)
    return [as_plain(row, folders) for row in connection.execute(query)]


def _id_taken(connection: sa.Connection, table: sa.Table, row_id: str) -> bool:
    return connection.execute(sa.select(table.c.id).where(table.c.id == row_id)).first() is not None


def _restore_folders(connection: sa.Connection, owner: str | None, archived: list[dict]) -> dict[str, str]:
    """Each archived folder's id -> the folder here that takes its conversations: itself (id
    kept, placed after the folders here; a new id when another account has that one), or the
    folder here with the same name."""
    here = connection.execute(owned_by(sa.select(folders.c.id, folders.c.name), folders, owner)).all()
    by_id = {row.id for row in here}
    by_name = {row.name.lower(): row.id for row in here}
    next_position = len(here)
    taken: dict[str, str] = {}
    for folder in archived:
        if folder["id"] in by_id:
            taken[folder["id"]] = folder["id"]
        elif str(folder["name"]).lower() in by_name:
            taken[folder["id"]] = by_name[str(folder["name"]).lower()]
        else:
            folder_id = new_id() if _id_taken(connection, folders, folder["id"]) else folder["id"]
            row = from_plain(folder, folders) | {"id": folder_id, "position": next_position, "owner_id": owner}
            connection.execute(folders.insert(), row)
            next_position += 1
            by_id.add(folder_id)
            by_name[str(folder["name"]).lower()] = folder_id
            taken[folder["id"]] = folder_id
    return taken


# ---- restoring -------------------------------------------------------------------------------


def _restore_conversation(
    connection: sa.Connection, owner: str | None, conversation: dict, files: dict[str, dict]
) -> bool:
    """Write one archived conversation (ids kept) as `owner`'s; False when its id is already
    here, or a file it carries is another account's. `files`: the archived files it carries, by
    id, with their bytes under "data"."""
    if _id_taken(connection, conversations, conversation["id"]):
        return False
    archived_messages = conversation.get("messages", [])
    wanted = {attachment_id for message in archived_messages for attachment_id in message.get("attachments", [])}
    here = connection.execute(
        sa.select(attachments.c.id, attachments.c.owner_id).where(attachments.c.id.in_(list(wanted)))
    ).all()
    if owner is not None and any(row.owner_id != owner for row in here):
        return False
    connection.execute(conversations.insert(), from_plain(conversation, conversations) | {"owner_id": owner})
    if archived_messages:
        connection.execute(messages.insert(), [from_plain(message, messages) for message in archived_messages])
    present = {row.id for row in here}
    new_files = [
        from_plain(files[attachment_id], attachments) | {"data": files[attachment_id]["data"], "owner_id": owner}
        for attachment_id in wanted - present
    ]
    if new_files:
        connection.execute(attachments.insert(), new_files)
    links = [
        {"message_id": message["id"], "position": position, "attachment_id": attachment_id}
        for message in archived_messages
        for position, attachment_id in enumerate(message.get("attachments", []))
    ]
    if links:
        connection.execute(message_attachments.insert(), links)
    return True


def _restore_settings(
    connection: sa.Connection, owner: str | None, stored: dict, archived_presets: list[dict]
) -> list[str]:
    """Settings `owner` has not set, and presets whose id and name are free; what was left out,
    as sentences."""
    left_out = []
    have = set(connection.execute(sa.select(app_settings.c.name)).scalars())
    for name, value in stored.items():
        if name == DEFAULTS:
            name = defaults_name(owner)
        elif owner is not None:
            continue  # an install-wide setting: an account restores only its own
        if name not in have:
            connection.execute(app_settings.insert().values(name=name, value=value))
    for preset in archived_presets:
        same = sa.or_(presets.c.id == preset["id"], sa.func.lower(presets.c.name) == str(preset["name"]).lower())
        clash = connection.execute(owned_by(sa.select(presets.c.id).where(same), presets, owner)).first()
        if clash is None:
            preset_id = new_id() if _id_taken(connection, presets, preset["id"]) else preset["id"]
            connection.execute(presets.insert(), from_plain(preset, presets) | {"id": preset_id, "owner_id": owner})
        elif clash.id != preset["id"]:
            left_out.append(f"The preset “{preset['name']}” was not restored: a preset with that name is already here.")
    return left_out


class BackupStore:
    """`owner`: the account whose history this is (None: accounts are off, everything)."""

    def __init__(self, database: Database, owner: str | None = None) -> None:
        self.database = database
        self.owner = owner

    async def conversation_page(self, after_pk: int = 0, limit: int = 100) -> tuple[int, list[dict]]:
        """A page of conversations with every message, as plain values; pass the returned row
        number back for the next page (an empty page: the end)."""
        return await self.database.read(partial(_conversation_page, owner=self.owner, after_pk=after_pk, limit=limit))

    async def attachment_infos(self, attachment_ids: list[str]) -> list[dict]:
        """These files' rows without their bytes."""
        return await self.database.read(partial(_attachment_infos, owner=self.owner, attachment_ids=attachment_ids))

    async def attachment_data(self, attachment_id: str) -> bytes | None:
        return await self.database.read(partial(_attachment_data, owner=self.owner, attachment_id=attachment_id))

    async def settings_and_presets(self) -> tuple[dict, list[dict]]:
        """Application settings by name, and every preset, as plain values."""
        return await self.database.read(partial(_settings_and_presets, owner=self.owner))

    async def folders(self) -> list[dict]:
        """Every folder, in order, as plain values."""
        return await self.database.read(partial(_folders, owner=self.owner))

    async def restore_folders(self, archived: list[dict]) -> dict[str, str]:
        return await self.database.write(partial(_restore_folders, owner=self.owner, archived=archived))

    async def restore_conversation(self, conversation: dict, files: dict[str, dict]) -> bool:
        return await self.database.write(
            partial(_restore_conversation, owner=self.owner, conversation=conversation, files=files)
        )

    async def restore_settings(self, stored: dict, archived_presets: list[dict]) -> list[str]:
        return await self.database.write(
            partial(_restore_settings, owner=self.owner, stored=stored, archived_presets=archived_presets)
        )
