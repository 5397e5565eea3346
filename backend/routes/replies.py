"""Replies: send a message (after the active leaf, or under any message: an edit), regenerate a
reply (a new sibling), follow the reply in progress, stop it. Every reply streams the same events."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response
from sse_starlette import EventSourceResponse

import history_fit
from config import Settings
from context_window import known_context_length
from dependencies import (
    Client,
    ConversationId,
    CurrentSettings,
    Generations,
    MessageId,
    Store,
    not_found,
    require_conversation,
    require_message,
    require_summary,
    reserve_reply,
)
from generations import DEFAULT_TEMPERATURE, Generation, GenerationManager, GenerationOptions
from lm_studio_client import LMStudioClient
from models import (
    AttachmentInfo,
    ChatRequest,
    Conversation,
    GenerationOptionsInput,
    Message,
    RegenerateRequest,
    StopResponse,
    is_id,
)
from prompt import lm_studio_messages, message_chars
from storage import ConversationStore, new_id, now

SAMPLING_FIELDS = ("top_p", "top_k", "min_p", "repeat_penalty", "stop")
# On shutdown, replies are stopped and their streams get this long to send their last events.
SHUTDOWN_GRACE_S = 5.0

router = APIRouter()


@router.post("/api/chat/stream")
async def chat_stream(
    request: ChatRequest, store: Store, generations: Generations, settings: CurrentSettings, client: Client
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
    if not is_id(request.conversation_id):
        raise not_found()
    # Claimed before anything awaits, so the history read below cannot change under the reply.
    generation = reserve_reply(generations, request.conversation_id, "send another message")
    try:
        conversation = await require_conversation(store, request.conversation_id)
        if "parent_id" in request.model_fields_set:
            parent_id = request.parent_id
            if parent_id is not None:
                await require_message(store, conversation.id, parent_id)
        else:
            parent_id = conversation.active_message_id
        files = await attached_files(store, request.attachments or [], settings.max_attachments)
        question = Message(
            id=new_id(),
            role="user",
            content=request.message,
            timestamp=now(),
            parent_id=parent_id,
            attachments=files or None,
        )
        await refuse_what_cannot_fit(question, conversation, client, request)
        added = await store.add_message(
            conversation.id, question, parent_id=parent_id, make_active=True, attachment_ids=[f.id for f in files]
        )
        if not added:
            raise not_found()
        if parent_id is None:
            await store.title_from_first_message(conversation.id, request.message or files[0].name)
        history = [*await store.path_to(conversation.id, parent_id), question]
        messages = await lm_studio_messages(conversation, history, store.attachments)
    except BaseException:
        generations.release(generation)
        raise
    return start_reply(generation, generations, settings, conversation, history, messages, request)


async def attached_files(store: ConversationStore, ids: list[str], most: int) -> list[AttachmentInfo]:
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


async def refuse_what_cannot_fit(
    question: Message, conversation: Conversation, client: LMStudioClient, choices: GenerationOptionsInput
) -> None:
    """413 when the message alone, with its documents, is larger than the model's context window
    (when that is known): no history trimming could make it fit."""
    documents = [info for info in question.attachments or [] if info.kind == "document"]
    if not documents:
        return
    window = await known_context_length(conversation, client)
    if not window:
        return
    ratio = history_fit.tokens_per_char(conversation.messages)
    needed = int(message_chars(question) * ratio)
    room = history_fit.prompt_budget(window, choices.max_tokens or conversation.max_tokens)
    if needed <= room:
        return
    largest = max(documents, key=lambda info: info.chars or 0)
    raise HTTPException(
        413,
        f"{largest.name} does not fit: with it this message takes about {needed:,} tokens, and the model's "
        f"context window has room for {room:,} (of {window:,}). Attach a shorter part of it, or load the model "
        "with a longer context in LM Studio.",
    )


@router.post("/api/conversations/{conversation_id}/messages/{message_id}/regenerate")
async def regenerate(
    conversation_id: ConversationId,
    message_id: MessageId,
    store: Store,
    generations: Generations,
    settings: CurrentSettings,
    request: RegenerateRequest | None = None,
):
    """A new reply to a user message, streamed like /api/chat/stream. `message_id` is a reply
    (the new one becomes its sibling) or the user message itself (Retry after a reply failed
    before writing anything). The earlier replies stay; the user message is never duplicated."""
    if not is_id(conversation_id):
        raise not_found()
    generation = reserve_reply(generations, conversation_id, "regenerate")
    try:
        conversation = await require_conversation(store, conversation_id)
        target = await require_message(store, conversation_id, message_id)
        question_id = target.id if target.role == "user" else target.parent_id
        question = await store.get_message(conversation_id, question_id) if question_id else None
        if question is None or question.role != "user":
            raise HTTPException(422, "Only a reply to a user message, or the user message itself, can be regenerated.")
        history = await store.path_to(conversation_id, question.id)
        messages = await lm_studio_messages(conversation, history, store.attachments)
        await store.make_active(conversation_id, question.id)  # the new reply continues this path
    except BaseException:
        generations.release(generation)
        raise
    choices = request or RegenerateRequest()
    return start_reply(generation, generations, settings, conversation, history, messages, choices)


def start_reply(
    generation: Generation,
    generations: GenerationManager,
    settings: Settings,
    conversation: Conversation,
    history: list[Message],
    messages: list[dict],
    choices: GenerationOptionsInput,
) -> EventSourceResponse:
    """Launch the reserved reply to the last message of `history` (sent as `messages`) and stream it."""
    generations.launch(generation, messages, reply_options(conversation, history, choices), reply_to=history[-1].id)
    return event_stream(generation, generations, settings)


def reply_options(
    conversation: Conversation, history: list[Message], choices: GenerationOptionsInput
) -> GenerationOptions:
    """The request's choices, else the conversation's settings, else LM Studio's own defaults."""

    def chosen(field: str):
        value = getattr(choices, field)
        return value if value is not None else getattr(conversation, field)

    return GenerationOptions(
        model=chosen("model"),
        temperature=next(
            t for t in (choices.temperature, conversation.temperature, DEFAULT_TEMPERATURE) if t is not None
        ),
        max_tokens=chosen("max_tokens"),
        sampling={field: chosen(field) for field in SAMPLING_FIELDS},
        context_overflow=conversation.context_overflow or "error",
        tokens_per_char=history_fit.tokens_per_char(history),
    )


@router.get("/api/conversations/{conversation_id}/stream", responses={204: {"description": "No reply in progress"}})
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


@router.post("/api/conversations/{conversation_id}/stop", response_model=StopResponse)
async def stop_generation(conversation_id: ConversationId, store: Store, generations: Generations):
    """Stop the reply in progress; its partial text is kept, marked as stopped."""
    await require_summary(store, conversation_id)
    generation = await generations.stop(conversation_id)
    if generation is None:
        return StopResponse(status="not_generating")
    done = generation.events[-1][1] if generation.events else {}
    message = done.get("message")
    return StopResponse(status="stopped", message=Message.model_validate(message) if message else None)
