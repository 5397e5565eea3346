"""The replies of a backend that died: every backend looks, and whichever removes a reply from the
set of replies in progress first ends it (SREM answers 1 to one of them only), as a restart would
have (storage/recovery.py): the text written so far is kept as an interrupted reply, and its
readers on every backend get an `error` after it."""

from __future__ import annotations

import logging

from redis.asyncio import Redis

from cluster import keys
from cluster.reply_log import ReplyLog
from models import Message
from replies import events
from storage import Store

logger = logging.getLogger("client_chat.cluster")

DIED = "The backend writing this reply stopped answering; what it wrote is kept."
DIED_CODE = "interrupted"


async def sweep(redis: Redis, log: ReplyLog, store: Store, keep_ms: int) -> set[str]:
    """End every reply whose lease ran out; the conversations that have a reply in progress."""
    members = list(await redis.smembers(keys.RUNNING))
    if not members:
        return set()
    running = [keys.parse_running(member) for member in members]
    held = await redis.mget([keys.lease(conversation_id) for conversation_id, _ in running])
    replying = set()
    for member, (conversation_id, token), holder in zip(members, running, held, strict=True):
        if holder == token:
            replying.add(conversation_id)
        elif await redis.srem(keys.RUNNING, member):
            await end_dead_reply(log, store, conversation_id, keys.reply_of(token), keep_ms)
    return replying


async def end_dead_reply(log: ReplyLog, store: Store, conversation_id: str, reply_id: str, keep_ms: int) -> None:
    ended = await store.recover_interrupted(only=(reply_id,))
    if ended:
        logger.warning("ended reply %s of conversation %s: its backend stopped answering", reply_id, conversation_id)
    record = await store.messages.get(conversation_id, reply_id)
    stored = Message.model_validate(record, from_attributes=True).model_dump(mode="json") if record else None
    await log.append_ending(reply_id, events.error(DIED, DIED_CODE, stored), keep_ms)
