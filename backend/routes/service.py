"""The service itself: liveness, health (with LM Studio's state) and the models to chat with."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query

from dependencies import Client, CurrentSettings, Store
from lm_studio_client import LMStudioError, automatic_choice, chat_models
from models import HealthResponse, LMStudioHealth, ModelInfo

HEALTH_TIMEOUT_S = 3.0
# The catalog a page asks for as its picker opens is at most this old ("cached briefly").
CATALOG_MAX_AGE_S = 5.0

router = APIRouter()


@router.get("/")
async def root():
    """Liveness, as the seed defines it."""
    return {"status": "Chat API is running"}


@router.get("/api/health", response_model=HealthResponse)
async def health(client: Client, settings: CurrentSettings, store: Store):
    """The backend's status and whether LM Studio answers, with its models."""
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT_S):
            catalog = await client.list_catalog()
        lm_studio = LMStudioHealth(
            reachable=True,
            url=settings.lm_studio_url,
            models=[model.id for model in chat_models(catalog)],
            default_model=client.default_model or automatic_choice(catalog),
        )
    except (LMStudioError, TimeoutError) as error:
        error = error if isinstance(error, LMStudioError) else client.unreachable()
        lm_studio = LMStudioHealth(reachable=False, url=settings.lm_studio_url, error=error.message, code=error.code)
    return HealthResponse(
        storage=store.kind,
        lm_studio=lm_studio,
        max_message_chars=settings.max_message_chars,
        max_upload_bytes=settings.max_upload_bytes,
        max_attachments=settings.max_attachments,
    )


@router.get("/api/models", response_model=list[str])
async def list_models(client: Client):
    """Model ids LM Studio offers for chat."""
    return await client.get_available_models()


@router.get("/api/models/catalog", response_model=list[ModelInfo])
async def models_catalog(
    client: Client,
    fresh: Annotated[bool, Query(description="Ask LM Studio again, not the list of the last seconds")] = False,
):
    """Every model LM Studio has, with its type, whether it is loaded, its context length (as
    loaded, and at most), quantization and architecture: LM Studio's GET /api/v0/models, or the
    plain /v1/models list (with `unknown` where nothing is said) from servers without it."""
    return await client.catalog(max_age_s=0 if fresh else CATALOG_MAX_AGE_S)
