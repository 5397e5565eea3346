"""The only code that speaks to LM Studio: streaming chat completions, model list, error sentences."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

from http_stream import UpstreamClosedError, UpstreamStatusError, UpstreamUnreachableError, post_stream
from think_tags import REASONING, ThinkTagSplitter

# What stream_chat_completion yields: (kind, value).
FINISH = "finish"  # value: LM Studio's finish_reason ("stop", "length", …)
USAGE = "usage"  # value: the usage dict of the last chunk
# How long the list of models stays fresh when we use it to pick a default model.
MODEL_LIST_TTL_S = 30.0
# Errors (of the SDK and of httpx) that mean no connection could be made.
CONNECT_FAILURES = {"ConnectError", "ConnectTimeout", "APIConnectionError", "APITimeoutError"}
# The stall deadline is moved at most this often; a finer reschedule costs a timer per token.
DEADLINE_RESOLUTION_S = 0.25


class LMStudioError(Exception):
    """A failure talking to LM Studio, as a sentence for the user and a short code for programs."""

    def __init__(self, code: str, message: str, http_status: int = 502) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status


def _upstream_message(body) -> str:
    """LM Studio's explanation in an error body: {"error": {"message": …}} or {"error": "…"}."""
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


def _json_or_text(raw: bytes):
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace").strip()


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
        self._sdk = None
        # The chat stream bypasses the SDK and httpx (see http_stream.py): building a request
        # through the SDK (TypedDict transforms, option copies) cost ~8 ms of CPU per request,
        # which 200 conversations starting at once pay one after another.
        self._chat_url = f"{base_url}/chat/completions"
        self._chat_headers = {
            "Authorization": f"Bearer {api_key}",
            "Content-Type": "application/json",
            "Accept": "text/event-stream",
        }
        self._models_cache: tuple[float, list[str]] | None = None

    @property
    def client(self):
        """The AsyncOpenAI client (used for the model list), created on first use: importing
        the SDK and httpx takes half a second that the backend's start-up need not pay."""
        if self._sdk is None:
            import httpx
            from openai import AsyncOpenAI

            timeout = httpx.Timeout(connect=self.connect_timeout_s, read=30.0, write=30.0, pool=30.0)
            self._sdk = AsyncOpenAI(base_url=self.base_url, api_key=self._api_key, max_retries=0, timeout=timeout)
        return self._sdk

    async def close(self) -> None:
        if self._sdk is not None:
            await self._sdk.close()

    # ---- errors -------------------------------------------------------------------------

    def unreachable(self) -> LMStudioError:
        return LMStudioError(
            "lm_studio_unreachable",
            f"Cannot reach LM Studio at {self.base_url}. Start LM Studio's local server "
            "(Developer tab → Start Server, port 1234) and load a model, then try again.",
            http_status=503,
        )

    def refusal(self, status: int, body, model: str | None = None) -> LMStudioError:
        """An error status from LM Studio, with its JSON body, as one sentence and one code."""
        detail = _upstream_message(body)
        if _upstream_code(body) == "model_not_found" or (status == 404 and "model" in detail.lower()):
            self._models_cache = None
            name = f"'{model}'" if model else "the requested model"
            return LMStudioError(
                "model_not_found",
                f"LM Studio cannot find {name}. Load it in LM Studio (or pick a model that is "
                f"loaded) and try again. LM Studio said: {detail or 'model not found'}",
                http_status=502,
            )
        if status >= 500:
            return LMStudioError(
                "lm_studio_error",
                f"LM Studio failed with HTTP {status}"
                + (f": {detail}" if detail else ".")
                + " Check LM Studio's server log; reloading the model often helps.",
            )
        return LMStudioError(
            "lm_studio_rejected",
            f"LM Studio rejected the request (HTTP {status})" + (f": {detail}" if detail else "."),
        )

    def classify(self, error: BaseException, model: str | None = None) -> LMStudioError:
        """Turn any failure of a request to LM Studio into one sentence and one code."""
        if isinstance(error, LMStudioError):
            return error
        # The SDK's and httpx's errors by duck type: those modules load only once used.
        status = getattr(error, "status_code", None)
        if isinstance(status, int) and status >= 400:
            return self.refusal(status, getattr(error, "body", None), model)
        if isinstance(error, UpstreamUnreachableError) or type(error).__name__ in CONNECT_FAILURES:
            return self.unreachable()
        library = type(error).__module__.split(".")[0]
        if isinstance(error, UpstreamClosedError | OSError) or library in ("openai", "httpx", "httpcore"):
            return LMStudioError(
                "upstream_dropped",
                "LM Studio closed the connection before the reply was finished. "
                "The model may have crashed or been unloaded; try again.",
            )
        return LMStudioError("lm_studio_error", f"Unexpected failure talking to LM Studio: {type(error).__name__}.")

    # ---- models -------------------------------------------------------------------------

    async def get_available_models(self) -> list[str]:
        """Ids of the models LM Studio offers (GET /v1/models)."""
        try:
            page = await self.client.models.list()
        except Exception as error:  # every failure becomes one sentence
            raise self.classify(error) from error
        models = [model.id for model in page.data]
        self._models_cache = (time.monotonic(), models)
        return models

    async def resolve_model(self, *choices: str | None) -> str:
        """The first model named by the request, then the conversation, then config, then LM Studio's first."""
        for choice in (*choices, self.default_model):
            if choice:
                return choice
        cached = self._models_cache
        models = cached[1] if cached and time.monotonic() - cached[0] < MODEL_LIST_TTL_S else None
        if not models:
            models = await self.get_available_models()
        if not models:
            raise LMStudioError(
                "no_model_loaded",
                "LM Studio has no model available. Load a model in LM Studio (or download one) and try again.",
            )
        return models[0]

    # ---- streaming ----------------------------------------------------------------------

    async def stream_chat_completion(
        self,
        messages: list[dict],
        model: str | None = None,
        temperature: float = 0.7,
        max_tokens: int | None = None,
    ) -> AsyncIterator[tuple[str, object]]:
        """Yield (content|reasoning, text) deltas, then (usage, dict) if sent, then (finish, reason).

        Raises LMStudioError for every failure, including a stream that ends without a
        finish_reason and deadlines for the first token and between tokens. Leaving the
        iteration early (or cancelling it) closes the HTTP response, so LM Studio stops.
        """
        model = await self.resolve_model(model)
        body: dict = {
            "model": model,
            "messages": messages,
            "temperature": temperature,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if max_tokens is not None:
            body["max_tokens"] = max_tokens
        loop = asyncio.get_running_loop()
        got_first_token = False
        finish_reason = None
        splitter = ThinkTagSplitter()
        try:
            async with asyncio.timeout(self.first_token_timeout_s) as deadline:
                # Raw lines, decoded here: the SDK's typed chunk objects cost ~7x more per token.
                async with post_stream(
                    self._chat_url, json.dumps(body).encode(), self._chat_headers, self.connect_timeout_s
                ) as response:
                    moved_at = 0.0
                    async for line in response.lines():
                        if not line.startswith("data:"):
                            continue  # blank separators and ": keep-alive" comments
                        payload = line[5:].strip()
                        if payload == "[DONE]":
                            break
                        chunk = self._parse_chunk(payload)
                        if not got_first_token:
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
        except UpstreamStatusError as error:
            raise self.refusal(error.status, _json_or_text(error.body), model) from None
        except TimeoutError:
            raise self._deadline_error(got_first_token) from None
        except LMStudioError:
            raise
        except Exception as error:  # httpx/openai failures; CancelledError passes through
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

    def _parse_chunk(self, payload: str) -> dict:
        try:
            chunk = json.loads(payload)
        except ValueError:
            raise LMStudioError("bad_response", "LM Studio sent a malformed chunk; the reply was cut short.") from None
        if not isinstance(chunk, dict):
            raise LMStudioError("bad_response", "LM Studio sent a malformed chunk; the reply was cut short.")
        if "error" in chunk:
            error = chunk["error"]
            detail = error.get("message") if isinstance(error, dict) else str(error)
            raise LMStudioError("lm_studio_error", f"LM Studio reported an error mid-reply: {detail}")
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
