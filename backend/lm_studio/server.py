"""LMStudioServer: one LM Studio server, spoken to through the openai SDK's AsyncOpenAI.

Chat replies stream through `chat.completions.with_streaming_response`, over the SDK's aiohttp
transport (`DefaultAioHttpClient`), and their lines are read by lm_studio/chunks.py. Both choices
are measured (bench/relay.py, README "Performance"): typed chunk objects cost ~7x more CPU per
token than decoding each line's JSON, and the aiohttp transport streams ~40 % faster than
httpx2 with a quarter less CPU per request.

Everything but the model travels in the SDK's documented `extra_body`, not in its typed
parameters: the SDK walks typed parameters through its TypedDict transform on the event loop,
~0.11 ms per history message (1,000 messages blocked every other reply for 107 ms per send) and
~0.2 ms per request for the options alone (stream_options, sampling), and ours are plain JSON
already. `extra_body` also carries LM Studio's own parameters (top_k, min_p, repeat_penalty).

The server's model list is read through the same SDK client; failures become sentences in
lm_studio/errors.py. The list of every server together, and which server a reply goes to, are
lm_studio_client.py's.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from lm_studio import errors
from lm_studio.chunks import CompletionReader
from lm_studio.errors import LMStudioError
from lm_studio.model_lists import NATIVE_LISTS, NativeAnswer, is_missing_route, plain_list, server_root
from models import ModelInfo

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from lm_studio.catalog import Catalog

MODEL_LIST_TIMEOUT_S = 10.0
# The stall deadline is moved at most this often; a finer reschedule costs a timer per token.
DEADLINE_RESOLUTION_S = 0.25


class LMStudioServer:
    """One server: its SDK client, its own list of models as last read, whether it answered, and
    how many replies are streaming from it (what routing weighs)."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        catalog: Catalog,
        *,
        connect_timeout_s: float = 5.0,
        first_token_timeout_s: float = 600.0,
        stall_timeout_s: float = 120.0,
    ) -> None:
        self.base_url = base_url
        self.connect_timeout_s = connect_timeout_s
        self.first_token_timeout_s = first_token_timeout_s
        self.stall_timeout_s = stall_timeout_s
        self._api_key = api_key
        self._server_root = server_root(base_url)
        # The list of every server together: what error sentences name, and what a model LM
        # Studio does not know has refreshed.
        self.catalog = catalog
        # Which native API the last list came from: "v1" (LM Studio 0.4+), "v0", or None.
        self.native_api: str | None = None
        # This server's own list as last read (None before the first), and why the last read
        # failed (None: it answered). A server that failed is skipped by routing until it answers.
        self.models: list[ModelInfo] | None = None
        self.error: LMStudioError | None = None
        self.running = 0  # replies streaming from this server now
        self._sdk: AsyncOpenAI | None = None
        self._sdk_loading: asyncio.Future | None = None

    @property
    def up(self) -> bool:
        """Answered its last list (or not asked yet) and failed nothing since."""
        return self.error is None

    def own(self, model_id: str) -> ModelInfo | None:
        """What this server's own list says of a model (None: it does not list it)."""
        return next((model for model in self.models or () if model.id == model_id), None)

    # ---- the SDK client ---------------------------------------------------------------

    async def sdk(self) -> AsyncOpenAI:
        if self._sdk is None:
            if self._sdk_loading is None:
                self._sdk_loading = asyncio.ensure_future(self._load_sdk())
            await asyncio.shield(self._sdk_loading)
        return self._sdk

    async def _load_sdk(self) -> None:
        await asyncio.to_thread(importlib.import_module, "openai")
        import httpx2
        from openai import AsyncOpenAI, DefaultAioHttpClient

        # No read timeout: the first-token and stall deadlines of a reply are ours (below).
        timeout = httpx2.Timeout(connect=self.connect_timeout_s, read=None, write=30.0, pool=self.connect_timeout_s)
        self._sdk = AsyncOpenAI(
            base_url=self.base_url,
            api_key=self._api_key,
            max_retries=0,
            timeout=timeout,
            http_client=DefaultAioHttpClient(timeout=timeout),
        )
        self._sdk.chat.completions  # noqa: B018 - the SDK imports its resource modules on first access

    async def close(self) -> None:
        if self._sdk_loading is not None and not self._sdk_loading.done():
            self._sdk_loading.cancel()
        if self._sdk is not None:
            await self._sdk.close()

    def unreachable(self) -> LMStudioError:
        return errors.unreachable(self.base_url)

    def sentence(self, error: BaseException, model: str | None = None) -> LMStudioError:
        """A failure of a request to this server as one sentence and one code."""
        return errors.classify(error, self.base_url, model, self.catalog.known(), self._api_key)

    def classify(self, error: BaseException, model: str | None = None) -> LMStudioError:
        """The sentence of a failure outside a list's reading, and what it says of the list."""
        failure = self.sentence(error, model)
        if failure.code == "model_not_found":
            self.catalog.refresh_soon()
        elif failure.code == "lm_studio_unreachable":
            # Gone since its list was read: skipped by routing until the next list, read now.
            self.error = failure
            self.catalog.refresh_soon()
        return failure

    # ---- models -------------------------------------------------------------------------

    def adopt(self, native_api: str | None, models: list[ModelInfo]) -> None:
        """This server's list as another backend read it moments ago (cluster/model_lists.py)."""
        self.native_api, self.models, self.error = native_api, models, None

    def adopt_failure(self, failure: LMStudioError) -> None:
        """This server failing, as another backend found moments ago."""
        self.error, self.models = failure, []

    async def read_catalog(self) -> list[ModelInfo]:
        """Every model this server has, with what it says of each (type, state, context length);
        remembered, as is a failure (then raised)."""
        try:
            sdk = await self.sdk()
            version, catalog = await self._native_catalog(sdk)
            if catalog is None:
                catalog = await self._plain_catalog(sdk)
        except Exception as error:  # every failure becomes one sentence
            self.error, self.models = self.sentence(error), []
            raise self.error from error
        for model in catalog:
            model.server, model.servers = self.base_url, [self.base_url]
        # Set once the list is read, never cleared before: health read meanwhile keeps the last.
        self.native_api, self.models, self.error = version, catalog, None
        return catalog

    async def _native_catalog(self, sdk: AsyncOpenAI) -> tuple[str | None, list[ModelInfo] | None]:
        """LM Studio's newest native list the server has (/api/v1, then /api/v0) and its version,
        or (None, None) where it has neither (the server is not LM Studio)."""
        if self._server_root is None:
            return None, None
        for version, path, read in NATIVE_LISTS:
            models = read(await self.native_get(sdk, path, MODEL_LIST_TIMEOUT_S))
            if models is not None:
                return version, models
        return None, None

    async def _plain_catalog(self, sdk: AsyncOpenAI) -> list[ModelInfo]:
        """The OpenAI-compatible GET /v1/models every server has: ids only. A body without the
        list (LM Studio's 200 with {"error": …}, another service on the port) is said as such."""
        body = await sdk.get("/models", cast_to=object, options={"timeout": MODEL_LIST_TIMEOUT_S})
        entries = plain_list(body)
        if entries is None:
            raise errors.not_a_model_list(self.base_url, body)
        return entries

    async def native_get(self, sdk: AsyncOpenAI, path: str, timeout_s: float):
        """GET a route of LM Studio's native API: its JSON body, or None where the server has no
        such route (404/405/501, or LM Studio's 200 with "Unexpected endpoint")."""
        import openai

        try:
            return await sdk.get(f"{self._server_root}{path}", cast_to=object, options={"timeout": timeout_s})
        except openai.APIStatusError as error:
            if error.status_code in (400, 404, 405, 501):
                return None
            raise

    async def native_post(self, path: str, body: dict, timeout_s: float) -> NativeAnswer:
        """POST to LM Studio's native API, waiting up to `timeout_s` for the answer (connecting
        within the usual connect timeout). An error status with a body is LM Studio's answer
        (`refused`, with its `status`); a route the server lacks (LM Studio's "Unexpected
        endpoint" 200) is `missing`; a token it wants and an unreachable server raise
        LMStudioError like any request."""
        import httpx2
        import openai

        sdk = await self.sdk()
        timeout = httpx2.Timeout(timeout_s, connect=self.connect_timeout_s)
        try:
            answer = await sdk.post(
                f"{self._server_root}{path}", body=body, cast_to=object, options={"timeout": timeout}
            )
        except openai.APIStatusError as error:
            if error.status_code in (401, 403):
                raise self.classify(error) from error
            if is_missing_route(error.body) or error.status_code in (405, 501):
                return NativeAnswer(missing=True)
            refused = error.body if error.body is not None else {"error": f"HTTP {error.status_code}"}
            return NativeAnswer(refused=refused, status=error.status_code)
        except Exception as error:  # every failure becomes one sentence
            raise self.classify(error) from error
        return NativeAnswer(missing=True) if is_missing_route(answer) else NativeAnswer(body=answer)

    # ---- streaming ----------------------------------------------------------------------

    async def stream_chat_completion(
        self,
        messages: list[dict],
        model: str,
        temperature: float | None = None,
        max_tokens: int | None = None,
        sampling: dict | None = None,
        tools: list[dict] | None = None,
    ) -> AsyncIterator[tuple[str, object]]:
        """Yield (text|thought, piece) as the reply streams, then (usage, dict) if sent, then
        (tool_calls, [call]) when the model asked for tools, then (finish, reason). Only what is
        given is sent: LM Studio's (and the model's own) defaults rule the rest; `tools` are
        function definitions in OpenAI's format.

        Raises LMStudioError for every failure, including a stream that ends without a
        finish_reason and deadlines for the first token and between tokens. Leaving the
        iteration early (or cancelling it) closes the HTTP response, so LM Studio stops.
        """
        sdk = await self.sdk()
        body = {"messages": messages, "stream_options": {"include_usage": True}}
        body.update((name, value) for name, value in (sampling or {}).items() if value is not None)
        if temperature is not None:
            body["temperature"] = temperature
        if max_tokens is not None:
            body["max_tokens"] = max_tokens
        if tools:
            body["tools"] = tools
        loop = asyncio.get_running_loop()
        reader = CompletionReader(model)
        got_first_token = False
        try:
            async with asyncio.timeout(self.first_token_timeout_s) as deadline:
                request = sdk.chat.completions.with_streaming_response.create(
                    model=model,
                    messages=[],  # in extra_body: see the module's docstring
                    stream=True,
                    extra_body=body,
                )
                async with request as response:
                    moved_at = 0.0
                    async for line in response.iter_lines():
                        pieces = reader.feed(line)
                        if pieces is None:
                            if reader.ended:
                                break
                            continue
                        got_first_token = True
                        now = loop.time()
                        if now - moved_at > DEADLINE_RESOLUTION_S:
                            deadline.reschedule(now + self.stall_timeout_s)
                            moved_at = now
                        for piece in pieces:
                            yield piece
        except TimeoutError:
            raise errors.deadline(got_first_token, self.first_token_timeout_s, self.stall_timeout_s) from None
        except LMStudioError:
            raise
        except Exception as error:  # the SDK's and its transport's failures; CancelledError passes through
            raise self.classify(error, model) from error
        for piece in reader.flush():
            yield piece
        for piece in reader.tool_calls():
            yield piece
        yield reader.finish()
