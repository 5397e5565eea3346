"""This backend's part in a group of backends sharing one Redis: what the reply registry asks
of it (claim a conversation, mirror a reply, give the conversation back, follow, stop or decide
on a reply running elsewhere) and the three things it does for the group while it runs (renew
its leases, end dead backends' replies, listen for commands)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import secrets
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from cluster import commands, keys
from cluster.leases import Leases
from cluster.reply_log import ReplyLog, ReplyMirror
from cluster.sweeper import DIED, DIED_CODE, sweep
from models import ClusterHealth
from replies import events
from replies.events import Event

if TYPE_CHECKING:
    from replies.reply import Reply
    from storage import Store

logger = logging.getLogger("client_chat.cluster")

# A claim retries this long while the conversation's lease changes hands under it.
CLAIM_RETRY_S = 2.0
# A Stop or decision sent elsewhere waits this long for its effect, sending again every second.
COMMAND_WAIT_S = 10.0
RESEND_EVERY_S = 1.0
# A running reply's stream outlives its lease this many times over (renewed with it).
RUNNING_TTL_LEASES = 10


class RedisUnreachable(Exception):
    """CHAT_REDIS_URL names a Redis that does not answer (start-up says so in a sentence)."""


class RegistryHooks(Protocol):
    """What the reply registry does for commands and lost leases (replies/registry.py)."""

    def on_command(self, command: dict) -> None: ...

    def on_lease_lost(self, conversation_id: str, reply_id: str) -> None: ...


class Cluster:
    def __init__(self, redis: Redis, lease_s: float, keep_s: float) -> None:
        self.redis = redis
        self.backend_id = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.lease_s = lease_s
        self.leases = Leases(redis, self.backend_id, lease_s)
        self.log = ReplyLog(redis)
        self.keep_ms = int(keep_s * 1000)
        self.running_ttl_ms = int(lease_s * RUNNING_TTL_LEASES * 1000)
        # Conversations with a reply in progress on any backend, as last swept (for lists).
        self.replying: set[str] = set()
        self._mirrors: dict[str, ReplyMirror] = {}
        self._giving_back: dict[str, asyncio.Task] = {}  # by conversation
        self._tasks: list[asyncio.Task] = []
        self._errands: set[asyncio.Task] = set()
        self._news: dict[str, Callable[[], Awaitable[None] | None]] = {}

    @classmethod
    async def connect(cls, url: str, lease_s: float, keep_s: float) -> Cluster:
        redis = Redis.from_url(url, decode_responses=True, socket_connect_timeout=5, health_check_interval=30)
        try:
            await redis.ping()
        except (RedisError, OSError) as error:
            await redis.aclose()
            raise RedisUnreachable(
                f"Redis at {without_password(url)} (CHAT_REDIS_URL) does not answer ({error}). Start it, or "
                "correct the URL."
            ) from None
        return cls(redis, lease_s, keep_s)

    async def health(self) -> ClusterHealth:
        """This backend, and whether Redis answers now (within a second)."""
        try:
            async with asyncio.timeout(1.0):
                await self.redis.ping()
        except (RedisError, OSError, TimeoutError) as error:
            sentence = f"Redis (CHAT_REDIS_URL) does not answer: {error or 'no answer within a second'}."
            return ClusterHealth(backend=self.backend_id, redis="unreachable", error=sentence)
        return ClusterHealth(backend=self.backend_id, redis="connected", replies_in_progress=len(self.replying))

    async def replies_in_progress(self) -> set[str]:
        """The ids of the replies some backend holds a lease for (a starting backend leaves them be)."""
        members = await self.redis.smembers(keys.RUNNING)
        return {keys.reply_of(keys.parse_running(member)[1]) for member in members}

    def news(self, kind: str, take: Callable[[], Awaitable[None] | None]) -> Callable[[], None]:
        """A kind of news the other backends act on: `take` runs on each of them when this one (or
        any) announces it; the announcing function, for this backend's part that changes."""
        self._news[kind] = take
        return lambda: self._errand(commands.send(self.redis, commands.news(kind, self.backend_id)))

    async def start(self, registry: RegistryHooks, store: Store) -> None:
        subscribed = asyncio.Event()

        def on_command(command: dict) -> None:
            if command.get("op") != "news":
                registry.on_command(command)
                return
            take = self._news.get(command.get("kind"))
            if take is not None and command.get("from") != self.backend_id:
                taking = take()
                if taking is not None:
                    self._errand(taking)

        self._tasks = [
            asyncio.create_task(self._renew_leases(registry), name="cluster-leases"),
            asyncio.create_task(self._sweep(store), name="cluster-sweeper"),
            asyncio.create_task(commands.listen(self.redis, on_command, subscribed), name="cluster-commands"),
        ]
        # Before the backend reports ready, so a Stop sent to it the moment after reaches it.
        await asyncio.wait_for(subscribed.wait(), timeout=10)

    def _errand(self, work: Awaitable) -> None:
        """Work started from a callback; its failure is logged, and close() waits for it."""

        async def logged() -> None:
            try:
                await work
            except Exception:
                logger.exception("a task for the other backends failed")

        task = asyncio.get_running_loop().create_task(logged())
        self._errands.add(task)
        task.add_done_callback(self._errands.discard)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, *self._giving_back.values(), *self._errands, return_exceptions=True)
        await self.redis.aclose()

    # ---- this backend's replies ---------------------------------------------------------

    async def claim(self, reply: Reply) -> bool:
        """Take the conversation for `reply` across backends; False when a reply runs in it."""
        conversation_id = reply.conversation_id
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CLAIM_RETRY_S
        while loop.time() < deadline:
            ending = self._giving_back.get(conversation_id)
            if ending is not None:  # our own last reply here is being given back: wait for it
                with contextlib.suppress(Exception):
                    await asyncio.shield(ending)
            if await self.leases.take(conversation_id, reply.id):
                mirror = ReplyMirror(self.redis, reply.id, self.running_ttl_ms, self.keep_ms)
                self._mirrors[reply.id] = mirror
                reply.mirror = mirror.add
                return True
            holder = await self.leases.holder(conversation_id)
            if holder is None:
                continue  # given back meanwhile
            last = await self.log.last(keys.reply_of(holder))
            if last is None or last.name not in events.ENDINGS:
                return False  # a reply in progress
            # Ended and stored, but its backend has not let go (about to, or killed just after).
            await self.leases.clear_ended(conversation_id, holder)
        return False

    def give_back_soon(self, reply: Reply) -> None:
        """The reply left the registry: once its last event is in Redis, the conversation is free."""
        task = asyncio.get_running_loop().create_task(self._give_back(reply), name=f"give-back-{reply.id}")
        self._giving_back[reply.conversation_id] = task

        def forget(done: asyncio.Task) -> None:
            if self._giving_back.get(reply.conversation_id) is done:
                del self._giving_back[reply.conversation_id]

        task.add_done_callback(forget)

    async def _give_back(self, reply: Reply) -> None:
        mirror = self._mirrors.pop(reply.id, None)
        try:
            if mirror is not None:
                await mirror.drained()
            await self.leases.give_back(reply.id)
        except RedisError as error:
            logger.warning("could not give back the lease of reply %s (it runs out by itself): %s", reply.id, error)

    async def _renew_leases(self, registry: RegistryHooks) -> None:
        while True:
            await asyncio.sleep(self.leases.renew_every_s)
            try:
                for conversation_id, reply_id in await self.leases.renew():
                    logger.error("lost the lease of reply %s (Redis did not hear from this backend in time)", reply_id)
                    registry.on_lease_lost(conversation_id, reply_id)
                pipeline = self.redis.pipeline(transaction=False)
                for reply_id in self.leases.held_replies():
                    pipeline.pexpire(keys.events(reply_id), self.running_ttl_ms)
                await pipeline.execute()
            except (RedisError, OSError) as error:
                logger.warning("could not renew leases: %s", error)

    async def _sweep(self, store: Store) -> None:
        while True:
            try:
                self.replying = await sweep(self.redis, self.log, store, self.keep_ms)
            except Exception:
                logger.exception("could not look for replies of backends that stopped answering")
            await asyncio.sleep(self.lease_s / 8)

    # ---- replies running anywhere -------------------------------------------------------

    async def reply_in(self, conversation_id: str) -> str | None:
        """The id of the reply in progress in the conversation, on any backend."""
        holder = await self.leases.holder(conversation_id)
        return keys.reply_of(holder) if holder else None

    async def follow(self, conversation_id: str, reply_id: str, after: int) -> AsyncIterator[bytes]:
        """A reply running on another backend as SSE: its events after index `after`, then live.
        A reply whose backend died ends with the sweeper's `error`; should that never come (Redis
        lost it), with one of our own once the lease has been gone a whole lease."""
        sent = after  # the index of the last event sent
        try:
            async for sent, chunk in self._follow(conversation_id, reply_id, after):  # noqa: B007 - kept for below
                yield chunk
        except RedisError as error:
            logger.warning("lost Redis while following reply %s: %s", reply_id, error)
            sentence = "Lost touch with the backends' Redis while following this reply; reload to see it."
            yield events.encode([events.error(sentence, "redis_unreachable", None)], sent + 1, reply_id)

    async def _follow(self, conversation_id: str, reply_id: str, after: int) -> AsyncIterator[tuple[int, bytes]]:
        """follow()'s chunks, each with the index of the last event in it."""
        quiet_since: float | None = None
        loop = asyncio.get_running_loop()
        async for batch in self.log.batches(reply_id):
            fresh = [(index, event) for index, event in batch if index > after]
            if fresh:
                quiet_since = None
                after = fresh[-1][0]
                yield after, events.encode([event for _, event in fresh], fresh[0][0], reply_id)
                continue
            if batch or await self.reply_in(conversation_id) == reply_id:
                quiet_since = None
                continue
            quiet_since = quiet_since or loop.time()
            if loop.time() - quiet_since > self.lease_s:
                yield after + 1, events.encode([events.error(DIED, DIED_CODE, None)], after + 1, reply_id)
                return

    async def stop_elsewhere(self, conversation_id: str) -> tuple[bool, Event | None]:
        """Stop the conversation's reply on whichever backend runs it: (whether one ran, its
        last event once it has stopped)."""
        reply_id = await self.reply_in(conversation_id)
        if reply_id is None:
            return False, None
        ending = await self._command_and_watch(
            commands.stop(conversation_id, reply_id), reply_id, lambda event: event.name in events.ENDINGS
        )
        return True, ending

    async def decide_elsewhere(self, conversation_id: str, call_id: str, allow: bool, remember: bool) -> bool:
        """Decide a tool call the reply on another backend waits on; False when none waits."""
        reply_id = await self.reply_in(conversation_id)
        if reply_id is None or not waits_for_decision(await self.log.everything(reply_id), call_id):
            return False

        def decided(event: Event) -> bool:
            return event.name in events.ENDINGS or (
                event.name == events.TOOL_DECIDED and event.data.get("id") == call_id
            )

        command = commands.decide(conversation_id, reply_id, call_id, allow, remember)
        seen = await self._command_and_watch(command, reply_id, decided)
        return seen is not None and seen.name == events.TOOL_DECIDED

    async def _command_and_watch(self, command: dict, reply_id: str, effect: Callable[[Event], bool]) -> Event | None:
        """Send `command` (again each second) until the reply's stream shows its effect: that
        event, or None when it does not come within COMMAND_WAIT_S."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + COMMAND_WAIT_S
        sent_at = float("-inf")
        async for batch in self.log.batches(reply_id, block_ms=int(RESEND_EVERY_S * 250)):
            for _, event in batch:
                if effect(event):
                    return event
            if loop.time() > deadline:
                return None
            if loop.time() - sent_at >= RESEND_EVERY_S:
                await commands.send(self.redis, command)
                sent_at = loop.time()
        return None


def without_password(url: str) -> str:
    """The URL as it may be said in a log or a sentence."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def waits_for_decision(seen: list[tuple[int, Event]], call_id: str) -> bool:
    """Whether, by its events, the reply waits for the user's decision on `call_id`."""
    waiting = False
    for _, event in seen:
        if event.name in events.ENDINGS:
            return False
        if event.data.get("id") != call_id:
            continue
        if event.name == events.TOOL_APPROVAL:
            waiting = True
        elif event.name in (events.TOOL_DECIDED, events.TOOL_RESULT):
            waiting = False
    return waiting
