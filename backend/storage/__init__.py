"""Where conversations live: SQLAlchemy (asyncio) on in-memory SQLite, a SQLite file or PostgreSQL,
with Alembic migrations (migrations/) run at start-up."""

from storage.errors import StorageError
from storage.store import ConversationStore, InvalidCursor, is_visible, new_id, now

__all__ = ["ConversationStore", "InvalidCursor", "StorageError", "is_visible", "new_id", "now"]
