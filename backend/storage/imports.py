"""Writing a conversation read from another app's export (importers/records.py) as ours.

One conversation is one transaction: it is there whole or not at all. Where it came from is kept
(imported_conversations: its source and the id it had there), so importing the same export
again skips it; deleting it here drops that row too, and a later import brings it back.

Our ids replace the source's; a message's depth and the active path's length are computed as
it is written. Messages whose role this app does not keep (a system message: its text becomes
the conversation's system prompt when it has none) are left out, and what followed them
follows their parent. A message naming a parent that is not there starts a branch of its own.
An active leaf that is not given (or not there) is the newest leaf.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

import sqlalchemy as sa

from importers.records import ImportedConversation, ImportedMessage
from storage.conversations import conversation_row
from storage.database import Database
from storage.ids import new_id, now
from storage.owners import owned_by
from storage.records import SETTINGS_FIELDS, ConversationRecord
from storage.rows import conversation_record
from storage.schema import attachments, conversations, imported_conversations, message_attachments, messages
from storage.titles import MAX_TITLE_CHARS

UNTITLED = "Imported conversation"
KEPT_ROLES = ("user", "assistant")
# Message columns an import may set beyond its text (this app's own exports carry them).
EXTRA_MESSAGE_COLUMNS = ("status", "error", "stats", "finish_reason", "trimmed_messages", "reply_error", "steps")


def imported_title(title: object) -> str:
    line = " ".join(title.split())[:MAX_TITLE_CHARS].strip() if isinstance(title, str) else ""
    return line or UNTITLED


class _Tree:
    """The listed messages as a tree of kept ones: each message once, its parent only when
    listed before it (so no cycle can form), the nearest kept ancestor standing in for one left out."""

    def __init__(self, listed: list[ImportedMessage]) -> None:
        self.parent_of: dict[str, str | None] = {}
        ordered = []
        for message in listed:
            if message.key in self.parent_of:
                continue
            self.parent_of[message.key] = message.parent_key if message.parent_key in self.parent_of else None
            ordered.append(message)
        self.kept = [message for message in ordered if message.role in KEPT_ROLES]
        self.keys = {message.key for message in self.kept}
        self.parents = {message.key: self.nearest_kept(self.parent_of[message.key]) for message in self.kept}
        self.system_text = next(
            (m.content for m in ordered if m.role == "system" and isinstance(m.content, str) and m.content.strip()),
            None,
        )

    def nearest_kept(self, key: str | None) -> str | None:
        while key is not None and key not in self.keys:
            key = self.parent_of.get(key)
        return key


def _newest_leaf(kept: list[ImportedMessage], parents: dict[str, str | None]) -> str | None:
    has_children = {parent for parent in parents.values() if parent is not None}
    leaves = [(index, message) for index, message in enumerate(kept) if message.key not in has_children]
    if not leaves:
        return None
    earliest = datetime.min.replace(tzinfo=now().tzinfo)
    return max(leaves, key=lambda pair: (pair[1].timestamp or earliest, pair[0]))[1].key


def _source_key(owner: str | None, source_id: str) -> str:
    """The id a conversation had in its source, as remembered for this account: two people may
    import the same export, each getting their own copy (accounts off: the id as it is)."""
    return source_id if owner is None else f"{owner}/{source_id}"


def _write(
    connection: sa.Connection, imported: ImportedConversation, files: dict[str, list[dict]], owner: str | None
) -> ConversationRecord | None:
    if _already_imported(connection, imported.source, imported.source_id, owner):
        return None
    tree = _Tree(imported.messages)
    kept, parents, system_text = tree.kept, tree.parents, tree.system_text
    ids = {message.key: new_id() for message in kept}
    depth: dict[str, int] = {}
    conversation_id = new_id()
    rows = []
    for message in kept:
        parent = parents[message.key]
        depth[message.key] = 0 if parent is None else depth[parent] + 1
        row = {
            "id": ids[message.key],
            "conversation_id": conversation_id,
            "parent_id": ids[parent] if parent is not None else None,
            "role": message.role,
            "content": _without_nul(message.content),
            "timestamp": message.timestamp,
            "reasoning": _without_nul(message.reasoning) or None,
            "model": message.model if message.role == "assistant" else None,
            "status": "complete" if message.role == "assistant" else None,
            "depth": depth[message.key],
        }
        row.update({name: message.extra[name] for name in EXTRA_MESSAGE_COLUMNS if name in message.extra})
        rows.append(row)
    active = tree.nearest_kept(imported.active_key) if imported.active_key in tree.parent_of else None
    active = active or _newest_leaf(kept, parents)
    moments = [message.timestamp for message in kept if message.timestamp is not None]
    created = imported.created_at or (min(moments) if moments else now())
    settings = {name: value for name, value in imported.settings.items() if name in SETTINGS_FIELDS}
    if system_text and not settings.get("system_prompt"):
        settings["system_prompt"] = system_text
    connection.execute(
        conversations.insert(),
        {
            **settings,
            "id": conversation_id,
            "title": imported_title(_without_nul(imported.title)),
            "title_set_by_user": imported.title_set_by_user,
            "created_at": created,
            "updated_at": imported.updated_at or (max(moments) if moments else created),
            "message_count": depth[active] + 1 if active else 0,
            "active_message_id": ids[active] if active else None,
            "owner_id": owner,
        },
    )
    if rows:
        connection.execute(messages.insert(), rows)
    stored_files, links = [], []
    for key, carried in files.items():
        if key not in ids:
            continue
        for position, file in enumerate(carried):
            stored_files.append({**file, "owner_id": owner})
            links.append({"message_id": ids[key], "position": position, "attachment_id": file["id"]})
    if stored_files:
        connection.execute(attachments.insert(), stored_files)
        connection.execute(message_attachments.insert(), links)
    connection.execute(
        imported_conversations.insert(),
        {
            "source": imported.source,
            "source_id": _source_key(owner, imported.source_id),
            "conversation_id": conversation_id,
            "imported_at": now(),
        },
    )
    return conversation_record(conversation_row(connection, conversation_id))


def _without_nul(text: str | None) -> str | None:
    # PostgreSQL cannot store NUL in text (SQLite can); no chat message means one.
    return text.replace("\x00", "") if isinstance(text, str) and "\x00" in text else text


def _already_imported(connection: sa.Connection, source: str, source_id: str, owner: str | None) -> bool:
    """Whether this account has the conversation already: under its own key, or (imported with
    accounts off, and given to this account since) under the id as it is."""
    query = (
        sa.select(imported_conversations.c.conversation_id)
        .join(conversations, conversations.c.id == imported_conversations.c.conversation_id)
        .where(
            imported_conversations.c.source == source,
            imported_conversations.c.source_id.in_({source_id, _source_key(owner, source_id)}),
        )
    )
    return connection.execute(owned_by(query, conversations, owner)).first() is not None


class ImportStore:
    """`owner`: the account the imported conversations go to (None: accounts are off)."""

    def __init__(self, database: Database, owner: str | None = None) -> None:
        self.database = database
        self.owner = owner

    async def add(self, imported: ImportedConversation, files: dict[str, list[dict]]) -> ConversationRecord | None:
        """Write the conversation with its messages and files (`files`: attachment rows by the
        source's message key, processed already); None when it was imported before."""
        try:
            return await self.database.write(partial(_write, imported=imported, files=files, owner=self.owner))
        except sa.exc.IntegrityError:
            # The same conversation, imported at the same moment by another request: a skip.
            check = partial(_already_imported, source=imported.source, source_id=imported.source_id, owner=self.owner)
            if await self.database.read(check):
                return None
            raise
