"""The FastAPI app: wiring and thin routes. Run with `python main.py` or `uvicorn main:app`."""

from __future__ import annotations

import asyncio
import gc
import logging
from contextlib import asynccontextmanager
from typing import Annotated, Literal

import uvicorn
from fastapi import APIRouter, Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from sse_starlette import EventSourceResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from config import Settings, load_settings
from export import export_filename, to_json, to_markdown
from generations import (
    DEFAULT_TEMPERATURE,
    AlreadyGenerating,
    ConversationBeingDeleted,
    Generation,
    GenerationManager,
    GenerationOptions,
)
from lm_studio_client import LMStudioClient, LMStudioError
from models import (
    DEFAULT_TITLE,
    ChatRequest,
    Conversation,
    ConversationCreate,
    ConversationResponse,
    ConversationUpdate,
    HealthResponse,
    LMStudioHealth,
    Message,
    SearchText,
    StopResponse,
    TruncateResponse,
    is_id,
)
from security import LocalGuard
from startup_failure import SentenceForStartupFailure
from storage import ConversationStore, InvalidCursor, StorageError, new_id, now

logger = logging.getLogger("client_chat")
HEALTH_TIMEOUT_S = 3.0
TITLE_CHARS = 50
MAX_PAGE = 500
DEFAULT_SEARCH_RESULTS = 50
# On shutdown, replies are stopped and their streams get this long to send their last events.
SHUTDOWN_GRACE_S = 5.0


# ---- dependencies ---------------------------------------------------------------------------
# Async on purpose: FastAPI runs plain `def` dependencies in a thread pool, a thread hop per
# dependency per request that queues up when hundreds of chats start at once.


async def get_store(request: Request) -> ConversationStore:
    return request.app.state.store


async def get_generations(request: Request) -> GenerationManager:
    return request.app.state.generations


async def get_client(request: Request) -> LMStudioClient:
    return request.app.state.lm_client


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


Store = Annotated[ConversationStore, Depends(get_store)]
Generations = Annotated[GenerationManager, Depends(get_generations)]
Client = Annotated[LMStudioClient, Depends(get_client)]
CurrentSettings = Annotated[Settings, Depends(get_settings)]
ConversationId = Annotated[str, PathParam(max_length=100, description="The conversation's id")]


async def require_conversation(store: ConversationStore, conversation_id: str) -> Conversation:
    """The conversation with its messages; 404 for an unknown id (checked before storage is asked)."""
    conversation = await store.get_conversation(conversation_id) if is_id(conversation_id) else None
    if conversation is None:
        raise HTTPException(404, "Conversation not found")
    return conversation


async def require_summary(store: ConversationStore, conversation_id: str) -> ConversationResponse:
    summary = await store.get_summary(conversation_id) if is_id(conversation_id) else None
    if summary is None:
        raise HTTPException(404, "Conversation not found")
    return summary


def reserve_reply(generations: GenerationManager, conversation_id: str, action: str) -> Generation:
    """Claim the conversation for a new reply, or answer 409 saying why it cannot have one."""
    try:
        return generations.reserve(conversation_id)
    except (ConversationBeingDeleted, AlreadyGenerating):
        refuse_while_generating(generations, conversation_id, action)
        raise


def refuse_while_generating(generations: GenerationManager, conversation_id: str, action: str) -> None:
    if generations.is_being_deleted(conversation_id):
        raise HTTPException(409, "This conversation is being deleted; it accepts no new messages.")
    if generations.is_generating(conversation_id):
        raise HTTPException(
            409,
            "A reply is still being generated in this conversation; "
            f"stop it or wait for it to finish before you {action}.",
        )


# ---- the app --------------------------------------------------------------------------------


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
    app.include_router(routes)
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


# ---- routes ---------------------------------------------------------------------------------

routes = APIRouter()


@routes.get("/")
async def root():
    """Liveness, as the seed defines it."""
    return {"status": "Chat API is running"}


@routes.get("/api/health", response_model=HealthResponse)
async def health(client: Client, settings: CurrentSettings, store: Store):
    """The backend's status and whether LM Studio answers, with its models."""
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT_S):
            models = await client.get_available_models()
        lm_studio = LMStudioHealth(reachable=True, url=settings.lm_studio_url, models=models)
    except (LMStudioError, TimeoutError) as error:
        error = error if isinstance(error, LMStudioError) else client.unreachable()
        lm_studio = LMStudioHealth(reachable=False, url=settings.lm_studio_url, error=error.message, code=error.code)
    return HealthResponse(storage=store.kind, lm_studio=lm_studio)


@routes.get("/api/models", response_model=list[str])
async def list_models(client: Client):
    """Model ids LM Studio offers."""
    return await client.get_available_models()


@routes.get("/api/conversations", response_model=list[ConversationResponse])
async def list_conversations(
    store: Store,
    generations: Generations,
    q: Annotated[
        SearchText | None, Query(description="Only conversations whose title or messages have these words")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_PAGE, description="At most this many (a page)")] = None,
    before: Annotated[str | None, Query(max_length=200, description="The `cursor` of the last one seen")] = None,
):
    """Conversations, newest activity first: all of them, a page (`limit`, `before`), or those matching `q`."""
    if q is not None and q.strip():
        summaries = await store.search_conversations(q, limit or DEFAULT_SEARCH_RESULTS)
    else:
        try:
            summaries = await store.list_conversations(limit=limit, before=before)
        except InvalidCursor:
            raise HTTPException(
                422, "before: not a cursor this server gave out; use a conversation's `cursor`."
            ) from None
    for summary in summaries:
        summary.is_generating = generations.is_generating(summary.id)
    return summaries


@routes.post("/api/conversations", response_model=ConversationResponse)
async def create_conversation(store: Store, payload: Annotated[ConversationCreate | None, Body()] = None):
    """Start a new, empty conversation."""
    title = (payload.title if payload else None) or DEFAULT_TITLE
    return await store.create_conversation(title)


@routes.get("/api/conversations/{conversation_id}", response_model=ConversationResponse)
async def get_conversation(conversation_id: ConversationId, store: Store, generations: Generations):
    """One conversation's summary: title, settings, message count, whether a reply is in progress."""
    summary = await require_summary(store, conversation_id)
    summary.is_generating = generations.is_generating(conversation_id)
    return summary


@routes.patch("/api/conversations/{conversation_id}", response_model=ConversationResponse)
async def update_conversation(
    conversation_id: ConversationId, changes: ConversationUpdate, store: Store, generations: Generations
):
    """Rename a conversation or change its system prompt, model, temperature or max tokens."""
    await require_summary(store, conversation_id)
    fields = changes.model_dump(include=changes.model_fields_set)
    if "title" in fields and fields["title"] is None:
        raise HTTPException(422, "title cannot be null; send a new title or leave the field out")
    updated = await store.update_conversation(conversation_id, fields)
    if updated is None:
        raise HTTPException(404, "Conversation not found")
    updated.is_generating = generations.is_generating(conversation_id)
    return updated


@routes.delete("/api/conversations/{conversation_id}")
async def delete_conversation(conversation_id: ConversationId, store: Store, generations: Generations):
    """Delete a conversation, stopping its reply in progress first."""
    if not is_id(conversation_id):
        raise HTTPException(404, "Conversation not found")
    # Marked as being deleted before anything awaits: from here on it accepts no new reply.
    async with generations.deleting(conversation_id):
        if not await store.delete_conversation(conversation_id):
            raise HTTPException(404, "Conversation not found")
    return {"status": "deleted"}


@routes.get("/api/conversations/{conversation_id}/messages", response_model=list[Message])
async def get_messages(conversation_id: ConversationId, store: Store):
    """The conversation's messages; a reply in progress is reached through …/stream."""
    return (await require_conversation(store, conversation_id)).messages


@routes.delete("/api/conversations/{conversation_id}/messages/{index}", response_model=TruncateResponse)
async def truncate_messages(
    conversation_id: ConversationId,
    index: Annotated[int, PathParam(ge=0, le=1_000_000_000, description="First message to remove")],
    store: Store,
    generations: Generations,
):
    """Remove message `index` and every message after it (edit-and-resend, regenerate)."""
    conversation = await require_conversation(store, conversation_id)
    refuse_while_generating(generations, conversation_id, "remove messages")
    count = len(conversation.messages)
    if index >= count:
        raise HTTPException(404, f"Message index {index} is out of range: this conversation has {count} message(s).")
    removed = await store.truncate_messages(conversation_id, index)
    return TruncateResponse(removed=removed, message_count=count - removed)


@routes.get("/api/conversations/{conversation_id}/export")
async def export_conversation(
    conversation_id: ConversationId,
    store: Store,
    format: Annotated[Literal["markdown", "json"], Query(description="markdown or json")] = "markdown",
):
    """Download the conversation as Markdown or JSON."""
    conversation = await require_conversation(store, conversation_id)
    if format == "json":
        body, media_type, extension = to_json(conversation), "application/json", "json"
    else:
        body, media_type, extension = to_markdown(conversation), "text/markdown; charset=utf-8", "md"
    filename = export_filename(conversation, extension)
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@routes.post("/api/chat/stream")
async def chat_stream(request: ChatRequest, store: Store, generations: Generations, settings: CurrentSettings):
    """Store the user's message, start the reply, and stream it as Server-Sent Events."""
    if len(request.message) > settings.max_message_chars:
        raise HTTPException(
            413,
            f"Message is too long: {len(request.message)} characters; the limit is {settings.max_message_chars} "
            "(CHAT_MAX_MESSAGE_CHARS).",
        )
    if not is_id(request.conversation_id):
        raise HTTPException(404, "Conversation not found")
    # Claimed before anything awaits, so the history read below cannot change under the reply.
    generation = reserve_reply(generations, request.conversation_id, "send another message")
    try:
        conversation = await require_conversation(store, request.conversation_id)
        user_message = Message(id=new_id(), role="user", content=request.message, timestamp=now())
        if not await store.append_message(conversation.id, user_message):
            raise HTTPException(404, "Conversation not found")
        if not conversation.messages:
            await store.update_conversation(conversation.id, {"title": request.message[:TITLE_CHARS]})
    except BaseException:
        generations.release(generation)
        raise
    history = [{"role": "system", "content": conversation.system_prompt}] if conversation.system_prompt else []
    history += [{"role": m.role, "content": m.content} for m in conversation.messages if m.content]
    history.append({"role": "user", "content": request.message})
    options = GenerationOptions(
        model=request.model or conversation.model,
        temperature=next(
            t for t in (request.temperature, conversation.temperature, DEFAULT_TEMPERATURE) if t is not None
        ),
        max_tokens=request.max_tokens or conversation.max_tokens,
    )
    generations.launch(generation, history, options)
    return event_stream(generation, generations, settings)


@routes.get("/api/conversations/{conversation_id}/stream", responses={204: {"description": "No reply in progress"}})
async def attach_to_stream(
    conversation_id: ConversationId, store: Store, generations: Generations, settings: CurrentSettings
):
    """Follow the reply in progress: what was generated so far, then live.

    204 No Content when nothing is being generated (as SSE servers say "nothing to follow");
    a client that saw a reply in progress a moment ago then simply reloads the messages.
    """
    await require_summary(store, conversation_id)
    generation = generations.get(conversation_id)
    if generation is None:
        return Response(status_code=204)
    return event_stream(generation, generations, settings)


def event_stream(generation: Generation, generations: GenerationManager, settings: Settings) -> EventSourceResponse:
    """A reply's events as Server-Sent Events: batches of events as they come, pings while
    nothing happens, and on shutdown the reply's last events before the stream ends."""
    return EventSourceResponse(
        generation.stream(),
        ping=settings.sse_ping_interval_s,
        shutdown_event=generations.shutdown_requested,
        shutdown_grace_period=SHUTDOWN_GRACE_S,
    )


@routes.post("/api/conversations/{conversation_id}/stop", response_model=StopResponse)
async def stop_generation(conversation_id: ConversationId, store: Store, generations: Generations):
    """Stop the reply in progress; its partial text is kept, marked as stopped."""
    await require_summary(store, conversation_id)
    generation = await generations.stop(conversation_id)
    if generation is None:
        return StopResponse(status="not_generating")
    done = generation.events[-1][1] if generation.events else {}
    message = done.get("message")
    return StopResponse(status="stopped", message=Message.model_validate(message) if message else None)


app = create_app()

if __name__ == "__main__":
    uvicorn.run(app, host=app.state.settings.host, port=app.state.settings.port)
