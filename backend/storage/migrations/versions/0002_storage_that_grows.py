"""Storage that grows: integer row keys, message counts kept with conversations, full-text search.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

- Both tables gain an integer `pk` (SQLite's rowid: stable across VACUUM, which its full-text
  index relies on); the public uuid `id` stays unique. Messages keep their order as pk order;
  `position` goes.
- `conversations.message_count` counts visible messages, so listing never counts.
- Timestamps: timestamptz on PostgreSQL; on SQLite the first release's ISO text, padded to
  microseconds everywhere so that text order is time order.
- Full-text search: SQLite FTS5 tables kept by triggers (unicode61 folds case in every script
  and drops diacritics); PostgreSQL generated tsvector columns with GIN indexes. A reply still
  being written is not indexed.
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_SEARCH = (
    """CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content='messages', content_rowid='pk', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE conversations_fts USING fts5(
        title, content='conversations', content_rowid='pk', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.status IS NOT 'streaming' BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.pk, new.content);
    END""",
    """CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.status IS NOT 'streaming' BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.pk, old.content);
    END""",
    """CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, status ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content)
            SELECT 'delete', old.pk, old.content WHERE old.status IS NOT 'streaming';
        INSERT INTO messages_fts (rowid, content) SELECT new.pk, new.content WHERE new.status IS NOT 'streaming';
    END""",
    """CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
        INSERT INTO conversations_fts (rowid, title) VALUES (new.pk, new.title);
    END""",
    """CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
        INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', old.pk, old.title);
    END""",
    """CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN
        INSERT INTO conversations_fts (conversations_fts, rowid, title) VALUES ('delete', old.pk, old.title);
        INSERT INTO conversations_fts (rowid, title) VALUES (new.pk, new.title);
    END""",
    "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')",
    "INSERT INTO conversations_fts (conversations_fts) VALUES ('rebuild')",
)
# 'rebuild' indexed every message, the reply in progress too; take those out again.
SQLITE_UNINDEX_STREAMING = """
INSERT INTO messages_fts (messages_fts, rowid, content)
    SELECT 'delete', pk, content FROM messages WHERE status = 'streaming'
"""

# 'simple' lowercases by the database's locale; ς (final sigma) is folded to σ by hand, as
# lowercasing leaves it apart from the σ an upper-case Σ becomes.
POSTGRES_SEARCH = (
    """ALTER TABLE messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        CASE WHEN status = 'streaming' THEN NULL ELSE to_tsvector('simple', translate(content, 'ς', 'σ')) END
    ) STORED""",
    "CREATE INDEX ix_messages_search ON messages USING gin (search_vector)",
    """ALTER TABLE conversations ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', translate(title, 'ς', 'σ'))
    ) STORED""",
    "CREATE INDEX ix_conversations_search ON conversations USING gin (title_vector)",
)


def padded_timestamp(column: str) -> str:
    """SQLite: an ISO time written without microseconds gets them, so that text order is time order."""
    padded = f"substr({column}, 1, 19) || '.000000' || substr({column}, 20)"
    return f"CASE WHEN length({column}) = 25 THEN {padded} ELSE {column} END"


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    timestamp = sa.String(40) if sqlite else sa.DateTime(timezone=True)
    row_key = sa.Integer() if sqlite else sa.BigInteger()
    if not sqlite:
        # PostgreSQL names primary keys' indexes schema-wide: move the old names aside.
        inspector = sa.inspect(bind)
        for table in ("conversations", "messages"):
            name = inspector.get_pk_constraint(table)["name"]
            op.execute(f'ALTER TABLE {table} RENAME CONSTRAINT "{name}" TO "{table}_first_release_pkey"')
    op.create_table(
        "conversations_v2",
        sa.Column("pk", row_key, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("created_at", timestamp, nullable=False),
        sa.Column("updated_at", timestamp, nullable=False),
        sa.Column("system_prompt", sa.Text),
        sa.Column("model", sa.Text),
        sa.Column("temperature", sa.Float),
        sa.Column("max_tokens", sa.Integer),
        sa.Column("message_count", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("pk", name="pk_conversations"),
        sa.UniqueConstraint("id", name="uq_conversations_id"),
    )
    op.create_table(
        "messages_v2",
        sa.Column("pk", row_key, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("conversation_id", sa.String(36), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("timestamp", timestamp),
        sa.Column("reasoning", sa.Text),
        sa.Column("model", sa.Text),
        sa.Column("status", sa.String(16)),
        sa.Column("error", sa.Text),
        sa.Column("stats", sa.JSON),
        sa.PrimaryKeyConstraint("pk", name="pk_messages"),
        sa.UniqueConstraint("id", name="uq_messages_id"),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations_v2.id"],
            name="fk_messages_conversation_id_conversations",
            ondelete="CASCADE",
        ),
    )
    give_duplicate_message_ids_their_own(bind)
    if sqlite:
        created, updated, sent = (padded_timestamp(c) for c in ("created_at", "updated_at", "timestamp"))
    else:
        created, updated, sent = (f"CAST({c} AS timestamptz)" for c in ("created_at", "updated_at", "timestamp"))
    stats = "stats" if sqlite else "CAST(stats AS json)"
    op.execute(
        f"""INSERT INTO conversations_v2
                (id, title, created_at, updated_at, system_prompt, model, temperature, max_tokens, message_count)
            SELECT id, title, {created}, {updated}, system_prompt, model, temperature, max_tokens,
                   (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id
                        AND (m.status IS NULL OR m.status <> 'streaming'))
            FROM conversations c ORDER BY c.updated_at, c.id"""
    )
    op.execute(
        f"""INSERT INTO messages_v2
                (id, conversation_id, role, content, timestamp, reasoning, model, status, error, stats)
            SELECT id, conversation_id, role, content, {sent}, reasoning, model, status, error, {stats}
            FROM messages ORDER BY conversation_id, position"""
    )
    op.drop_table("messages")
    op.drop_table("conversations")
    op.rename_table("conversations_v2", "conversations")
    op.rename_table("messages_v2", "messages")
    op.create_index("ix_conversations_activity", "conversations", ["updated_at", "id"])
    op.create_index("ix_messages_conversation", "messages", ["conversation_id", "pk"])
    for statement in SQLITE_SEARCH + (SQLITE_UNINDEX_STREAMING,) if sqlite else POSTGRES_SEARCH:
        op.execute(statement)


def give_duplicate_message_ids_their_own(bind) -> None:
    """Message ids were never declared unique; should two rows share one, the later gets a new id
    rather than being lost to the new unique constraint."""
    duplicates = bind.execute(sa.text("SELECT id FROM messages GROUP BY id HAVING count(*) > 1")).scalars().all()
    for duplicate in duplicates:
        rows = bind.execute(
            sa.text("SELECT conversation_id, position FROM messages WHERE id = :id ORDER BY conversation_id, position"),
            {"id": duplicate},
        ).all()
        for conversation_id, position in rows[1:]:
            bind.execute(
                sa.text("UPDATE messages SET id = :new WHERE conversation_id = :c AND position = :p"),
                {"new": str(uuid.uuid4()), "c": conversation_id, "p": position},
            )


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
