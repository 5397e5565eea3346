"""A reply's events in a Redis stream, so that a reader on any backend replays and follows it.

The backend running the reply appends every event it publishes (`ReplyMirror`), in order and in
batches: whatever was published while the previous XADD was on its way goes in the next
pipeline, so a reply costs its backend one round trip per batch, never one per token on its hot
path (local readers read the reply in memory, as without Redis). Each entry is one event: its
index in the reply (the number in the SSE id "<reply id>:<index>"), its name and its JSON data.
The stream is capped (XADD MAXLEN ~) and expires: while the reply runs its expiry is renewed with
the lease (a backend that dies leaves nothing forever), once it ends it stays
CHAT_REPLY_STREAM_KEEP_S for readers that arrive late.

Readers elsewhere block on XREAD, which Redis answers the moment an entry arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator

from redis.asyncio import Redis
from redis.exceptions import RedisError

from cluster import keys
from replies import events
from replies.events import Event

logger = logging.getLogger("client_chat.cluster")

# Far above the events of any reply (one per token, merged runs aside): trimming exists so that a
# runaway reply cannot fill Redis, not to drop what readers replay.
STREAM_CAP = 200_000
# A reader's XREAD waits this long for news before it checks that someone still writes the reply.
FOLLOW_BLOCK_MS = 1000
READ_BATCH = 5000


def as_entry(index: int, event: Event) -> dict:
    return {"i": index, "e": event.name, "d": json.dumps(event.data, ensure_ascii=False, separators=(",", ":"))}


def from_entry(fields: dict) -> tuple[int, Event]:
    return int(fields["i"]), Event(fields["e"], json.loads(fields["d"]))


class ReplyMirror:
    """Copies one running reply's events to its stream, in the order they were published."""

    def __init__(self, redis: Redis, reply_id: str, running_ttl_ms: int, keep_ms: int) -> None:
        self._redis = redis
        self._key = keys.events(reply_id)
        self._running_ttl_ms = running_ttl_ms
        self._keep_ms = keep_ms
        self._pending: list[tuple[int, Event]] = []
        self._flushing: asyncio.Task | None = None

    def add(self, index: int, event: Event) -> None:
        """Called as the reply publishes (synchronously, on its hot path): queued, sent soon."""
        self._pending.append((index, event))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.get_running_loop().create_task(self._flush(), name=f"mirror-{self._key}")

    async def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            pipeline = self._redis.pipeline(transaction=False)
            for index, event in batch:
                pipeline.xadd(self._key, as_entry(index, event), maxlen=STREAM_CAP, approximate=True)
            ended = batch[-1][1].name in events.ENDINGS
            pipeline.pexpire(self._key, self._keep_ms if ended else self._running_ttl_ms)
            try:
                await pipeline.execute()
            except RedisError as error:
                # Readers on this backend are unaffected; those elsewhere miss these events.
                logger.warning("could not copy %d event(s) of a reply to Redis: %s", len(batch), error)

    async def drained(self) -> None:
        """Every event published so far is in the stream."""
        while self._flushing is not None and not self._flushing.done():
            with contextlib.suppress(Exception):
                await asyncio.shield(self._flushing)


class ReplyLog:
    """Reading replies' streams: what any backend needs to replay, follow and inspect a reply."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def everything(self, reply_id: str) -> list[tuple[int, Event]]:
        """The reply's events so far, with their indexes."""
        entries = await self._redis.xrange(keys.events(reply_id))
        return [from_entry(fields) for _, fields in entries]

    async def last(self, reply_id: str) -> Event | None:
        entries = await self._redis.xrevrange(keys.events(reply_id), count=1)
        return from_entry(entries[0][1])[1] if entries else None

    async def batches(self, reply_id: str, block_ms: int = FOLLOW_BLOCK_MS) -> AsyncIterator[list[tuple[int, Event]]]:
        """Every event of the reply, from its first, in batches as they arrive; an empty batch
        each time `block_ms` passes without news (the reader then decides whether to wait on).
        Ends after the reply's last event."""
        key, last_id = keys.events(reply_id), "0-0"
        while True:
            answer = await self._redis.xread({key: last_id}, count=READ_BATCH, block=block_ms)
            if not answer:
                yield []
                continue
            entries = answer[0][1]
            last_id = entries[-1][0]
            batch = [from_entry(fields) for _, fields in entries]
            yield batch
            if batch[-1][1].name in events.ENDINGS:
                return

    async def append_ending(self, reply_id: str, ending: Event, keep_ms: int) -> None:
        """End a reply whose backend died: its readers get `ending` after what it wrote."""
        last = await self._redis.xrevrange(keys.events(reply_id), count=1)
        if last and from_entry(last[0][1])[1].name in events.ENDINGS:
            return  # it ended after all, as its lease ran out
        index = from_entry(last[0][1])[0] + 1 if last else 0
        pipeline = self._redis.pipeline(transaction=False)
        pipeline.xadd(keys.events(reply_id), as_entry(index, ending), maxlen=STREAM_CAP, approximate=True)
        pipeline.pexpire(keys.events(reply_id), keep_ms)
        await pipeline.execute()
