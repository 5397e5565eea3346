"""Attachments: files people attach to their messages.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

- attachments: one row per uploaded file, its bytes (a normalised image, or a document as
  uploaded) and a document's text.
- message_attachments: which files a message carries, in order; a file can be carried by
  several messages (edits and forks), and goes when no message carries it any more.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # As storage.schema stores them: ISO 8601 text and rowid keys on SQLite.
    timestamp = sa.String(40) if sqlite else sa.DateTime(timezone=True)
    row_key = sa.Integer() if sqlite else sa.BigInteger()
    op.create_table(
        "attachments",
        sa.Column("pk", row_key, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("width", sa.Integer),
        sa.Column("height", sa.Integer),
        sa.Column("text", sa.Text),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", timestamp, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_attachments"),
        sa.UniqueConstraint("id", name="uq_attachments_id"),
    )
    op.create_table(
        "message_attachments",
        sa.Column("message_id", sa.String(36), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("attachment_id", sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint("message_id", "position", name="pk_message_attachments"),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name="fk_message_attachments_message_id_messages",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachments.id"],
            name="fk_message_attachments_attachment_id_attachments",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_message_attachments_attachment_id", "message_attachments", ["attachment_id"])


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
