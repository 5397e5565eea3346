"""Where conversations live: one small interface, kept in memory (the seed's design) or in SQLite."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Protocol

from models import Conversation, ConversationResponse, Message

# Fields of a stored message that the reply in progress updates as it streams.
MESSAGE_PROGRESS_FIELDS = ("content", "reasoning", "status", "error", "stats", "model")
# Settings a conversation keeps (PATCH /api/conversations/{id}).
SETTINGS_FIELDS = ("title", "system_prompt", "model", "temperature", "max_tokens")


def now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


def is_visible(message: Message) -> bool:
    """A reply still being generated is reached through its stream, not the message list."""
    return message.status != "streaming"


class ConversationStore(Protocol):
    kind: str

    def create_conversation(self, title: str) -> Conversation: ...

    def list_conversations(self, query: str | None = None) -> list[ConversationResponse]:
        """Summaries, newest activity first; with a query, only those whose title or messages contain it."""

    def get_conversation(self, conversation_id: str) -> Conversation | None:
        """The conversation with its visible messages, or None. A snapshot to read, not to change."""

    def delete_conversation(self, conversation_id: str) -> bool: ...

    def update_conversation(self, conversation_id: str, changes: dict) -> Conversation | None:
        """Apply changes to SETTINGS_FIELDS; returns the updated conversation or None."""

    def append_message(self, conversation_id: str, message: Message) -> None: ...

    def update_message(self, conversation_id: str, message_id: str, changes: dict) -> None:
        """Apply changes to MESSAGE_PROGRESS_FIELDS of one message."""

    def truncate_messages(self, conversation_id: str, index: int) -> int:
        """Remove visible message `index` and every message after it; returns how many went."""

    def recover_interrupted(self) -> int:
        """Mark replies left 'streaming' by a crash as interrupted; returns how many."""

    def close(self) -> None: ...


class MemoryStore:
    """The seed's dict of conversations; gone when the process ends."""

    kind = "memory"

    def __init__(self) -> None:
        self._conversations: dict[str, Conversation] = {}

    def create_conversation(self, title: str) -> Conversation:
        created = now()
        conversation = Conversation(id=new_id(), title=title, created_at=created, updated_at=created, messages=[])
        self._conversations[conversation.id] = conversation
        return conversation.model_copy(update={"messages": []})

    def list_conversations(self, query: str | None = None) -> list[ConversationResponse]:
        ordered = sorted(self._conversations.values(), key=lambda c: c.updated_at, reverse=True)
        if query:
            needle = query.casefold()
            ordered = [
                c
                for c in ordered
                if needle in c.title.casefold()
                or any(needle in m.content.casefold() for m in c.messages if is_visible(m))
            ]
        return [summarize(c) for c in ordered]

    def get_conversation(self, conversation_id: str) -> Conversation | None:
        conversation = self._conversations.get(conversation_id)
        if conversation is None:
            return None
        # A shallow copy with its own message list: callers read it (and must not change the
        # messages); a deep copy of a long history on every request was the costly part.
        return conversation.model_copy(update={"messages": [m for m in conversation.messages if is_visible(m)]})

    def delete_conversation(self, conversation_id: str) -> bool:
        return self._conversations.pop(conversation_id, None) is not None

    def update_conversation(self, conversation_id: str, changes: dict) -> Conversation | None:
        conversation = self._conversations.get(conversation_id)
        if conversation is None:
            return None
        for field in SETTINGS_FIELDS:
            if field in changes:
                setattr(conversation, field, changes[field])
        return self.get_conversation(conversation_id)

    def append_message(self, conversation_id: str, message: Message) -> None:
        conversation = self._conversations[conversation_id]
        conversation.messages.append(message.model_copy())
        conversation.updated_at = now()

    def update_message(self, conversation_id: str, message_id: str, changes: dict) -> None:
        conversation = self._conversations.get(conversation_id)
        if conversation is None:
            return  # deleted while its reply was streaming
        for message in reversed(conversation.messages):
            if message.id == message_id:
                for field in MESSAGE_PROGRESS_FIELDS:
                    if field in changes:
                        setattr(message, field, changes[field])
                return

    def truncate_messages(self, conversation_id: str, index: int) -> int:
        conversation = self._conversations[conversation_id]
        visible = [i for i, m in enumerate(conversation.messages) if is_visible(m)]
        if index >= len(visible):
            return 0
        cut = visible[index]
        removed = len(visible) - index
        del conversation.messages[cut:]
        return removed

    def recover_interrupted(self) -> int:
        return 0  # nothing survives a restart in memory

    def close(self) -> None:
        self._conversations.clear()


def summarize(conversation: Conversation, is_generating: bool = False) -> ConversationResponse:
    return ConversationResponse(
        id=conversation.id,
        title=conversation.title,
        created_at=conversation.created_at,
        updated_at=conversation.updated_at,
        message_count=sum(1 for m in conversation.messages if is_visible(m)),
        system_prompt=conversation.system_prompt,
        model=conversation.model,
        temperature=conversation.temperature,
        max_tokens=conversation.max_tokens,
        is_generating=is_generating,
    )


def open_store(db_path: str | None) -> ConversationStore:
    if not db_path:
        return MemoryStore()
    from sqlite_store import SQLiteStore

    return SQLiteStore(db_path)
