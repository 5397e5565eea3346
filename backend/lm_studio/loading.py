"""Loading and ejecting models through LM Studio 0.4's native API, for the page's picker.

`POST /api/v1/models/load` takes the released flat body `{model, context_length?,
echo_load_config}` and answers once the model is loaded (seconds to minutes) with
`{type, instance_id, load_time_seconds, status: "loaded", load_config: {context_length, …}}`;
`POST /api/v1/models/unload` takes `{instance_id}` and answers `{instance_id}`. LM Studio
documents no error answers for either: a 404 is a model (or instance) it no longer has; any other
error status with a message is LM Studio declining (not enough memory, a model it cannot run),
said to the user in its own words.

Servers without this API (LM Studio before 0.4, llama.cpp, Ollama, vLLM) answer 501 with a
sentence: models are loaded there by their own means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lm_studio.errors import LMStudioError, upstream_message
from models import ModelInfo

if TYPE_CHECKING:
    from lm_studio_client import LMStudioClient

# LM Studio answers a load once the model is in memory: a large model on a slow disk takes minutes.
LOAD_TIMEOUT_S = 900.0
UNLOAD_TIMEOUT_S = 60.0


@dataclass(frozen=True, slots=True)
class Loaded:
    model: str
    instance_id: str
    context_length: int | None  # as LM Studio really loaded it
    load_time_s: float | None


def cannot_load_models(client: LMStudioClient) -> str | None:
    """Why models cannot be loaded or ejected from here, as health tells the page once a list has
    been read (`native_api` says which API it came from); None where they can."""
    return None if client.native_api == "v1" else _no_native_api(client).message


def _no_native_api(client: LMStudioClient) -> LMStudioError:
    if client.native_api == "v0":
        sentence = (
            f"The LM Studio at {client.base_url} is older than 0.4 and cannot load or eject models "
            "for other apps. Load the model in LM Studio itself, or update LM Studio."
        )
    else:
        sentence = (
            f"The server at {client.base_url} is not LM Studio (it has no LM Studio native API), so "
            "models cannot be loaded or ejected from here. Use that server's own way to load them."
        )
    return LMStudioError("not_supported", sentence, http_status=501)


async def _model(client: LMStudioClient, model_id: str) -> ModelInfo:
    """The model as LM Studio lists it now; 404 when it has none by that name, 501 when the
    server cannot load models for us."""
    catalog = await client.catalog.asked_now()
    if client.native_api != "v1":
        raise _no_native_api(client)
    found = next((model for model in catalog if model.id == model_id), None)
    if found is None:
        raise _not_found(model_id)
    return found


def _not_found(model_id: str) -> LMStudioError:
    return LMStudioError(
        "model_not_found", f"LM Studio has no model named '{model_id}'. Download it in LM Studio first.", 404
    )


def _not_loaded(instance_id: str) -> LMStudioError:
    return LMStudioError("not_loaded", f"No model is loaded in LM Studio as '{instance_id}'.", 404)


def _declined(action: str, model_id: str, body) -> LMStudioError:
    said = upstream_message(body).strip()
    sentence = f"LM Studio could not {action} {model_id}" + (f": {said}" if said else "")
    return LMStudioError("lm_studio_declined", sentence if sentence[-1] in ".!?" else f"{sentence}.", http_status=409)


def _gone(action: str, model_id: str, failure: LMStudioError) -> LMStudioError:
    """LM Studio answered the list a moment ago, then went away during the load or eject: said as
    such (it may have run out of memory, or been closed), with the failure's code and status."""
    if failure.code in ("upstream_dropped", "lm_studio_unreachable"):
        return LMStudioError(
            failure.code,
            f"LM Studio stopped answering while trying to {action} {model_id}: it may have run out of "
            "memory or been closed. Look at LM Studio (start its server again if it stopped), then try again.",
            http_status=failure.http_status,
        )
    return failure


async def load(client: LMStudioClient, model_id: str, context_length: int | None) -> Loaded:
    """Load `model_id` (with `context_length`, else LM Studio's default); 404, 409, 422 or 501
    with a sentence when it cannot be. One load per model at a time: LM Studio would load a
    second instance for a second request (two clicks, two pages)."""
    if model_id in client.loads_under_way:
        raise LMStudioError(
            "already_loading", f"{model_id} is already being loaded; it can be used once that load ends.", 409
        )
    client.loads_under_way.add(model_id)
    try:
        return await _load(client, model_id, context_length)
    finally:
        client.loads_under_way.discard(model_id)


async def _load(client: LMStudioClient, model_id: str, context_length: int | None) -> Loaded:
    model = await _model(client, model_id)
    if model.type == "embeddings":
        raise LMStudioError("not_a_chat_model", f"{model_id} is an embedding model: it cannot chat.", 422)
    if context_length is not None and model.max_context_length and context_length > model.max_context_length:
        raise LMStudioError(
            "context_too_long",
            f"context_length {context_length:,} is more than {model_id} can take: at most "
            f"{model.max_context_length:,} tokens.",
            422,
        )
    body = {"model": model_id, "echo_load_config": True}
    if context_length is not None:
        body["context_length"] = context_length
    try:
        answer = await client.native_post("/api/v1/models/load", body, LOAD_TIMEOUT_S)
    except LMStudioError as failure:
        raise _gone("load", model_id, failure) from None
    finally:
        client.catalog.outdated()  # loaded, half-loaded or not: what LM Studio lists now is news
    if answer.missing:
        raise _no_native_api(client)
    if answer.status == 404:  # gone from LM Studio since the list was read (deleted, renamed)
        raise _not_found(model_id)
    if answer.refused is not None:
        raise _declined("load", model_id, answer.refused)
    reply = answer.body if isinstance(answer.body, dict) else {}
    instance_id = reply.get("instance_id")
    if not isinstance(instance_id, str):
        raise _declined("load", model_id, reply)
    config = reply.get("load_config") if isinstance(reply.get("load_config"), dict) else {}
    loaded_length = config.get("context_length")
    seconds = reply.get("load_time_seconds")
    return Loaded(
        model=model_id,
        instance_id=instance_id,
        context_length=loaded_length if isinstance(loaded_length, int) else None,
        load_time_s=float(seconds) if isinstance(seconds, int | float) else None,
    )


async def unload(client: LMStudioClient, *, instance_id: str | None = None, model_id: str | None = None) -> list[str]:
    """Eject one loaded instance, or every instance of a model; the ids ejected. 404 when it is
    not loaded, 501 where the server cannot."""
    catalog = await client.catalog.asked_now()
    if client.native_api != "v1":
        raise _no_native_api(client)
    if instance_id is not None:
        owner = next((m for m in catalog if any(i.id == instance_id for i in m.instances)), None)
        if owner is None:
            raise _not_loaded(instance_id)
        targets, name = [instance_id], owner.id
    else:
        model = next((m for m in catalog if m.id == model_id), None)
        if model is None:
            raise LMStudioError("model_not_found", f"LM Studio has no model named '{model_id}'.", 404)
        if not model.instances:
            raise LMStudioError("not_loaded", f"{model_id} is not loaded in LM Studio.", 404)
        targets, name = [instance.id for instance in model.instances], model_id
    ejected = []
    try:
        for target in targets:
            answer = await client.native_post("/api/v1/models/unload", {"instance_id": target}, UNLOAD_TIMEOUT_S)
            if answer.missing:
                raise _no_native_api(client)
            if answer.status == 404:  # ejected meanwhile (in LM Studio's app, or by its TTL)
                raise _not_loaded(target)
            if answer.refused is not None:
                raise _declined("eject", name, answer.refused)
            said = answer.body.get("instance_id") if isinstance(answer.body, dict) else None
            if not isinstance(said, str):  # LM Studio answers {instance_id} once it is ejected
                raise _declined("eject", name, answer.body)
            ejected.append(target)
    except LMStudioError as failure:
        raise _gone("eject", name, failure) from None
    finally:
        client.catalog.outdated()
    return ejected
