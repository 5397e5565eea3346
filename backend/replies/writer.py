"""Keeping a reply's stored row up to date: its text (and steps) once per interval while it streams (so a
crash loses little), and how it ended. Its placeholder row was stored with the user's message,
so a reply shorter than one interval costs exactly one write, at the end; a longer one costs a
timer, not a task of its own."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from replies.reply import Reply
from storage import ReplyOutcome
from storage.replies import ReplyStore

logger = logging.getLogger("client_chat.replies")


class ReplyWriter:
    def __init__(self, store: ReplyStore, interval_s: float) -> None:
        self.store = store
        self.interval_s = interval_s

    def first_text(self, reply: Reply) -> None:
        """The reply's first piece arrived: its text is saved from now on, once per interval."""
        reply.save_timer = asyncio.get_running_loop().call_later(self.interval_s, self._due, reply)

    def _due(self, reply: Reply) -> None:
        reply.saving = asyncio.ensure_future(self._save_progress(reply))

    async def _save_progress(self, reply: Reply) -> None:
        saving = self.store.save_progress(reply.id, reply.content, reply.reasoning, reply.model, reply.steps_so_far())
        await self._safely(saving)
        if reply.save_timer is not None:  # not ended meanwhile
            reply.save_timer = asyncio.get_running_loop().call_later(self.interval_s, self._due, reply)

    async def store_ending(self, reply: Reply, outcome: ReplyOutcome) -> None:
        """No more progress saves (one under way finishes first), then the ending."""
        if reply.save_timer is not None:
            reply.save_timer.cancel()
            reply.save_timer = None
        if reply.saving is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(reply.saving)
        if reply.start is not None:
            await self._safely(self.store.finish(reply.start, outcome))

    async def _safely(self, write) -> None:
        """A failed write (a full disk, a database gone away) is logged; the reply's readers
        still get its ending."""
        try:
            await write
        except Exception:
            logger.exception("could not store a reply")
