"""A conversation's messages: its active path, its whole tree, one message, switching branches
and deleting a branch. The writes of a reply itself are in replies.py."""

from __future__ import annotations

import sqlalchemy as sa

from storage import attachments as attached
from storage import tree
from storage.conversations import conversation_row
from storage.database import Database
from storage.records import ConversationRecord, MessageRecord
from storage.rows import conversation_record, message_record
from storage.schema import messages

ONE_VISIBLE = sa.select(messages).where(
    messages.c.id == sa.bindparam("message_id"),
    messages.c.conversation_id == sa.bindparam("conversation_id"),
    tree.VISIBLE,
)
WHOLE_TREE = (
    sa.select(messages)
    .where(messages.c.conversation_id == sa.bindparam("conversation_id"), tree.VISIBLE)
    .order_by(messages.c.pk)
)


async def files_of(connection, rows) -> dict:
    """The files each of these rows carries (read only for rows that say they carry some)."""
    carrying = [row.id for row in rows if getattr(row, "has_files", True)]
    return await attached.attachments_of(connection, carrying)


async def read_path(connection, conversation_id: str, leaf_id: str | None, *, siblings: bool) -> list[MessageRecord]:
    """The path from the root to `leaf_id` as records, with files (and sibling ids if asked)."""
    rows = await tree.path_to(connection, conversation_id, leaf_id)
    files = await files_of(connection, rows)
    if not siblings:
        return [message_record(row, attachments=files.get(row.id)) for row in rows]
    children = await tree.siblings_of(connection, conversation_id, rows)
    return [message_record(row, children.get(row.parent_id, [row.id]), files.get(row.id)) for row in rows]


class MessageStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def active_path(self, conversation_id: str) -> tuple[ConversationRecord, list[MessageRecord]] | None:
        """The conversation and its active path (root to active leaf), each message with its
        siblings; None for an unknown conversation."""
        async with self.database.reader.connect() as connection:
            row = await conversation_row(connection, conversation_id)
            if row is None:
                return None
            path = await read_path(connection, conversation_id, row.active_message_id, siblings=True)
        return conversation_record(row), path

    async def whole_tree(self, conversation_id: str) -> tuple[ConversationRecord, list[MessageRecord]] | None:
        """The conversation with every visible message of every branch, oldest first (export)."""
        async with self.database.reader.connect() as connection:
            row = await conversation_row(connection, conversation_id)
            if row is None:
                return None
            rows = list(await connection.execute(WHOLE_TREE, {"conversation_id": conversation_id}))
            files = await attached.attachments_of(connection, [m.id for m in rows])
        return conversation_record(row), [message_record(m, attachments=files.get(m.id)) for m in rows]

    async def get(self, conversation_id: str, message_id: str) -> MessageRecord | None:
        """One visible message of the conversation, or None."""
        async with self.database.reader.connect() as connection:
            parameters = {"message_id": message_id, "conversation_id": conversation_id}
            row = (await connection.execute(ONE_VISIBLE, parameters)).first()
            files = await attached.attachments_of(connection, [row.id] if row else [])
        return message_record(row, attachments=files.get(row.id)) if row else None

    async def path_to(self, conversation_id: str, message_id: str | None) -> list[MessageRecord]:
        """The messages from the root down to `message_id`."""
        async with self.database.reader.connect() as connection:
            return await read_path(connection, conversation_id, message_id, siblings=False)

    async def switch_branch(self, conversation_id: str, message_id: str) -> list[MessageRecord] | None:
        """Show the branch through `message_id`, down to its newest leaf; the new active path,
        or None when the message is not one of the conversation's."""
        async with self.database.writer.begin() as connection:
            parameters = {"message_id": message_id, "conversation_id": conversation_id}
            if (await connection.execute(ONE_VISIBLE, parameters)).first() is None:
                return None
            await tree.activate(connection, conversation_id, await tree.newest_leaf(connection, message_id))
        found = await self.active_path(conversation_id)
        return found[1] if found else None

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
            doomed = await tree.subtree_ids(connection, message_id)
            counted = sa.select(sa.func.count()).where(messages.c.id.in_(doomed), tree.VISIBLE)
            removed = (await connection.execute(counted)).scalar_one()
            active = (await conversation_row(connection, conversation_id)).active_message_id
            files = await attached.linked_to(connection, list(doomed))
            await connection.execute(messages.delete().where(messages.c.id == message_id))  # the rest cascades
            await attached.delete_unlinked(connection, files)
            if active in doomed:
                active = await _branch_left_after_deleting(connection, conversation_id, found.parent_id)
            length = await tree.activate(connection, conversation_id, active)
        return removed, length


async def _branch_left_after_deleting(connection, conversation_id: str, parent_id: str | None) -> str | None:
    """After a branch holding the active leaf is deleted: the newest branch left beside it, else
    the message it followed (None: the conversation is empty)."""
    beside = sa.select(messages.c.id).where(messages.c.conversation_id == conversation_id, tree.VISIBLE)
    beside = beside.where(messages.c.parent_id.is_(None) if parent_id is None else messages.c.parent_id == parent_id)
    sibling = (await connection.execute(beside.order_by(messages.c.pk.desc()).limit(1))).scalar()
    if sibling is not None:
        return await tree.newest_leaf(connection, sibling)
    return parent_id
