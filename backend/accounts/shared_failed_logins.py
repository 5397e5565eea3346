"""Too many failed sign-ins, counted in the Redis several backends share (CHAT_REDIS_URL): the
same rule as failed_logins.py (five failures for one name, or from one address, within a minute
refuse it for a minute), held where every backend sees it, so a guesser spreading attempts over
the backends behind a load balancer gains nothing. Redis' key expiry is the clock: a count lives
a minute from its first failure, a refusal a minute from the fifth."""

from __future__ import annotations

from redis.asyncio import Redis

from accounts.failed_logins import ATTEMPTS, WINDOW_S, counted_keys, name_key
from cluster.keys import sign_in_failures as _failures
from cluster.keys import sign_in_refused as _refused


class SharedFailedLogins:
    def __init__(self, redis: Redis, attempts: int = ATTEMPTS, window_s: float = WINDOW_S) -> None:
        self._redis = redis
        self.attempts = attempts
        self.window_ms = int(window_s * 1000)

    async def retry_after(self, name: str, address: str) -> int:
        """Seconds until these may try again (0: now)."""
        pipeline = self._redis.pipeline(transaction=False)
        for key in counted_keys(name, address):
            pipeline.pttl(_refused(key))
        waits_ms = await pipeline.execute()
        return max(0, -(-max(waits_ms) // 1000))  # PTTL is -2 for none: 0

    async def failed(self, name: str, address: str) -> None:
        for key in counted_keys(name, address):
            pipeline = self._redis.pipeline(transaction=True)
            pipeline.incr(_failures(key))
            pipeline.pexpire(_failures(key), self.window_ms, nx=True)
            count, _ = await pipeline.execute()
            if count >= self.attempts:
                pipeline = self._redis.pipeline(transaction=True)
                pipeline.set(_refused(key), 1, px=self.window_ms)
                pipeline.delete(_failures(key))
                await pipeline.execute()

    async def succeeded(self, name: str) -> None:
        await self._redis.delete(_failures(name_key(name)))
