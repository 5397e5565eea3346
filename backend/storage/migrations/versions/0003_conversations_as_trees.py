"""Conversations as trees: every message has a parent, every conversation an active leaf.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

- messages.parent_id: the message this one answers or follows (null for a first message). A
  regenerated reply is a sibling of the earlier one; an edited message a sibling of the original.
  Deleting a message deletes what follows it (ON DELETE CASCADE).
- conversations.active_message_id: the leaf of the branch being shown. Earlier conversations
  were one chain: each message's parent is the one before it, the last one is the active leaf.
- conversations.title_set_by_user: a title the user chose is never replaced automatically.
- message_count now counts the active path, which for a chain is what it counted before.

The columns are added in place (no table rebuild), so SQLite's search triggers stay as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE messages ADD COLUMN parent_id VARCHAR(36) "
        "CONSTRAINT fk_messages_parent_id_messages REFERENCES messages (id) ON DELETE CASCADE"
    )
    op.add_column("conversations", sa.Column("active_message_id", sa.String(36)))
    op.add_column(
        "conversations", sa.Column("title_set_by_user", sa.Boolean, nullable=False, server_default=sa.false())
    )
    # The chain: each message follows the one stored before it in its conversation.
    op.execute(
        """UPDATE messages SET parent_id = (
               SELECT previous.id FROM messages AS previous
               WHERE previous.conversation_id = messages.conversation_id AND previous.pk < messages.pk
               ORDER BY previous.pk DESC LIMIT 1)"""
    )
    # The last message is the active leaf, and every message of the chain is on the active path
    # (a reply a crash left "streaming" too: start-up marks it interrupted and shows it).
    op.execute(
        """UPDATE conversations SET
               active_message_id = (
                   SELECT m.id FROM messages AS m WHERE m.conversation_id = conversations.id
                   ORDER BY m.pk DESC LIMIT 1),
               message_count = (SELECT count(*) FROM messages AS m WHERE m.conversation_id = conversations.id)"""
    )
    op.create_index("ix_messages_parent_id", "messages", ["parent_id"])


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
