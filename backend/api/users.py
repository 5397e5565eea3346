"""Accounts, for administrators: list, add, remove (with everything the account owns). The
first account is made with `python -m manage add-user NAME --admin` (manage.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam

from accounts.passwords import hash_password
from api.deps import Administrator, InstallStore
from models import User, UserCreate, is_id
from storage.accounts import DuplicateUsername, LastAdministrator

router = APIRouter(prefix="/api/auth/users", tags=["accounts"])

UserId = Annotated[str, PathParam(max_length=100, description="The account's id")]


@router.get("", response_model=list[User])
async def list_users(store: InstallStore, principal: Administrator):
    return await store.accounts.list()


@router.post("", response_model=User, status_code=201)
async def add_user(body: UserCreate, store: InstallStore, principal: Administrator):
    """A new account with this name and password (an administrator when `is_admin`)."""
    try:
        return await store.accounts.add(body.username, await hash_password(body.password), is_admin=body.is_admin)
    except DuplicateUsername:
        raise HTTPException(
            409, f"An account named {body.username!r} already exists (names are compared without case)."
        ) from None


@router.delete("/{user_id}")
async def remove_user(user_id: UserId, store: InstallStore, principal: Administrator):
    """Remove an account, its sessions and tokens, and its conversations, folders, presets and files."""
    if user_id == principal.user_id:
        raise HTTPException(409, "You cannot remove your own account here; another administrator can.")
    try:
        removed = is_id(user_id) and await store.accounts.remove(user_id)
    except LastAdministrator:
        raise HTTPException(409, "This is the only administrator; make another one first.") from None
    if not removed:
        raise HTTPException(404, "Account not found")
    return {"status": "deleted"}
