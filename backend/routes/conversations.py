"""Conversations and their messages: list, search, create, rename and set up, delete (with their
reply in progress), the active path, switching branches, forking, deleting a branch, export."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import Response

from dependencies import (
    ConversationId,
    Generations,
    Store,
    not_found,
    refuse_while_generating,
    require_conversation,
    require_message,
    require_summary,
)
from export import export_filename, to_json, to_markdown
from models import (
    DEFAULT_TITLE,
    SETTINGS_FIELDS,
    ConversationCreate,
    ConversationResponse,
    ConversationUpdate,
    Message,
    MessageChoice,
    SearchText,
    TruncateResponse,
    is_id,
)
from storage import InvalidCursor

MAX_PAGE = 500
DEFAULT_SEARCH_RESULTS = 50
MAX_INDEX = 1_000_000_000

router = APIRouter()


@router.get("/api/conversations", response_model=list[ConversationResponse])
async def list_conversations(
    store: Store,
    generations: Generations,
    q: Annotated[SearchText | None, Query(description="Conversations whose title or messages have these words")] = None,
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


@router.post("/api/conversations", response_model=ConversationResponse)
async def create_conversation(store: Store, payload: Annotated[ConversationCreate | None, Body()] = None):
    """Start a new, empty conversation, with the defaults for new conversations (GET /api/settings)."""
    title = (payload.title if payload else None) or DEFAULT_TITLE
    defaults = await store.settings.get_defaults()
    return await store.create_conversation(title, defaults.model_dump())


@router.get("/api/conversations/{conversation_id}", response_model=ConversationResponse)
async def get_conversation(conversation_id: ConversationId, store: Store, generations: Generations):
    """One conversation's summary: title, settings, message count, whether a reply is in progress."""
    summary = await require_summary(store, conversation_id)
    summary.is_generating = generations.is_generating(conversation_id)
    return summary


@router.patch("/api/conversations/{conversation_id}", response_model=ConversationResponse)
async def update_conversation(
    conversation_id: ConversationId, changes: ConversationUpdate, store: Store, generations: Generations
):
    """Rename a conversation (the title is then the user's) or change its settings: system prompt,
    model, temperature, max tokens, sampling, what to do when it outgrows the context window.
    `preset_id` copies a preset's settings; fields given beside it win."""
    await require_summary(store, conversation_id)
    fields = changes.model_dump(include=changes.model_fields_set)
    if "title" in fields and fields["title"] is None:
        raise HTTPException(422, "title cannot be null; send a new title or leave the field out")
    preset_id = fields.pop("preset_id", None)
    if preset_id is not None:
        preset = await store.settings.get_preset(preset_id) if is_id(preset_id) else None
        if preset is None:
            raise HTTPException(422, f"preset_id: there is no preset {preset_id!r}.")
        fields = {**preset.model_dump(include=set(SETTINGS_FIELDS)), **fields}
    updated = await store.update_conversation(conversation_id, fields)
    if updated is None:
        raise not_found()
    updated.is_generating = generations.is_generating(conversation_id)
    return updated


@router.delete("/api/conversations/{conversation_id}")
async def delete_conversation(conversation_id: ConversationId, store: Store, generations: Generations):
    """Delete a conversation, stopping its reply in progress first."""
    if not is_id(conversation_id):
        raise not_found()
    # Marked as being deleted before anything awaits: from here on it accepts no new reply.
    async with generations.deleting(conversation_id):
        if not await store.delete_conversation(conversation_id):
            raise not_found()
    return {"status": "deleted"}


@router.get("/api/conversations/{conversation_id}/messages", response_model=list[Message])
async def get_messages(conversation_id: ConversationId, store: Store):
    """The active path: the messages from the first to the active leaf, each with its parent and
    siblings. A reply in progress is reached through …/stream."""
    return (await require_conversation(store, conversation_id)).messages


@router.delete("/api/conversations/{conversation_id}/messages/{ref}", response_model=TruncateResponse)
async def delete_messages(
    conversation_id: ConversationId,
    ref: Annotated[str, PathParam(max_length=100, description="An index of the active path, or a message id")],
    store: Store,
    generations: Generations,
):
    """Remove a message and everything below it: message `ref` of the active path when `ref` is a
    number (the seed-era API), or the message with that id, on any branch."""
    conversation = await require_conversation(store, conversation_id)
    refuse_while_generating(generations, conversation_id, "remove messages")
    if ref.isdigit() or (ref.startswith("-") and ref[1:].isdigit()):
        index = int(ref)
        if not 0 <= index <= MAX_INDEX:
            raise HTTPException(422, f"index must be between 0 and {MAX_INDEX}; {ref} is not.")
        count = len(conversation.messages)
        if index >= count:
            raise HTTPException(
                404, f"Message index {index} is out of range: this conversation has {count} message(s)."
            )
        message_id = conversation.messages[index].id
    else:
        message_id = (await require_message(store, conversation_id, ref)).id
    removed, length = await store.delete_branch(conversation_id, message_id) or (0, len(conversation.messages))
    return TruncateResponse(removed=removed, message_count=length)


@router.put("/api/conversations/{conversation_id}/active", response_model=list[Message])
async def switch_branch(conversation_id: ConversationId, choice: MessageChoice, store: Store, generations: Generations):
    """Show the branch through a message, down to its newest leaf; answers the new active path."""
    await require_summary(store, conversation_id)
    await require_message(store, conversation_id, choice.message_id)
    refuse_while_generating(generations, conversation_id, "switch to another branch")
    path = await store.set_active(conversation_id, choice.message_id)
    if path is None:
        raise not_found("Message not found in this conversation")
    return path


@router.post("/api/conversations/{conversation_id}/fork", response_model=ConversationResponse)
async def fork_conversation(conversation_id: ConversationId, choice: MessageChoice, store: Store):
    """A new conversation holding a copy of the path from the first message to this one."""
    await require_summary(store, conversation_id)
    await require_message(store, conversation_id, choice.message_id)
    fork = await store.fork(conversation_id, choice.message_id)
    if fork is None:
        raise not_found("Message not found in this conversation")
    return fork


@router.get("/api/conversations/{conversation_id}/export")
async def export_conversation(
    conversation_id: ConversationId,
    store: Store,
    format: Annotated[Literal["markdown", "json"], Query(description="markdown or json")] = "markdown",
):
    """Download the conversation: JSON holds every branch, Markdown the active path."""
    if format == "json":
        conversation = await store.get_tree(conversation_id) if is_id(conversation_id) else None
        if conversation is None:
            raise not_found()
        body, media_type, extension = to_json(conversation), "application/json", "json"
    else:
        conversation = await require_conversation(store, conversation_id)
        body, media_type, extension = to_markdown(conversation), "text/markdown; charset=utf-8", "md"
    filename = export_filename(conversation, extension)
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
