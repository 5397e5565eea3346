"""Where imported conversations came from, so importing the same export twice adds nothing.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

- imported_conversations: (source, the id the conversation had there) → the conversation it
  became here; deleted with that conversation.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # As storage.schema stores them: ISO 8601 text on SQLite.
    timestamp = sa.String(40) if op.get_bind().dialect.name == "sqlite" else sa.DateTime(timezone=True)
    op.create_table(
        "imported_conversations",
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("source_id", sa.String(200), nullable=False),
        sa.Column("conversation_id", sa.String(36), nullable=False),
        sa.Column("imported_at", timestamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_imported_conversations_conversation_id_conversations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source", "source_id", name="pk_imported_conversations"),
    )
    op.create_index("ix_imported_conversations_conversation_id", "imported_conversations", ["conversation_id"])


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
