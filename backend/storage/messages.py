"""A conversation's messages: its active path, its whole tree, one message, switching branches
and deleting a branch. The writes of a reply itself are in replies.py."""

from __future__ import annotations

from functools import partial

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


def visible_message(connection: sa.Connection, conversation_id: str, message_id: str):
    return connection.execute(ONE_VISIBLE, {"message_id": message_id, "conversation_id": conversation_id}).first()


def read_path(
    connection: sa.Connection, conversation_id: str, leaf_id: str | None, *, siblings: bool
) -> list[MessageRecord]:
    """The path from the root to `leaf_id` as records, with files (and sibling ids if asked)."""
    rows = tree.path_to(connection, conversation_id, leaf_id)
    files = attached.attachments_of(connection, [row.id for row in rows if row.has_files])
    if not siblings:
        return [message_record(row, attachments=files.get(row.id)) for row in rows]
    children = tree.siblings_of(connection, conversation_id, rows)
    return [message_record(row, children.get(row.parent_id, [row.id]), files.get(row.id)) for row in rows]


def _active_path(connection: sa.Connection, conversation_id: str):
    row = conversation_row(connection, conversation_id)
    if row is None:
        return None
    return conversation_record(row), read_path(connection, conversation_id, row.active_message_id, siblings=True)


def _whole_tree(connection: sa.Connection, conversation_id: str):
    row = conversation_row(connection, conversation_id)
    if row is None:
        return None
    rows = list(connection.execute(WHOLE_TREE, {"conversation_id": conversation_id}))
    files = attached.attachments_of(connection, [m.id for m in rows])
    return conversation_record(row), [message_record(m, attachments=files.get(m.id)) for m in rows]


def _get(connection: sa.Connection, conversation_id: str, message_id: str) -> MessageRecord | None:
    row = visible_message(connection, conversation_id, message_id)
    if row is None:
        return None
    return message_record(row, attachments=attached.attachments_of(connection, [row.id]).get(row.id))


def _switch_branch(connection: sa.Connection, conversation_id: str, message_id: str) -> bool:
    if visible_message(connection, conversation_id, message_id) is None:
        return False
    tree.activate(connection, conversation_id, tree.newest_leaf(connection, message_id))
    return True


def _delete_branch(connection: sa.Connection, conversation_id: str, message_id: str) -> tuple[int, int] | None:
    query = sa.select(messages.c.parent_id).where(
        messages.c.id == message_id, messages.c.conversation_id == conversation_id
    )
    found = connection.execute(query).first()
    if found is None:
        return None
    doomed = tree.subtree_ids(connection, message_id)
    counted = sa.select(sa.func.count()).where(messages.c.id.in_(doomed), tree.VISIBLE)
    removed = connection.execute(counted).scalar_one()
    active = conversation_row(connection, conversation_id).active_message_id
    files = attached.linked_to(connection, list(doomed))
    connection.execute(messages.delete().where(messages.c.id == message_id))  # the rest cascades
    attached.delete_unlinked(connection, files)
    if active in doomed:
        active = _branch_left_after_deleting(connection, conversation_id, found.parent_id)
    return removed, tree.activate(connection, conversation_id, active)


def _branch_left_after_deleting(connection: sa.Connection, conversation_id: str, parent_id: str | None) -> str | None:
    """After a branch holding the active leaf is deleted: the newest branch left beside it, else
    the message it followed (None: the conversation is empty)."""
    beside = sa.select(messages.c.id).where(messages.c.conversation_id == conversation_id, tree.VISIBLE)
    beside = beside.where(messages.c.parent_id.is_(None) if parent_id is None else messages.c.parent_id == parent_id)
    sibling = connection.execute(beside.order_by(messages.c.pk.desc()).limit(1)).scalar()
    if sibling is not None:
        return tree.newest_leaf(connection, sibling)
    return parent_id


class MessageStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def active_path(self, conversation_id: str) -> tuple[ConversationRecord, list[MessageRecord]] | None:
        """The conversation and its active path (root to active leaf), each message with its
        siblings; None for an unknown conversation."""
        return await self.database.read(partial(_active_path, conversation_id=conversation_id))

    async def whole_tree(self, conversation_id: str) -> tuple[ConversationRecord, list[MessageRecord]] | None:
        """The conversation with every visible message of every branch, oldest first (export)."""
        return await self.database.read(partial(_whole_tree, conversation_id=conversation_id))

    async def get(self, conversation_id: str, message_id: str) -> MessageRecord | None:
        """One visible message of the conversation, or None."""
        return await self.database.read(partial(_get, conversation_id=conversation_id, message_id=message_id))

    async def path_to(self, conversation_id: str, message_id: str | None) -> list[MessageRecord]:
        """The messages from the root down to `message_id`."""
        return await self.database.read(
            partial(read_path, conversation_id=conversation_id, leaf_id=message_id, siblings=False)
        )

    async def switch_branch(self, conversation_id: str, message_id: str) -> list[MessageRecord] | None:
        """Show the branch through `message_id`, down to its newest leaf; the new active path,
        or None when the message is not one of the conversation's."""
        switched = await self.database.write(
            partial(_switch_branch, conversation_id=conversation_id, message_id=message_id)
        )
        found = await self.active_path(conversation_id) if switched else None
        return found[1] if found else None

    async def delete_branch(self, conversation_id: str, message_id: str) -> tuple[int, int] | None:
        """Delete a message and everything below it; (visible messages removed, the active
        path's new length), or None when the message is not one of the conversation's."""
        return await self.database.write(
            partial(_delete_branch, conversation_id=conversation_id, message_id=message_id)
        )
