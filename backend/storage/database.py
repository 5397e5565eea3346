"""Opening the database CHAT_DB names: in-memory SQLite, a SQLite file, or PostgreSQL.

SQLite gets two engines on one file: a single writer connection whose transactions begin
IMMEDIATE (writers queue in SQLAlchemy's pool instead of spinning on SQLite's busy handler, and
a read never has to upgrade to a write lock mid-transaction), and readers that WAL lets read
while the writer writes, as many as there are cores (each is a thread running SQLite flat out).
aiosqlite runs every statement on a worker thread, so a query never holds the event loop.
PostgreSQL (asyncpg) needs neither trick: one pool serves both.

One backend per database: a second one would take the first one's replies in progress for
crash leftovers. SQLite files are guarded by a lock file beside the real file (symlinks
resolved), PostgreSQL by a session advisory lock.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from storage.errors import StorageError

logger = logging.getLogger("client_chat.storage")

MEMORY, SQLITE, POSTGRESQL = "memory", "sqlite", "postgresql"
POSTGRES_SCHEMES = ("postgresql", "postgres")
# Any 64-bit number of our own: pg_try_advisory_lock's key for "a client-chat backend uses this database".
ADVISORY_LOCK_KEY = 0x636C69656E7463
SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_READERS = max(1, min(4, os.cpu_count() or 2))
POSTGRES_POOL = 10
POSTGRES_CONNECT_TIMEOUT_S = 10


@dataclass
class Database:
    kind: str  # memory, sqlite or postgresql
    where: str  # the file or URL (password hidden), for sentences and logs
    writer: AsyncEngine
    reader: AsyncEngine
    _releases: list = field(default_factory=list)

    async def close(self) -> None:
        for release in reversed(self._releases):
            await release()
        await self.reader.dispose()
        if self.writer is not self.reader:
            await self.writer.dispose()


def is_postgres_setting(setting: str) -> bool:
    return setting.split(":", 1)[0].split("+", 1)[0].lower() in POSTGRES_SCHEMES


async def open_database(setting: str | None) -> Database:
    """The database CHAT_DB names; StorageError with a sentence when it cannot be used."""
    if not setting:
        return _open_memory()
    if is_postgres_setting(setting):
        return await _open_postgres(setting)
    return _open_sqlite_file(setting)


# ---- SQLite ------------------------------------------------------------------------------


def _sqlite_engine(url: str, *, pool_size: int, begin: str, readonly: bool = False, wal: bool = False) -> AsyncEngine:
    engine = create_async_engine(
        url, poolclass=AsyncAdaptedQueuePool, pool_size=pool_size, max_overflow=0, pool_timeout=60
    )

    @event.listens_for(engine.sync_engine, "connect")
    def configure(dbapi_connection, _record):
        # SQLAlchemy emits BEGIN itself (below), so the driver's own implicit transactions are off.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        if wal:  # a property of the file, set outside any transaction: readers read while the writer writes
            cursor.execute("PRAGMA journal_mode=WAL")
        if readonly:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def start_transaction(connection):
        connection.exec_driver_sql(begin)

    return engine


def _open_memory() -> Database:
    # One connection holds the database: a second :memory: connection would be a second,
    # empty database. Work queues for it in the pool.
    engine = _sqlite_engine("sqlite+aiosqlite://", pool_size=1, begin="BEGIN IMMEDIATE")
    return Database(MEMORY, "memory", engine, engine)


def _open_sqlite_file(setting: str) -> Database:
    path = os.path.realpath(os.path.expanduser(setting))
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise StorageError(
            f"Cannot create the folder {folder} for CHAT_DB={setting} ({error.strerror}). "
            "Create it, or set CHAT_DB to a file in a folder you can write to."
        ) from None
    if os.path.isdir(path):
        raise StorageError(f"CHAT_DB={setting} is a folder; set it to a file, e.g. {os.path.join(path, 'chat.db')}.")
    if (os.path.exists(path) and not os.access(path, os.R_OK | os.W_OK)) or not os.access(folder, os.W_OK):
        raise StorageError(
            f"The database {path} is read-only for this user (the file or its folder cannot be written, "
            "and SQLite writes its journal beside it). Fix the permissions, or set CHAT_DB to another file."
        )
    lock = _lock_file(path)
    url = f"sqlite+aiosqlite:///{path}"
    writer = _sqlite_engine(url, pool_size=1, begin="BEGIN IMMEDIATE", wal=True)
    reader = _sqlite_engine(url, pool_size=SQLITE_READERS, begin="BEGIN", readonly=True)

    async def unlock():
        lock.close()

    return Database(SQLITE, path, writer, reader, [unlock])


def _lock_file(path: str):
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; run one backend per file
        return contextlib.nullcontext()
    handle = open(f"{path}.lock", "a+")  # noqa: SIM115 - held open for the life of the process
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise StorageError(
            f"Another client-chat backend is already using {path}. Stop it, or set CHAT_DB to another file."
        ) from None
    return handle


# ---- PostgreSQL ----------------------------------------------------------------------------


async def _open_postgres(setting: str) -> Database:
    try:
        url = make_url(setting)
    except Exception:
        raise StorageError(
            "CHAT_DB looks like a PostgreSQL URL but cannot be read; write it as postgresql://user@host/database."
        ) from None
    url = url.set(drivername="postgresql+asyncpg")
    where = url.render_as_string(hide_password=True)
    engine = create_async_engine(
        url,
        pool_size=POSTGRES_POOL,
        max_overflow=POSTGRES_POOL,
        pool_pre_ping=True,
        connect_args={"timeout": POSTGRES_CONNECT_TIMEOUT_S},
    )
    try:
        holder = await engine.connect()
    except Exception as error:
        await engine.dispose()
        raise StorageError(_postgres_sentence(where, error)) from None
    try:
        locked = (await holder.execute(sa.select(sa.func.pg_try_advisory_lock(ADVISORY_LOCK_KEY)))).scalar()
        ctype = (await holder.execute(sa.text("SHOW lc_ctype"))).scalar()
        await holder.commit()  # the lock belongs to the session; no transaction stays open
    except Exception:
        await holder.close()
        await engine.dispose()
        raise
    if not locked:
        await holder.close()
        await engine.dispose()
        raise StorageError(
            f"Another client-chat backend is already using {where}. Stop it, or set CHAT_DB to another database."
        )
    if ctype in ("C", "POSIX"):
        logger.warning(
            "PostgreSQL database %s uses the %s locale: search folds the case of ASCII letters only. "
            "A database created with a UTF-8 locale (e.g. C.UTF-8) folds every script.",
            where,
            ctype,
        )

    async def unlock(connection: AsyncConnection = holder):
        with contextlib.suppress(Exception):
            await connection.close()

    return Database(POSTGRESQL, where, engine, engine, [unlock])


def _postgres_sentence(where: str, error: BaseException) -> str:
    """What went wrong connecting to PostgreSQL, from asyncpg's errors (wrapped by SQLAlchemy)."""
    cause = getattr(error, "orig", None) or error
    while getattr(cause, "__cause__", None) is not None and not isinstance(cause, OSError):
        cause = cause.__cause__
    name = type(cause).__name__
    if name in ("InvalidPasswordError", "InvalidAuthorizationSpecificationError"):
        return (
            f"PostgreSQL at {where} refused the login ({cause}). "
            "Check the user and password in CHAT_DB, and the server's pg_hba.conf."
        )
    if name == "InvalidCatalogNameError":
        return f"PostgreSQL at {where} has no such database ({cause}). Create it (createdb) or fix CHAT_DB."
    if isinstance(cause, socket.gaierror):
        return f"Cannot find the PostgreSQL server named in CHAT_DB={where} ({cause}). Check the host name."
    if isinstance(cause, OSError | TimeoutError) or name in ("ConnectionDoesNotExistError", "CannotConnectNowError"):
        return (
            f"Cannot reach PostgreSQL at {where} ({cause or name}). "
            "Start the server, or check the host and port in CHAT_DB."
        )
    return f"Cannot use PostgreSQL at {where}: {cause or name}. Check CHAT_DB and the server's log."
