"""Keeping a reply's stored row up to date: its text every interval while it streams (so a crash
loses little), and how it ended. Its placeholder row was stored with the user's message, so a
reply shorter than one interval costs exactly one write at the end."""

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

    async def keep_saving(self, reply: Reply) -> None:
        """From the first piece on, the text so far once per interval, until the reply ends."""
        ended = asyncio.ensure_future(reply.ended.wait())
        try:
            first = asyncio.ensure_future(reply.has_text.wait())
            await asyncio.wait({first, ended}, return_when=asyncio.FIRST_COMPLETED)
            first.cancel()
            while not reply.ended.is_set():
                done, _ = await asyncio.wait({ended}, timeout=self.interval_s)
                if done:
                    return
                await self._safely(self.store.save_progress(reply.id, reply.content, reply.reasoning, reply.model))
        finally:
            ended.cancel()

    async def store_ending(self, reply: Reply, outcome: ReplyOutcome) -> None:
        if reply.start is not None:
            await self._safely(self.store.finish(reply.start, outcome))

    async def _safely(self, write) -> None:
        """A failed write (a full disk, a database gone away) is logged; the reply's readers
        still get its ending."""
        try:
            await write
        except Exception:
            logger.exception("could not store a reply")


async def stop_saving(task: asyncio.Task | None) -> None:
    """Wait for the writer's last write (it returns as soon as the reply has ended)."""
    if task is not None:
        with contextlib.suppress(asyncio.CancelledError):
            await task
