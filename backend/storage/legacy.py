"""Databases written before migrations existed: the first release's SQLite files.

The first release created its tables itself and recorded no schema version (PRAGMA user_version
0, no alembic_version table). Its layout is exactly revision 0001, so such a file is stamped
0001 and then upgraded like any other. A database holding some other program's tables is left
alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.errors import StorageError

FIRST_RELEASE = "0001"
FIRST_RELEASE_COLUMNS = {
    "conversations": {"id", "title", "created_at", "updated_at", "system_prompt", "model", "temperature", "max_tokens"},
    "messages": {"conversation_id", "position", "id", "role", "content", "timestamp", "reasoning", "status", "stats"},
}


def adopt_first_release(connection: sa.Connection) -> None:
    """Stamp a first-release database as revision 0001; refuse a database that is not ours."""
    inspector = sa.inspect(connection)
    tables = set(inspector.get_table_names())
    if not tables or "alembic_version" in tables:
        return
    if all(
        name in tables and expected <= {c["name"] for c in inspector.get_columns(name)}
        for name, expected in FIRST_RELEASE_COLUMNS.items()
    ):
        context = MigrationContext.configure(connection)
        context.stamp(ScriptDirectory.from_config(_alembic_config()), FIRST_RELEASE)
        return
    url = connection.engine.url
    where = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=True)
    raise StorageError(
        f"The database {where} holds tables of another program ({', '.join(sorted(tables)[:5])}); "
        "client-chat will not write into it. Set CHAT_DB to a new file or an empty database."
    )


def _alembic_config():
    from alembic import context

    return context.config
