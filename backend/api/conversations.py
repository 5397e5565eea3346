"""Conversations as a whole: list (a page at a time), search, create, read, rename and set up,
delete (with their reply in progress)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Query

from api.deps import ConversationId, CurrentStore, Engine, not_found, require_conversation
from api.shapes import conversation_shape
from models import DEFAULT_TITLE, ConversationCreate, ConversationResponse, ConversationUpdate, SearchText, is_id
from storage import SETTINGS_FIELDS, InvalidCursor
from storage.conversations import UnknownFolder

MAX_PAGE = 500
DEFAULT_SEARCH_RESULTS = 50

router = APIRouter(prefix="/api/conversations", tags=["conversations"])


@router.get("", response_model=list[ConversationResponse])
async def list_conversations(
    store: CurrentStore,
    engine: Engine,
    q: Annotated[SearchText | None, Query(description="Conversations whose title or messages have these words")] = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_PAGE, description="At most this many (a page)")] = None,
    before: Annotated[str | None, Query(max_length=200, description="The `cursor` of the last one seen")] = None,
    folder_id: Annotated[str | None, Query(max_length=100, description="Only those in this folder")] = None,
):
    """Conversations, pinned first, then newest activity: all of them, a page (`limit`, `before`),
    one folder's (`folder_id`), or those matching `q`."""
    if folder_id is not None and (not is_id(folder_id) or await store.folders.get(folder_id) is None):
        raise HTTPException(404, "Folder not found")
    if q is not None and q.strip():
        found = await store.conversations.search(q, limit or DEFAULT_SEARCH_RESULTS)
    else:
        try:
            found = await store.conversations.list(limit=limit, before=before, folder_id=folder_id)
        except InvalidCursor:
            raise HTTPException(
                422, "before: not a cursor this server gave out; use a conversation's `cursor`."
            ) from None
    return [conversation_shape(record, engine) for record in found]


@router.post("", response_model=ConversationResponse)
async def create_conversation(
    store: CurrentStore, engine: Engine, payload: Annotated[ConversationCreate | None, Body()] = None
):
    """Start a new, empty conversation, with the defaults for new conversations (GET /api/settings).
    A title given here (anything but the default) is the user's: the first message keeps it."""
    title = (payload.title if payload else None) or DEFAULT_TITLE
    defaults = await store.settings.get_defaults()
    created = await store.conversations.create(title, defaults, title_set_by_user=title != DEFAULT_TITLE)
    return conversation_shape(created, engine)


@router.get("/{conversation_id}", response_model=ConversationResponse)
async def get_conversation(conversation_id: ConversationId, store: CurrentStore, engine: Engine):
    """One conversation's summary: title, settings, message count, whether a reply is in progress."""
    return conversation_shape(await require_conversation(store, conversation_id), engine)


@router.patch("/{conversation_id}", response_model=ConversationResponse)
async def update_conversation(
    conversation_id: ConversationId, changes: ConversationUpdate, store: CurrentStore, engine: Engine
):
    """Rename a conversation (the title is then the user's) or change its settings: system prompt,
    model, temperature, max tokens, sampling, what to do when it outgrows the context window.
    `preset_id` copies a preset's settings; fields given beside it win."""
    await require_conversation(store, conversation_id)
    fields = changes.model_dump(include=changes.model_fields_set)
    if "title" in fields and fields["title"] is None:
        raise HTTPException(422, "title cannot be null; send a new title or leave the field out")
    preset_id = fields.pop("preset_id", None)
    if preset_id is not None:
        preset = await store.settings.get_preset(preset_id) if is_id(preset_id) else None
        if preset is None:
            raise HTTPException(422, f"preset_id: there is no preset {preset_id!r}.")
        fields = {**{name: getattr(preset, name) for name in SETTINGS_FIELDS}, **fields}
    if fields.get("folder_id") is not None and not is_id(fields["folder_id"]):
        raise HTTPException(422, f"folder_id: there is no folder {fields['folder_id']!r}.")
    try:
        updated = await store.conversations.update(conversation_id, fields)
    except UnknownFolder:
        raise HTTPException(422, f"folder_id: there is no folder {fields['folder_id']!r}.") from None
    if updated is None:
        raise not_found()
    return conversation_shape(updated, engine)


@router.delete("/{conversation_id}")
async def delete_conversation(conversation_id: ConversationId, store: CurrentStore, engine: Engine):
    """Delete a conversation, stopping its reply in progress first."""
    if not is_id(conversation_id):
        raise not_found()
    # Marked as being deleted before anything awaits: from here on it accepts no new reply.
    async with engine.registry.deleting(conversation_id):
        if not await store.conversations.delete(conversation_id):
            raise not_found()
    return {"status": "deleted"}
