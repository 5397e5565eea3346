"""Full-text search over titles and messages: SQLite FTS5, PostgreSQL tsvector.

A query becomes its words (letters and digits), each matching the start of a word, all of them
required: "pastéis de" finds "Pastéis de nata". Both engines fold case in every script (SQLite's
unicode61 tokenizer; PostgreSQL's lowercasing by the database's UTF-8 locale, with the Greek
final sigma folded by hand) and ignore what is not a word, so no query can be a syntax error.

Results are conversations, newest match first: the time of a conversation's newest matching
message, or its last activity when its title matches. Matching messages are read newest first
in bounded batches, and reading stops once enough conversations are found, so a word in every
message costs what a rare one does (measured: bench/storage.py). Each result carries its newest
matching message and a snippet of it (snippets.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from storage.database import POSTGRESQL
from storage.owners import owned_by
from storage.schema import conversations, messages
from storage.snippets import snippet

WORD = re.compile(r"[^\W_]+")
BATCH_MATCHES = 500
# However a query matches, no more matching messages than this are read for one search.
MAX_MATCHES_READ = 20_000
EPOCH = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SearchHit:
    conversation: sa.Row
    match_message_id: str | None
    snippet: str | None


def query_words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("ς", "σ"))


class SQLiteSearch:
    """FTS5: the match drives each query, so FTS5 walks its rowids newest first and stops early."""

    messages_fts = sa.table("messages_fts", sa.column("rowid"))
    conversations_fts = sa.table("conversations_fts", sa.column("rowid"))

    def __init__(self, words: list[str]) -> None:
        self.parameters = {"match": " ".join(f'"{word}"*' for word in words)}

    def newest_matching_messages(self, below: int | None) -> sa.Select:
        query = (
            sa.select(messages.c.pk, messages.c.conversation_id, messages.c.timestamp)
            .select_from(self.messages_fts.join(messages, messages.c.pk == self.messages_fts.c.rowid))
            .where(sa.text("messages_fts MATCH :match"))
            .order_by(self.messages_fts.c.rowid.desc())
            .limit(BATCH_MATCHES)
        )
        return query if below is None else query.where(self.messages_fts.c.rowid < below)

    def matching_titles(self, limit: int) -> sa.Select:
        return (
            sa.select(conversations.c.id, conversations.c.updated_at)
            .select_from(
                self.conversations_fts.join(conversations, conversations.c.pk == self.conversations_fts.c.rowid)
            )
            .where(sa.text("conversations_fts MATCH :match"))
            .order_by(conversations.c.updated_at.desc())
            .limit(limit)
        )


class PostgresSearch:
    """Generated tsvector columns with GIN indexes; the planner picks the index or a backward walk
    of the primary key, whichever the words' frequency favours."""

    search_vector = sa.literal_column("messages.search_vector")
    title_vector = sa.literal_column("conversations.title_vector")

    def __init__(self, words: list[str]) -> None:
        self.parameters = {"tsquery": " & ".join(f"{word}:*" for word in words)}
        self.tsquery = sa.func.to_tsquery(sa.literal_column("'simple'"), sa.bindparam("tsquery"))

    def newest_matching_messages(self, below: int | None) -> sa.Select:
        query = (
            sa.select(messages.c.pk, messages.c.conversation_id, messages.c.timestamp)
            .where(self.search_vector.op("@@")(self.tsquery))
            .order_by(messages.c.pk.desc())
            .limit(BATCH_MATCHES)
        )
        return query if below is None else query.where(messages.c.pk < below)

    def matching_titles(self, limit: int) -> sa.Select:
        return (
            sa.select(conversations.c.id, conversations.c.updated_at)
            .where(self.title_vector.op("@@")(self.tsquery))
            .order_by(conversations.c.updated_at.desc())
            .limit(limit)
        )


def search(connection: sa.Connection, dialect: str, text: str, limit: int, owner: str | None = None) -> list[SearchHit]:
    """`owner`: only that account's conversations (None: everyone's, accounts being off)."""
    words = query_words(text)
    if not words:
        return []
    engine = PostgresSearch(words) if dialect == POSTGRESQL else SQLiteSearch(words)
    parameters = engine.parameters

    def newest_matching_messages(below):
        query = engine.newest_matching_messages(below)
        owned = owned_by(sa.select(conversations.c.id), conversations, owner)
        return query if owner is None else query.where(messages.c.conversation_id.in_(owned))

    def matching_titles():
        query = engine.matching_titles(limit)
        return owned_by(query, conversations, owner)

    found: dict[str, tuple[datetime, int | None]] = {}  # conversation id -> (moment, newest matching message pk)

    # Matching messages, newest first, a batch at a time, until `limit` conversations are found.
    read, below = 0, None
    while len(found) < limit and read < MAX_MATCHES_READ:
        batch = connection.execute(newest_matching_messages(below), parameters).all()
        for row in batch:
            if row.conversation_id not in found:
                found[row.conversation_id] = (row.timestamp or EPOCH, row.pk)
        read += len(batch)
        if len(batch) < BATCH_MATCHES:
            break
        below = batch[-1].pk

    for row in connection.execute(matching_titles(), parameters):
        moment, message_pk = found.get(row.id, (EPOCH, None))
        found[row.id] = (max(moment, row.updated_at), message_pk)

    chosen = sorted(found.items(), key=lambda item: item[1][0], reverse=True)[:limit]
    if not chosen:
        return []
    rows = connection.execute(sa.select(conversations).where(conversations.c.id.in_([c for c, _ in chosen])))
    by_id = {row.id: row for row in rows}
    message_pks = [pk for _, (_, pk) in chosen if pk is not None]
    snippets: dict[int, tuple[str, str]] = {}
    if message_pks:
        rows = connection.execute(
            sa.select(messages.c.pk, messages.c.id, messages.c.content).where(messages.c.pk.in_(message_pks))
        )
        snippets = {row.pk: (row.id, snippet(row.content, words)) for row in rows}
    hits = []
    for conversation_id, (_, message_pk) in chosen:
        message_id, cut = snippets.get(message_pk, (None, None))
        hits.append(SearchHit(by_id[conversation_id], message_id, cut))
    return hits
