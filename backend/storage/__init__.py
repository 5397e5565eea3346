"""Where conversations live: SQLAlchemy (asyncio) on in-memory SQLite, a SQLite file or PostgreSQL,
with Alembic migrations (migrations/) run at start-up. Reads give back records (records.py)."""

from storage.cursor import InvalidCursor
from storage.errors import StorageError
from storage.ids import new_id, now
from storage.records import (
    SETTINGS_FIELDS,
    AttachmentRecord,
    ConversationRecord,
    McpPreferences,
    McpServerRecord,
    MessageRecord,
    PresetRecord,
    StoredFile,
)
from storage.replies import ACTIVE_LEAF, NotAQuestion, ReplyOutcome, ReplyStart, UnknownConversation, UnknownMessage
from storage.store import Store

__all__ = [
    "ACTIVE_LEAF",
    "SETTINGS_FIELDS",
    "AttachmentRecord",
    "ConversationRecord",
    "InvalidCursor",
    "McpPreferences",
    "McpServerRecord",
    "MessageRecord",
    "NotAQuestion",
    "PresetRecord",
    "ReplyOutcome",
    "ReplyStart",
    "StorageError",
    "Store",
    "StoredFile",
    "UnknownConversation",
    "UnknownMessage",
    "new_id",
    "now",
]
