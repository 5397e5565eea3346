"""The ConversationStore kept in SQLite (stdlib sqlite3, WAL), so conversations survive restarts."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime

from models import Conversation, ConversationResponse, GenerationStats, Message
from store import MESSAGE_PROGRESS_FIELDS, SETTINGS_FIELDS, new_id, now

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    system_prompt TEXT,
    model TEXT,
    temperature REAL,
    max_tokens INTEGER
);
CREATE INDEX IF NOT EXISTS conversations_by_activity ON conversations (updated_at DESC);
CREATE TABLE IF NOT EXISTS messages (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id TEXT NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    timestamp TEXT,
    reasoning TEXT,
    model TEXT,
    status TEXT,
    error TEXT,
    stats TEXT,
    PRIMARY KEY (conversation_id, position)
);
CREATE INDEX IF NOT EXISTS messages_by_id ON messages (conversation_id, id);
"""
CONVERSATION_COLUMNS = "id, title, created_at, updated_at, system_prompt, model, temperature, max_tokens"
MESSAGE_COLUMNS = "id, role, content, timestamp, reasoning, model, status, error, stats"


class DatabaseInUseError(RuntimeError):
    """Another backend process already owns this database file."""


def _lock_database(path: str):
    """Hold an exclusive lock beside the database for the life of the process.

    Two backends on one file would each believe the other's reply in progress was
    interrupted by a crash; refusing the second one is the safe, understandable choice.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; run one backend per file
        return None
    handle = open(f"{path}.lock", "a+")  # noqa: SIM115 - held open on purpose
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise DatabaseInUseError(
            f"Another client-chat backend is already using {path}. Stop it, or set CHAT_DB to another file."
        ) from None
    return handle


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _message(row: sqlite3.Row) -> Message:
    return Message(
        id=row["id"],
        role=row["role"],
        content=row["content"],
        timestamp=_time(row["timestamp"]),
        reasoning=row["reasoning"],
        model=row["model"],
        status=row["status"],
        error=row["error"],
        stats=GenerationStats.model_validate_json(row["stats"]) if row["stats"] else None,
    )


def _column_value(field: str, value):
    if field == "stats":
        return value.model_dump_json() if isinstance(value, GenerationStats) else (json.dumps(value) if value else None)
    return value


class SQLiteStore:
    kind = "sqlite"

    def __init__(self, path: str) -> None:
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        self._lock = _lock_database(path)
        # One connection, used only from the event loop's thread; each call is short.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()
        if self._lock is not None:
            self._lock.close()

    def create_conversation(self, title: str) -> Conversation:
        created = now()
        conversation = Conversation(id=new_id(), title=title, created_at=created, updated_at=created, messages=[])
        self._db.execute(
            "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)",
            (conversation.id, title, created.isoformat(), created.isoformat()),
        )
        return conversation

    def list_conversations(self, query: str | None = None) -> list[ConversationResponse]:
        where, parameters = "", ()
        if query:
            # instr() on lower(): a literal substring match, no LIKE wildcards to escape.
            where = """WHERE instr(lower(c.title), lower(?)) > 0 OR EXISTS (
                           SELECT 1 FROM messages m WHERE m.conversation_id = c.id
                           AND (m.status IS NULL OR m.status != 'streaming')
                           AND instr(lower(m.content), lower(?)) > 0)"""
            parameters = (query, query)
        rows = self._db.execute(
            f"""SELECT {CONVERSATION_COLUMNS},
                   (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id
                        AND (m.status IS NULL OR m.status != 'streaming')) AS message_count
                FROM conversations c {where} ORDER BY updated_at DESC""",
            parameters,
        ).fetchall()
        return [
            ConversationResponse(
                id=row["id"],
                title=row["title"],
                created_at=_time(row["created_at"]),
                updated_at=_time(row["updated_at"]),
                message_count=row["message_count"],
                system_prompt=row["system_prompt"],
                model=row["model"],
                temperature=row["temperature"],
                max_tokens=row["max_tokens"],
            )
            for row in rows
        ]

    def get_conversation(self, conversation_id: str) -> Conversation | None:
        row = self._db.execute(
            f"SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        if row is None:
            return None
        messages = self._db.execute(
            f"""SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ?
                AND (status IS NULL OR status != 'streaming') ORDER BY position""",
            (conversation_id,),
        ).fetchall()
        return Conversation(
            id=row["id"],
            title=row["title"],
            created_at=_time(row["created_at"]),
            updated_at=_time(row["updated_at"]),
            system_prompt=row["system_prompt"],
            model=row["model"],
            temperature=row["temperature"],
            max_tokens=row["max_tokens"],
            messages=[_message(m) for m in messages],
        )

    def delete_conversation(self, conversation_id: str) -> bool:
        return self._db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,)).rowcount > 0

    def update_conversation(self, conversation_id: str, changes: dict) -> Conversation | None:
        fields = [f for f in SETTINGS_FIELDS if f in changes]
        if fields:
            assignments = ", ".join(f"{f} = ?" for f in fields)
            self._db.execute(
                f"UPDATE conversations SET {assignments} WHERE id = ?",
                (*(changes[f] for f in fields), conversation_id),
            )
        return self.get_conversation(conversation_id)

    def append_message(self, conversation_id: str, message: Message) -> None:
        with self._db:  # one transaction: the message and the activity time together
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                f"""INSERT INTO messages (conversation_id, position, {MESSAGE_COLUMNS})
                    VALUES (?, (SELECT COALESCE(MAX(position) + 1, 0) FROM messages WHERE conversation_id = ?),
                            ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    conversation_id,
                    conversation_id,
                    message.id or new_id(),
                    message.role,
                    message.content,
                    message.timestamp.isoformat() if message.timestamp else None,
                    message.reasoning,
                    message.model,
                    message.status,
                    message.error,
                    _column_value("stats", message.stats),
                ),
            )
            self._db.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?", (now().isoformat(), conversation_id)
            )

    def update_message(self, conversation_id: str, message_id: str, changes: dict) -> None:
        fields = [f for f in MESSAGE_PROGRESS_FIELDS if f in changes]
        if not fields:
            return
        assignments = ", ".join(f"{f} = ?" for f in fields)
        self._db.execute(
            f"UPDATE messages SET {assignments} WHERE conversation_id = ? AND id = ?",
            (*(_column_value(f, changes[f]) for f in fields), conversation_id, message_id),
        )

    def truncate_messages(self, conversation_id: str, index: int) -> int:
        positions = [
            row[0]
            for row in self._db.execute(
                """SELECT position FROM messages WHERE conversation_id = ?
                   AND (status IS NULL OR status != 'streaming') ORDER BY position""",
                (conversation_id,),
            )
        ]
        if index >= len(positions):
            return 0
        self._db.execute(
            "DELETE FROM messages WHERE conversation_id = ? AND position >= ?", (conversation_id, positions[index])
        )
        return len(positions) - index

    def recover_interrupted(self) -> int:
        return self._db.execute(
            """UPDATE messages SET status = 'interrupted',
                   error = 'The backend stopped while this reply was being written.'
               WHERE status = 'streaming'"""
        ).rowcount
