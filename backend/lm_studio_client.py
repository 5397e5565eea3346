"""The only code that speaks to LM Studio: the openai SDK's AsyncOpenAI, its errors as sentences.

Chat replies stream through `chat.completions.with_streaming_response` and their `data:` lines are
decoded here, over the SDK's aiohttp transport (`DefaultAioHttpClient`). Both choices are measured
(bench/relay.py, README "Performance"): typed chunk objects cost ~7x more CPU per token than
decoding the line's JSON, and the aiohttp transport streams ~40 % faster than httpx2 with a
quarter less CPU per request.

The model list comes from LM Studio's native `GET /api/v0/models` (each model's type, state and
context length), fetched through the same SDK client, and falls back to the OpenAI-style
`GET /v1/models` for servers that lack it (llama.cpp, Ollama, vLLM).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from models import ModelInfo
from overflow import ContextOverflow, recognise
from overflow import sentence as overflow_sentence
from think_tags import REASONING, ThinkTagSplitter

if TYPE_CHECKING:
    from openai import AsyncOpenAI

logger = logging.getLogger("client_chat.lm_studio")

# What stream_chat_completion yields: (kind, value).
FINISH = "finish"  # value: LM Studio's finish_reason ("stop", "length", …)
USAGE = "usage"  # value: the usage dict of the last chunk
# How long the list of models stays fresh when we use it to pick a default model.
MODEL_LIST_TTL_S = 30.0
MODEL_LIST_TIMEOUT_S = 10.0
# The stall deadline is moved at most this often; a finer reschedule costs a timer per token.
DEADLINE_RESOLUTION_S = 0.25
# HISTORY_IN_EXTRA_BODY: the SDK walks typed `messages` through its TypedDict transform on the
# event loop, ~0.11 ms per message (measured: 1,000 messages block every other reply for 107 ms
# per send). Our history is already plain JSON, so it travels in `extra_body`, which the SDK
# merges over the typed parameters unchanged (and which carries LM Studio's own parameters).
CHAT_TYPES = {"llm", "vlm"}


# How LM Studio says a model has no vision: "Model does not support images. Please use a model that does."
CANNOT_SEE = "does not support images"


class LMStudioError(Exception):
    """A failure talking to LM Studio, as a sentence for the user and a short code for programs.
    `details` are figures a client can act on (a context overflow's context_length and
    prompt_tokens)."""

    def __init__(self, code: str, message: str, http_status: int = 502, details: dict | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status
        self.details = details or {}


def context_overflow_error(overflow: ContextOverflow, model: str | None) -> LMStudioError:
    details = {"context_length": overflow.context_length, "prompt_tokens": overflow.prompt_tokens}
    return LMStudioError(
        "context_overflow",
        overflow_sentence(overflow, model),
        http_status=400,
        details={key: value for key, value in details.items() if value is not None},
    )


def _upstream_message(body) -> str:
    """LM Studio's explanation in an error body: {"error": {"message": …}}, {"message": …} or text."""
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            return str(inner.get("message") or "")
        return str(inner)
    return str(body or "")


def _upstream_code(body) -> str | None:
    if isinstance(body, dict):
        inner = body.get("error") if isinstance(body.get("error"), dict) else body
        return inner.get("code")
    return None


def _sentence(text: str) -> str:
    """Text that ends like a sentence, so another sentence can follow it."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


def is_embedding_id(model_id: str) -> bool:
    """Where a server says nothing of a model's type, its name is the only hint (LM Studio's
    bundled text-embedding-nomic-embed-text-v1.5, Ollama's nomic-embed-text, …)."""
    return "embed" in model_id.lower()


def native_api_root(base_url: str) -> str | None:
    """LM Studio's native API lives beside its OpenAI-compatible one: …/v1 → …/api/v0."""
    return f"{base_url[: -len('/v1')]}/api/v0" if base_url.endswith("/v1") else None


def _catalog_entry(raw: dict) -> ModelInfo:
    kind = raw.get("type")
    state = raw.get("state")
    return ModelInfo(
        id=str(raw["id"]),
        type=kind if kind in ("llm", "vlm", "embeddings") else "unknown",
        state=state if state in ("loaded", "not-loaded") else "unknown",
        vision=kind == "vlm" if kind in ("llm", "vlm") else None,
        context_length=raw.get("loaded_context_length") if isinstance(raw.get("loaded_context_length"), int) else None,
        max_context_length=raw.get("max_context_length") if isinstance(raw.get("max_context_length"), int) else None,
        quantization=raw.get("quantization") if isinstance(raw.get("quantization"), str) else None,
        arch=raw.get("arch") if isinstance(raw.get("arch"), str) else None,
    )


def _guessed_entry(model_id: str) -> ModelInfo:
    return ModelInfo(id=model_id, type="embeddings" if is_embedding_id(model_id) else "unknown", state="unknown")


def chat_models(catalog: list[ModelInfo]) -> list[ModelInfo]:
    return [model for model in catalog if model.type != "embeddings"]


def automatic_choice(catalog: list[ModelInfo]) -> str | None:
    """The model a reply gets when nobody named one: a chat model LM Studio has loaded, else the
    first chat model it lists."""
    candidates = chat_models(catalog)
    loaded = [model for model in candidates if model.state == "loaded" and model.type in CHAT_TYPES]
    return (loaded or candidates)[0].id if candidates else None


def server_port(base_url: str) -> int:
    """The port LM Studio's server must listen on for `base_url` (the URL's own, else its scheme's)."""
    parts = urlsplit(base_url)
    try:
        port = parts.port
    except ValueError:  # a malformed port: say the scheme's default rather than fail to explain
        port = None
    return port or (443 if parts.scheme == "https" else 80)


class LMStudioClient:
    def __init__(
        self,
        base_url: str = "http://localhost:1234/v1",
        api_key: str = "lm-studio",
        *,
        default_model: str | None = None,
        connect_timeout_s: float = 5.0,
        first_token_timeout_s: float = 600.0,
        stall_timeout_s: float = 120.0,
    ) -> None:
        self.base_url = base_url
        self.default_model = default_model
        self.connect_timeout_s = connect_timeout_s
        self.first_token_timeout_s = first_token_timeout_s
        self.stall_timeout_s = stall_timeout_s
        self._api_key = api_key
        self._native_root = native_api_root(base_url)
        self._sdk: AsyncOpenAI | None = None
        self._sdk_loading: asyncio.Future | None = None
        self._catalog_cache: tuple[float, list[ModelInfo]] | None = None

    # ---- the SDK client ---------------------------------------------------------------

    async def sdk(self) -> AsyncOpenAI:
        """The AsyncOpenAI client. Importing the SDK takes ~0.3 s of CPU, so it is imported in a
        worker thread (warm_up, at start-up) while the backend already answers requests."""
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

    async def warm_up(self) -> None:
        """Import the SDK and fetch the model list, so the first message does not wait for either."""
        try:
            await self.sdk()
            await self.list_catalog()
        except LMStudioError as error:
            logger.info("LM Studio did not answer at start-up (%s); the first message will try again", error.code)
        except Exception:  # a warm-up is an optimisation; its failure must not take anything down
            logger.exception("warming up the LM Studio client failed")

    async def close(self) -> None:
        if self._sdk_loading is not None and not self._sdk_loading.done():
            self._sdk_loading.cancel()
        if self._sdk is not None:
            await self._sdk.close()

    # ---- errors -------------------------------------------------------------------------

    def unreachable(self) -> LMStudioError:
        return LMStudioError(
            "lm_studio_unreachable",
            f"Cannot reach LM Studio at {self.base_url}. Start LM Studio's local server "
            f"(Developer tab → Start Server, on port {server_port(self.base_url)}) and load a model, "
            "then try again.",
            http_status=503,
        )

    def refusal(self, status: int, body, model: str | None = None) -> LMStudioError:
        """An error status from LM Studio, with its JSON body, as one sentence and one code."""
        detail = _upstream_message(body)
        overflow = recognise(detail)
        if overflow is not None:
            return context_overflow_error(overflow, model)
        if CANNOT_SEE in detail.lower():
            return self.cannot_see(model)
        if _upstream_code(body) == "model_not_found" or (status == 404 and "model" in detail.lower()):
            self._catalog_cache = None
            name = f"'{model}'" if model else "the requested model"
            return LMStudioError(
                "model_not_found",
                f"LM Studio cannot find {name}. Load it in LM Studio (or pick a model that is "
                f"loaded) and try again. LM Studio said: {_sentence(detail or 'model not found')}",
                http_status=502,
            )
        if status >= 500:
            return LMStudioError(
                "lm_studio_error",
                f"LM Studio failed with HTTP {status}"
                + (f": {_sentence(detail)}" if detail else ".")
                + " Check LM Studio's server log; reloading the model often helps.",
            )
        return LMStudioError(
            "lm_studio_rejected",
            f"LM Studio rejected the request (HTTP {status})" + (f": {_sentence(detail)}" if detail else "."),
        )

    def cannot_see(self, model: str | None) -> LMStudioError:
        """LM Studio's "Model does not support images", naming a loaded model that does, if any."""
        catalog = self._catalog_cache[1] if self._catalog_cache else []
        seeing = [m for m in catalog if m.vision and m.id != model]
        loaded = next((m.id for m in seeing if m.state == "loaded"), None)
        name = f"{model} cannot" if model else "This model cannot"
        if loaded:
            advice = f" {loaded} can, and it is loaded: choose it for this conversation and send again."
        elif seeing:
            advice = f" {seeing[0].id} can (LM Studio loads it on first use): choose it and send again."
        else:
            advice = " Load a vision model in LM Studio (its type says vlm), or remove the images."
        return LMStudioError("model_cannot_see", f"{name} see images.{advice}")

    def dropped(self) -> LMStudioError:
        return LMStudioError(
            "upstream_dropped",
            "LM Studio closed the connection before the reply was finished. "
            "The model may have crashed or been unloaded; try again.",
        )

    def classify(self, error: BaseException, model: str | None = None) -> LMStudioError:
        """Turn a failure of a request to LM Studio (the SDK's errors, or its transport's while a
        response body is read) into one sentence and one code."""
        import httpx2
        import openai

        if isinstance(error, LMStudioError):
            return error
        if isinstance(error, openai.APIStatusError):
            return self.refusal(error.status_code, error.body, model)
        if isinstance(error, openai.APIConnectionError):
            cause = error.__cause__
            if cause is None or isinstance(cause, httpx2.ConnectError | httpx2.ConnectTimeout | httpx2.PoolTimeout):
                return self.unreachable()
            return self.dropped()
        if isinstance(error, httpx2.TransportError | openai.APIError | OSError):
            return self.dropped()
        return LMStudioError("lm_studio_error", f"Unexpected failure talking to LM Studio: {type(error).__name__}.")

    # ---- models -------------------------------------------------------------------------

    async def list_catalog(self) -> list[ModelInfo]:
        """Every model LM Studio has, with what it says of each (type, state, context length)."""
        sdk = await self.sdk()
        try:
            catalog = await self._native_catalog(sdk)
            if catalog is None:
                page = await sdk.models.list(timeout=MODEL_LIST_TIMEOUT_S)
                catalog = [_guessed_entry(model.id) for model in page.data]
        except Exception as error:  # every failure becomes one sentence
            raise self.classify(error) from error
        self._catalog_cache = (time.monotonic(), catalog)
        return catalog

    async def _native_catalog(self, sdk: AsyncOpenAI) -> list[ModelInfo] | None:
        """LM Studio's GET /api/v0/models, or None where the server has no such endpoint."""
        import openai

        if self._native_root is None:
            return None
        try:
            body = await sdk.get(
                f"{self._native_root}/models", cast_to=object, options={"timeout": MODEL_LIST_TIMEOUT_S}
            )
        except openai.NotFoundError:
            return None
        except openai.APIStatusError as error:
            if error.status_code in (400, 405, 501):
                return None
            raise
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            return None
        return [_catalog_entry(raw) for raw in data if isinstance(raw, dict) and isinstance(raw.get("id"), str)]

    async def get_available_models(self) -> list[str]:
        """Ids of the models LM Studio offers for chat (never an embedding model)."""
        return [model.id for model in chat_models(await self.list_catalog())]

    async def catalog(self, max_age_s: float = MODEL_LIST_TTL_S) -> list[ModelInfo]:
        """The list of models, as LM Studio gave it at most `max_age_s` ago."""
        cached = self._catalog_cache
        if cached and time.monotonic() - cached[0] < max_age_s:
            return cached[1]
        return await self.list_catalog()

    async def model_info(self, model_id: str) -> ModelInfo | None:
        """What LM Studio says of one model (state, context length), from the list of models if it
        is fresh, else from a new one; None when LM Studio does not list it or cannot say."""
        try:
            found = next((model for model in await self.catalog() if model.id == model_id), None)
            if found is None:  # the list may predate the model (just downloaded): ask again
                found = next((model for model in await self.catalog(max_age_s=0) if model.id == model_id), None)
        except LMStudioError:
            return None  # the reply itself will say what is wrong
        return found

    def forget_models(self) -> None:
        """A model's state changed (it was loaded for a reply): read the list again next time."""
        self._catalog_cache = None

    async def resolve_model(self, *choices: str | None) -> str:
        """The model named by the request, then the conversation, then config; else the model
        LM Studio has loaded for chat, else the first chat model it lists."""
        for choice in (*choices, self.default_model):
            if choice:
                return choice
        chosen = automatic_choice(await self.catalog())
        if chosen is None:
            raise LMStudioError(
                "no_model_loaded",
                "LM Studio has no chat model available. Load a model in LM Studio (or download one) and try again.",
            )
        return chosen

    # ---- streaming ----------------------------------------------------------------------

    async def stream_chat_completion(
        self,
        messages: list[dict],
        model: str | None = None,
        temperature: float = 0.7,
        max_tokens: int | None = None,
        sampling: dict | None = None,
    ) -> AsyncIterator[tuple[str, object]]:
        """Yield (content|reasoning, text) deltas, then (usage, dict) if sent, then (finish, reason).

        Raises LMStudioError for every failure, including a stream that ends without a
        finish_reason and deadlines for the first token and between tokens. Leaving the
        iteration early (or cancelling it) closes the HTTP response, so LM Studio stops.
        """
        model = await self.resolve_model(model)
        sdk = await self.sdk()
        options = {"max_tokens": max_tokens} if max_tokens is not None else {}
        # Only what is set is sent: LM Studio's (and the model's) own defaults rule the rest.
        # top_p and stop are OpenAI parameters the SDK types; top_k, min_p and repeat_penalty
        # are LM Studio's, which the SDK passes on in extra_body.
        sampling = {name: value for name, value in (sampling or {}).items() if value is not None}
        options.update({name: sampling.pop(name) for name in ("top_p", "stop") if name in sampling})
        loop = asyncio.get_running_loop()
        got_first_token = False
        finish_reason = None
        splitter = ThinkTagSplitter()
        try:
            async with asyncio.timeout(self.first_token_timeout_s) as deadline:
                request = sdk.chat.completions.with_streaming_response.create(
                    model=model,
                    messages=[],  # sent in extra_body, see HISTORY_IN_EXTRA_BODY
                    temperature=temperature,
                    stream=True,
                    stream_options={"include_usage": True},
                    extra_body={"messages": messages, **sampling},
                    **options,
                )
                async with request as response:
                    moved_at = 0.0
                    async for line in response.iter_lines():
                        if not line.startswith("data:"):
                            continue  # blank separators and ": keep-alive" comments
                        payload = line[5:].strip()
                        if payload == "[DONE]":
                            break
                        chunk = self._parse_chunk(payload, model)
                        got_first_token = True
                        now = loop.time()
                        if now - moved_at > DEADLINE_RESOLUTION_S:
                            deadline.reschedule(now + self.stall_timeout_s)
                            moved_at = now
                        usage = chunk.get("usage")
                        if usage:
                            yield USAGE, usage
                        choices = chunk.get("choices")
                        if not choices:
                            continue  # the usage chunk has an empty choices list
                        choice = choices[0]
                        delta = choice.get("delta") or {}
                        reasoning = delta.get("reasoning_content") or delta.get("reasoning")
                        if reasoning:
                            yield REASONING, reasoning
                        content = delta.get("content")
                        if content:
                            for piece in splitter.feed(content):
                                yield piece
                        if choice.get("finish_reason"):
                            finish_reason = choice["finish_reason"]
        except TimeoutError:
            raise self._deadline_error(got_first_token) from None
        except LMStudioError:
            raise
        except Exception as error:  # the SDK's and its transport's failures; CancelledError passes through
            raise self.classify(error, model) from error
        for piece in splitter.flush():
            yield piece
        if finish_reason is None:
            raise LMStudioError(
                "upstream_dropped",
                "LM Studio ended the reply without finishing it. The model may have crashed "
                "or been unloaded; try again.",
            )
        yield FINISH, finish_reason

    def _parse_chunk(self, payload: str, model: str) -> dict:
        try:
            chunk = json.loads(payload)
        except ValueError:
            raise LMStudioError("bad_response", "LM Studio sent a malformed chunk; the reply was cut short.") from None
        if not isinstance(chunk, dict):
            raise LMStudioError("bad_response", "LM Studio sent a malformed chunk; the reply was cut short.")
        if "error" in chunk:
            # Some failures arrive after a 200, as an error chunk: a context overflow among them.
            detail = _upstream_message(chunk)
            overflow = recognise(detail)
            if overflow is not None:
                raise context_overflow_error(overflow, model)
            raise LMStudioError("lm_studio_error", f"LM Studio reported an error mid-reply: {_sentence(detail)}")
        return chunk

    def _deadline_error(self, got_first_token: bool) -> LMStudioError:
        if got_first_token:
            return LMStudioError(
                "stalled",
                f"LM Studio stopped sending tokens for {self.stall_timeout_s:g} s, so the reply was "
                "cut short. Check that LM Studio is still running and try again.",
                http_status=504,
            )
        return LMStudioError(
            "first_token_timeout",
            f"LM Studio sent no answer within {self.first_token_timeout_s:g} s. The model may still "
            "be loading; try again, or raise CHAT_FIRST_TOKEN_TIMEOUT_S.",
            http_status=504,
        )
