"""The stand-in's aiohttp application: its state, middlewares (the API token first, then the
API mode) and routes. Anything not routed answers as LM Studio answers an unknown endpoint."""

from __future__ import annotations

from aiohttp import web

from . import controls
from .api_versions import only_served_apis, unknown_endpoint
from .auth import require_token
from .chat import chat_completions
from .loading import load_model, unload_model
from .model_lists import list_models, list_v0_models, list_v1_models
from .state import STAND_IN, StandIn


def create_app(stand_in: StandIn) -> web.Application:
    app = web.Application(middlewares=[require_token, only_served_apis])
    app[STAND_IN] = stand_in
    app.router.add_get("/v1/models", list_models)
    app.router.add_post("/v1/chat/completions", chat_completions)
    app.router.add_get("/api/v0/models", list_v0_models)
    app.router.add_get("/api/v1/models", list_v1_models)
    app.router.add_post("/api/v1/models/load", load_model)
    app.router.add_post("/api/v1/models/unload", unload_model)
    app.router.add_route("*", "/_stub/requests", controls.recorded_requests)
    app.router.add_route("*", "/_stub/loads", controls.recorded_loads)
    app.router.add_route("*", "/_stub/behaviour", controls.set_behaviour)
    app.router.add_put("/_stub/models", controls.set_models)
    app.router.add_put("/_stub/native_api", controls.set_native_api)
    app.router.add_put("/_stub/token", controls.set_token)
    app.router.add_route("*", "/{tail:.*}", unknown_endpoint)
    return app
