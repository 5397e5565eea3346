"""LibreChat's conversation export (a conversation's menu → Export → JSON), as we read it.

    {"conversationId", "title", "endpoint", "options": {...}, "recursive": bool,
     "messages": [{"messageId", "parentMessageId", "sender", "isCreatedByUser", "text",
                   "content": [{"type": "text", "text": str | {"value"}} | {"type": "think", "think"} …],
                   "model", "createdAt": ISO 8601, "children": [...] (when recursive)}]}

Flat, every message names its parent (a first message names
"00000000-0000-0000-0000-000000000000"); with "recursive" each message holds its replies in
`children`. The export does not say which branch was shown, so the newest leaf is. Newer
LibreChat versions keep a message's words in `content` parts (thinking in "think" parts) and
may leave `text` empty.
"""

from __future__ import annotations

from collections.abc import Callable

from importers.records import LIBRECHAT, ImportedConversation, ImportedMessage
from importers.tree_order import moment, parents_first, text_or_none

NO_PARENT = "00000000-0000-0000-0000-000000000000"


def is_librechat(item: dict) -> bool:
    listed = item.get("messages")
    return isinstance(listed, list) and (
        "conversationId" in item or any(isinstance(m, dict) and "messageId" in m for m in listed[:5])
    )


def _flattened(listed: list, parent: str | None, out: list) -> None:
    """Every message of a (possibly nested) list with the parent it sits under, iteratively."""
    stack = [(message, parent) for message in reversed(listed)]
    while stack:
        message, above = stack.pop()
        if not isinstance(message, dict):
            continue
        out.append((message, above))
        children = message.get("children")
        if isinstance(children, list):
            own = text_or_none(message.get("messageId"))
            stack.extend((child, own) for child in reversed(children))


def _part_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("value"), str):
        return value["value"]
    return ""


def _words_and_thinking(message: dict) -> tuple[str, str | None]:
    text = message.get("text") if isinstance(message.get("text"), str) else ""
    thinking = []
    parts = message.get("content")
    if isinstance(parts, list):
        words = []
        for part in parts:
            if not isinstance(part, dict):
                continue
            if part.get("type") == "text":
                words.append(_part_text(part.get("text")))
            elif part.get("type") == "think":
                thinking.append(_part_text(part.get("think")))
        if not text.strip():
            text = "\n".join(word for word in words if word)
    return text, "\n\n".join(t for t in thinking if t) or None


def read_librechat(item: dict, warn: Callable[[str], None]) -> ImportedConversation:
    title = item.get("title") if isinstance(item.get("title"), str) and item["title"].strip() else "Untitled"
    flat: list = []
    _flattened(item["messages"], None, flat)
    by_key, parent_of = {}, {}
    for message, above in flat:
        key = text_or_none(message.get("messageId"))
        if key is None or key in by_key:
            continue
        named = text_or_none(message.get("parentMessageId"))
        by_key[key] = message
        parent_of[key] = above or (None if named == NO_PARENT else named)
    messages, kept_as = [], {}  # kept_as: message -> the nearest kept one at or above it
    for key, parent in parents_first(by_key, parent_of):
        message = by_key[key]
        text, thinking = _words_and_thinking(message)
        user = message.get("isCreatedByUser") is True
        kept_as[key] = kept_as.get(parent) if parent is not None else None
        if not text.strip() and not thinking:
            continue  # an empty message (a reply that never began): what follows it follows its parent
        messages.append(
            ImportedMessage(
                key=key,
                parent_key=kept_as[key],
                role="user" if user else "assistant",
                content=text,
                timestamp=moment(message.get("createdAt")),
                model=None if user else text_or_none(message.get("model")),
                reasoning=None if user else thinking,
            )
        )
        kept_as[key] = key
    if not messages:
        raise ValueError(f"“{title}” was left out: it has no message we can show.")
    source_id = text_or_none(item.get("conversationId")) or f"{title}@{messages[0].timestamp}"
    created = [m.timestamp for m in messages if m.timestamp]
    return ImportedConversation(
        source=LIBRECHAT,
        source_id=source_id[:200],
        title=title,
        messages=messages,
        active_key=None,
        created_at=min(created) if created else None,
        updated_at=max(created) if created else None,
    )
