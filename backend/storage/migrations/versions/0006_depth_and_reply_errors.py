"""Each message's depth in its tree, and the error of a reply that failed before writing anything.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

- messages.depth: how many messages are above it on its path (0 for a first message). A
  conversation's message_count is its active leaf's depth + 1, so starting a reply no longer
  walks the whole path to count it. Existing rows get theirs from one recursive walk of every
  tree, and message_count is set again from it (the same numbers, by construction).
- messages.reply_error: on a user message whose latest reply failed before its first word,
  {error, code, at}, so the failure and its Retry survive a reload; cleared by the next reply
  that is stored under it.

Columns are added in place, so SQLite's search triggers stay as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every message with its depth, walking down from each first message.
DEPTHS = """
WITH RECURSIVE walk(id, depth) AS (
    SELECT id, 0 FROM messages WHERE parent_id IS NULL
    UNION ALL
    SELECT child.id, walk.depth + 1 FROM messages AS child JOIN walk ON child.parent_id = walk.id
)
SELECT id, depth FROM walk
"""


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("messages", sa.Column("depth", sa.Integer, nullable=False, server_default="0"))
    op.add_column("messages", sa.Column("reply_error", sa.JSON))
    if sqlite:
        # A table of the walk first: a recursive CTE in a correlated subquery would be walked
        # again for every row.
        op.execute(f"CREATE TEMP TABLE message_depths AS {DEPTHS}")
        op.execute("CREATE UNIQUE INDEX temp.ix_message_depths ON message_depths (id)")
        op.execute(
            """UPDATE messages SET depth = (SELECT d.depth FROM message_depths AS d WHERE d.id = messages.id)
               WHERE id IN (SELECT id FROM message_depths WHERE depth > 0)"""
        )
        op.execute("DROP TABLE temp.message_depths")
    else:
        op.execute(
            f"""UPDATE messages SET depth = walk.depth FROM ({DEPTHS}) AS walk
                WHERE walk.id = messages.id AND walk.depth > 0"""
        )
    op.execute(
        """UPDATE conversations SET message_count = COALESCE(
               (SELECT m.depth + 1 FROM messages AS m WHERE m.id = conversations.active_message_id), 0)"""
    )


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
