"""Bearer tokens for API clients (curl, scripts): made with a name, shown once, revoked by id.
Each is its account's: it sees and does what the account does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam

from accounts.credentials import digest, new_token
from api.deps import Account, InstallStore
from models import ApiToken, NewApiToken, TokenCreate, is_id

router = APIRouter(prefix="/api/auth/tokens", tags=["accounts"])

TokenId = Annotated[str, PathParam(max_length=100, description="The token's id")]


@router.get("", response_model=list[ApiToken])
async def list_tokens(store: InstallStore, principal: Account):
    """This account's tokens (names and dates; the secrets were shown once and are not kept)."""
    return await store.accounts.tokens(principal.user_id)


@router.post("", response_model=NewApiToken, status_code=201)
async def create_token(body: TokenCreate, store: InstallStore, principal: Account):
    """A new token: send it as `Authorization: Bearer <token>`. This answer is the only time it is shown."""
    secret = new_token()
    record = await store.accounts.add_token(principal.user_id, body.name, digest(secret))
    return NewApiToken(id=record.id, name=record.name, created_at=record.created_at, last_used_at=None, token=secret)


@router.delete("/{token_id}")
async def revoke_token(token_id: TokenId, store: InstallStore, principal: Account):
    """Revoke a token: the next request with it answers 401."""
    if not (is_id(token_id) and await store.accounts.remove_token(principal.user_id, token_id)):
        raise HTTPException(404, "Token not found")
    return {"status": "deleted"}
