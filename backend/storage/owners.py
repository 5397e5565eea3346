"""Which account's rows a query sees: one rule for every store scoped to an account
(Store.scoped), so no store filters by owner its own way."""

from __future__ import annotations

import sqlalchemy as sa


def owned_by(query, table: sa.Table, owner: str | None):
    """`query` narrowed to `owner`'s rows of `table` (a select, update or delete); unchanged for
    None, accounts being off, where everything is the one person's."""
    return query if owner is None else query.where(table.c.owner_id == owner)
