"""Folders and pins: conversations sorted by the person, beside the automatic date groups.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

- folders: named, in the order the person put them (`position`, 0 first).
- conversations.folder_id: the folder it is in (null: none). No foreign key: SQLite cannot add
  one to an existing table without rebuilding it (and its search triggers); deleting a folder
  takes its conversations out of it in the same transaction instead (storage/folders.py).
- conversations.pinned: listed first; false for everything already stored.
- An index for the list's order: pinned first, then newest activity.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # As storage.schema stores them: ISO 8601 text and rowid keys on SQLite.
    timestamp = sa.String(40) if sqlite else sa.DateTime(timezone=True)
    row_key = sa.Integer() if sqlite else sa.BigInteger()
    op.create_table(
        "folders",
        sa.Column("pk", row_key, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("created_at", timestamp, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_folders"),
        sa.UniqueConstraint("id", name="uq_folders_id"),
    )
    op.add_column("conversations", sa.Column("folder_id", sa.String(36)))
    op.add_column("conversations", sa.Column("pinned", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index("ix_conversations_folder_id", "conversations", ["folder_id"])
    op.create_index("ix_conversations_pinned_activity", "conversations", ["pinned", "updated_at", "id"])


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
