"""One reply per conversation across backends: a lease per conversation in Redis, taken with
SET NX PX and renewed by the backend running the reply (redis-py's Lock, whose token checks make
renewing and releasing touch only our own lease), plus the set of every reply in progress, which
lets the other backends notice a lease that ran out (sweeper.py).

A lease lasts three quarters of CHAT_REPLY_LEASE_S and is renewed every quarter: a backend that
dies loses its leases within the first, and the sweeper, looking every eighth, ends its replies
within CHAT_REPLY_LEASE_S. A backend whose event loop stalls longer than half the lease loses
them too (and stops the reply, rather than have two backends write one).
"""

from __future__ import annotations

import logging

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

from cluster import keys

logger = logging.getLogger("client_chat.cluster")

HOLD_SHARE = 0.75
RENEW_SHARE = 0.25
# Delete a lease only if it still holds this token (the pattern Redis documents for locks).
DELETE_IF_HELD_BY = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class Leases:
    def __init__(self, redis: Redis, backend_id: str, lease_s: float) -> None:
        self._redis = redis
        self.backend_id = backend_id
        self.hold_s = lease_s * HOLD_SHARE
        self.renew_every_s = lease_s * RENEW_SHARE
        self._held: dict[str, tuple[str, Lock]] = {}  # by reply id: (conversation id, its lock)

    def token(self, reply_id: str) -> str:
        return keys.token(self.backend_id, reply_id)

    async def take(self, conversation_id: str, reply_id: str) -> bool:
        """Take the conversation's lease for a reply; False when another reply holds it."""
        lock = Lock(self._redis, keys.lease(conversation_id), timeout=self.hold_s, blocking=False, thread_local=False)
        if not await lock.acquire(token=self.token(reply_id)):
            return False
        # After the lease: a backend starting up keeps the replies in this set (main.py), and the
        # reply is stored only once it is here.
        await self._redis.sadd(keys.RUNNING, keys.running_member(conversation_id, self.token(reply_id)))
        self._held[reply_id] = (conversation_id, lock)
        return True

    async def give_back(self, reply_id: str) -> None:
        """The reply has ended (its last event is in its stream): the conversation takes the next."""
        held = self._held.pop(reply_id, None)
        if held is None:
            return
        conversation_id, lock = held
        await self._redis.srem(keys.RUNNING, keys.running_member(conversation_id, self.token(reply_id)))
        try:
            await lock.release()
        except LockError:
            pass  # it ran out meanwhile: nobody else holds it for this reply

    async def renew(self) -> list[tuple[str, str]]:
        """Renew every lease this backend holds; the (conversation, reply) of each it had lost."""
        lost = []
        for reply_id, (conversation_id, lock) in list(self._held.items()):
            try:
                await lock.reacquire()
            except LockError:
                self._held.pop(reply_id, None)
                lost.append((conversation_id, reply_id))
            except RedisError as error:
                logger.warning("could not renew the lease of reply %s: %s", reply_id, error)
        return lost

    def held_replies(self) -> list[str]:
        return list(self._held)

    async def clear_ended(self, conversation_id: str, lease_token: str) -> None:
        """Free a conversation whose reply has ended (its last event is in its stream, so it is
        stored) but whose backend has not given the lease back: slow, or killed right after."""
        await self._redis.eval(DELETE_IF_HELD_BY, 1, keys.lease(conversation_id), lease_token)

    async def holder(self, conversation_id: str) -> str | None:
        """The token of the reply the conversation has in progress, on any backend."""
        return await self._redis.get(keys.lease(conversation_id))
