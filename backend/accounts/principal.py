"""Who is asking: the account behind a request's session cookie or bearer token.

With accounts off there is one person, at this machine, who may do everything (ANYONE), and
no request reads the database to find out. With accounts on, a request carrying neither a
session nor a token that is still valid is nobody (None); the routes answer it 401.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.credentials import SESSION_COOKIE, digest
from storage import Store
from storage.accounts import UserRecord

BEARER = "bearer "


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: str | None  # None: accounts are off
    username: str | None
    is_admin: bool
    session_digest: str | None = None  # the session this request came with (None: a token, or accounts off)


ANYONE = Principal(user_id=None, username=None, is_admin=True)


def _principal(user: UserRecord, session_digest: str | None = None) -> Principal:
    return Principal(user.id, user.username, user.is_admin, session_digest)


async def principal_of(store: Store, authorization: str | None, cookie: str | None) -> Principal | None:
    """The account a bearer token (tried first: an API client means it) or session cookie
    belongs to; None when neither is valid."""
    if authorization and authorization[: len(BEARER)].lower() == BEARER:
        user = await store.accounts.token_user(digest(authorization[len(BEARER) :].strip()))
        return _principal(user) if user else None
    if cookie:
        session = digest(cookie)
        user = await store.accounts.session_user(session)
        return _principal(user, session) if user else None
    return None


def session_cookie(cookies: dict[str, str]) -> str | None:
    return cookies.get(SESSION_COOKIE) or None
