"""The three lists of models: GET /v1/models, /api/v0/models and /api/v1/models.

Which native list answers depends on the API mode (`api_versions.py`); the shapes are in
`model_views.py`. The behaviour's `list_delay` (seconds) makes a native list slow to arrive, and
it says the models as they were when the request came: tests change them meanwhile, as a user
deleting or ejecting a model in LM Studio's app while another app reads the list.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from .model_views import openai_view, v0_view, v1_view
from .state import STAND_IN


async def list_models(request: web.Request) -> web.Response:
    """Every model, OpenAI style: ids only."""
    models = request.app[STAND_IN].store.models
    return web.json_response({"object": "list", "data": [openai_view(m) for m in models]})


async def list_v0_models(request: web.Request) -> web.Response:
    return web.json_response({"object": "list", "data": await _as_they_were(request, v0_view)})


async def list_v1_models(request: web.Request) -> web.Response:
    return web.json_response({"models": await _as_they_were(request, v1_view)})


async def _as_they_were(request: web.Request, view) -> list[dict]:
    stand_in = request.app[STAND_IN]
    models = [view(model) for model in stand_in.store.models]
    await asyncio.sleep(stand_in.behaviour_for({}).get("list_delay", 0))
    return models
