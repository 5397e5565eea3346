"""The tables, as the newest migration leaves them. Queries use these; migrations/ builds them.

Conversations, messages and presets have an integer `pk` beside their public uuid `id`: SQLite's full-text index refers
to rows by an integer that must survive VACUUM (an INTEGER PRIMARY KEY), and message order is
insertion order. Full-text search structures live outside this metadata (FTS5 tables and
triggers on SQLite, generated tsvector columns on PostgreSQL); migrations create them and
search.py queries them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=NAMING)

# SQLite's INTEGER PRIMARY KEY is its rowid; PostgreSQL gets a 64-bit identity.
RowKey = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Uuid = sa.String(36)


class Timestamp(TypeDecorator):
    """An aware UTC datetime. PostgreSQL keeps it as timestamptz; SQLite as ISO 8601 text with
    microseconds and offset (the format the first release wrote), which sorts as time does."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(40))
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return value.isoformat(timespec="microseconds") if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value if value.tzinfo else value.replace(tzinfo=UTC)


conversations = sa.Table(
    "conversations",
    metadata,
    sa.Column("pk", RowKey, primary_key=True, autoincrement=True),
    sa.Column("id", Uuid, nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("system_prompt", sa.Text),
    sa.Column("model", sa.Text),
    sa.Column("temperature", sa.Float),
    sa.Column("max_tokens", sa.Integer),
    # Kept with the conversation so listing never counts messages: the active path's length.
    sa.Column("message_count", sa.Integer, nullable=False, server_default="0"),
    # The leaf of the branch being shown; the message list (GET …/messages) is the path from the root to it.
    sa.Column("active_message_id", Uuid),
    sa.Column("title_set_by_user", sa.Boolean, nullable=False, server_default=sa.false()),
    # Sampling and what to do when the history outgrows the context window.
    sa.Column("top_p", sa.Float),
    sa.Column("top_k", sa.Integer),
    sa.Column("min_p", sa.Float),
    sa.Column("repeat_penalty", sa.Float),
    sa.Column("stop", sa.JSON),
    sa.Column("context_overflow", sa.String(16)),
    # Seconds LM Studio keeps a model it loaded for a reply once idle (its `ttl`); null: its own.
    sa.Column("ttl_s", sa.Integer),
    # The tool servers its replies may use (ids, a JSON list); null: every enabled one, []: none.
    sa.Column("mcp_servers", sa.JSON),
    # The folder it is in (null: none); deleting a folder empties it (no foreign key: see migration 0010).
    sa.Column("folder_id", Uuid),
    sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()),
    # The account it belongs to (null: made with accounts off; the first administrator's once they are on).
    sa.Column("owner_id", Uuid),
    sa.Index("ix_conversations_activity", "updated_at", "id"),
    sa.Index("ix_conversations_owner_id", "owner_id"),
    sa.Index("ix_conversations_folder_id", "folder_id"),
    sa.Index("ix_conversations_pinned_activity", "pinned", "updated_at", "id"),
)

# Folders people sort conversations into, in the order they put them.
folders = sa.Table(
    "folders",
    metadata,
    sa.Column("pk", RowKey, primary_key=True, autoincrement=True),
    sa.Column("id", Uuid, nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("owner_id", Uuid),
    sa.Index("ix_folders_owner_id", "owner_id"),
)

messages = sa.Table(
    "messages",
    metadata,
    sa.Column("pk", RowKey, primary_key=True, autoincrement=True),
    sa.Column("id", Uuid, nullable=False, unique=True),
    sa.Column("conversation_id", Uuid, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
    # What this message follows (null for a first message); what follows it goes with it.
    sa.Column("parent_id", Uuid, sa.ForeignKey("messages.id", ondelete="CASCADE")),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("timestamp", Timestamp),
    sa.Column("reasoning", sa.Text),
    sa.Column("model", sa.Text),
    sa.Column("status", sa.String(16)),
    sa.Column("error", sa.Text),
    sa.Column("stats", sa.JSON),
    sa.Column("finish_reason", sa.String(32)),
    sa.Column("trimmed_messages", sa.Integer),
    # How many messages are above it on its path: a conversation's message_count is its active
    # leaf's depth + 1, known without walking the path.
    sa.Column("depth", sa.Integer, nullable=False, server_default="0"),
    # A user message whose latest reply failed before writing anything: {error, code, at}.
    sa.Column("reply_error", sa.JSON),
    # A reply that called tools: its text and calls in order (null for a reply without calls).
    sa.Column("steps", sa.JSON),
    sa.Index("ix_messages_conversation", "conversation_id", "pk"),
    sa.Index("ix_messages_parent_id", "parent_id"),
)

# Named sets of settings a conversation can take.
presets = sa.Table(
    "presets",
    metadata,
    sa.Column("pk", RowKey, primary_key=True, autoincrement=True),
    sa.Column("id", Uuid, nullable=False, unique=True),
    # Unique per account, without case (storage/settings.py checks it).
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("system_prompt", sa.Text),
    sa.Column("model", sa.Text),
    sa.Column("temperature", sa.Float),
    sa.Column("max_tokens", sa.Integer),
    sa.Column("top_p", sa.Float),
    sa.Column("top_k", sa.Integer),
    sa.Column("min_p", sa.Float),
    sa.Column("repeat_penalty", sa.Float),
    sa.Column("stop", sa.JSON),
    sa.Column("context_overflow", sa.String(16)),
    # Seconds LM Studio keeps a model it loaded for a reply once idle (its `ttl`); null: its own.
    sa.Column("ttl_s", sa.Integer),
    # The tool servers its replies may use (ids, a JSON list); null: every enabled one, []: none.
    sa.Column("mcp_servers", sa.JSON),
    sa.Column("owner_id", Uuid),
    sa.Index("ix_presets_owner_id", "owner_id"),
)

# Settings by name: "defaults" holds what new conversations start with; an account's own are
# named "defaults:<its id>" (storage/settings.py).
app_settings = sa.Table(
    "app_settings",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
)

# Files attached to messages: the bytes as served and sent (an image normalised, a document
# as uploaded), and a document's text as the model reads it. One file can belong to several
# messages (an edit keeps the files of the message it replaces; a fork copies the links).
attachments = sa.Table(
    "attachments",
    metadata,
    sa.Column("pk", RowKey, primary_key=True, autoincrement=True),
    sa.Column("id", Uuid, nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("media_type", sa.String(100), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("width", sa.Integer),
    sa.Column("height", sa.Integer),
    sa.Column("text", sa.Text),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("owner_id", Uuid),
    sa.Index("ix_attachments_owner_id", "owner_id"),
)

message_attachments = sa.Table(
    "message_attachments",
    metadata,
    sa.Column("message_id", Uuid, sa.ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("attachment_id", Uuid, sa.ForeignKey("attachments.id", ondelete="CASCADE"), nullable=False),
    sa.Index("ix_message_attachments_attachment_id", "attachment_id"),
)

# MCP servers added through the API (servers from the mcp.json file are read from it at start).
# env and headers hold what the server needs to run or be reached (tokens included); the API
# never shows their values.
mcp_servers = sa.Table(
    "mcp_servers",
    metadata,
    sa.Column("pk", RowKey, primary_key=True, autoincrement=True),
    sa.Column("id", Uuid, nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("command", sa.Text),
    sa.Column("args", sa.JSON, nullable=False),
    sa.Column("env", sa.JSON, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("headers", sa.JSON, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
)

# Whether a server is switched on, for servers from the file and from the API alike (by id; a
# file server's id comes from its name). No row: on.
mcp_server_switches = sa.Table(
    "mcp_server_switches",
    metadata,
    sa.Column("server_id", Uuid, primary_key=True),
    sa.Column("enabled", sa.Boolean, nullable=False),
)

# What a tool may do without asking: "ask" (no row), "always" or "never", by server id and the
# tool's own name on that server.
mcp_tool_approvals = sa.Table(
    "mcp_tool_approvals",
    metadata,
    sa.Column("server_id", Uuid, primary_key=True),
    sa.Column("tool", sa.Text, primary_key=True),
    sa.Column("approval", sa.String(16), nullable=False),
)

# Conversations that came from another app's export (or this app's own), by where they came
# from and the id they had there: importing the same export again finds them and skips them.
# A conversation deleted here loses its row, so importing it again brings it back.
imported_conversations = sa.Table(
    "imported_conversations",
    metadata,
    sa.Column("source", sa.String(32), primary_key=True),
    sa.Column("source_id", sa.String(200), primary_key=True),
    sa.Column("conversation_id", Uuid, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
    sa.Column("imported_at", Timestamp, nullable=False),
    sa.Index("ix_imported_conversations_conversation_id", "conversation_id"),
)

# Accounts (CHAT_AUTH=on). The name is shown as typed; `username_key` (lowercased) keeps two
# accounts from differing only in case. The password is an Argon2id hash (accounts/passwords.py).
users = sa.Table(
    "users",
    metadata,
    sa.Column("pk", RowKey, primary_key=True, autoincrement=True),
    sa.Column("id", Uuid, nullable=False, unique=True),
    sa.Column("username", sa.Text, nullable=False),
    sa.Column("username_key", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", Timestamp, nullable=False),
)

# Signed-in browsers. Only a digest of the cookie's secret is kept: a copy of the database
# signs no one in. Deleting the row ends the session.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("user_id", Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("last_seen_at", Timestamp, nullable=False),
    sa.Index("ix_sessions_user_id", "user_id"),
)

# Bearer tokens for API clients (curl, scripts), kept as digests like sessions; shown once.
api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("pk", RowKey, primary_key=True, autoincrement=True),
    sa.Column("id", Uuid, nullable=False, unique=True),
    sa.Column("user_id", Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("digest", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("last_used_at", Timestamp),
    sa.Index("ix_api_tokens_user_id", "user_id"),
)
