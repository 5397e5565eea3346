"""What every importer gives storage: a conversation read from another app's export (or our own),
as plain data, before anything is written.

Each source (chatgpt.py, open_webui.py, librechat.py, client_chat.py) turns its own shape into
these; storage/imports.py writes one ImportedConversation in one transaction, so a conversation
imports whole or not at all. Messages are listed parents first; `key` and `parent_key` are the
source's own ids, which storage replaces with ours (except for this app's archive, `keep_ids`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# The sources we read, as named in POST /api/import's answer (`conversations[].source`).
CHATGPT, OPEN_WEBUI, LIBRECHAT, CLIENT_CHAT = "chatgpt", "open-webui", "librechat", "client-chat"


@dataclass
class ImportedFile:
    """A file a message carries. From another app: the bytes as found (an image from a ChatGPT
    zip), processed like an upload. From this app's archive: `stored` holds the attachment's row
    as exported (id, kind, media_type, size, width, height, text, created_at), kept as is."""

    name: str
    data: bytes
    stored: dict | None = None


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
    # Other message columns kept as they are (this app's archive): status, error, stats,
    # finish_reason, trimmed_messages, reply_error, steps.
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
    # This app's archive: keep the conversation's and messages' ids (when free), and these
    # conversation columns as they are (folder_id, pinned).
    keep_ids: bool = False
    extra: dict = field(default_factory=dict)


@dataclass
class ImportWarning:
    """Something left out and why, as a sentence for the person importing."""

    sentence: str
