"""LM Studio's models: the original API's list of ids, and the catalog with what LM Studio says of each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Client
from models import ModelInfo

# The catalog a page asks for as its picker opens is at most this old ("cached briefly").
CATALOG_MAX_AGE_S = 5.0

router = APIRouter(prefix="/api/models", tags=["models"])


@router.get("", response_model=list[str])
async def list_models(client: Client):
    """Model ids LM Studio offers for chat."""
    return await client.get_available_models()


@router.get("/catalog", response_model=list[ModelInfo])
async def models_catalog(
    client: Client,
    fresh: Annotated[bool, Query(description="Ask LM Studio again, not the list of the last seconds")] = False,
):
    """Every model LM Studio has, with its type, whether it is loaded (and its loaded instances),
    its context length (as really loaded, and at most), quantization, architecture, display name,
    size, parameters and whether it was trained for tool use: LM Studio's GET /api/v1/models, else
    its /api/v0/models, else the plain /v1/models list (with `unknown` where nothing is said)."""
    if fresh:  # from LM Studio itself, never a list another backend shared a moment ago
        return await client.catalog.asked_now()
    return await client.catalog.at_most(CATALOG_MAX_AGE_S)
