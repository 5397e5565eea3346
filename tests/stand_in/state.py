"""Everything the stand-in remembers between requests, reached by handlers as `request.app[STAND_IN]`."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web

from .directives import last_user_text, parse_directive
from .models import ModelStore

# Which native APIs answer: "v1" is LM Studio 0.4+ (/api/v1 and /api/v0), "v0" is LM Studio 0.3
# (/api/v0 only), "none" is a server that is not LM Studio (llama.cpp, Ollama, vLLM).
API_VERSIONS = ("v1", "v0", "none")


@dataclass
class StandIn:
    store: ModelStore = field(default_factory=ModelStore)
    api_version: str = "v1"
    unknown_status: int = 200  # the HTTP status of "Unexpected endpoint or method." (some builds 404)
    token: str | None = None  # when set, LM Studio's routes want `Authorization: Bearer <token>`
    token_denied: tuple[str, ...] = ()  # the paths that token is not allowed (403)
    defaults: dict = field(default_factory=dict)  # behaviour from the command line
    behaviour: dict = field(default_factory=dict)  # behaviour from PUT /_stub/behaviour
    requests: list[dict] = field(default_factory=list)  # chat requests seen
    loads: list[dict] = field(default_factory=list)  # load and unload requests seen

    def behaviour_for(self, body: dict) -> dict:
        return {
            "tokens": 20,
            "delay": 0.0,
            **self.defaults,
            **self.behaviour,
            **parse_directive(last_user_text(body.get("messages"))),
        }


STAND_IN = web.AppKey("stand_in", StandIn)
