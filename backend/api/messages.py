"""A conversation's messages: the active path, deleting a branch, switching branches, forking a
branch into a new conversation, and export."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import Response

from api.deps import (
    MESSAGE_NOT_FOUND,
    ConversationId,
    CurrentStore,
    Engine,
    not_found,
    refuse_while_replying,
    require_conversation,
    require_message,
)
from api.shapes import conversation_shape, messages_shape
from exports.conversation import export_filename, to_json, to_markdown
from models import ConversationResponse, Message, MessageChoice, TruncateResponse, is_id
from storage.titles import fork_title

MAX_INDEX = 1_000_000_000

router = APIRouter(prefix="/api/conversations", tags=["messages"])


@router.get("/{conversation_id}/messages", response_model=list[Message])
async def get_messages(conversation_id: ConversationId, store: CurrentStore):
    """The active path: the messages from the first to the active leaf, each with its parent and
    siblings. A reply in progress is reached through …/stream."""
    found = await store.messages.active_path(conversation_id) if is_id(conversation_id) else None
    if found is None:
        raise not_found()
    return messages_shape(found[1])


@router.delete("/{conversation_id}/messages/{ref}", response_model=TruncateResponse)
async def delete_messages(
    conversation_id: ConversationId,
    ref: Annotated[str, PathParam(max_length=100, description="An index of the active path, or a message id")],
    store: CurrentStore,
    engine: Engine,
):
    """Remove a message and everything below it: message `ref` of the active path when `ref` is a
    number (the original API), or the message with that id, on any branch."""
    found = await store.messages.active_path(conversation_id) if is_id(conversation_id) else None
    if found is None:
        raise not_found()
    path = found[1]
    await refuse_while_replying(engine, conversation_id, "remove messages")
    if ref.isdigit() or (ref.startswith("-") and ref[1:].isdigit()):
        index = int(ref)
        if not 0 <= index <= MAX_INDEX:
            raise HTTPException(422, f"index must be between 0 and {MAX_INDEX}; {ref} is not.")
        if index >= len(path):
            raise HTTPException(
                404, f"Message index {index} is out of range: this conversation has {len(path)} message(s)."
            )
        message_id = path[index].id
    else:
        message_id = (await require_message(store, conversation_id, ref)).id
    removed, length = await store.messages.delete_branch(conversation_id, message_id) or (0, len(path))
    return TruncateResponse(removed=removed, message_count=length)


@router.put("/{conversation_id}/active", response_model=list[Message])
async def switch_branch(conversation_id: ConversationId, choice: MessageChoice, store: CurrentStore, engine: Engine):
    """Show the branch through a message, down to its newest leaf; answers the new active path."""
    await require_conversation(store, conversation_id)
    await require_message(store, conversation_id, choice.message_id)
    await refuse_while_replying(engine, conversation_id, "switch to another branch")
    path = await store.messages.switch_branch(conversation_id, choice.message_id)
    if path is None:
        raise not_found(MESSAGE_NOT_FOUND)
    return messages_shape(path)


@router.post("/{conversation_id}/fork", response_model=ConversationResponse)
async def fork_conversation(
    conversation_id: ConversationId, choice: MessageChoice, store: CurrentStore, engine: Engine
):
    """A new conversation holding a copy of the path from the first message to this one, titled
    as a branch of this one."""
    conversation = await require_conversation(store, conversation_id)
    await require_message(store, conversation_id, choice.message_id)
    fork = await store.forks.copy_path(conversation_id, choice.message_id, title=fork_title(conversation.title))
    if fork is None:
        raise not_found(MESSAGE_NOT_FOUND)
    return conversation_shape(fork, engine)


@router.get("/{conversation_id}/export")
async def export_conversation(
    conversation_id: ConversationId,
    store: CurrentStore,
    format: Annotated[Literal["markdown", "json"], Query(description="markdown or json")] = "markdown",
):
    """Download the conversation: JSON holds every branch, Markdown the active path."""
    if not is_id(conversation_id):
        raise not_found()
    if format == "json":
        found = await store.messages.whole_tree(conversation_id)
        render, media_type, extension = to_json, "application/json", "json"
    else:
        found = await store.messages.active_path(conversation_id)
        render, media_type, extension = to_markdown, "text/markdown; charset=utf-8", "md"
    if found is None:
        raise not_found()
    conversation, messages = found
    filename = export_filename(conversation.title, extension)
    return Response(
        render(conversation, messages),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
