"""The first release's schema, exactly as its SQLite store created it.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Files written by that release are stamped with this revision (storage/legacy.py) rather than
created by it; a new database goes through it like every other revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("system_prompt", sa.Text),
        sa.Column("model", sa.Text),
        sa.Column("temperature", sa.Float),
        sa.Column("max_tokens", sa.Integer),
    )
    op.create_index("conversations_by_activity", "conversations", [sa.text("updated_at DESC")])
    op.create_table(
        "messages",
        sa.Column("conversation_id", sa.Text, sa.ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("timestamp", sa.Text),
        sa.Column("reasoning", sa.Text),
        sa.Column("model", sa.Text),
        sa.Column("status", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("stats", sa.Text),
        sa.PrimaryKeyConstraint("conversation_id", "position"),
    )
    op.create_index("messages_by_id", "messages", ["conversation_id", "id"])


def downgrade() -> None:
    op.drop_table("messages")
    op.drop_table("conversations")
