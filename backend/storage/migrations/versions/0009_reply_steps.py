"""Replies that take steps (tool calls), and which tool servers a conversation may use.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

- messages.steps: a reply's steps in order, as JSON: {"type": "text", "text"} or {"type":
  "tool_call", "id", "name", "server", "arguments", "status", "result", "duration_ms"}; null for
  every reply stored before (and every reply without tool calls), whose text is its content.
- conversations.mcp_servers and presets.mcp_servers: the ids of the tool servers its replies may
  use, as a JSON list; null (every enabled server) for everything already stored. The defaults
  for new conversations live in app_settings' JSON and need no column.

Columns are added in place, so SQLite's search triggers stay as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTINGS_TABLES = ("conversations", "presets")


def upgrade() -> None:
    op.add_column("messages", sa.Column("steps", sa.JSON))
    for table in SETTINGS_TABLES:
        op.add_column(table, sa.Column("mcp_servers", sa.JSON))


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
