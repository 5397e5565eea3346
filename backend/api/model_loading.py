"""Loading and ejecting LM Studio's models from the page (LM Studio 0.4's native API): the
picker's Load, with a context length, and Eject."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Client
from lm_studio import loading
from models import ModelLoaded, ModelLoadRequest, ModelUnloaded, ModelUnloadRequest

router = APIRouter(prefix="/api/models", tags=["models"])

REFUSALS = {
    404: {"description": "LM Studio has no such model (any more), or it is not loaded (unload)"},
    409: {"description": "LM Studio declined (e.g. not enough memory), in its own words; or a load of it is under way"},
    422: {"description": "A context length the model cannot take, not a chat model, or a server not configured"},
    501: {"description": "The server has no LM Studio native API (LM Studio before 0.4, llama.cpp, Ollama…)"},
}


@router.post("/load", response_model=ModelLoaded, responses=REFUSALS)
async def load_model(request: ModelLoadRequest, client: Client):
    """Load a model in LM Studio, with `context_length` (else LM Studio's default), on `server`
    (else one that lists it); answers once it is loaded, with the window LM Studio really gave it."""
    loaded = await loading.load(client, request.model, request.context_length, request.server)
    return ModelLoaded(
        model=loaded.model,
        instance_id=loaded.instance_id,
        context_length=loaded.context_length,
        load_time_s=loaded.load_time_s,
    )


@router.post("/unload", response_model=ModelUnloaded, responses=REFUSALS)
async def unload_model(request: ModelUnloadRequest, client: Client):
    """Eject one loaded instance (`instance_id`) or every instance of a model (`model`), only on
    `server` when named."""
    ejected = await loading.unload(
        client, instance_id=request.instance_id, model_id=request.model, server=request.server
    )
    return ModelUnloaded(unloaded=ejected)
