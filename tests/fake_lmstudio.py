#!/usr/bin/env python3
"""A stand-in for LM Studio's OpenAI-compatible server, for tests and for trying the app without LM Studio.

It is a real HTTP/1.1 server (standard library only) that speaks LM Studio's wire format:
GET /v1/models, and POST /v1/chat/completions streaming `chat.completion.chunk`s, a final
chunk with `finish_reason`, a usage chunk with empty `choices` when asked, then `data: [DONE]`.

Run by hand:  python tests/fake_lmstudio.py --port 1234

How each reply behaves can be set three ways, the later winning:
  1. command-line flags (--tokens, --delay, …) for every request;
  2. PUT /_stub/behaviour with a JSON object of the keys below (DELETE resets it);
  3. a directive in the last user message, e.g.  {{stub tokens=5 delay=0.1 drop_after=3}}
Keys: tokens, delay, first_delay, headers_delay, reasoning, reasoning_field, think,
drop_after (reset the connection after N content tokens), cut_after (end the response cleanly
after N, with no finish_reason), stall_after, malformed_after, status, error_code, text, finish_reason.
GET /_stub/requests lists the chat requests seen (body, whether the client hung up
early); DELETE /_stub/requests clears it. PUT /_stub/models {"models": [...]} sets the list.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shlex
import signal
import time
from dataclasses import dataclass, field

DEFAULT_MODELS = ["stand-in-7b-instruct", "stand-in-reasoner"]
# The default reply cycles through these words; accents and an emoji keep UTF-8 honest.
REPLY_WORDS = (
    "This is the LM Studio stand-in answering. It streams one word at a time, so you can watch "
    "the reply grow: café, naïve, 🚀, done."
).split(" ")
REASONING_WORDS = "Let me think about this step by step before I answer.".split(" ")
DIRECTIVE = re.compile(r"\{\{stub([^}]*)\}\}")
INT_KEYS = {"tokens", "reasoning", "think", "drop_after", "cut_after", "stall_after", "malformed_after", "status"}
FLOAT_KEYS = {"delay", "first_delay", "headers_delay"}
TEXT_KEYS = {"reasoning_field", "error_code", "text", "finish_reason"}
HANG_S = 3600.0  # "forever" for a stall; ends early when the client hangs up


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


@dataclass
class StandIn:
    models: list[str] = field(default_factory=lambda: list(DEFAULT_MODELS))
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


class HangUp(Exception):
    """The client closed the connection."""


class Connection(asyncio.Protocol):
    """One client connection: requests are read from a buffer; connection_lost marks a hang-up."""

    def __init__(self, stand_in: StandIn) -> None:
        self.stand_in = stand_in
        self.buffer = bytearray()
        self.readable = asyncio.Event()
        self.closed = asyncio.Event()
        self.writable = asyncio.Event()
        self.writable.set()
        self.transport: asyncio.Transport | None = None

    # ---- asyncio.Protocol -----------------------------------------------------------------

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.task = asyncio.get_running_loop().create_task(self.serve())

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self.readable.set()

    def eof_received(self):
        self.closed.set()
        self.readable.set()
        return False

    def connection_lost(self, exc) -> None:
        self.closed.set()
        self.readable.set()
        self.writable.set()

    def pause_writing(self) -> None:
        self.writable.clear()

    def resume_writing(self) -> None:
        self.writable.set()

    # ---- HTTP -------------------------------------------------------------------------------

    async def read_until(self, predicate) -> None:
        while not predicate():
            if self.closed.is_set():
                raise HangUp
            self.readable.clear()
            await self.readable.wait()

    async def read_request(self):
        await self.read_until(lambda: b"\r\n\r\n" in self.buffer)
        head, _, rest = bytes(self.buffer).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        self.buffer = bytearray(rest)
        await self.read_until(lambda: len(self.buffer) >= length)
        body, self.buffer = bytes(self.buffer[:length]), self.buffer[length:]
        return method, target.split("?", 1)[0], headers, body

    async def write(self, data: bytes) -> None:
        if self.closed.is_set():
            raise HangUp
        self.transport.write(data)
        if not self.writable.is_set():
            await self.writable.wait()
            if self.closed.is_set():
                raise HangUp

    async def send_json(self, status: int, payload) -> None:
        body = json.dumps(payload).encode()
        head = (
            f"HTTP/1.1 {status} {'OK' if status < 400 else 'Error'}\r\n"
            f"Content-Type: application/json; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
            "Connection: keep-alive\r\n\r\n"
        )
        await self.write(head.encode() + body)

    async def pause(self, seconds: float) -> None:
        """Sleep, but wake at once when the client hangs up."""
        if seconds <= 0:
            return
        try:
            await asyncio.wait_for(self.closed.wait(), seconds)
        except TimeoutError:
            return
        raise HangUp

    async def serve(self) -> None:
        try:
            while True:
                method, path, headers, body = await self.read_request()
                await self.route(method, path, body)
        except HangUp:
            pass
        except Exception as error:  # a bug here should be loud in the test output, not a hang
            print(f"fake_lmstudio: {type(error).__name__}: {error}", flush=True)
        finally:
            if self.transport and not self.transport.is_closing():
                self.transport.close()

    async def route(self, method: str, path: str, body: bytes) -> None:
        stand_in = self.stand_in
        if method == "GET" and path == "/v1/models":
            data = [{"id": m, "object": "model", "owned_by": "organization_owner"} for m in stand_in.models]
            return await self.send_json(200, {"object": "list", "data": data})
        if method == "POST" and path == "/v1/chat/completions":
            return await self.chat(json.loads(body or b"{}"))
        if path == "/_stub/requests":
            if method == "DELETE":
                stand_in.requests.clear()
            return await self.send_json(200, stand_in.requests)
        if path == "/_stub/behaviour":
            stand_in.behaviour = json.loads(body) if method == "PUT" else {}
            return await self.send_json(200, stand_in.behaviour)
        if path == "/_stub/models" and method == "PUT":
            stand_in.models = list(json.loads(body)["models"])
            return await self.send_json(200, stand_in.models)
        await self.send_json(404, {"error": f"Unexpected endpoint or method. ({method} {path})"})

    # ---- chat completions ---------------------------------------------------------------

    async def chat(self, body: dict) -> None:
        stand_in = self.stand_in
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
            await self.answer_chat(body, behaviour, record)
        except HangUp:
            record["client_closed_early"] = not record["completed"]
            raise
        finally:
            record["ended_at"] = time.time()

    async def refuse(self, body: dict, behaviour: dict) -> bool:
        """Answer with an error instead of a reply, as LM Studio does; True if it did."""
        model = body.get("model")
        status = behaviour.get("status")
        code = behaviour.get("error_code")
        if not status and not self.stand_in.models:
            status, code = 400, "model_not_found"
        elif not status and model not in self.stand_in.models:
            status, code = 404, "model_not_found"
        if not status:
            return False
        if code == "model_not_found":
            message = (
                f"Model '{model}' not found. Please load it first."
                if self.stand_in.models
                else "No models loaded. Please load a model in the developer page or use the `lms load` command."
            )
        else:
            message = f"Stand-in failure with status {status}"
        error = {"message": message, "type": "invalid_request_error", "param": "model", "code": code}
        await self.send_json(status, {"error": error})
        return True

    async def answer_chat(self, body: dict, behaviour: dict, record: dict) -> None:
        await self.pause(behaviour.get("headers_delay", 0))
        if await self.refuse(body, behaviour):
            record["completed"] = True
            return
        model = body["model"]
        content = tokenize(behaviour["text"]) if "text" in behaviour else reply_tokens(behaviour["tokens"])
        max_tokens = body.get("max_tokens")
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
        if not body.get("stream"):
            text = "".join(t for kind, t in pieces if kind == "content")
            record["completed"] = True
            return await self.send_json(200, self.completion(model, text, finish_reason, len(pieces)))
        await self.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            b"Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        await self.pause(behaviour.get("first_delay", 0))
        chunk_id = f"chatcmpl-{record['id']}"
        created = int(time.time())
        delay = behaviour["delay"]
        sent_content = 0
        for index, (kind, text) in enumerate(pieces):
            if kind == "content":
                if sent_content == behaviour.get("drop_after"):
                    self.transport.abort()  # the connection dies mid-reply, no finish_reason
                    raise HangUp
                if sent_content == behaviour.get("cut_after"):
                    record["completed"] = True  # a clean end of the HTTP body, just no finish_reason
                    return await self.write(b"0\r\n\r\n")
                if sent_content == behaviour.get("stall_after"):
                    await self.pause(HANG_S)
                if sent_content == behaviour.get("malformed_after"):
                    await self.send_event('{"id": "broken", "choices": [')
                sent_content += 1
            if index and delay:
                await self.pause(delay)
            delta = {"role": "assistant", kind: text}
            await self.send_event(self.chunk(chunk_id, created, model, delta, None))
            record["tokens_sent"] += 1
        await self.send_event(self.chunk(chunk_id, created, model, {}, finish_reason))
        if (body.get("stream_options") or {}).get("include_usage"):
            usage = {"prompt_tokens": 10, "completion_tokens": len(pieces), "total_tokens": 10 + len(pieces)}
            await self.send_event(self.chunk(chunk_id, created, model, None, None, usage=usage))
        await self.send_event("[DONE]")
        record["completed"] = True
        await self.write(b"0\r\n\r\n")

    @staticmethod
    def chunk(chunk_id, created, model, delta, finish_reason, usage=None) -> str:
        chunk = {
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
            chunk["usage"] = usage
        return json.dumps(chunk, ensure_ascii=False)

    @staticmethod
    def completion(model: str, text: str, finish_reason: str, tokens: int) -> dict:
        return {
            "id": "chatcmpl-stand-in",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish_reason}
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": tokens, "total_tokens": 10 + tokens},
        }

    async def send_event(self, data: str) -> None:
        payload = f"data: {data}\n\n".encode()
        await self.write(b"%x\r\n%s\r\n" % (len(payload), payload))


async def serve(host: str, port: int, stand_in: StandIn) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Connection(stand_in), host, port, reuse_address=True)
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    print(f"LM Studio stand-in listening on http://{host}:{port}/v1 with models {stand_in.models}", flush=True)
    async with server:
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1234)
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS), help="comma-separated ids ('' for none)")
    parser.add_argument("--tokens", type=int, default=60, help="tokens per reply")
    parser.add_argument("--delay", type=float, default=0.03, help="seconds between tokens")
    args = parser.parse_args()
    stand_in = StandIn(
        models=[m for m in args.models.split(",") if m],
        defaults={"tokens": args.tokens, "delay": args.delay},
    )
    asyncio.run(serve(args.host, args.port, stand_in))


if __name__ == "__main__":
    main()
