"""The replies in progress, at most one per conversation: claiming a conversation for a reply,
launching it, stopping it, and stopping them all when the backend shuts down.

Every way out of a reply ends its events with exactly one `done` or `error` and takes it out of
the registry: its task concludes itself whatever happens (run.py), and a task that is stopped
before its first line is not cancelled but told, so that it still runs that conclusion.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine

import anyio

from replies import events
from replies.reply import Reply

logger = logging.getLogger("client_chat.replies")

INTERNAL_FAILURE = "The backend failed while writing this reply; its log has the details."


class ConversationBeingDeleted(Exception):
    """A reply was asked for in a conversation that is being deleted."""


class AlreadyReplying(Exception):
    """A reply was asked for in a conversation that already has one in progress."""


class ReplyRegistry:
    def __init__(self) -> None:
        self._running: dict[str, Reply] = {}
        self._deleting: set[str] = set()
        # Set by sse-starlette when the server is told to stop (Ctrl+C, SIGTERM): replies are
        # stopped first, so their streams end and the server need not wait for them.
        self.shutdown_requested = anyio.Event()

    def get(self, conversation_id: str) -> Reply | None:
        return self._running.get(conversation_id)

    def is_replying(self, conversation_id: str) -> bool:
        return conversation_id in self._running

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

    @contextlib.asynccontextmanager
    async def deleting(self, conversation_id: str):
        """While a conversation is deleted: its reply is stopped first and no new one may start."""
        self._deleting.add(conversation_id)
        try:
            await self.stop(conversation_id, reason="deleted")
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
