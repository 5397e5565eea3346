"""Which of LM Studio's native APIs answer, and what a route the server lacks answers.

The API mode (PUT /_stub/native_api) stands for the server the backend might meet:
  "v1"    LM Studio 0.4+: /api/v1/* and /api/v0/* (the default)
  "v0"    LM Studio 0.3: /api/v0/* only
  "none"  llama.cpp, Ollama, vLLM: neither, only /v1/models and chat
A route of an API the mode lacks answers as an unknown endpoint does: HTTP 200 with LM Studio's
"Unexpected endpoint or method." string (`errors.unexpected_endpoint`). The other servers word
their 404s differently; the stand-in keeps LM Studio's body, as a client must judge by the body.
"""

from __future__ import annotations

from aiohttp import web

from .errors import unexpected_endpoint
from .state import STAND_IN

SERVED_BY = {"/api/v1/": ("v1",), "/api/v0/": ("v1", "v0")}


def served(api_version: str, path: str) -> bool:
    for prefix, versions in SERVED_BY.items():
        if path.startswith(prefix):
            return api_version in versions
    return True


@web.middleware
async def only_served_apis(request: web.Request, handler):
    if not served(request.app[STAND_IN].api_version, request.path):
        return unexpected_endpoint(request)
    return await handler(request)


async def unknown_endpoint(request: web.Request) -> web.Response:
    return unexpected_endpoint(request)
