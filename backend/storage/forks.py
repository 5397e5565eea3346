"""Copying a path of one conversation into a new one: a branch taken elsewhere (fork), or the
newest messages of a conversation that outgrew its context window (continuation)."""

from __future__ import annotations

from storage import attachments as attached
from storage import tree
from storage.conversations import conversation_row
from storage.database import Database
from storage.ids import new_id, now
from storage.records import ConversationRecord
from storage.rows import conversation_record, settings_of
from storage.schema import conversations, messages

# What a copy keeps of each message (ids, parents and depths are its own).
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
    "reply_error",
)


class ForkStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def copy_path(
        self, conversation_id: str, message_id: str, *, title: str, keep_last: int | None = None
    ) -> ConversationRecord | None:
        """A new conversation titled `title`, with the settings of this one and a copy of the
        path from the root to `message_id` (only its last `keep_last` messages, when given); None
        when the message is not a visible one of this conversation."""
        async with self.database.writer.begin() as connection:
            source = await conversation_row(connection, conversation_id)
            path = await tree.path_to(connection, conversation_id, message_id)
            if source is None or not path or path[-1].status == "streaming":
                return None
            if keep_last is not None:
                path = path[-keep_last:] if keep_last > 0 else []
            created = now()
            copy_id = new_id()
            await connection.execute(
                conversations.insert(),
                {
                    "id": copy_id,
                    "title": title,
                    "title_set_by_user": True,  # it says what it is; its first message does not rename it
                    "created_at": created,
                    "updated_at": created,
                    "message_count": len(path),
                    **settings_of(source),
                },
            )
            copies: dict[str, str] = {}
            parent_id = None
            rows = []
            for depth, row in enumerate(path):
                copied = new_id()
                values = {column: getattr(row, column) for column in COPIED_MESSAGE_COLUMNS}
                rows.append(
                    {"id": copied, "conversation_id": copy_id, "parent_id": parent_id, "depth": depth, **values}
                )
                copies[row.id] = parent_id = copied
            if rows:
                await connection.execute(messages.insert(), rows)
            await attached.copy_links(connection, copies)  # the copies carry the same files
            await tree.set_active_leaf(connection, copy_id, parent_id, len(path))
            return conversation_record(await conversation_row(connection, copy_id))
