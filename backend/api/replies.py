"""Replies: send a message (after the active leaf, or under any message: an edit), regenerate a
reply (a new sibling, or Retry under a user message whose reply failed), follow the reply in
progress, stop it. Every reply streams the same events (replies/events.py)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException
from fastapi.responses import Response
from sse_starlette import EventSourceResponse

from api.deps import (
    MESSAGE_NOT_FOUND,
    Client,
    ConversationId,
    CurrentSettings,
    CurrentStore,
    Engine,
    MessageId,
    claim_reply,
    not_found,
    require_conversation,
    require_message,
)
from config import Settings
from context.admission import DoesNotFit, check_fits
from context.estimate import tokens_per_char
from context.window import known_window
from lm_studio_client import LMStudioClient
from models import ChatRequest, Message, RegenerateRequest, StopResponse, is_id
from replies import Reply, ReplyEngine, choose_options
from replies.events import resume_after
from replies.run import ModelChoice, choose_model
from storage import (
    ACTIVE_LEAF,
    AttachmentRecord,
    NotAQuestion,
    ReplyStart,
    Store,
    UnknownConversation,
    UnknownMessage,
    new_id,
)

# On shutdown, replies are stopped and their streams get this long to send their last events.
SHUTDOWN_GRACE_S = 5.0

chat_router = APIRouter(prefix="/api/chat", tags=["replies"])
router = APIRouter(prefix="/api/conversations", tags=["replies"])


@chat_router.post("/stream")
async def chat_stream(
    request: ChatRequest, store: CurrentStore, engine: Engine, settings: CurrentSettings, client: Client
):
    """Store the user's message, start the reply, and stream it as Server-Sent Events.

    The message follows `parent_id` when given (null: a new first message, an edit of the first
    one), else the active leaf; it becomes the active leaf, earlier branches stay. It carries
    the files named in `attachments` (uploaded with POST /api/attachments)."""
    if len(request.message) > settings.max_message_chars:
        raise HTTPException(
            413,
            f"Message is too long: {len(request.message)} characters; the limit is {settings.max_message_chars} "
            "(CHAT_MAX_MESSAGE_CHARS).",
        )
    conversation_id = request.conversation_id
    if not is_id(conversation_id):
        raise not_found()
    parent = request.parent_id if "parent_id" in request.model_fields_set else ACTIVE_LEAF
    # Claimed here before anything awaits (then across backends), so nothing it reads can change
    # under the reply.
    reply = await claim_reply(engine, conversation_id, "send another message")
    with released_unless_stored(engine, reply):
        files = await attached_files(store, request.attachments or [], settings.max_attachments)
        choice = await admit(store, client, request, files, parent) if files else None
        start = await store.replies.begin_send(
            conversation_id,
            question_id=new_id(),
            reply_id=reply.id,
            content=request.message,
            parent=parent,
            attachment_ids=tuple(file.id for file in files),
            title_from=request.message.strip() or (files[0].name if files else ""),
        )
    engine.launch(reply, start, choose_options(request, start.conversation, start.history), model_choice=choice)
    return event_stream(reply, engine, settings)


async def attached_files(store: Store, ids: list[str], most: int) -> list[AttachmentRecord]:
    """The uploaded files a message names, in its order; 422 when too many or one is unknown."""
    if len(ids) > most:
        raise HTTPException(
            422, f"A message can carry at most {most} files (CHAT_MAX_ATTACHMENTS); this one has {len(ids)}."
        )
    if len(set(ids)) < len(ids):
        raise HTTPException(422, "The same file is attached twice; attach each file once.")
    known = await store.attachments.infos([i for i in ids if is_id(i)])
    missing = [i for i in ids if i not in known]
    if missing:
        raise HTTPException(
            422,
            f"Attachment {missing[0]} was not found: files not sent within a day of their upload are deleted. "
            "Upload it again.",
        )
    return [known[i] for i in ids]


async def admit(
    store: Store, client: LMStudioClient, request: ChatRequest, files: list[AttachmentRecord], parent
) -> ModelChoice | None:
    """413 before anything is stored when the message's files alone cannot fit the model's window
    (when it is known); the model the reply goes to, resolved once for the reply too."""
    conversation = await require_conversation(store, request.conversation_id)
    leaf = conversation.active_message_id if parent is ACTIVE_LEAF else parent
    history = await store.messages.path_to(conversation.id, leaf) if leaf and is_id(leaf) else []
    try:
        choice = await choose_model(client, request.model or conversation.model)
    except Exception:  # no model to be had: the reply itself will say so
        return None
    try:
        check_fits(
            request.message,
            files,
            ratio=tokens_per_char(history),
            window=known_window(choice.info, history),
            max_tokens=request.max_tokens or conversation.max_tokens,
        )
    except DoesNotFit as refusal:
        raise HTTPException(413, refusal.sentence) from None
    return choice


@router.post("/{conversation_id}/messages/{message_id}/regenerate")
async def regenerate(
    conversation_id: ConversationId,
    message_id: MessageId,
    store: CurrentStore,
    engine: Engine,
    settings: CurrentSettings,
    request: RegenerateRequest | None = None,
):
    """A new reply to a user message, streamed like /api/chat/stream. `message_id` is a reply
    (the new one becomes its sibling) or the user message itself (Retry after a reply failed
    before writing anything). The earlier replies stay; the user message is never duplicated."""
    reply, start = await answer_again(store, engine, conversation_id, message_id, "regenerate")
    engine.launch(reply, start, choose_options(request, start.conversation, start.history))
    return event_stream(reply, engine, settings)


@router.post("/{conversation_id}/messages/{message_id}/continue")
async def continue_reply(
    conversation_id: ConversationId,
    message_id: MessageId,
    store: CurrentStore,
    engine: Engine,
    settings: CurrentSettings,
    request: RegenerateRequest | None = None,
):
    """Write on from where a reply stopped (cut at max tokens, or stopped): a new version of it
    that begins with what it wrote, streamed like /api/chat/stream (its first `message` event is
    the text it goes on from). The reply that stopped stays beside it."""
    earlier = await require_message(store, conversation_id, message_id) if is_id(conversation_id) else None
    if earlier is None:
        raise not_found()
    if earlier.role != "assistant" or not earlier.content:
        raise HTTPException(422, "Only a reply with text can be continued; regenerate the others.")
    reply, start = await answer_again(store, engine, conversation_id, message_id, "continue a reply")
    engine.launch(reply, start, choose_options(request, start.conversation, start.history), continues=earlier)
    return event_stream(reply, engine, settings)


async def answer_again(
    store: Store, engine: ReplyEngine, conversation_id: str, message_id: str, action: str
) -> tuple[Reply, ReplyStart]:
    """Claim the conversation and store the placeholder of a new reply to the user message that
    `message_id` is, or answers; 404 or 422 with a sentence when there is none."""
    if not is_id(conversation_id):
        raise not_found()
    reply = await claim_reply(engine, conversation_id, action)
    with released_unless_stored(engine, reply):
        if not is_id(message_id):
            raise UnknownMessage(message_id)
        return reply, await store.replies.begin_again(conversation_id, message_id, reply_id=reply.id)


@contextlib.contextmanager
def released_unless_stored(engine: ReplyEngine, reply: Reply):
    """The claim on the conversation goes when beginning the reply fails; storage's refusals
    become the answer's status and sentence."""
    try:
        yield
    except BaseException as failure:
        engine.registry.release(reply)
        if isinstance(failure, UnknownConversation):
            raise not_found() from None
        if isinstance(failure, UnknownMessage):
            raise not_found(MESSAGE_NOT_FOUND) from None
        if isinstance(failure, NotAQuestion):
            raise HTTPException(
                422, "Only a reply to a user message, or the user message itself, can be regenerated."
            ) from None
        raise


@router.get("/{conversation_id}/stream", responses={204: {"description": "No reply in progress"}})
async def follow_reply(
    conversation_id: ConversationId,
    store: CurrentStore,
    engine: Engine,
    settings: CurrentSettings,
    last_event_id: Annotated[str | None, Header(max_length=200)] = None,
):
    """Follow the reply in progress (begun through this backend or, with several, another):
    what was generated so far (after `Last-Event-ID`, when it names an event of this reply),
    then live.

    204 No Content when nothing is being generated (as SSE servers say "nothing to follow");
    a client that saw a reply in progress a moment ago then simply reloads the messages.
    """
    await require_conversation(store, conversation_id)
    registry = engine.registry
    reply = registry.get(conversation_id)
    if reply is not None:
        return event_stream(reply, engine, settings, after=resume_after(last_event_id, reply.id))
    elsewhere = await registry.running_elsewhere(conversation_id)
    if elsewhere is None:
        return Response(status_code=204)
    after = resume_after(last_event_id, elsewhere)
    return sse_response(registry.follow(conversation_id, elsewhere, after), engine, settings)


def event_stream(reply: Reply, engine: ReplyEngine, settings: Settings, after: int = -1) -> EventSourceResponse:
    """A reply's events as Server-Sent Events: batches of events as they come, pings while
    nothing happens, and on shutdown the reply's last events before the stream ends."""
    return sse_response(reply.stream(after), engine, settings)


def sse_response(chunks: AsyncIterator[bytes], engine: ReplyEngine, settings: Settings) -> EventSourceResponse:
    return EventSourceResponse(
        chunks,
        ping=settings.sse_ping_interval_s,
        shutdown_event=engine.registry.shutdown_requested,
        shutdown_grace_period=SHUTDOWN_GRACE_S,
    )


@router.post("/{conversation_id}/stop", response_model=StopResponse)
async def stop_reply(conversation_id: ConversationId, store: CurrentStore, engine: Engine):
    """Stop the reply in progress; its partial text is kept, marked as stopped."""
    await require_conversation(store, conversation_id)
    stopped, ending = await engine.registry.stop_anywhere(conversation_id)
    if not stopped:
        return StopResponse(status="not_generating")
    message = ending.data.get("message") if ending else None
    return StopResponse(status="stopped", message=Message.model_validate(message) if message else None)
