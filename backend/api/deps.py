"""What routes depend on: the long-lived objects (built in the lifespan, on app.state) and the
checks several routes share, each answering with a status and a sentence."""

from __future__ import annotations

import ipaddress
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi import Path as PathParam

from accounts.principal import ANYONE, Principal, principal_of, session_cookie
from config import Settings
from lm_studio_client import LMStudioClient
from mcp_host import ToolHub
from models import is_id
from replies import AlreadyReplying, ConversationBeingDeleted, Reply, ReplyEngine
from storage import ConversationRecord, MessageRecord, Store

# Async on purpose: FastAPI runs plain `def` dependencies in a thread pool, a thread hop per
# dependency per request that queues up when hundreds of chats start at once.


SIGN_IN_FIRST = "Sign in first."


async def signed_in(request: Request) -> Principal:
    """Who is asking; 401 with accounts on and no valid session or token. Every route but the
    service's and signing in depends on it (main.py), so a new route cannot forget it."""
    if not request.app.state.settings.auth:
        return ANYONE
    principal = await principal_of(
        request.app.state.store, request.headers.get("authorization"), session_cookie(request.cookies)
    )
    if principal is None:
        raise HTTPException(401, SIGN_IN_FIRST, headers={"WWW-Authenticate": "Bearer"})
    return principal


SignedIn = Annotated[Principal, Depends(signed_in)]


async def get_store(request: Request, principal: SignedIn) -> Store:
    """The store as the account asking sees it: its own conversations, folders, presets, files."""
    return request.app.state.store.scoped(principal.user_id)


async def get_install_store(request: Request) -> Store:
    """The whole database, for what belongs to no account (the service's health, accounts)."""
    return request.app.state.store


async def get_engine(request: Request) -> ReplyEngine:
    return request.app.state.replies


async def get_client(request: Request) -> LMStudioClient:
    return request.app.state.lm_client


async def get_tools(request: Request) -> ToolHub:
    return request.app.state.tools


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def accounts_are_off() -> HTTPException:
    return HTTPException(
        409, "Accounts are off (CHAT_AUTH=off): everyone at this machine is signed in as its one person."
    )


async def an_account(principal: SignedIn) -> Principal:
    """The account asking; 409 with accounts off, where there is none (tokens, passwords, people)."""
    if principal.user_id is None:
        raise accounts_are_off()
    return principal


async def administrator(principal: Annotated[Principal, Depends(an_account)]) -> Principal:
    """403 for an account that is not an administrator."""
    if not principal.is_admin:
        raise HTTPException(403, "Only an administrator can do this.")
    return principal


async def may_change_mcp_servers(request: Request, principal: SignedIn) -> None:
    """MCP servers are shared, and a stdio server runs a command on this machine: with accounts
    on, only an administrator changes them; with accounts off (a loopback address, or an explicit
    CHAT_ALLOWED_HOSTS), only a client on this machine. The Host/Origin guard keeps foreign pages
    out, not other machines a backend bound to the network answers."""
    if request.app.state.settings.auth:
        if not principal.is_admin:
            raise HTTPException(403, "Only an administrator can add or change MCP servers (they are shared).")
        return
    host = request.client.host if request.client else ""
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    if not local:
        raise HTTPException(
            403,
            "MCP servers can only be added or changed from the machine the chat backend runs on (a server may "
            "run a command there); do it there, or in the CHAT_MCP_CONFIG file.",
        )


CurrentStore = Annotated[Store, Depends(get_store)]
InstallStore = Annotated[Store, Depends(get_install_store)]
Account = Annotated[Principal, Depends(an_account)]
Administrator = Annotated[Principal, Depends(administrator)]
Engine = Annotated[ReplyEngine, Depends(get_engine)]
Client = Annotated[LMStudioClient, Depends(get_client)]
Tools = Annotated[ToolHub, Depends(get_tools)]
CurrentSettings = Annotated[Settings, Depends(get_settings)]
ConversationId = Annotated[str, PathParam(max_length=100, description="The conversation's id")]
MessageId = Annotated[str, PathParam(max_length=100, description="The message's id")]

CONVERSATION_NOT_FOUND = "Conversation not found"
MESSAGE_NOT_FOUND = "Message not found in this conversation"


def not_found(detail: str = CONVERSATION_NOT_FOUND) -> HTTPException:
    return HTTPException(404, detail)


async def require_conversation(store: Store, conversation_id: str) -> ConversationRecord:
    """The conversation; 404 for an unknown id (checked before storage is asked)."""
    conversation = await store.conversations.get(conversation_id) if is_id(conversation_id) else None
    if conversation is None:
        raise not_found()
    return conversation


async def conversation_in_scope(request: Request, store: CurrentStore) -> None:
    """With accounts on, a route naming a conversation in its path answers 404 for another
    account's, exactly as for an unknown id, before it reads anything (main.py adds this to every
    route, so one that reads messages by conversation id directly cannot show another's)."""
    conversation_id = request.path_params.get("conversation_id")
    if store.owner is not None and conversation_id is not None:
        await require_conversation(store, conversation_id)


async def require_message(store: Store, conversation_id: str, message_id: str) -> MessageRecord:
    message = await store.messages.get(conversation_id, message_id) if is_id(message_id) else None
    if message is None:
        raise not_found(MESSAGE_NOT_FOUND)
    return message


async def refuse_while_replying(engine: ReplyEngine, conversation_id: str, action: str) -> None:
    """409 with a sentence while the conversation is being deleted or has a reply in progress
    (on any backend)."""
    registry = engine.registry
    if registry.is_being_deleted(conversation_id):
        raise HTTPException(409, "This conversation is being deleted; it accepts no new messages.")
    if await registry.is_replying_anywhere(conversation_id):
        raise still_replying(action)


def still_replying(action: str) -> HTTPException:
    return HTTPException(
        409,
        f"A reply is still being generated in this conversation; stop it or wait for it to finish before you {action}.",
    )


async def claim_reply(engine: ReplyEngine, conversation_id: str, action: str) -> Reply:
    """Claim the conversation for a new reply (on every backend), or answer 409 saying why it
    cannot have one."""
    try:
        return await engine.registry.claim(conversation_id)
    except ConversationBeingDeleted:
        raise HTTPException(409, "This conversation is being deleted; it accepts no new messages.") from None
    except AlreadyReplying:
        raise still_replying(action) from None
