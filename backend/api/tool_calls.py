"""Deciding on a tool call a reply waits for (its tool asks before it runs): allow or deny it,
and maybe make that the tool's rule from now on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam

from api.deps import ConversationId, CurrentStore, Engine, SignedIn, require_conversation
from models import ToolCallDecided, ToolCallDecision
from replies.tool_calls import NothingWaits

router = APIRouter(prefix="/api/conversations", tags=["replies"])

CallId = Annotated[str, PathParam(max_length=200, description="The tool call's id, as its tool_call event gave it")]


@router.post("/{conversation_id}/tool-calls/{call_id}", response_model=ToolCallDecided)
async def decide_tool_call(
    conversation_id: ConversationId,
    call_id: CallId,
    decision: ToolCallDecision,
    store: CurrentStore,
    engine: Engine,
    principal: SignedIn,
):
    """Allow or deny the tool call the reply in progress waits on; 409 when none waits under that id.
    `remember` changes the tool's rule for everyone (MCP servers are shared): administrators only."""
    await require_conversation(store, conversation_id)
    if decision.remember and not principal.is_admin:
        raise HTTPException(
            403, "Only an administrator can make a tool's rule for everyone; allow or deny this call once."
        )
    allow = decision.decision == "allow"
    try:
        await engine.decide_tool_call(conversation_id, call_id, allow, decision.remember)
    except NothingWaits:
        raise HTTPException(
            409,
            "No tool call waits for a decision under this id in this conversation: it was decided already, "
            "or its reply has ended.",
        ) from None
    return ToolCallDecided(id=call_id, decision=decision.decision, remember=decision.remember)
