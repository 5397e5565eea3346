"""How long LM Studio keeps a model it loaded on demand once it sits idle.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

- conversations.ttl_s and presets.ttl_s: seconds (at least 60), sent as LM Studio's `ttl` with
  each chat request, so a model loaded just in time for a reply is unloaded after that idle
  time; null (LM Studio's own default, an hour) for everything already stored. The defaults for
  new conversations live in app_settings' JSON and need no column.

Columns are added in place, so SQLite's search triggers stay as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("conversations", "presets")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("ttl_s", sa.Integer))


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
