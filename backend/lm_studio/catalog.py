"""LM Studio's models: which of them can chat, which one a reply gets when nobody names one, and
the list as last read (shared by every caller). Reading each kind of list is model_lists.py's."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from lm_studio.model_lists import CHAT_TYPES
from models import ModelInfo

logger = logging.getLogger("client_chat.lm_studio")


def chat_models(catalog: list[ModelInfo]) -> list[ModelInfo]:
    return [model for model in catalog if model.type != "embeddings"]


def automatic_choice(catalog: list[ModelInfo]) -> str | None:
    """The model a reply gets when nobody named one: a chat model LM Studio has loaded, else the
    first chat model it lists."""
    candidates = chat_models(catalog)
    loaded = [model for model in candidates if model.state == "loaded" and model.type in CHAT_TYPES]
    return (loaded or candidates)[0].id if candidates else None


class Catalog:
    """The list of models as last read, and one way to read it again.

    Concurrent readers share one request to LM Studio. A reply that needs a model's state or
    window takes the list it has (`known`) and has it refreshed in the background once it is
    older than `ttl_s`: a reply never waits for the list unless there is none yet, or its model
    is not on it.
    """

    def __init__(self, fetch: Callable[[], Awaitable[list[ModelInfo]]], ttl_s: float) -> None:
        self._fetch = fetch
        self._ttl_s = ttl_s
        self._models: list[ModelInfo] | None = None
        self._read_at = 0.0
        self._generation = 0  # bumped when the list is outdated: answers asked for before are old
        self._reading: asyncio.Future | None = None
        self._refresh: asyncio.Task | None = None
        # Told when the list is outdated, and whether another backend said so (LMStudioClient).
        self.on_outdated: Callable[[bool], None] | None = None

    async def read(self) -> list[ModelInfo]:
        """The list, asked for now (a request already under way is shared)."""
        if self._reading is None or self._reading.done():
            self._reading = asyncio.ensure_future(self._read(self._generation))
            # Its failure is its readers' to handle; one whose readers all left is not an error.
            self._reading.add_done_callback(lambda done: done.cancelled() or done.exception())
        return await asyncio.shield(self._reading)

    async def _read(self, generation: int) -> list[ModelInfo]:
        models = await self._fetch()
        if generation == self._generation:
            self._models, self._read_at = models, time.monotonic()
        return models

    async def at_most(self, max_age_s: float) -> list[ModelInfo]:
        """The list as LM Studio gave it at most `max_age_s` ago."""
        if self._models is not None and time.monotonic() - self._read_at < max_age_s:
            return self._models
        return await self.read()

    async def asked_now(self) -> list[ModelInfo]:
        """The list from a request made now, never one under way since before (asked before the
        user ejected or deleted a model in LM Studio's app): what a load or eject acts on."""
        self.outdated()
        return await self.read()

    async def find(self, model_id: str) -> ModelInfo | None:
        """What the list says of one model; None when LM Studio does not list it. The list known
        is used (refreshed in the background when old); a model missing from it is looked for in
        a new one (it may have just been downloaded)."""
        if self._models is None:
            return _named(await self.read(), model_id)
        if time.monotonic() - self._read_at >= self._ttl_s:
            self.refresh_soon()
        found = _named(self._models, model_id)
        return found if found is not None else _named(await self.read(), model_id)

    def known(self) -> list[ModelInfo]:
        """The list as last read (empty before the first), without asking LM Studio."""
        return self._models or []

    def outdated(self, *, by_others: bool = False) -> None:
        """The list no longer says what LM Studio has (a reply just loaded its model; with several
        backends, `by_others`: another one did): a new one is asked for now, and readers that want
        a recent list wait for it rather than being answered with the old one."""
        if self.on_outdated is not None:
            self.on_outdated(by_others)
        self._generation += 1
        self._read_at = float("-inf")
        self._reading = None  # one under way was asked before: not shared with new readers
        self.refresh_soon()

    def refresh_soon(self) -> None:
        """Read the list again in the background (once at a time); failures are logged only."""
        if self._refresh is None or self._refresh.done():
            self._refresh = asyncio.create_task(self._quiet_refresh(), name="catalog-refresh")

    async def _quiet_refresh(self) -> None:
        with contextlib.suppress(Exception):
            await self.read()

    async def close(self) -> None:
        for pending in (self._refresh, self._reading):
            if pending is not None and not pending.done():
                pending.cancel()
                with contextlib.suppress(BaseException):
                    await pending


def _named(models: list[ModelInfo], model_id: str) -> ModelInfo | None:
    return next((model for model in models if model.id == model_id), None)
