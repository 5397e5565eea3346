"""What routes depend on: the long-lived objects (built in the lifespan, on app.state) and the
checks several routes share, each answering with a status and a sentence."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi import Path as PathParam

from config import Settings
from generations import AlreadyGenerating, ConversationBeingDeleted, Generation, GenerationManager
from lm_studio_client import LMStudioClient
from models import Conversation, ConversationResponse, Message, is_id
from storage import ConversationStore

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
MessageId = Annotated[str, PathParam(max_length=100, description="The message's id")]

CONVERSATION_NOT_FOUND = "Conversation not found"
MESSAGE_NOT_FOUND = "Message not found in this conversation"


def not_found(detail: str = CONVERSATION_NOT_FOUND) -> HTTPException:
    return HTTPException(404, detail)


async def require_conversation(store: ConversationStore, conversation_id: str) -> Conversation:
    """The conversation with its active path; 404 for an unknown id (checked before storage is asked)."""
    conversation = await store.get_conversation(conversation_id) if is_id(conversation_id) else None
    if conversation is None:
        raise not_found()
    return conversation


async def require_summary(store: ConversationStore, conversation_id: str) -> ConversationResponse:
    summary = await store.get_summary(conversation_id) if is_id(conversation_id) else None
    if summary is None:
        raise not_found()
    return summary


async def require_message(store: ConversationStore, conversation_id: str, message_id: str) -> Message:
    message = await store.get_message(conversation_id, message_id) if is_id(message_id) else None
    if message is None:
        raise not_found(MESSAGE_NOT_FOUND)
    return message


def refuse_while_generating(generations: GenerationManager, conversation_id: str, action: str) -> None:
    if generations.is_being_deleted(conversation_id):
        raise HTTPException(409, "This conversation is being deleted; it accepts no new messages.")
    if generations.is_generating(conversation_id):
        raise HTTPException(
            409,
            "A reply is still being generated in this conversation; "
            f"stop it or wait for it to finish before you {action}.",
        )


def reserve_reply(generations: GenerationManager, conversation_id: str, action: str) -> Generation:
    """Claim the conversation for a new reply, or answer 409 saying why it cannot have one."""
    try:
        return generations.reserve(conversation_id)
    except (ConversationBeingDeleted, AlreadyGenerating):
        refuse_while_generating(generations, conversation_id, action)
        raise
