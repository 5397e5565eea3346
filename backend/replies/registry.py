"""The replies in progress, at most one per conversation: claiming a conversation for a reply,
launching it, stopping it, and stopping them all when the backend shuts down.

Every way out of a reply ends its events with exactly one `done` or `error` and takes it out of
the registry: its task concludes itself whatever happens (run.py), and a task that is stopped
before its first line is not cancelled but told, so that it still runs that conclusion.

With several backends (CHAT_REDIS_URL) the registry also holds each reply's conversation across
them (a lease in Redis), copies its events there, and reaches replies that run elsewhere: what
`cluster` does (cluster/). Without it, everything here stays in the process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import TYPE_CHECKING

import anyio

from replies import events
from replies.events import Event
from replies.reply import Reply
from replies.tool_calls import Decision, NothingWaits, decide

if TYPE_CHECKING:
    from cluster import Cluster

logger = logging.getLogger("client_chat.replies")

INTERNAL_FAILURE = "The backend failed while writing this reply; its log has the details."


class ConversationBeingDeleted(Exception):
    """A reply was asked for in a conversation that is being deleted."""


class AlreadyReplying(Exception):
    """A reply was asked for in a conversation that already has one in progress."""


class ReplyRegistry:
    def __init__(self, cluster: Cluster | None = None) -> None:
        self.cluster = cluster
        self._running: dict[str, Reply] = {}
        self._errands: set[asyncio.Task] = set()  # stops asked for by other backends
        self._deleting: set[str] = set()
        # Set by sse-starlette when the server is told to stop (Ctrl+C, SIGTERM): replies are
        # stopped first, so their streams end and the server need not wait for them.
        self.shutdown_requested = anyio.Event()

    def get(self, conversation_id: str) -> Reply | None:
        return self._running.get(conversation_id)

    def is_replying(self, conversation_id: str) -> bool:
        """Whether a reply is in progress here, or (as last looked, for lists) on another backend."""
        return conversation_id in self._running or (
            self.cluster is not None and conversation_id in self.cluster.replying
        )

    async def is_replying_anywhere(self, conversation_id: str) -> bool:
        """Whether a reply is in progress in the conversation on this or any other backend."""
        if conversation_id in self._running:
            return True
        return self.cluster is not None and await self.cluster.reply_in(conversation_id) is not None

    def is_being_deleted(self, conversation_id: str) -> bool:
        return conversation_id in self._deleting

    def reserve(self, conversation_id: str) -> Reply:
        """Claim the conversation for a new reply, before anything awaits: from here on a second
        send gets 409, and a stop or delete marks this reply, which then ends as it launches."""
        if conversation_id in self._deleting:
            raise ConversationBeingDeleted(conversation_id)
        if conversation_id in self._running:
            raise AlreadyReplying(conversation_id)
        reply = Reply(conversation_id)
        self._running[conversation_id] = reply
        return reply

    async def claim(self, conversation_id: str) -> Reply:
        """Reserve the conversation here, then across backends (AlreadyReplying when another
        backend has a reply in progress in it)."""
        reply = self.reserve(conversation_id)
        await self.hold(reply)
        return reply

    async def hold(self, reply: Reply) -> None:
        """Hold a reserved reply's conversation across backends, before anything of it is stored
        (a backend starting up ends the stored replies nobody holds)."""
        if self.cluster is None:
            return
        try:
            held = await self.cluster.claim(reply)
        except BaseException:
            self.leave(reply)
            raise
        if not held:
            self.leave(reply)
            raise AlreadyReplying(reply.conversation_id)

    def release(self, reply: Reply) -> None:
        """Give up a reservation that will not be launched (nothing of it was stored)."""
        self.leave(reply)

    def launch(self, reply: Reply, run: Callable[[Reply], Coroutine]) -> None:
        """Start the reserved reply's task: `run(reply)` writes it and ends its events."""
        reply.task = asyncio.create_task(run(reply), name=f"reply-{reply.conversation_id}")
        reply.task.add_done_callback(lambda _task: self._after(reply))

    async def stop(self, conversation_id: str, reason: str = "stopped") -> Reply | None:
        """End the reply in progress and wait until what it wrote is stored."""
        reply = self._running.get(conversation_id)
        if reply is None:
            return None
        reply.cancel_reason = reply.cancel_reason or reason
        if reply.task is None:
            return reply  # reserved, not launched: it ends as soon as it launches
        if reply.running:
            reply.task.cancel()
        await asyncio.wait({reply.task})
        return reply

    async def stop_anywhere(self, conversation_id: str, reason: str = "stopped") -> tuple[bool, Event | None]:
        """Stop the conversation's reply wherever it runs: (whether one ran, its last event)."""
        reply = await self.stop(conversation_id, reason)
        if reply is not None:
            return True, reply.last_event()
        if self.cluster is None:
            return False, None
        return await self.cluster.stop_elsewhere(conversation_id)

    async def running_elsewhere(self, conversation_id: str) -> str | None:
        """The id of the conversation's reply in progress on another backend, if any."""
        return await self.cluster.reply_in(conversation_id) if self.cluster is not None else None

    def follow(self, conversation_id: str, reply_id: str, after: int) -> AsyncIterator[bytes]:
        """A reply running on another backend, as its readers here get it."""
        return self.cluster.follow(conversation_id, reply_id, after)

    async def decide(self, conversation_id: str, call_id: str, decision: Decision) -> None:
        """The user's decision on a call the conversation's reply waits on, wherever it runs;
        NothingWaits when no call waits under that id."""
        reply = self._running.get(conversation_id)
        if reply is not None or self.cluster is None:
            decide(reply, call_id, decision)
            return
        if not await self.cluster.decide_elsewhere(conversation_id, call_id, decision.allow, decision.remember):
            raise NothingWaits(call_id)

    def on_command(self, command: dict) -> None:
        """A Stop or a decision another backend sent for a reply; acted on when it runs here."""
        conversation_id = command.get("conversation")
        reply = self._running.get(conversation_id) if isinstance(conversation_id, str) else None
        if reply is None or reply.id != command.get("reply"):
            return
        if command.get("op") == "stop":
            self._errand(self.stop(conversation_id))
        elif command.get("op") == "decide" and isinstance(command.get("call"), str):
            with contextlib.suppress(NothingWaits):  # decided meanwhile: the sender sees which way
                decide(reply, command["call"], Decision(bool(command.get("allow")), bool(command.get("remember"))))

    def on_lease_lost(self, conversation_id: str, reply_id: str) -> None:
        """Other backends took this reply as dead (this one stalled past its lease): stop writing it."""
        reply = self._running.get(conversation_id)
        if reply is not None and reply.id == reply_id:
            self._errand(self.stop(conversation_id, reason="lease_lost"))

    def _errand(self, work: Coroutine) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._errands.add(task)
        task.add_done_callback(self._errands.discard)

    @contextlib.asynccontextmanager
    async def deleting(self, conversation_id: str):
        """While a conversation is deleted: its reply is stopped first and no new one may start."""
        self._deleting.add(conversation_id)
        try:
            await self.stop_anywhere(conversation_id, reason="deleted")
            yield
        finally:
            self._deleting.discard(conversation_id)

    async def shutdown(self) -> None:
        running = list(self._running)
        if running:
            logger.info("stopping %d reply(ies) for shutdown; their text so far is kept", len(running))
        await asyncio.gather(*(self.stop(conversation_id, reason="shutdown") for conversation_id in running))

    async def stop_all_on_shutdown_request(self) -> None:
        """Runs for the life of the app: when shutdown is requested, stop every reply."""
        await self.shutdown_requested.wait()
        await self.shutdown()

    def _after(self, reply: Reply) -> None:
        """However the task ended, the reply's readers get their last event and it leaves."""
        if not reply.finished:
            logger.error("the reply for conversation %s ended without its last event", reply.conversation_id)
            reply.publish(events.error(INTERNAL_FAILURE, "internal_error", None))
        self.leave(reply)

    def leave(self, reply: Reply) -> None:
        """The reply has ended: its conversation takes the next one."""
        reply.close()
        if self._running.get(reply.conversation_id) is reply:
            del self._running[reply.conversation_id]
            if self.cluster is not None:
                self.cluster.give_back_soon(reply)
