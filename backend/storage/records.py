"""What storage gives back: plain, frozen records of stored rows.

They belong to storage, not to the HTTP API: routes turn them into the API's shapes (models.py,
whose fields carry the same names), and the reply engine reads them directly. A record never
changes; a changed row is a new record.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredSettings:
    """The settings a conversation, the defaults for new conversations and a preset each keep
    (None: LM Studio's own, or the model's)."""

    system_prompt: str | None = None
    model: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    top_p: float | None = None
    top_k: int | None = None
    min_p: float | None = None
    repeat_penalty: float | None = None
    stop: list[str] | None = None
    context_overflow: str | None = None
    ttl_s: int | None = None
    mcp_servers: list[str] | None = None  # tool servers' ids; None: every enabled one, []: none

    def settings(self) -> dict:
        return {name: getattr(self, name) for name in SETTINGS_FIELDS}


SETTINGS_FIELDS = tuple(field.name for field in fields(StoredSettings))


@dataclass(frozen=True, slots=True)
class AttachmentRecord:
    """A stored file's description (its bytes are read only when a reply sends them)."""

    id: str
    name: str
    kind: str  # "image" | "document"
    media_type: str
    size: int
    width: int | None = None
    height: int | None = None
    chars: int | None = None  # a document's text, in characters


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file with its bytes and, for a document, its text: what a reply's history sends."""

    info: AttachmentRecord
    data: bytes
    text: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConversationRecord(StoredSettings):
    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    message_count: int  # the active path's length
    active_message_id: str | None
    title_set_by_user: bool
    cursor: str  # where a page of the list that ends with this conversation goes on
    folder_id: str | None = None  # the folder it is in
    pinned: bool = False  # listed first
    # Search results only: the newest matching message and a piece of it.
    snippet: str | None = None
    match_message_id: str | None = None


@dataclass(frozen=True, slots=True)
class MessageRecord:
    id: str
    conversation_id: str
    parent_id: str | None
    role: str
    content: str
    timestamp: datetime | None
    depth: int  # messages above it on its path (0 for a first message)
    reasoning: str | None = None
    model: str | None = None
    status: str | None = None  # complete, stopped, interrupted; streaming while its reply is written
    error: str | None = None
    stats: dict | None = None
    finish_reason: str | None = None
    trimmed_messages: int | None = None
    # On a user message whose last reply failed before writing anything: {error, code, at}.
    reply_error: dict | None = None
    # A reply that called tools: [{"type": "text", "text"} | {"type": "tool_call", …}] in order.
    steps: list[dict] | None = None
    sibling_ids: tuple[str, ...] | None = None
    attachments: tuple[AttachmentRecord, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PresetRecord(StoredSettings):
    id: str
    name: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class McpServerRecord:
    """An MCP server added through the API: a command to run (stdio) or a URL (Streamable HTTP)."""

    id: str
    name: str
    command: str | None
    args: tuple[str, ...]
    env: dict[str, str]  # values are secrets: the API shows only the names
    url: str | None
    headers: dict[str, str]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class McpPreferences:
    """What people chose about MCP servers: which are switched off, and tools' approvals."""

    enabled: dict[str, bool]  # server id -> on/off (absent: on)
    approvals: dict[tuple[str, str], str]  # (server id, tool) -> "always" | "never" (absent: "ask")
