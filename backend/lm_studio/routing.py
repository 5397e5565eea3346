"""Several LM Studio servers as one: the list of every server's models merged, and the server a
reply (or a load) goes to. A model several servers list is one entry; a reply goes where its
model is loaded, fewest replies running first, so the servers share the work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from models import ModelInfo

if TYPE_CHECKING:
    from lm_studio.server import LMStudioServer


def serving(servers: Sequence[LMStudioServer], model_id: str) -> LMStudioServer | None:
    """The server that answered its list and has the model loaded, fewest replies running first;
    else one that lists it; None when no server that is up lists it."""
    up = [server for server in servers if server.up and server.own(model_id) is not None]
    loaded = [server for server in up if server.own(model_id).state == "loaded"]
    pool = loaded or up
    return min(pool, key=lambda server: server.running) if pool else None


def route(servers: Sequence[LMStudioServer], model_id: str) -> LMStudioServer:
    """The server a reply with this model goes to: the one serving it, else the first that is up
    (a model no list names yet may be there), else the first (its failure is the reply's)."""
    return serving(servers, model_id) or next((server for server in servers if server.up), servers[0])


def for_loading(servers: Sequence[LMStudioServer], model_id: str) -> LMStudioServer | None:
    """Where a load goes when nobody named a server: one that lists the model, with the fewest
    instances of it loaded, then the fewest replies running."""
    listing = [server for server in servers if server.up and server.own(model_id) is not None]
    return min(listing, key=lambda s: (len(s.own(model_id).instances), s.running)) if listing else None


def merged(servers: Sequence[LMStudioServer]) -> list[ModelInfo]:
    """Every model of every server that answered, in the servers' order. A model on several is
    one entry: loaded if loaded on any, with all their instances and the smallest window loaded
    (a reply may go to either), described as the server serving it describes it."""
    entries: dict[str, list[ModelInfo]] = {}
    for server in servers:
        if server.up:
            for model in server.models or ():
                entries.setdefault(model.id, []).append(model)
    return [group[0] if len(group) == 1 else _one(servers, group) for group in entries.values()]


def _one(servers: Sequence[LMStudioServer], group: list[ModelInfo]) -> ModelInfo:
    model_id = group[0].id
    server = serving(servers, model_id)
    base = next((model for model in group if model.server == server.base_url), group[0])
    loaded = [model for model in group if model.state == "loaded"]
    if loaded:
        state = "loaded"
    else:
        state = "not-loaded" if any(model.state == "not-loaded" for model in group) else "unknown"
    windows = [model.context_length for model in loaded if model.context_length is not None]
    return base.model_copy(
        update={
            "state": state,
            "instances": [instance for model in group for instance in model.instances],
            "context_length": min(windows) if windows else base.context_length,
            "server": server.base_url,
            "servers": [model.server for model in group],
        }
    )
