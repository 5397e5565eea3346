"""Opening the database CHAT_DB names (in-memory SQLite, a SQLite file, or PostgreSQL), and running
storage's work on it: `await database.read(work)` / `await database.write(work)`, where `work` is a
plain function of one SQLAlchemy Connection, run in one transaction.

Why work is a plain function: on SQLite, each statement through an asyncio driver (aiosqlite) is
four thread hand-offs and event-loop wake-ups (cursor, execute, fetch, close), which made a
trivial SELECT cost ~1 ms of CPU and starting a reply ~4 ms (measured: bench/relay.py). Here a
whole transaction runs in one hand-off to the database's own thread, with SQLAlchemy's ordinary
SQLite driver: ~0.15 ms for the same SELECT. PostgreSQL keeps its asyncio driver (asyncpg), and
the same function runs through SQLAlchemy's `AsyncConnection.run_sync`.

SQLite gets one writer connection, whose transactions begin IMMEDIATE (writers queue in its
thread instead of spinning on SQLite's busy handler), and for a file, readers that WAL lets read
while the writer writes, as many as there are cores. The in-memory database is one connection
(a second :memory: connection would be a second, empty database): its reads and writes share
its thread.

One backend per database: a second one would take the first one's replies in progress for crash
leftovers. SQLite files are guarded by a lock file beside the real file (symlinks resolved),
PostgreSQL by a session advisory lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import QueuePool, StaticPool

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
# How a SQLite transaction begins: IMMEDIATE takes the write lock at once, so a transaction never
# has to upgrade a read lock half-way (and fail) when another writer got there first.
BEGIN_OPTION = "sqlite_begin"
READ, WRITE = "BEGIN", "BEGIN IMMEDIATE"

T = TypeVar("T")
Work = Callable[[sa.Connection], T]


@dataclass
class Database:
    kind: str  # memory, sqlite or postgresql
    where: str  # the file or URL (password hidden), for sentences and logs

    async def read(self, work: Work) -> T:
        """`work(connection)` in a transaction that only reads."""
        raise NotImplementedError

    async def write(self, work: Work) -> T:
        """`work(connection)` in a transaction that commits if it returns, rolls back if it raises."""
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    def sync_engines(self) -> list[sa.Engine]:
        """The engines statements run through (for SQLAlchemy's events, e.g. counting them)."""
        raise NotImplementedError


# ---- SQLite ------------------------------------------------------------------------------


def _sqlite_engine(url: str, *, pool, readonly: bool = False, wal: bool = False) -> sa.Engine:
    engine = sa.create_engine(url, poolclass=pool[0], connect_args={"check_same_thread": False}, **pool[1])

    @event.listens_for(engine, "connect")
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

    @event.listens_for(engine, "begin")
    def start_transaction(connection):
        connection.exec_driver_sql(connection.get_execution_options().get(BEGIN_OPTION, READ))

    return engine


def _in_transaction(engine: sa.Engine, begin: str, commit: bool, work: Work) -> T:
    with engine.connect().execution_options(**{BEGIN_OPTION: begin}) as connection:
        with connection.begin() as transaction:
            result = work(connection)
            if not commit:
                transaction.rollback()
        return result


@dataclass
class SQLiteDatabase(Database):
    writer: sa.Engine = None
    reader: sa.Engine = None
    _writer_thread: ThreadPoolExecutor = None
    _reader_threads: ThreadPoolExecutor = None
    _lock: object = None

    async def read(self, work: Work) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._reader_threads, _in_transaction, self.reader, READ, False, work)

    async def write(self, work: Work) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer_thread, _in_transaction, self.writer, WRITE, True, work)

    def sync_engines(self) -> list[sa.Engine]:
        return list({self.reader, self.writer})

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        for engine, thread in ((self.reader, self._reader_threads), (self.writer, self._writer_thread)):
            await loop.run_in_executor(thread, engine.dispose)
        for thread in {self._reader_threads, self._writer_thread}:
            thread.shutdown(wait=True)
        if self._lock is not None:
            self._lock.close()


def _open_memory() -> Database:
    # One connection holds the database, in one thread; reads and writes queue for it.
    engine = _sqlite_engine("sqlite://", pool=(StaticPool, {}))
    thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite")
    return SQLiteDatabase(MEMORY, "memory", engine, engine, thread, thread)


def _open_sqlite_file(setting: str, shared: bool = False) -> Database:
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
    lock = None if shared else _lock_file(path)
    url = f"sqlite:///{path}"
    writer = _sqlite_engine(url, pool=(QueuePool, {"pool_size": 1, "max_overflow": 0}), wal=True)
    reader = _sqlite_engine(url, pool=(QueuePool, {"pool_size": SQLITE_READERS, "max_overflow": 0}), readonly=True)
    return SQLiteDatabase(
        SQLITE,
        path,
        writer,
        reader,
        ThreadPoolExecutor(1, thread_name_prefix="sqlite-writer"),
        ThreadPoolExecutor(SQLITE_READERS, thread_name_prefix="sqlite-reader"),
        lock,
    )


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


@dataclass
class PostgresDatabase(Database):
    engine: AsyncEngine = None
    _holder: AsyncConnection = None  # keeps the advisory lock for the life of the backend

    async def read(self, work: Work) -> T:
        async with self.engine.connect() as connection:
            return await connection.run_sync(work)

    async def write(self, work: Work) -> T:
        async with self.engine.begin() as connection:
            return await connection.run_sync(work)

    def sync_engines(self) -> list[sa.Engine]:
        return [self.engine.sync_engine]

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self._holder.close()
        await self.engine.dispose()


async def _open_postgres(setting: str, shared: bool = False, group: bool = False) -> Database:
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
        # A group of backends (CHAT_REDIS_URL) shares the lock; a backend alone holds it alone.
        try_lock = sa.func.pg_try_advisory_lock_shared if group else sa.func.pg_try_advisory_lock
        locked = shared or (await holder.execute(sa.select(try_lock(ADVISORY_LOCK_KEY)))).scalar()
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
            f"Another client-chat backend is already using {where}. Stop it, or set CHAT_DB to another database "
            "(several backends on one database each need the same CHAT_REDIS_URL)."
        )
    if ctype in ("C", "POSIX"):
        logger.warning(
            "PostgreSQL database %s uses the %s locale: search folds the case of ASCII letters only. "
            "A database created with a UTF-8 locale (e.g. C.UTF-8) folds every script.",
            where,
            ctype,
        )
    return PostgresDatabase(POSTGRESQL, where, engine, holder)


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


def is_postgres_setting(setting: str) -> bool:
    return setting.split(":", 1)[0].split("+", 1)[0].lower() in POSTGRES_SCHEMES


async def open_database(setting: str | None, *, shared: bool = False, group: bool = False) -> Database:
    """The database CHAT_DB names; StorageError with a sentence when it cannot be used.

    `shared`: without the one-backend lock, for a short task beside a running backend (the
    `manage` command adding an account), which never recovers replies. `group`: one of several
    backends sharing replies through Redis (PostgreSQL only): they share the lock, which keeps a
    lone backend (that would end their replies as its own leftovers) out, and them out of its."""
    if not setting:
        return _open_memory()
    if is_postgres_setting(setting):
        return await _open_postgres(setting, shared, group)
    return _open_sqlite_file(setting, shared)
