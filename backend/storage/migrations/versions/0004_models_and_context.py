"""Models and context: sampling settings, what a reply does when the history outgrows the context
window, why a reply stopped, and global defaults and named presets.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

- conversations: top_p, top_k, min_p, repeat_penalty, stop (a JSON list of strings) and
  context_overflow ("error" or "truncate_middle"); all null (LM Studio's own defaults, and
  "error") for the conversations already stored.
- messages: finish_reason (LM Studio's: "stop", or "length" when cut at max tokens; null for
  replies stored before) and trimmed_messages (how many earlier messages a reply's history left
  out to fit the context window).
- presets: named settings; app_settings: settings by name ("defaults" for new conversations).

Columns are added in place, so SQLite's search triggers stay as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def sampling_columns() -> list[sa.Column]:
    return [
        sa.Column("top_p", sa.Float),
        sa.Column("top_k", sa.Integer),
        sa.Column("min_p", sa.Float),
        sa.Column("repeat_penalty", sa.Float),
        sa.Column("stop", sa.JSON),
        sa.Column("context_overflow", sa.String(16)),
    ]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # As storage.schema stores them: ISO 8601 text and rowid keys on SQLite.
    timestamp = sa.String(40) if sqlite else sa.DateTime(timezone=True)
    row_key = sa.Integer() if sqlite else sa.BigInteger()
    for column in sampling_columns():
        op.add_column("conversations", column)
    op.add_column("messages", sa.Column("finish_reason", sa.String(32)))
    op.add_column("messages", sa.Column("trimmed_messages", sa.Integer))
    op.create_table(
        "presets",
        sa.Column("pk", row_key, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_at", timestamp, nullable=False),
        sa.Column("updated_at", timestamp, nullable=False),
        sa.Column("system_prompt", sa.Text),
        sa.Column("model", sa.Text),
        sa.Column("temperature", sa.Float),
        sa.Column("max_tokens", sa.Integer),
        *sampling_columns(),
        sa.PrimaryKeyConstraint("pk", name="pk_presets"),
        sa.UniqueConstraint("id", name="uq_presets_id"),
        sa.UniqueConstraint("name", name="uq_presets_name"),
    )
    op.create_table(
        "app_settings",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_app_settings"),
    )


def downgrade() -> None:
    raise NotImplementedError("client-chat does not migrate a database back to an earlier release's schema.")
