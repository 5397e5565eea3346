"""Accounts: users, their sessions and API tokens, and who owns each stored thing.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

- users, sessions, api_tokens: accounts for CHAT_AUTH=on (storage/accounts.py).
- owner_id on conversations, folders, presets and attachments: the account a row belongs to.
  Null for everything already stored: with accounts on it goes to the first administrator
  (storage/accounts.py, claim_unowned). No foreign key, as for folder_id (migration 0010):
  SQLite cannot add one without rebuilding the table and its search triggers; removing an
  account deletes its rows in the same transaction instead.
- presets lose their install-wide unique name: names are unique per account now (checked
  without case in storage/settings.py), so one person's preset cannot reveal another's.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNED_TABLES = ("conversations", "folders", "presets", "attachments")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # As storage.schema stores them: ISO 8601 text and rowid keys on SQLite.
    timestamp = sa.String(40) if sqlite else sa.DateTime(timezone=True)
    row_key = sa.Integer() if sqlite else sa.BigInteger()
    op.create_table(
        "users",
        sa.Column("pk", row_key, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("username_key", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("is_admin", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", timestamp, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_users"),
        sa.UniqueConstraint("id", name="uq_users_id"),
        sa.UniqueConstraint("username_key", name="uq_users_username_key"),
    )
    op.create_table(
        "sessions",
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("created_at", timestamp, nullable=False),
        sa.Column("last_seen_at", timestamp, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sessions_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("digest", name="pk_sessions"),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("pk", row_key, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", timestamp, nullable=False),
        sa.Column("last_used_at", timestamp),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_api_tokens_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk", name="pk_api_tokens"),
        sa.UniqueConstraint("id", name="uq_api_tokens_id"),
        sa.UniqueConstraint("digest", name="uq_api_tokens_digest"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    for table in OWNED_TABLES:
        op.add_column(table, sa.Column("owner_id", sa.String(36)))
        op.create_index(f"ix_{table}_owner_id", table, ["owner_id"])
    # SQLite drops a constraint by rebuilding the table (presets has no triggers to lose).
    with op.batch_alter_table("presets") as presets:
        presets.drop_constraint("uq_presets_name", type_="unique")


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
