"""LMStudioClient: the only code that speaks to LM Studio, to one server or to several
(LM_STUDIO_URL may list them, comma-separated).

Each server is an lm_studio/server.py LMStudioServer (its SDK client, its list, its streams).
This facade reads every server's list at once and keeps them merged as one catalog
(lm_studio/catalog.py; merging and routing are lm_studio/routing.py's): a server that fails is
remembered as down, with its sentence, and skipped while the others serve; it is asked again at
each read of the list. A reply is routed to one server for its whole life (`route`).

With several backends the lists are shared through Redis (`share_lists`, cluster/model_lists.py):
a list another backend read within the period is taken from there rather than asked again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from lm_studio import routing
from lm_studio.catalog import Catalog, automatic_choice, chat_models
from lm_studio.errors import LMStudioError
from lm_studio.model_lists import NativeAnswer
from lm_studio.server import LMStudioServer
from models import ModelInfo

if TYPE_CHECKING:
    from cluster.model_lists import SharedModelLists

logger = logging.getLogger("client_chat.lm_studio")

# How long the list of models is taken as it is before it is read again in the background.
MODEL_LIST_TTL_S = 30.0


class LMStudioClient:
    def __init__(
        self,
        base_urls: str | Sequence[str] = "http://localhost:1234/v1",
        api_key: str = "lm-studio",
        *,
        default_model: str | None = None,
        connect_timeout_s: float = 5.0,
        first_token_timeout_s: float = 600.0,
        stall_timeout_s: float = 120.0,
    ) -> None:
        urls = (base_urls,) if isinstance(base_urls, str) else tuple(base_urls)
        if not urls:
            raise ValueError("at least one LM Studio server is needed")
        self.default_model = default_model
        # The models a load from the page is under way for: LM Studio would load a second
        # instance for a second request, so one load per model runs at a time.
        self.loads_under_way: set[str] = set()
        self.catalog = Catalog(self._read_catalog, MODEL_LIST_TTL_S)
        self.catalog.on_outdated = self._outdated
        self._shared: SharedModelLists | None = None
        self._tell_others: Callable[[], None] | None = None
        self._ask_servers = False  # the next read asks every server, not the shared lists
        self.servers = [
            LMStudioServer(
                url,
                api_key,
                self.catalog,
                connect_timeout_s=connect_timeout_s,
                first_token_timeout_s=first_token_timeout_s,
                stall_timeout_s=stall_timeout_s,
            )
            for url in urls
        ]

    @property
    def base_url(self) -> str:
        """The first server's URL: the one a failure of every server is said with."""
        return self.servers[0].base_url

    @property
    def native_api(self) -> str | None:
        """Which native API the first server that answered has: "v1", "v0", or None."""
        return self.first_reachable().native_api

    def first_reachable(self) -> LMStudioServer:
        """The first server whose list was read, else the first."""
        return next((s for s in self.servers if s.up and s.models is not None), self.servers[0])

    def server(self, url: str) -> LMStudioServer | None:
        """The server with this URL (as the catalog names it, trailing slash or not)."""
        return next((s for s in self.servers if s.base_url == url.strip().rstrip("/")), None)

    # ---- the SDK clients ----------------------------------------------------------------

    async def start(self) -> None:
        """Import the SDK (~0.3 s of CPU, in a worker thread) and build each server's client. The
        backend awaits this before it reports ready, so no request ever waits for it."""
        await asyncio.gather(*(server.sdk() for server in self.servers))

    async def close(self) -> None:
        await self.catalog.close()
        for server in self.servers:
            await server.close()

    def unreachable(self) -> LMStudioError:
        return self.servers[0].unreachable()

    # ---- models -------------------------------------------------------------------------

    def share_lists(self, shared: SharedModelLists, tell_others: Callable[[], None]) -> None:
        """With several backends: take lists from `shared` when another backend read them within
        the period, put ours there, and `tell_others` when what a server has loaded changed."""
        self._shared, self._tell_others = shared, tell_others

    def _outdated(self, by_others: bool) -> None:
        # Changed here: the servers are asked, and the others told once the new lists are shared.
        # Changed elsewhere: that backend has shared them already.
        if not by_others:
            self._ask_servers = True

    async def _read_catalog(self) -> list[ModelInfo]:
        """Every server's models, read at once and merged; only when every server fails is that a
        failure (the first server's)."""
        changed, self._ask_servers = self._ask_servers, False
        answers = await asyncio.gather(
            *(self._read_list(server, ask=changed or self._shared is None) for server in self.servers),
            return_exceptions=True,
        )
        if changed and self._tell_others is not None:
            self._tell_others()
        failures = [answer for answer in answers if isinstance(answer, BaseException)]
        if len(failures) == len(answers):
            raise failures[0]
        for server, failure in zip(self.servers, answers, strict=True):
            if isinstance(failure, BaseException):
                if not isinstance(failure, LMStudioError):
                    raise failure
                logger.warning("LM Studio at %s is skipped: %s", server.base_url, failure.message)
        return routing.merged(self.servers)

    async def _read_list(self, server: LMStudioServer, *, ask: bool) -> list[ModelInfo]:
        """One server's list: shared by another backend within the period, else asked for (and
        shared, as is its failure). A server that failed here is asked itself until it answers."""
        if not ask and server.error is None:
            shared = await self._shared.get(server.base_url)
            if isinstance(shared, LMStudioError):
                server.adopt_failure(shared)
                raise shared
            if shared is not None:
                server.adopt(*shared)
                return server.models
        try:
            models = await server.read_catalog()
        except LMStudioError as failure:
            if self._shared is not None:
                await self._shared.put_failure(server.base_url, failure)
            raise
        if self._shared is not None:
            await self._shared.put(server.base_url, server.native_api, models)
        return models

    async def native_post(self, path: str, body: dict, timeout_s: float) -> NativeAnswer:
        """POST to the first server's native API (lm_studio/loading.py posts to the server it chose)."""
        return await self.servers[0].native_post(path, body, timeout_s)

    async def list_catalog(self) -> list[ModelInfo]:
        """Every model LM Studio has, asked for now."""
        return await self.catalog.read()

    async def get_available_models(self) -> list[str]:
        """Ids of the models LM Studio offers for chat (never an embedding model)."""
        return [model.id for model in chat_models(await self.list_catalog())]

    async def model_info(self, model_id: str) -> ModelInfo | None:
        """What LM Studio says of one model (state, context length); None when it does not list
        it or cannot say (the reply itself then says what is wrong)."""
        try:
            return await self.catalog.find(model_id)
        except LMStudioError:
            return None

    async def resolve_model(self, *choices: str | None) -> str:
        """The first model named (by the request, then the conversation), then the configured one;
        else the model LM Studio has loaded for chat, else the first chat model it lists."""
        for choice in (*choices, self.default_model):
            if choice:
                return choice
        chosen = automatic_choice(await self.catalog.at_most(MODEL_LIST_TTL_S))
        if chosen is None:
            raise LMStudioError(
                "no_model_loaded",
                "LM Studio has no chat model available. Load a model in LM Studio (or download one) and try again.",
            )
        return chosen

    # ---- replies ------------------------------------------------------------------------

    @contextlib.contextmanager
    def route(self, model_id: str) -> Iterator[LMStudioServer]:
        """The server a reply with this model goes to, counted as running there until the block
        ends (every step of the reply goes to the same server)."""
        server = routing.route(self.servers, model_id)
        server.running += 1
        try:
            yield server
        finally:
            server.running -= 1

    async def stream_chat_completion(
        self,
        messages: list[dict],
        model: str | None = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
        sampling: dict | None = None,
        tools: list[dict] | None = None,
    ) -> AsyncIterator[tuple[str, object]]:
        """One request, routed to a server that serves the model (lm_studio/server.py says what is
        yielded and raised). Leaving the iteration early closes that server's response."""
        model = model or await self.resolve_model()
        with self.route(model) as server:
            stream = server.stream_chat_completion(messages, model, temperature, max_tokens, sampling, tools)
            async with contextlib.aclosing(stream):
                async for piece in stream:
                    yield piece
