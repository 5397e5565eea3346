"""The FastAPI app: its long-lived parts, middleware, error handling and routes (api/).
Run with `python main.py` or `uvicorn main:app`."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from contextlib import asynccontextmanager

import uvicorn
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from accounts.failed_logins import FailedLogins
from accounts.no_accounts import NoAccounts, check_accounts
from accounts.shared_failed_logins import SharedFailedLogins
from api import open_routers, routers
from api.deps import conversation_in_scope, signed_in
from api.errors import install_error_handlers
from api.guard import LocalGuard
from api.startup_failure import SentenceForStartupFailure
from cluster import Cluster, RedisUnreachable
from cluster.model_lists import SharedModelLists
from config import ConfigError, Settings, load_settings
from lm_studio_client import MODEL_LIST_TTL_S, LMStudioClient
from mcp_host import ToolHub
from replies import ReplyEngine
from storage import StorageError, Store
from uploads.sweep import sweep_unsent
from web.built_page import BuildMissing, BuiltPage

logger = logging.getLogger("client_chat")
# What multipart adds around an uploaded file (boundaries, part headers), with room to spare.
UPLOAD_OVERHEAD_BYTES = 64 * 1024


def freeze_what_start_up_made() -> None:
    """Move everything start-up created out of the garbage collector's sight: a full collection
    walked ~100,000 long-lived objects and paused the process for up to 59 ms mid-reply
    (bench/storage_scale.py); frozen, they are not walked."""
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    if not settings.access_log:
        # A line per request (the page polls health) buries what matters, and costs every request
        # a formatted log record: errors and start-up still log.
        logging.getLogger("uvicorn.access").setLevel(logging.WARNING)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        store = await Store.open(settings.db_path, group=settings.redis_url is not None)
        if settings.auth:
            try:
                await check_accounts(store, settings)
            except BaseException:
                await store.close()
                raise
        cluster = None
        if settings.redis_url:
            try:
                cluster = await Cluster.connect(
                    settings.redis_url, settings.reply_lease_s, settings.reply_stream_keep_s
                )
            except BaseException:
                await store.close()
                raise
        # With other backends, the replies they are writing are theirs; a dead one's are swept.
        writing_elsewhere = await cluster.replies_in_progress() if cluster is not None else ()
        recovered = await store.recover_interrupted(keep=writing_elsewhere)
        if recovered:
            logger.warning("ended %d reply(ies) left unfinished by a previous run", recovered)
        client = LMStudioClient(
            settings.lm_studio_urls,
            settings.lm_studio_api_key,
            default_model=settings.lm_studio_model,
            connect_timeout_s=settings.connect_timeout_s,
            first_token_timeout_s=settings.first_token_timeout_s,
            stall_timeout_s=settings.stall_timeout_s,
        )
        # Before the backend reports ready: the first message must not wait for the SDK.
        await client.start()
        client.catalog.refresh_soon()  # beside the server: LM Studio may be down, or far away
        # MCP servers connect in the background: start-up does not wait for any of them.
        tools = ToolHub(
            store.mcp_servers,
            config_path=settings.mcp_config,
            call_timeout_s=settings.tool_timeout_s,
            max_result_chars=settings.max_tool_result_chars,
        )
        await tools.start()
        engine = ReplyEngine(
            store,
            client,
            settings.persist_interval_s,
            tools=tools,
            max_tool_steps=settings.max_tool_steps,
            tool_timeout_s=settings.tool_timeout_s,
            cluster=cluster,
        )
        if cluster is not None:
            await cluster.start(engine.registry, store)
            # What one backend changes, the others take on: MCP servers and approvals, LM Studio's lists.
            tools.on_change = cluster.news("tools", tools.sync)
            client.share_lists(
                SharedModelLists(cluster.redis, MODEL_LIST_TTL_S),
                cluster.news("models", lambda: client.catalog.outdated(by_others=True)),
            )
            # Sign-in limits count across the backends, not five more per backend.
            app.state.failed_logins = SharedFailedLogins(cluster.redis)
        app.state.store = store
        app.state.tools = tools
        app.state.lm_client = client
        app.state.replies = engine
        freeze_what_start_up_made()
        helpers = [
            asyncio.create_task(engine.registry.stop_all_on_shutdown_request(), name="shutdown-watcher"),
            asyncio.create_task(sweep_unsent(store, settings.unsent_attachment_ttl_s), name="attachment-sweeper"),
        ]
        try:
            yield
        finally:
            for task in helpers:
                task.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)
            await engine.registry.shutdown()
            if cluster is not None:
                await cluster.close()  # after the replies' last events are in Redis
            await tools.close()  # ends stdio servers' processes: none outlives the backend
            await client.close()
            await store.close()

    # With accounts on, the API's description is for signed-in people too (served below), and
    # the interactive docs (which load their script from a CDN) are off.
    documented = {} if not settings.auth else {"openapi_url": None, "docs_url": None, "redoc_url": None}
    app = FastAPI(title="Chat Client API", lifespan=lifespan, **documented)
    app.state.settings = settings
    app.state.failed_logins = FailedLogins()
    app.state.built_page = BuiltPage(settings.web_dir) if settings.web_dir else None
    app.add_middleware(
        LocalGuard,
        allowed_hosts=settings.answered_hosts,
        allowed_origins=settings.cors_origins,
        max_body_bytes=settings.max_body_bytes,
        # Uploads are streamed to disk by their route, which names the file over the limit.
        streamed_paths={
            "/api/attachments": settings.max_upload_bytes + UPLOAD_OVERHEAD_BYTES,
            "/api/import": settings.max_import_bytes + UPLOAD_OVERHEAD_BYTES,
        },
    )
    # Outermost, so even the guard's refusals carry CORS headers the frontend can read.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["*"],
        allow_headers=["*"],
        # The development page (another port of the same site) signs in with a cookie.
        allow_credentials=True,
        expose_headers=["Content-Disposition", "Retry-After"],
    )
    app.add_middleware(SentenceForStartupFailure, explained=(StorageError, NoAccounts, RedisUnreachable))
    install_error_handlers(app)
    for router in open_routers:
        app.include_router(router)
    for router in routers:
        app.include_router(router, dependencies=[Depends(signed_in), Depends(conversation_in_scope)])
    if settings.auth:
        app.add_api_route(
            "/openapi.json", app.openapi, methods=["GET"], include_in_schema=False, dependencies=[Depends(signed_in)]
        )
    if app.state.built_page is not None:
        app.state.built_page.install(app)
    return app


try:
    app = create_app()
except (ConfigError, BuildMissing) as error:  # a setting the backend cannot use: its sentence, not a traceback
    print(f"Cannot start: {error}", file=sys.stderr)
    raise SystemExit(2) from None

if __name__ == "__main__":
    settings = app.state.settings
    # X-Forwarded-Proto/-For are believed from these proxies only (HTTPS behind Caddy or nginx
    # makes the session cookie Secure).
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        forwarded_allow_ips=list(settings.trusted_proxies),
        access_log=settings.access_log,  # uvicorn.run configures logging again: say it here too
    )
