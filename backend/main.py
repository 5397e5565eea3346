"""The FastAPI app: its long-lived parts, middleware, error handling and routes (routes/).
Run with `python main.py` or `uvicorn main:app`."""

from __future__ import annotations

import asyncio
import gc
import logging
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from config import Settings, load_settings
from generations import GenerationManager
from lm_studio_client import LMStudioClient, LMStudioError
from routes import routers
from routes.attachments import sweep_unsent
from security import LocalGuard
from startup_failure import SentenceForStartupFailure
from storage import ConversationStore, StorageError

logger = logging.getLogger("client_chat")
# What multipart adds around an uploaded file (boundaries, part headers), with room to spare.
UPLOAD_OVERHEAD_BYTES = 64 * 1024


async def warm_up(client: LMStudioClient) -> None:
    """Import the SDK and fetch the models, then move everything start-up created out of the
    garbage collector's sight: a full collection walked ~100,000 long-lived objects and paused
    the process for up to 59 ms mid-reply (bench/storage_scale.py); frozen, they are not walked."""
    await client.warm_up()
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        store = await ConversationStore.open(settings.db_path)
        recovered = await store.recover_interrupted()
        if recovered:
            logger.warning("marked %d reply(ies) left unfinished by a previous run as interrupted", recovered)
        client = LMStudioClient(
            settings.lm_studio_url,
            settings.lm_studio_api_key,
            default_model=settings.lm_studio_model,
            connect_timeout_s=settings.connect_timeout_s,
            first_token_timeout_s=settings.first_token_timeout_s,
            stall_timeout_s=settings.stall_timeout_s,
        )
        generations = GenerationManager(store, client, settings.persist_interval_s)
        app.state.store = store
        app.state.lm_client = client
        app.state.generations = generations
        # Both run beside the server: readiness does not wait for the SDK's import.
        helpers = [
            asyncio.create_task(warm_up(client), name="warm-up"),
            asyncio.create_task(generations.stop_all_on_shutdown_request(), name="shutdown-watcher"),
            asyncio.create_task(sweep_unsent(store, settings.unsent_attachment_ttl_s), name="attachment-sweeper"),
        ]
        try:
            yield
        finally:
            for task in helpers:
                task.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)
            await generations.shutdown()
            await client.close()
            await store.close()

    app = FastAPI(title="Chat Client API", lifespan=lifespan)
    app.state.settings = settings
    app.add_middleware(
        LocalGuard,
        allowed_hosts=settings.allowed_hosts,
        allowed_origins=settings.cors_origins,
        max_body_bytes=settings.max_body_bytes,
        # Uploads are streamed to disk by their route, which names the file over the limit.
        streamed_paths={"/api/attachments": settings.max_upload_bytes + UPLOAD_OVERHEAD_BYTES},
    )
    # Outermost, so even the guard's refusals carry CORS headers the frontend can read.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["Content-Disposition"],
    )
    app.add_middleware(SentenceForStartupFailure, explained=(StorageError,))
    install_error_handlers(app)
    for router in routers:
        app.include_router(router)
    return app


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError):
        # The usual FastAPI list of errors, without echoing the (possibly huge) input back.
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", "Invalid value"), "type": e.get("type", "value_error")}
            for e in error.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        detail = error.detail
        if error.status_code == 404 and detail == "Not Found":
            detail = f"No such endpoint: {request.method} {request.url.path}"
        elif error.status_code == 405:
            detail = f"Method {request.method} is not allowed on {request.url.path}"
        elif error.status_code == 400 and detail == "There was an error parsing the body":
            detail = "The request body is not valid JSON (or not valid UTF-8)."
        return JSONResponse({"detail": detail}, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(LMStudioError)
    async def lm_studio_error(request: Request, error: LMStudioError):
        return JSONResponse({"detail": error.message, "code": error.code}, status_code=error.http_status)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception):
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"detail": "The backend hit an unexpected error; its log has the details."}, status_code=500
        )


app = create_app()

if __name__ == "__main__":
    uvicorn.run(app, host=app.state.settings.host, port=app.state.settings.port)
