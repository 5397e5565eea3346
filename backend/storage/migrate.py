"""Bringing a database to the newest schema at start-up, with Alembic (storage/migrations/).

By hand, the same migrations run with `cd backend && CHAT_DB=… venv/bin/alembic upgrade head`.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from storage.database import SQLITE, Database
from storage.errors import StorageError

logger = logging.getLogger("client_chat.storage")

# PostgreSQL advisory lock key ("client-c" in ASCII): several backends starting together against
# one database migrate it once; the others wait for the lock, then find it up to date.
MIGRATION_LOCK_KEY = 0x636C69656E742D63

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"


def alembic_config() -> Config:
    return Config(str(ALEMBIC_INI))


def newest_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade(database: Database) -> None:
    """Run every migration the database lacks, in one transaction; StorageError when it cannot."""
    try:
        current = await database.write(partial(_migrate, where=database.where))
        if current != newest_revision():
            logger.info("database %s is now at schema %s (was %s)", database.where, newest_revision(), current)
    except StorageError:
        raise
    except Exception as error:
        raise StorageError(_sentence(database, error)) from error


def _migrate(connection: sa.Connection, where: str) -> str | None:
    """Bring the database to the newest schema; the revision it had."""
    if connection.dialect.name == "postgresql":
        # Held until this transaction ends: a second backend reads the revision after the first's commit.
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    current = _current_revision(connection)
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current is not None and current not in known:
        raise StorageError(
            f"The database {where} was written by a newer client-chat (schema {current}; "
            f"this release knows up to {newest_revision()}). Run the newer release, or set CHAT_DB "
            "to another database."
        )
    _upgrade_to_head(connection)
    return current


def _current_revision(connection: sa.Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _upgrade_to_head(connection: sa.Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _sentence(database: Database, error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error)
    if database.kind == SQLITE and "file is not a database" in text:
        return (
            f"{database.where} is not a SQLite database (CHAT_DB must name a client-chat database file, "
            "or a new one to create). Move that file away or set CHAT_DB to another file."
        )
    if database.kind == SQLITE and ("readonly" in text or "read-only" in text):
        return f"The database {database.where} is read-only. Fix its permissions, or set CHAT_DB to another file."
    return f"Cannot bring the database {database.where} up to date: {text}. Its log line above has the details."
