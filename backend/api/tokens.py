"""Bearer tokens for API clients (curl, scripts): made with a name, shown once, revoked by id.
Each is its account's: it sees and does what the account does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam

from accounts.credentials import digest, new_token
from api.auth import accounts_are_off
from api.deps import InstallStore, SignedIn
from models import ApiToken, NewApiToken, TokenCreate, is_id

router = APIRouter(prefix="/api/auth/tokens", tags=["accounts"])

TokenId = Annotated[str, PathParam(max_length=100, description="The token's id")]


def _account(principal) -> str:
    if principal.user_id is None:
        raise accounts_are_off()
    return principal.user_id


@router.get("", response_model=list[ApiToken])
async def list_tokens(store: InstallStore, principal: SignedIn):
    """This account's tokens (names and dates; the secrets were shown once and are not kept)."""
    return await store.accounts.tokens(_account(principal))


@router.post("", response_model=NewApiToken, status_code=201)
async def create_token(body: TokenCreate, store: InstallStore, principal: SignedIn):
    """A new token: send it as `Authorization: Bearer <token>`. This answer is the only time it is shown."""
    secret = new_token()
    record = await store.accounts.add_token(_account(principal), body.name, digest(secret))
    return NewApiToken(id=record.id, name=record.name, created_at=record.created_at, last_used_at=None, token=secret)


@router.delete("/{token_id}")
async def revoke_token(token_id: TokenId, store: InstallStore, principal: SignedIn):
    """Revoke a token: the next request with it answers 401."""
    if not (is_id(token_id) and await store.accounts.remove_token(_account(principal), token_id)):
        raise HTTPException(404, "Token not found")
    return {"status": "deleted"}
