#!/usr/bin/env python3
"""A stand-in for LM Studio's server, for tests and for trying the app without LM Studio.

A real HTTP server (aiohttp.web, the same library the backend's OpenAI SDK transport uses)
that speaks LM Studio 0.4's wire format. The code is the package `tests/stand_in/`, one job per
module; this file runs it and keeps the names tests import (`from fake_lmstudio import …`).
  GET  /v1/models                every model, OpenAI style (ids)
  POST /v1/chat/completions      streamed `chat.completion.chunk`s, a chunk with `finish_reason`,
                                 a usage chunk with empty `choices` when asked, then `data: [DONE]`;
                                 `model` is a model's key or a loaded instance id (`key:2`)
  GET  /api/v0/models            LM Studio's older native list: type, state, context lengths,
                                 quantization, arch
  GET  /api/v1/models            LM Studio 0.4's native list: {"models": [...]} with each model's
                                 key, type, capabilities, size and loaded instances
  POST /api/v1/models/load       {model, context_length?, …, echo_load_config?}: one more instance
  POST /api/v1/models/unload     {instance_id}
Anything else answers as LM Studio does: HTTP 200 {"error": "Unexpected endpoint or method. (GET /x)"}.
`stand_in/model_views.py` and `stand_in/loading.py` say which shapes are LM Studio's documented
ones and which answers (load errors) are our assumption.

Run by hand (the backend's venv has aiohttp):  backend/venv/bin/python tests/fake_lmstudio.py --port 1234
  --require-token TOKEN   behave as LM Studio with "Require Authentication" on: every route but
                          /_stub/* wants `Authorization: Bearer TOKEN`, else HTTP 401

How each reply behaves can be set three ways, the later winning:
  1. command-line flags (--tokens, --delay, …) for every request;
  2. PUT /_stub/behaviour with a JSON object of the keys below (DELETE resets it);
  3. a directive in the last user message, e.g.  {{stub tokens=5 delay=0.1 drop_after=3}}
Keys: tokens, delay, first_delay, headers_delay, end_delay (a pause after the last token, before
the finish chunk: the whole text is shown while the reply is still open), reasoning, reasoning_field, think,
drop_after (reset the connection after N content tokens), cut_after (end the response cleanly
after N, with no finish_reason), stall_after, malformed_after, status, error_code, text, finish_reason,
load_delay (a model that is not loaded takes this long to load, then is loaded; also the time
POST /api/v1/models/load takes), context_length
(the window, instead of the model's loaded_context_length) and overflow: how a prompt longer
than the window is refused, in LM Studio's words: "keep_first" (HTTP 400, the default),
"n_keep" (HTTP 400, llama.cpp's wording) or "midstream" (HTTP 200, then an error chunk). A reply
that would run past the window streams what fits, then LM Studio's "Reached context length"
error chunk. Replies that call tools are scripted with `tool_steps` (JSON only: PUT /_stub/behaviour):
a list whose k-th entry answers a request holding k rounds of tool results, each a list of
calls {"name", "arguments" (object, or a string sent as written), "id"?} or {"text", "calls"};
`tool_calls` is a one-round script; `tool_call_style` is "pieces", "one_chunk" or "empty_names"
(stand_in/tool_calls.py says which LM Studio versions stream which).
Prompt tokens are counted as one per CHARS_PER_TOKEN characters, IMAGE_TOKENS per image and
TOKENS_PER_MESSAGE per message, and reported in `usage`. Images (OpenAI content parts `image_url`)
sent to a model whose type is not "vlm" are refused as LM Studio refuses them:
HTTP 400 {"error": "Model does not support images. Please use a model that does."}.

Test controls (never behind the token; `stand_in/controls.py`):
  GET|DELETE /_stub/requests   the chat requests seen (body, content parts included, whether the
                               client hung up early, `received_at` and `finished_at`: when it
                               arrived and when its finish chunk went out); DELETE clears them
  GET|DELETE /_stub/loads      the load and unload requests seen: {id, path, body, received_at,
                               answered_at, status}; DELETE clears them
  PUT /_stub/models            {"models": [...]}: ids (an id containing "embed" is an embedding
                               model) or objects with LM Studio's native v0 fields, plus the keys
                               `stand_in/models.py` lists (display_name, tools, refuse_load,
                               load_delay, loads_at_most, …)
  PUT /_stub/native_api        {"version": "v1"} LM Studio 0.4 (the default), "v0" LM Studio 0.3
                               (/api/v1/* unknown), "none" llama.cpp/Ollama/vLLM (/api/v0/* too);
                               {"enabled": true|false} still means "v1"|"none"
  PUT /_stub/token             {"token": "..."} requires that API token, {"token": null} none
"""

from __future__ import annotations

import argparse

from aiohttp import web

from stand_in.app import create_app
from stand_in.models import CHAT_MODELS, DEFAULT_MODELS, EMBEDDING_MODEL, ModelStore
from stand_in.replies import reasoning_tokens, reply_text
from stand_in.state import StandIn
from stand_in.tokens import CHARS_PER_TOKEN, TOKENS_PER_MESSAGE, count_prompt_tokens

__all__ = [
    "CHARS_PER_TOKEN",
    "CHAT_MODELS",
    "DEFAULT_MODELS",
    "EMBEDDING_MODEL",
    "TOKENS_PER_MESSAGE",
    "StandIn",
    "count_prompt_tokens",
    "create_app",
    "reasoning_tokens",
    "reply_text",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1234)
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS), help="comma-separated ids ('' for none)")
    parser.add_argument("--tokens", type=int, default=60, help="tokens per reply")
    parser.add_argument("--delay", type=float, default=0.03, help="seconds between tokens")
    parser.add_argument("--require-token", metavar="TOKEN", help="an LM Studio API token every request must carry")
    args = parser.parse_args()
    stand_in = StandIn(
        store=ModelStore([m for m in args.models.split(",") if m]),
        defaults={"tokens": args.tokens, "delay": args.delay},
        token=args.require_token or None,
    )
    ids = [m["id"] for m in stand_in.store.models]
    print(f"LM Studio stand-in listening on http://{args.host}:{args.port}/v1 with models {ids}", flush=True)
    # handler_cancellation: a client that hangs up cancels its handler at once, as it stops LM Studio.
    web.run_app(
        create_app(stand_in), host=args.host, port=args.port, handler_cancellation=True, access_log=None, print=None
    )


if __name__ == "__main__":
    main()
