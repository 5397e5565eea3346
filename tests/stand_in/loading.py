"""POST /api/v1/models/load and /api/v1/models/unload, as LM Studio 0.4 documents them.

Documented (lmstudio.ai/docs/developer/rest/load, …/unload):
  load    {model, context_length?, eval_batch_size?, flash_attention?, num_experts?,
           offload_kv_cache_to_gpu?, echo_load_config?} (flat, no `config` object)
          → {type, instance_id, load_time_seconds, status: "loaded", load_config?}; load_config
          only when echo_load_config is true, with the settings the load used (defaults included).
  unload  {instance_id} → {instance_id}
Loading a model that is loaded adds another instance (`key:2`, …), as LM Studio does.

Our assumption (LM Studio documents no errors for either route), in its documented v1 error
shape: a missing `model` or `instance_id` is its documented "missing_required_parameter" (400);
an option of the wrong type is 400 invalid_request; an unknown model is 404 model_not_found
`Model "x" not found`; a model whose spec has `refuse_load` is 500 internal_error with that
sentence (LM Studio's log says "Failed to load model"); an instance that is not loaded is 404
model_not_found `No loaded model instance with id "x"`.

A load takes `load_delay` seconds (the behaviour's, else the model spec's, else none) and
gives the context length asked for (else LM Studio's default 4096), no more than the model's
max_context_length nor its spec's `loads_at_most`. Every request to either route is recorded,
with its answer's status, for GET /_stub/loads.
"""

from __future__ import annotations

import asyncio
import time
from json import JSONDecodeError

from aiohttp import web

from .errors import missing_parameter, native_error
from .models import is_embedding
from .state import STAND_IN, StandIn

INTEGER_OPTIONS = ("context_length", "eval_batch_size", "num_experts")
BOOLEAN_OPTIONS = ("flash_attention", "offload_kv_cache_to_gpu", "echo_load_config")


async def load_model(request: web.Request) -> web.Response:
    return await recorded(request, answer_load)


async def unload_model(request: web.Request) -> web.Response:
    return await recorded(request, answer_unload)


async def recorded(request: web.Request, answer) -> web.Response:
    """Answer, keeping the request and its answer's status in GET /_stub/loads."""
    stand_in = request.app[STAND_IN]
    try:
        body = await request.json()
    except (JSONDecodeError, UnicodeDecodeError):
        body = None
    record = {
        "id": len(stand_in.loads) + 1,
        "path": request.path,
        "body": body,
        "received_at": time.time(),
        "answered_at": None,
        "status": None,
    }
    stand_in.loads.append(record)
    response = await answer(stand_in, body if isinstance(body, dict) else {})
    record["answered_at"], record["status"] = time.time(), response.status
    return response


async def answer_load(stand_in: StandIn, body: dict) -> web.Response:
    key = body.get("model")
    if not isinstance(key, str) or not key:
        return missing_parameter("model")
    for name in INTEGER_OPTIONS:
        value = body.get(name)
        if name in body and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            return native_error(400, "invalid_request", f'"{name}" must be a positive integer', param=name)
    for name in BOOLEAN_OPTIONS:
        if name in body and not isinstance(body[name], bool):
            return native_error(400, "invalid_request", f'"{name}" must be a boolean', param=name)
    model = stand_in.store.by_key(key)
    if model is None:
        return native_error(404, "model_not_found", f'Model "{key}" not found', param="model")
    started = time.monotonic()
    await asyncio.sleep(stand_in.behaviour_for({}).get("load_delay", model.get("load_delay", 0)))
    if model.get("refuse_load"):
        return native_error(500, "internal_error", str(model["refuse_load"]))
    options = {
        name: body[name]
        for name in ("eval_batch_size", "flash_attention", "num_experts", "offload_kv_cache_to_gpu")
        if name in body
    }
    instance = stand_in.store.load(model, body.get("context_length"), options)
    answer = {
        "type": "embedding" if is_embedding(model) else "llm",
        "instance_id": instance["id"],
        "load_time_seconds": round(time.monotonic() - started, 3),
        "status": "loaded",
    }
    if body.get("echo_load_config") is True:
        answer["load_config"] = dict(instance["config"])
    return web.json_response(answer)


async def answer_unload(stand_in: StandIn, body: dict) -> web.Response:
    instance_id = body.get("instance_id")
    if not isinstance(instance_id, str) or not instance_id:
        return missing_parameter("instance_id")
    if stand_in.store.unload(instance_id) is None:
        return native_error(404, "model_not_found", f'No loaded model instance with id "{instance_id}"')
    return web.json_response({"instance_id": instance_id})
