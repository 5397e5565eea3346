"""Copying a path of one conversation into a new one: a branch taken elsewhere (fork), or the
newest messages of a conversation that outgrew its context window (continuation)."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa

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
    "steps",
)


# What a reply measured of the prompt it was written from: in a copy that starts a new context
# (only the newest messages), those counts describe a prompt the copy never sends. The tokens per
# character they give still hold for the copy's text, and are kept as such.
PROMPT_FIGURES = ("prompt_tokens", "prompt_chars")


def _fresh_context_stats(stats: dict) -> dict:
    prompt, chars = stats.get("prompt_tokens"), stats.get("prompt_chars")
    ratio = prompt / chars if prompt and chars else stats.get("tokens_per_char")
    return {**stats, **dict.fromkeys(PROMPT_FIGURES), "tokens_per_char": ratio}


def _copy_path(
    connection: sa.Connection,
    conversation_id: str,
    message_id: str,
    title: str,
    keep_last: int | None,
    fresh_context: bool,
) -> ConversationRecord | None:
    source = conversation_row(connection, conversation_id)
    path = tree.path_to(connection, conversation_id, message_id)
    if source is None or not path or path[-1].status == "streaming":
        return None
    if keep_last is not None:
        path = path[-keep_last:] if keep_last > 0 else []
    created = now()
    copy_id = new_id()
    connection.execute(
        conversations.insert(),
        {
            "id": copy_id,
            "title": title,
            "title_set_by_user": True,  # it says what it is; its first message does not rename it
            "created_at": created,
            "updated_at": created,
            "message_count": len(path),
            "owner_id": source.owner_id,  # a copy belongs to whoever has the original
            **settings_of(source),
        },
    )
    copies: dict[str, str] = {}
    parent_id = None
    rows = []
    for depth, row in enumerate(path):
        copied = new_id()
        values = {column: getattr(row, column) for column in COPIED_MESSAGE_COLUMNS}
        if fresh_context:
            values["reply_error"] = None  # the copy answers afresh
            if values["stats"]:
                values["stats"] = _fresh_context_stats(values["stats"])
        rows.append({"id": copied, "conversation_id": copy_id, "parent_id": parent_id, "depth": depth, **values})
        copies[row.id] = parent_id = copied
    if rows:
        connection.execute(messages.insert(), rows)
    attached.copy_links(connection, copies)  # the copies carry the same files
    tree.set_active_leaf(connection, copy_id, parent_id, len(path))
    return conversation_record(conversation_row(connection, copy_id))


class ForkStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def copy_path(
        self,
        conversation_id: str,
        message_id: str,
        *,
        title: str,
        keep_last: int | None = None,
        fresh_context: bool = False,
    ) -> ConversationRecord | None:
        """A new conversation titled `title`, with the settings of this one and a copy of the
        path from the root to `message_id` (only its last `keep_last` messages, when given); None
        when the message is not a visible one of this conversation. `fresh_context`: the copy
        starts a new context (what replies measured of their prompt, and failures, stay behind)."""
        return await self.database.write(
            partial(
                _copy_path,
                conversation_id=conversation_id,
                message_id=message_id,
                title=title,
                keep_last=keep_last,
                fresh_context=fresh_context,
            )
        )
