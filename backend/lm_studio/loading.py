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

With several servers, a load goes to the one named, else to one that lists the model (the fewest
instances of it loaded first); an eject goes to the server that has the instance, or to every
server that has the model loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lm_studio import routing
from lm_studio.errors import LMStudioError, upstream_message
from models import ModelInfo

if TYPE_CHECKING:
    from lm_studio.server import LMStudioServer
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
    been read (`native_api` says which API the first server that answered has); None where they can."""
    server = client.first_reachable()
    return None if server.native_api == "v1" else _no_native_api(server).message


def _no_native_api(server: LMStudioServer) -> LMStudioError:
    if server.native_api == "v0":
        sentence = (
            f"The LM Studio at {server.base_url} is older than 0.4 and cannot load or eject models "
            "for other apps. Load the model in LM Studio itself, or update LM Studio."
        )
    else:
        sentence = (
            f"The server at {server.base_url} is not LM Studio (it has no LM Studio native API), so "
            "models cannot be loaded or ejected from here. Use that server's own way to load them."
        )
    return LMStudioError("not_supported", sentence, http_status=501)


def _named_server(client: LMStudioClient, url: str) -> LMStudioServer:
    """The server a request names: 422 when LM_STUDIO_URL lists none such; its failure when it
    did not answer the list just read."""
    server = client.server(url)
    if server is None:
        listed = ", ".join(s.base_url for s in client.servers)
        sentence = f"No LM Studio server {url} is configured; LM_STUDIO_URL lists {listed}."
        raise LMStudioError("unknown_server", sentence, 422)
    if server.error is not None:
        raise server.error
    return server


async def _model(client: LMStudioClient, model_id: str, url: str | None) -> tuple[LMStudioServer, ModelInfo]:
    """The server a load goes to and the model as it lists it now; 404 when it has none by that
    name, 501 when the server cannot load models for us."""
    await client.catalog.asked_now()
    server = _named_server(client, url) if url else routing.for_loading(client.servers, model_id)
    if server is None:  # no server lists it: said by the first that answered
        server = client.first_reachable()
    if server.native_api != "v1":
        raise _no_native_api(server)
    found = server.own(model_id)
    if found is None:
        raise _not_found(model_id)
    return server, found


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


async def load(client: LMStudioClient, model_id: str, context_length: int | None, server: str | None = None) -> Loaded:
    """Load `model_id` (with `context_length`, else LM Studio's default) on `server` (else the
    one routing.for_loading chooses); 404, 409, 422 or 501 with a sentence when it cannot be. One
    load per model at a time: LM Studio would load a second instance for a second request (two
    clicks, two pages)."""
    if model_id in client.loads_under_way:
        raise LMStudioError(
            "already_loading", f"{model_id} is already being loaded; it can be used once that load ends.", 409
        )
    client.loads_under_way.add(model_id)
    try:
        return await _load(client, model_id, context_length, server)
    finally:
        client.loads_under_way.discard(model_id)


async def _load(client: LMStudioClient, model_id: str, context_length: int | None, url: str | None) -> Loaded:
    server, model = await _model(client, model_id, url)
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
        answer = await server.native_post("/api/v1/models/load", body, LOAD_TIMEOUT_S)
    except LMStudioError as failure:
        raise _gone("load", model_id, failure) from None
    finally:
        client.catalog.outdated()  # loaded, half-loaded or not: what LM Studio lists now is news
    if answer.missing:
        raise _no_native_api(server)
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


async def unload(
    client: LMStudioClient, *, instance_id: str | None = None, model_id: str | None = None, server: str | None = None
) -> list[str]:
    """Eject one loaded instance (on the first server that has it), or every instance of a model
    (on every server that has it loaded), only on `server` when named; the ids ejected. 404 when
    it is not loaded, 501 where the server cannot."""
    await client.catalog.asked_now()
    candidates = [_named_server(client, server)] if server else [s for s in client.servers if s.up]
    if instance_id is not None:
        owner = next(
            ((s, m) for s in candidates for m in s.models or () if any(i.id == instance_id for i in m.instances)),
            None,
        )
        if owner is None:
            _check_native_api(candidates[:1])
            raise _not_loaded(instance_id)
        targets, name = [(owner[0], instance_id)], owner[1].id
    else:
        listing = [(s, s.own(model_id)) for s in candidates if s.own(model_id) is not None]
        if not listing:
            _check_native_api(candidates[:1])
            raise LMStudioError("model_not_found", f"LM Studio has no model named '{model_id}'.", 404)
        targets = [(s, instance.id) for s, model in listing for instance in model.instances]
        if not targets:
            _check_native_api([s for s, _ in listing][:1])
            raise LMStudioError("not_loaded", f"{model_id} is not loaded in LM Studio.", 404)
        name = model_id
    _check_native_api(list(dict.fromkeys(s for s, _ in targets)))
    ejected = []
    try:
        for owner_server, target in targets:
            answer = await owner_server.native_post("/api/v1/models/unload", {"instance_id": target}, UNLOAD_TIMEOUT_S)
            if answer.missing:
                raise _no_native_api(owner_server)
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


def _check_native_api(servers: list[LMStudioServer]) -> None:
    """501 when a server the eject goes to cannot load or eject for us."""
    for server in servers:
        if server.native_api != "v1":
            raise _no_native_api(server)
