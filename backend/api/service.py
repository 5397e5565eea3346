"""The service itself: liveness (the original API's answer) and health, with LM Studio's state."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import Client, CurrentSettings, Engine, InstallStore, Tools
from lm_studio.catalog import automatic_choice, chat_models
from lm_studio.errors import LMStudioError
from lm_studio.loading import cannot_load_models
from lm_studio_client import LMStudioClient
from models import HealthResponse, LMStudioHealth, LMStudioServerHealth, McpHealth
from web.negotiation import prefers_html

HEALTH_TIMEOUT_S = 3.0

router = APIRouter(tags=["service"])
LIVENESS = {"status": "Chat API is running"}


@router.get("/")
async def root(request: Request):
    """Liveness, as the original API answers it; the app itself for a browser when the backend
    serves the built page (CHAT_WEB_DIR)."""
    page = request.app.state.built_page
    if page is None:
        return LIVENESS
    # Both answers depend on Accept: a cache between must not give one to the other's client.
    answer = page.index_response() if prefers_html(request.headers.get("accept")) else JSONResponse(LIVENESS)
    answer.headers["Vary"] = "Accept"
    return answer


def each_server(client: LMStudioClient) -> list[LMStudioServerHealth]:
    """Each LM Studio server as its last list left it: a server not heard from yet is not
    reachable (and says nothing more)."""
    return [
        LMStudioServerHealth(
            url=server.base_url,
            reachable=server.up and server.models is not None,
            error=server.error.message if server.error else None,
            code=server.error.code if server.error else None,
            models=len(server.models or ()),
            running=server.running,
        )
        for server in client.servers
    ]


@router.get("/api/health", response_model=HealthResponse)
async def health(client: Client, settings: CurrentSettings, store: InstallStore, tools: Tools, engine: Engine):
    """The backend's status and whether LM Studio answers (any of its servers), with its models."""
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT_S):
            catalog = await client.list_catalog()
        lm_studio = LMStudioHealth(
            reachable=True,
            url=settings.lm_studio_url,
            models=[model.id for model in chat_models(catalog)],
            default_model=client.default_model or automatic_choice(catalog),
            native_api=client.native_api,
            cannot_load_models=cannot_load_models(client),
            servers=each_server(client),
        )
    except (LMStudioError, TimeoutError) as error:
        error = error if isinstance(error, LMStudioError) else client.unreachable()
        lm_studio = LMStudioHealth(
            reachable=False,
            url=settings.lm_studio_url,
            error=error.message,
            code=error.code,
            auth="required" if error.code == "lm_studio_auth" else None,
            servers=each_server(client),
        )
    servers = tools.servers()
    return HealthResponse(
        storage=store.kind,
        lm_studio=lm_studio,
        mcp=McpHealth(
            config_error=tools.config_error,
            servers=len(servers),
            connected=sum(server.status == "connected" for server in servers),
        ),
        max_message_chars=settings.max_message_chars,
        max_upload_bytes=settings.max_upload_bytes,
        max_attachments=settings.max_attachments,
        auth="on" if settings.auth else "off",
        cluster=await engine.registry.cluster.health() if engine.registry.cluster is not None else None,
    )
