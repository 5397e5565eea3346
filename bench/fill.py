"""Filling a database with a large, realistic history for the benchmarks, through the storage
package: the backend's own migrations create it, rows go in with bulk inserts on its tables (so
SQLite's search triggers and PostgreSQL's generated search columns do their real work). Each
conversation is one chain, its last message the active leaf, with depths and counts kept as the
store keeps them."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

# A vocabulary of made-up words, plus a few real ones every message has: searches can then ask
# for a word in one conversation, in about one in a hundred messages, or in every message.
VOCABULARY = [f"w{index:04d}" for index in range(5000)]
COMMON_WORDS = ["the", "model", "answer"]
WORDS_PER_MESSAGE = 40
BATCH_ROWS = 5000


def message_text(rng: random.Random, topic: str) -> str:
    words = rng.choices(VOCABULARY, k=WORDS_PER_MESSAGE - len(COMMON_WORDS) - 1)
    return " ".join([*COMMON_WORDS, topic, *words]).capitalize() + "."


async def fill(setting: str | None, conversations: int, messages_per_conversation: int, *, long_one: int = 0) -> dict:
    """Fill CHAT_DB's database; returns {"long_conversation": id of one with `long_one` messages}."""
    from storage import Store
    from storage.schema import conversations as conversation_table
    from storage.schema import messages as message_table

    rng = random.Random(20261125)
    started = datetime(2025, 1, 1, tzinfo=UTC)
    store = await Store.open(setting)
    try:
        conversation_rows, message_rows = [], []
        long_id = None
        for index in range(conversations):
            conversation_id = str(uuid.uuid4())
            count = long_one if index == conversations - 1 and long_one else messages_per_conversation
            moment = started + timedelta(minutes=index)
            parent_id = None
            for position in range(count):
                message_id = str(uuid.uuid4())
                message_rows.append(
                    {
                        "id": message_id,
                        "conversation_id": conversation_id,
                        "parent_id": parent_id,
                        "depth": position,
                        "role": "user" if position % 2 == 0 else "assistant",
                        "content": message_text(rng, f"topic{index}"),
                        "timestamp": moment + timedelta(seconds=position),
                        "status": None if position % 2 == 0 else "complete",
                    }
                )
                parent_id = message_id
            conversation_rows.append(
                {
                    "id": conversation_id,
                    "title": f"Conversation about topic{index}",
                    "created_at": moment,
                    "updated_at": moment,
                    "message_count": count,
                    "active_message_id": parent_id,
                }
            )
            if count == long_one:
                long_id = conversation_id

        def insert(connection):
            for start in range(0, len(conversation_rows), BATCH_ROWS):
                connection.execute(conversation_table.insert(), conversation_rows[start : start + BATCH_ROWS])
            for start in range(0, len(message_rows), BATCH_ROWS):
                connection.execute(message_table.insert(), message_rows[start : start + BATCH_ROWS])

        await store.database.write(insert)
        # Statistics, as PostgreSQL's autovacuum gathers them soon after a bulk load.
        await store.database.write(lambda connection: connection.execute(sa.text("ANALYZE")))
    finally:
        await store.close()
    return {"long_conversation": long_id}


def fill_sync(setting: str | None, conversations: int, messages_per_conversation: int, *, long_one: int = 0) -> dict:
    return asyncio.run(fill(setting, conversations, messages_per_conversation, long_one=long_one))
