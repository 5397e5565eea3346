"""Signing in and out (CHAT_AUTH=on): a session cookie for the page, who is signed in, changing
one's password. Tokens for API clients are api/tokens.py; accounts themselves api/users.py."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from accounts.credentials import SESSION_COOKIE, digest, new_session_secret
from accounts.passwords import hash_password, verify_password
from accounts.principal import session_cookie
from api.deps import Account, CurrentSettings, InstallStore, SignedIn, accounts_are_off
from models import CurrentUser, LoginRequest, PasswordChange, SignedInUser
from storage.accounts import SESSION_IDLE_DAYS

router = APIRouter(prefix="/api/auth", tags=["accounts"])

NO_MATCH = "That name and password do not match an account."
TOO_MANY = "Too many failed sign-ins. Try again in a minute."


def _client_address(request: Request) -> str:
    return request.client.host if request.client else ""


async def _refuse_while_blocked(request: Request, username: str) -> None:
    wait = await request.app.state.failed_logins.retry_after(username, _client_address(request))
    if wait:
        raise HTTPException(429, TOO_MANY, headers={"Retry-After": str(wait)})


def _set_session_cookie(request: Request, response: Response, secret: str) -> None:
    # Secure only over HTTPS (directly, or as a trusted proxy's X-Forwarded-Proto says: uvicorn
    # sets the scheme): a Secure cookie over plain HTTP is never sent back, and signing in from a
    # phone on the LAN would silently fail.
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=SESSION_IDLE_DAYS * 24 * 60 * 60,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


@router.post("/login", response_model=SignedInUser, responses={401: {}, 429: {}})
async def login(
    body: LoginRequest, request: Request, response: Response, store: InstallStore, settings: CurrentSettings
):
    """Sign in with a name and password: a new session cookie (HttpOnly, SameSite=Lax)."""
    if not settings.auth:
        raise accounts_are_off()
    await _refuse_while_blocked(request, body.username)
    found = await store.accounts.credentials(body.username)
    if not await verify_password(body.password, found[1] if found else None):
        await request.app.state.failed_logins.failed(body.username, _client_address(request))
        raise HTTPException(401, NO_MATCH)
    await request.app.state.failed_logins.succeeded(body.username)
    user = found[0]
    # A session id the browser brought along is never kept (session fixation): it ends, and a
    # new secret is made for this sign-in.
    brought = session_cookie(request.cookies)
    if brought:
        await store.accounts.end_session(digest(brought))
    secret = new_session_secret()
    await store.accounts.start_session(user.id, digest(secret))
    _set_session_cookie(request, response, secret)
    return SignedInUser(username=user.username, is_admin=user.is_admin)


@router.post("/logout")
async def logout(request: Request, response: Response, store: InstallStore, principal: SignedIn):
    """End this session (a token stays valid: revoke it with DELETE /api/auth/tokens/{id})."""
    if principal.session_digest:
        await store.accounts.end_session(principal.session_digest)
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )
    return {"status": "signed out"}


@router.get("/me", response_model=CurrentUser)
async def me(principal: SignedIn, settings: CurrentSettings):
    """Who is signed in (401 when no one); with accounts off, the person at this machine."""
    return CurrentUser(username=principal.username, is_admin=principal.is_admin, auth="on" if settings.auth else "off")


@router.post("/password")
async def change_password(body: PasswordChange, request: Request, store: InstallStore, principal: Account):
    """A new password; every other session of the account ends (this one stays signed in)."""
    await _refuse_while_blocked(request, principal.username)
    if not await verify_password(body.current_password, await store.accounts.password_hash(principal.user_id)):
        await request.app.state.failed_logins.failed(principal.username, _client_address(request))
        raise HTTPException(400, "The current password is not right; the password was not changed.")
    new_hash = await hash_password(body.new_password)
    await store.accounts.set_password(principal.user_id, new_hash, keep_session=principal.session_digest)
    return {"status": "changed"}
