"""POST /v1/chat/completions, streamed as LM Studio streams it.

`chat.completion.chunk`s one token each, a chunk with `finish_reason`, a usage chunk with empty
`choices` when `stream_options.include_usage` asks, then `data: [DONE]`; or one
`chat.completion` when `stream` is false. `model` may be a model's key or one of its loaded
instance ids (`key:2`); a model that is not loaded is loaded for the request first (JIT), as
LM Studio does. The request body is recorded whole (a `ttl` and `tools` included) for GET
/_stub/requests, with when it arrived (`received_at`, before its body was read) and when the
chunk with `finish_reason` went out (`finished_at`; None until then), so a benchmark can time
what a client does between one reply's end and its next request. A reply that calls tools (the
`tool_steps` behaviour) streams as tool_calls.py describes, and ends with
`finish_reason: "tool_calls"`.
"""

from __future__ import annotations

import asyncio
import json
import time

from aiohttp import web

from .errors import CANNOT_SEE, error_body, overflow_message, reached_message
from .models import DEFAULT_CONTEXT_LENGTH
from .replies import reply_pieces, tokenize
from .state import STAND_IN, StandIn
from .tokens import count_prompt_tokens, image_parts
from .tool_calls import call_deltas, scripted_step, whole_calls

HANG_S = 3600.0  # "forever" for a stall; the handler is cancelled as soon as the client hangs up


def refusal(stand_in: StandIn, body: dict, behaviour: dict) -> web.Response | None:
    """An error answer instead of a reply, as LM Studio gives one; None to reply."""
    model_id = body.get("model")
    status, code = behaviour.get("status"), behaviour.get("error_code")
    model, _ = stand_in.store.find(model_id)
    if not status and not stand_in.store.models:
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
            if stand_in.store.models
            else "No models loaded. Please load a model in the developer page or use the `lms load` command."
        )
    else:
        message = f"Stand-in failure with status {status}"
    return web.json_response(error_body(message, code), status=status)


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


def completion(model: str, text: str, finish_reason: str, tokens: int, tool_calls=None) -> dict:
    message = {"role": "assistant", "content": text}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {
        "id": "chatcmpl-stand-in",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 10, "completion_tokens": tokens, "total_tokens": 10 + tokens},
    }


async def chat_completions(request: web.Request) -> web.StreamResponse:
    received_at = time.time()
    stand_in = request.app[STAND_IN]
    body = await request.json()
    behaviour = stand_in.behaviour_for(body)
    record = {
        "id": len(stand_in.requests) + 1,
        "model": body.get("model"),
        "messages": body.get("messages"),
        "tools": body.get("tools"),
        "body": body,
        "behaviour": behaviour,
        "received_at": received_at,
        "started_at": time.time(),
        "finished_at": None,
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
    described, instance = stand_in.store.find(model)
    if described["state"] != "loaded":  # LM Studio loads it for this request (JIT), then answers
        await asyncio.sleep(behaviour.get("load_delay", described.get("load_delay", 0)))
        instance = stand_in.store.load(described)
    window = (
        behaviour.get("context_length")
        or (instance and instance["config"]["context_length"])
        or described.get("loaded_context_length")
        or DEFAULT_CONTEXT_LENGTH
    )
    prompt_tokens = count_prompt_tokens(body.get("messages"), body.get("tools"))
    record["prompt_tokens"] = prompt_tokens
    form = behaviour.get("overflow", "keep_first")
    if prompt_tokens > window and form != "midstream":
        record["completed"] = True
        message = overflow_message(form, prompt_tokens, window)
        return web.json_response(error_body(message, None, param=None), status=400)
    pieces, finish_reason = reply_pieces(behaviour, body.get("max_tokens"))
    step = scripted_step(behaviour, body.get("messages"))
    deltas = []
    if step is not None:  # text first, then the calls
        text, calls = step
        pieces, finish_reason = [("content", t) for t in tokenize(text)], "tool_calls"
        deltas = call_deltas(calls, behaviour.get("tool_call_style", "pieces"))
    if not body.get("stream"):
        text = "".join(t for kind, t in pieces if kind == "content")
        record["completed"] = True
        calls = whole_calls(step[1]) if step else None
        return web.json_response(completion(model, text, finish_reason, len(pieces), calls))

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
    for delta in deltas:
        if delay:
            await asyncio.sleep(delay)
        await send_event(chunk(chunk_id, created, model, delta, None))
        record["tokens_sent"] += 1
    await asyncio.sleep(behaviour.get("end_delay", 0))
    await send_event(chunk(chunk_id, created, model, {}, finish_reason))
    record["finished_at"] = time.time()
    if (body.get("stream_options") or {}).get("include_usage"):
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(pieces) + len(deltas),
            "total_tokens": prompt_tokens + len(pieces) + len(deltas),
        }
        await send_event(chunk(chunk_id, created, model, None, None, usage=usage))
    await send_event("[DONE]")
    record["completed"] = True
    await response.write_eof()
    return response
