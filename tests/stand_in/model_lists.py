"""The three lists of models: GET /v1/models, /api/v0/models and /api/v1/models.

Which native list answers depends on the API mode (`api_versions.py`); the shapes are in
`model_views.py`.
"""

from __future__ import annotations

from aiohttp import web

from .model_views import openai_view, v0_view, v1_view
from .state import STAND_IN


async def list_models(request: web.Request) -> web.Response:
    """Every model, OpenAI style: ids only."""
    models = request.app[STAND_IN].store.models
    return web.json_response({"object": "list", "data": [openai_view(m) for m in models]})


async def list_v0_models(request: web.Request) -> web.Response:
    models = request.app[STAND_IN].store.models
    return web.json_response({"object": "list", "data": [v0_view(m) for m in models]})


async def list_v1_models(request: web.Request) -> web.Response:
    models = request.app[STAND_IN].store.models
    return web.json_response({"models": [v1_view(m) for m in models]})
