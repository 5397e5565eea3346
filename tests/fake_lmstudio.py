#!/usr/bin/env python3
"""A stand-in for LM Studio's server, for tests and for trying the app without LM Studio.

A real HTTP server (aiohttp.web, the same library the backend's OpenAI SDK transport uses)
that speaks LM Studio's wire format:
  GET  /v1/models              every model, OpenAI style (ids)
  GET  /api/v0/models          LM Studio's native list: type, state, context lengths, quantization, arch
  POST /v1/chat/completions    streamed `chat.completion.chunk`s, a chunk with `finish_reason`,
                               a usage chunk with empty `choices` when asked, then `data: [DONE]`

Run by hand (the backend's venv has aiohttp):  backend/venv/bin/python tests/fake_lmstudio.py --port 1234

How each reply behaves can be set three ways, the later winning:
  1. command-line flags (--tokens, --delay, …) for every request;
  2. PUT /_stub/behaviour with a JSON object of the keys below (DELETE resets it);
  3. a directive in the last user message, e.g.  {{stub tokens=5 delay=0.1 drop_after=3}}
Keys: tokens, delay, first_delay, headers_delay, end_delay (a pause after the last token, before
the finish chunk: the whole text is shown while the reply is still open), reasoning, reasoning_field, think,
drop_after (reset the connection after N content tokens), cut_after (end the response cleanly
after N, with no finish_reason), stall_after, malformed_after, status, error_code, text, finish_reason,
load_delay (a model that is not loaded takes this long to load, then is loaded), context_length
(the window, instead of the model's loaded_context_length) and overflow: how a prompt longer
than the window is refused, in LM Studio's words: "keep_first" (HTTP 400, the default),
"n_keep" (HTTP 400, llama.cpp's wording) or "midstream" (HTTP 200, then an error chunk). A reply
that would run past the window streams what fits, then LM Studio's "Reached context length"
error chunk. Prompt tokens are counted as one per CHARS_PER_TOKEN characters, IMAGE_TOKENS per
image and TOKENS_PER_MESSAGE per message, and reported in `usage`. Images (OpenAI content parts
`image_url`) sent to a model whose type is not "vlm" are refused as LM Studio refuses them:
HTTP 400 {"error": "Model does not support images. Please use a model that does."}.

GET /_stub/requests lists the chat requests seen (body, content parts included, whether the
client hung up early);
DELETE /_stub/requests clears it. PUT /_stub/models {"models": [...]} sets the models: ids
(an id containing "embed" is an embedding model) or objects with LM Studio's native fields.
PUT /_stub/native_api {"enabled": false} makes /api/v0/models answer 404, as servers other
than LM Studio do (llama.cpp, Ollama, vLLM).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shlex
import time
from dataclasses import dataclass, field

from aiohttp import web

EMBEDDING_MODEL = "text-embedding-nomic-embed-text-v1.5"
# LM Studio lists its bundled embedding model beside the chat models; first, to keep us honest.
DEFAULT_MODELS = [EMBEDDING_MODEL, "stand-in-7b-instruct", "stand-in-reasoner"]
CHAT_MODELS = [m for m in DEFAULT_MODELS if m != EMBEDDING_MODEL]
# The default reply cycles through these words; accents and an emoji keep UTF-8 honest.
REPLY_WORDS = (
    "This is the LM Studio stand-in answering. It streams one word at a time, so you can watch "
    "the reply grow: café, naïve, 🚀, done."
).split(" ")
REASONING_WORDS = "Let me think about this step by step before I answer.".split(" ")
DIRECTIVE = re.compile(r"\{\{stub([^}]*)\}\}")
INT_KEYS = {
    "tokens",
    "reasoning",
    "think",
    "drop_after",
    "cut_after",
    "stall_after",
    "malformed_after",
    "status",
    "context_length",
}
FLOAT_KEYS = {"delay", "first_delay", "headers_delay", "end_delay", "load_delay"}
TEXT_KEYS = {"reasoning_field", "error_code", "text", "finish_reason", "overflow"}
HANG_S = 3600.0  # "forever" for a stall; the handler is cancelled as soon as the client hangs up
DEFAULT_CONTEXT_LENGTH = 4096
MAX_CONTEXT_LENGTH = 32768
CHARS_PER_TOKEN = 4
TOKENS_PER_MESSAGE = 4
IMAGE_TOKENS = 256
CANNOT_SEE = "Model does not support images. Please use a model that does."


def count_prompt_tokens(messages) -> int:
    """The stand-in's tokenizer: a token per CHARS_PER_TOKEN characters of text, IMAGE_TOKENS per
    image, plus the template's."""
    total = 0
    for message in messages or []:
        content = message.get("content") if isinstance(message, dict) else ""
        parts = content if isinstance(content, list) else [{"type": "text", "text": str(content or "")}]
        for part in parts:
            if isinstance(part, dict) and part.get("type") == "image_url":
                total += IMAGE_TOKENS
            else:
                text = part.get("text", "") if isinstance(part, dict) else json.dumps(part)
                total += -(-len(str(text)) // CHARS_PER_TOKEN)
        total += TOKENS_PER_MESSAGE
    return total


def image_parts(messages) -> list[dict]:
    """Every image content part of the request, in order."""
    return [
        part
        for message in messages or []
        if isinstance(message, dict) and isinstance(message.get("content"), list)
        for part in message["content"]
        if isinstance(part, dict) and part.get("type") == "image_url"
    ]


def overflow_message(form: str, prompt_tokens: int, context_length: int) -> str:
    """LM Studio's own words for a prompt longer than the window, in each of its forms."""
    if form == "n_keep":
        return f"Cannot truncate prompt with n_keep ({prompt_tokens}) >= n_ctx ({context_length})"
    if form == "midstream":
        return (
            f"Input does not fit in context length. The input has {prompt_tokens} tokens, but the "
            f"context length only supports {context_length} tokens."
        )
    return (
        f"Trying to keep the first {prompt_tokens} tokens when context the overflows. However, the model "
        f"is loaded with context length of only {context_length} tokens, which is not enough. Try to load "
        "the model with a larger context length, or provide a shorter input"
    )


def reached_message(context_length: int) -> str:
    return (
        f"Reached context length of {context_length} tokens with model (arch: llama) that does not "
        "currently support mid-generation context overflow. Try reloading with a larger context "
        "length or shortening the prompt/chat."
    )


def reply_tokens(count: int) -> list[str]:
    """The default reply: `count` tokens, each a word followed by a space."""
    return [REPLY_WORDS[i % len(REPLY_WORDS)] + " " for i in range(count)]


def reply_text(count: int) -> str:
    return "".join(reply_tokens(count))


def reasoning_tokens(count: int) -> list[str]:
    return [REASONING_WORDS[i % len(REASONING_WORDS)] + " " for i in range(count)]


def tokenize(text: str) -> list[str]:
    """Split literal text into word-sized tokens that join back to exactly the text."""
    return re.findall(r"\s*\S+|\s+", text)


def parse_directive(text: str) -> dict:
    behaviour: dict = {}
    for match in DIRECTIVE.finditer(text):
        for item in shlex.split(match.group(1)):
            key, _, value = item.partition("=")
            if key in INT_KEYS:
                behaviour[key] = int(value)
            elif key in FLOAT_KEYS:
                behaviour[key] = float(value)
            elif key in TEXT_KEYS:
                behaviour[key] = value
    return behaviour


def last_user_text(messages) -> str:
    for message in reversed(messages if isinstance(messages, list) else []):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):
                return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
            return str(content or "")
    return ""


def native_model(spec) -> dict:
    """A model as LM Studio's GET /api/v0/models describes it, from an id or a partial description."""
    spec = {"id": spec} if isinstance(spec, str) else dict(spec)
    is_embedding = "embed" in spec["id"].lower()
    model = {
        "id": spec["id"],
        "object": "model",
        "type": "embeddings" if is_embedding else "llm",
        "publisher": "stand-in",
        "arch": "nomic-bert" if is_embedding else "llama",
        "compatibility_type": "gguf",
        "quantization": "Q4_0" if is_embedding else "Q4_K_M",
        "state": "not-loaded" if is_embedding else "loaded",
        "max_context_length": 2048 if is_embedding else MAX_CONTEXT_LENGTH,
        **spec,
    }
    if model["state"] == "loaded" and "loaded_context_length" not in model:
        # Loaded with the whole window, so that long test replies fit; a model loaded for a
        # request (JIT) gets LM Studio's usual DEFAULT_CONTEXT_LENGTH instead.
        model["loaded_context_length"] = model["max_context_length"]
    return model


@dataclass
class StandIn:
    models: list[dict] = field(default_factory=lambda: [native_model(m) for m in DEFAULT_MODELS])
    native_api: bool = True
    defaults: dict = field(default_factory=dict)
    behaviour: dict = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)

    def behaviour_for(self, body: dict) -> dict:
        return {
            "tokens": 20,
            "delay": 0.0,
            **self.defaults,
            **self.behaviour,
            **parse_directive(last_user_text(body.get("messages"))),
        }

    def model(self, model_id) -> dict | None:
        return next((m for m in self.models if m["id"] == model_id), None)


STAND_IN = web.AppKey("stand_in", StandIn)


def error_body(message: str, code: str | None, param: str | None = "model") -> dict:
    return {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": code}}


# ---- models and test controls -------------------------------------------------------------


async def list_models(request: web.Request) -> web.Response:
    models = request.app[STAND_IN].models
    data = [{"id": m["id"], "object": "model", "owned_by": "organization_owner"} for m in models]
    return web.json_response({"object": "list", "data": data})


async def list_native_models(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    if not stand_in.native_api:
        return web.json_response({"error": "Unexpected endpoint or method. (GET /api/v0/models)"}, status=404)
    return web.json_response({"object": "list", "data": stand_in.models})


async def recorded_requests(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    if request.method == "DELETE":
        stand_in.requests.clear()
    return web.json_response(stand_in.requests)


async def set_behaviour(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    stand_in.behaviour = await request.json() if request.method == "PUT" else {}
    return web.json_response(stand_in.behaviour)


async def set_models(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    stand_in.models = [native_model(m) for m in (await request.json())["models"]]
    return web.json_response(stand_in.models)


async def set_native_api(request: web.Request) -> web.Response:
    stand_in = request.app[STAND_IN]
    stand_in.native_api = bool((await request.json())["enabled"])
    return web.json_response({"enabled": stand_in.native_api})


# ---- chat completions ---------------------------------------------------------------------


def refusal(stand_in: StandIn, body: dict, behaviour: dict) -> web.Response | None:
    """An error answer instead of a reply, as LM Studio gives one; None to reply."""
    model_id = body.get("model")
    status, code = behaviour.get("status"), behaviour.get("error_code")
    model = stand_in.model(model_id)
    if not status and not stand_in.models:
        status, code = 400, "model_not_found"
    elif not status and model is None:
        status, code = 404, "model_not_found"
    elif not status and model["type"] == "embeddings":
        message = f"Model '{model_id}' is an embedding model and cannot be used for chat completions."
        return web.json_response(error_body(message, None), status=400)
    elif not status and model["type"] != "vlm" and image_parts(body.get("messages")):
        return web.json_response({"error": CANNOT_SEE}, status=400)  # LM Studio's own shape
    if not status:
        return None
    if code == "model_not_found":
        message = (
            f"Model '{model_id}' not found. Please load it first."
            if stand_in.models
            else "No models loaded. Please load a model in the developer page or use the `lms load` command."
        )
    else:
        message = f"Stand-in failure with status {status}"
    return web.json_response(error_body(message, code), status=status)


def reply_pieces(behaviour: dict, max_tokens) -> tuple[list[tuple[str, str]], str]:
    """What the reply streams, as (delta field, text) pairs, and its finish_reason."""
    content = tokenize(behaviour["text"]) if "text" in behaviour else reply_tokens(behaviour["tokens"])
    finish_reason = behaviour.get("finish_reason", "stop")
    if isinstance(max_tokens, int) and 0 < max_tokens < len(content):
        content, finish_reason = content[:max_tokens], "length"
    pieces = [
        (behaviour.get("reasoning_field", "reasoning_content"), t)
        for t in reasoning_tokens(behaviour.get("reasoning", 0))
    ]
    if behaviour.get("think"):
        # Tags split across chunks, as a tokenizer would cut them.
        pieces += [("content", "<thi"), ("content", "nk>")]
        pieces += [("content", t) for t in reasoning_tokens(behaviour["think"])]
        pieces += [("content", "</th"), ("content", "ink>\n\n")]
    pieces += [("content", t) for t in content]
    return pieces, finish_reason


def chunk(chunk_id: str, created: int, model: str, delta, finish_reason, usage=None) -> str:
    payload = {
        "id": chunk_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "system_fingerprint": model,
        "choices": []
        if delta is None
        else [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
    }
    if usage:
        payload["usage"] = usage
    return json.dumps(payload, ensure_ascii=False)


def completion(model: str, text: str, finish_reason: str, tokens: int) -> dict:
    return {
        "id": "chatcmpl-stand-in",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 10, "completion_tokens": tokens, "total_tokens": 10 + tokens},
    }


async def chat_completions(request: web.Request) -> web.StreamResponse:
    stand_in = request.app[STAND_IN]
    body = await request.json()
    behaviour = stand_in.behaviour_for(body)
    record = {
        "id": len(stand_in.requests) + 1,
        "model": body.get("model"),
        "messages": body.get("messages"),
        "body": body,
        "behaviour": behaviour,
        "started_at": time.time(),
        "ended_at": None,
        "tokens_sent": 0,
        "completed": False,
        "client_closed_early": False,
    }
    stand_in.requests.append(record)
    try:
        return await answer_chat(request, stand_in, body, behaviour, record)
    except (asyncio.CancelledError, ConnectionResetError):
        # aiohttp cancels this handler the moment the client hangs up.
        record["client_closed_early"] = not record["completed"]
        raise
    finally:
        record["ended_at"] = time.time()


async def answer_chat(request, stand_in: StandIn, body: dict, behaviour: dict, record: dict) -> web.StreamResponse:
    await asyncio.sleep(behaviour.get("headers_delay", 0))
    refused = refusal(stand_in, body, behaviour)
    if refused is not None:
        record["completed"] = True
        return refused
    model = body["model"]
    described = stand_in.model(model)
    if described["state"] != "loaded":  # LM Studio loads it for this request (JIT), then answers
        await asyncio.sleep(behaviour.get("load_delay", 0))
        described["state"] = "loaded"
        described["loaded_context_length"] = min(DEFAULT_CONTEXT_LENGTH, described["max_context_length"])
    window = behaviour.get("context_length") or described.get("loaded_context_length") or DEFAULT_CONTEXT_LENGTH
    prompt_tokens = count_prompt_tokens(body.get("messages"))
    record["prompt_tokens"] = prompt_tokens
    form = behaviour.get("overflow", "keep_first")
    if prompt_tokens > window and form != "midstream":
        record["completed"] = True
        message = overflow_message(form, prompt_tokens, window)
        return web.json_response(error_body(message, None, param=None), status=400)
    pieces, finish_reason = reply_pieces(behaviour, body.get("max_tokens"))
    if not body.get("stream"):
        text = "".join(t for kind, t in pieces if kind == "content")
        record["completed"] = True
        return web.json_response(completion(model, text, finish_reason, len(pieces)))

    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    response.enable_chunked_encoding()
    await response.prepare(request)  # the status line and headers go out now

    async def send_event(data: str) -> None:
        await response.write(f"data: {data}\n\n".encode())

    await asyncio.sleep(behaviour.get("first_delay", 0))
    chunk_id, created, delay = f"chatcmpl-{record['id']}", int(time.time()), behaviour["delay"]
    if prompt_tokens > window:  # "midstream": refused after the 200, as an error chunk
        await send_event(json.dumps({"error": {"message": overflow_message(form, prompt_tokens, window)}}))
        record["completed"] = True
        await response.write_eof()
        return response
    room = window - prompt_tokens  # what the reply may take before it fills the window
    sent_content = 0
    for index, (kind, text) in enumerate(pieces):
        if index >= room:
            await send_event(json.dumps({"error": {"message": reached_message(window)}}))
            record["completed"] = True
            await response.write_eof()
            return response
        if kind == "content":
            if sent_content == behaviour.get("drop_after"):
                request.transport.abort()  # the connection dies mid-reply: no finish_reason, no end of body
                return response
            if sent_content == behaviour.get("cut_after"):
                record["completed"] = True  # a clean end of the HTTP body, just no finish_reason
                await response.write_eof()
                return response
            if sent_content == behaviour.get("stall_after"):
                await asyncio.sleep(HANG_S)
            if sent_content == behaviour.get("malformed_after"):
                await send_event('{"id": "broken", "choices": [')
            sent_content += 1
        if index and delay:
            await asyncio.sleep(delay)
        await send_event(chunk(chunk_id, created, model, {"role": "assistant", kind: text}, None))
        record["tokens_sent"] += 1
    await asyncio.sleep(behaviour.get("end_delay", 0))
    await send_event(chunk(chunk_id, created, model, {}, finish_reason))
    if (body.get("stream_options") or {}).get("include_usage"):
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(pieces),
            "total_tokens": prompt_tokens + len(pieces),
        }
        await send_event(chunk(chunk_id, created, model, None, None, usage=usage))
    await send_event("[DONE]")
    record["completed"] = True
    await response.write_eof()
    return response


async def unknown_endpoint(request: web.Request) -> web.Response:
    return web.json_response({"error": f"Unexpected endpoint or method. ({request.method} {request.path})"}, status=404)


def create_app(stand_in: StandIn) -> web.Application:
    app = web.Application()
    app[STAND_IN] = stand_in
    app.router.add_get("/v1/models", list_models)
    app.router.add_get("/api/v0/models", list_native_models)
    app.router.add_post("/v1/chat/completions", chat_completions)
    app.router.add_route("*", "/_stub/requests", recorded_requests)
    app.router.add_route("*", "/_stub/behaviour", set_behaviour)
    app.router.add_put("/_stub/models", set_models)
    app.router.add_put("/_stub/native_api", set_native_api)
    app.router.add_route("*", "/{tail:.*}", unknown_endpoint)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1234)
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS), help="comma-separated ids ('' for none)")
    parser.add_argument("--tokens", type=int, default=60, help="tokens per reply")
    parser.add_argument("--delay", type=float, default=0.03, help="seconds between tokens")
    args = parser.parse_args()
    stand_in = StandIn(
        models=[native_model(m) for m in args.models.split(",") if m],
        defaults={"tokens": args.tokens, "delay": args.delay},
    )
    ids = [m["id"] for m in stand_in.models]
    print(f"LM Studio stand-in listening on http://{args.host}:{args.port}/v1 with models {ids}", flush=True)
    # handler_cancellation: a client that hangs up cancels its handler at once, as it stops LM Studio.
    web.run_app(
        create_app(stand_in), host=args.host, port=args.port, handler_cancellation=True, access_log=None, print=None
    )


if __name__ == "__main__":
    main()
