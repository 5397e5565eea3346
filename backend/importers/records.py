"""What every importer gives storage: a conversation read from another app's export (or our own),
as plain data, before anything is written.

Each other app's reader (chatgpt.py, open_webui.py, librechat.py) turns its own shape into
these; storage/imports.py writes one ImportedConversation in one transaction, so a conversation
imports whole or not at all. Messages are listed parents first; `key` and `parent_key` are the
source's own ids, which storage replaces with ours. (This app's own exports keep their ids and
are restored row by row instead: client_chat.py, storage/backup.py.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# The sources we read, as named in POST /api/import's answer (`conversations[].source`).
CHATGPT, OPEN_WEBUI, LIBRECHAT, CLIENT_CHAT = "chatgpt", "open-webui", "librechat", "client-chat"


@dataclass
class ImportedFile:
    """A file a message carries, its bytes as found (an image from a ChatGPT zip), processed
    like an upload."""

    name: str
    data: bytes


@dataclass
class ImportedMessage:
    key: str  # the source's id for it, unique within its conversation
    parent_key: str | None  # None: a first message
    role: str  # "user" | "assistant" | "system"
    content: str
    timestamp: datetime | None = None
    model: str | None = None
    reasoning: str | None = None
    files: list[ImportedFile] = field(default_factory=list)
    # Other message columns, where the source says them (e.g. a reply it stopped: status).
    extra: dict = field(default_factory=dict)


@dataclass
class ImportedConversation:
    source: str  # CHATGPT, OPEN_WEBUI, LIBRECHAT or CLIENT_CHAT
    source_id: str  # the source's id for the conversation: importing it again is a skip
    title: str
    messages: list[ImportedMessage]  # every parent before its children
    active_key: str | None  # the leaf shown; None: the newest leaf
    created_at: datetime | None = None
    updated_at: datetime | None = None
    settings: dict = field(default_factory=dict)  # SETTINGS_FIELDS values (model, system_prompt, …)
    title_set_by_user: bool = True  # an imported title is the user's (a first message never replaces it)
