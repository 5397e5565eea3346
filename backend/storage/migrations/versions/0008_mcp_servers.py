"""MCP servers: those added through the API, which servers are switched on, tool approvals.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04

- mcp_servers: a server added through the API, with how to run it (command, args, env) or reach
  it (url, headers). Servers from the mcp.json file (CHAT_MCP_CONFIG) are read from the file at
  each start and have no row here.
- mcp_server_switches: whether a server is on, by server id, for both kinds (no row: on). A file
  server's id is derived from its name, so its switch survives restarts.
- mcp_tool_approvals: "always" or "never" for one tool of one server (no row: "ask").

New tables only; nothing stored before changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # As storage.schema stores them: ISO 8601 text and rowid keys on SQLite.
    timestamp = sa.String(40) if sqlite else sa.DateTime(timezone=True)
    row_key = sa.Integer() if sqlite else sa.BigInteger()
    op.create_table(
        "mcp_servers",
        sa.Column("pk", row_key, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("command", sa.Text),
        sa.Column("args", sa.JSON, nullable=False),
        sa.Column("env", sa.JSON, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("headers", sa.JSON, nullable=False),
        sa.Column("created_at", timestamp, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_mcp_servers"),
        sa.UniqueConstraint("id", name="uq_mcp_servers_id"),
        sa.UniqueConstraint("name", name="uq_mcp_servers_name"),
    )
    op.create_table(
        "mcp_server_switches",
        sa.Column("server_id", sa.String(36), nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("server_id", name="pk_mcp_server_switches"),
    )
    op.create_table(
        "mcp_tool_approvals",
        sa.Column("server_id", sa.String(36), nullable=False),
        sa.Column("tool", sa.Text, nullable=False),
        sa.Column("approval", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("server_id", "tool", name="pk_mcp_tool_approvals"),
    )


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
