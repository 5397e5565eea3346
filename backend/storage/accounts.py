"""Accounts in the database: users, their sessions and API tokens, and handing the rows stored
before accounts existed to the first administrator.

Sessions and tokens are found by the digest of their secret (accounts/credentials.py makes both);
the secret itself is never stored. A session lasts while it is used: one unused for
SESSION_IDLE_DAYS is over. Its `last_seen_at` is written at most once per TOUCH_EVERY, so a
signed-in page polling health does not turn every read into a write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

import sqlalchemy as sa

from storage.conversations import delete_conversations
from storage.database import Database
from storage.ids import new_id, now
from storage.schema import api_tokens, app_settings, attachments, conversations, folders, presets, sessions, users
from storage.settings import DEFAULTS, defaults_name

SESSION_IDLE_DAYS = 30
TOUCH_EVERY = timedelta(hours=1)
TOKEN_TOUCH_EVERY = timedelta(minutes=1)
OWNED_TABLES = (conversations, folders, presets, attachments)


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: str
    username: str
    is_admin: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TokenRecord:
    id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None


class DuplicateUsername(ValueError):
    """Another account has this name (in any case)."""


class LastAdministrator(ValueError):
    """The change would leave no administrator, and no one could manage accounts in the page."""


def username_key(username: str) -> str:
    return username.strip().lower()


def _user(row) -> UserRecord:
    return UserRecord(row.id, row.username, row.is_admin, row.created_at)


def _token(row) -> TokenRecord:
    return TokenRecord(row.id, row.name, row.created_at, row.last_used_at)


def _first_admin_id(connection: sa.Connection) -> str | None:
    query = sa.select(users.c.id).where(users.c.is_admin.is_(True)).order_by(users.c.pk).limit(1)
    return connection.execute(query).scalar()


def _claim_unowned(connection: sa.Connection, admin_id: str) -> int:
    """Give every row without an owner to `admin_id`; how many conversations it received. The
    defaults saved with accounts off become theirs unless they saved their own."""
    claimed = 0
    for table in OWNED_TABLES:
        result = connection.execute(table.update().where(table.c.owner_id.is_(None)).values(owner_id=admin_id))
        if table is conversations:
            claimed = result.rowcount
    shared = connection.execute(sa.select(app_settings.c.value).where(app_settings.c.name == DEFAULTS)).scalar()
    own = defaults_name(admin_id)
    if (
        shared is not None
        and connection.execute(sa.select(app_settings.c.name).where(app_settings.c.name == own)).first() is None
    ):
        connection.execute(app_settings.insert().values(name=own, value=shared))
    return claimed


def _add_user(connection: sa.Connection, row: dict) -> UserRecord:
    if connection.execute(sa.select(users.c.id).where(users.c.username_key == row["username_key"])).first():
        raise DuplicateUsername(row["username"])
    first_admin = row["is_admin"] and _first_admin_id(connection) is None
    connection.execute(users.insert().values(**row))
    if first_admin:
        _claim_unowned(connection, row["id"])
    return _user(connection.execute(sa.select(users).where(users.c.id == row["id"])).one())


def _admins_besides(connection: sa.Connection, user_id: str) -> int:
    query = sa.select(sa.func.count()).where(users.c.is_admin.is_(True), users.c.id != user_id)
    return connection.execute(query.select_from(users)).scalar()


def _remove_user(connection: sa.Connection, user_id: str) -> bool:
    row = connection.execute(sa.select(users).where(users.c.id == user_id)).first()
    if row is None:
        return False
    if row.is_admin and _admins_besides(connection, user_id) == 0:
        raise LastAdministrator(row.username)
    owned = sa.select(conversations.c.id).where(conversations.c.owner_id == user_id)
    delete_conversations(connection, list(connection.execute(owned).scalars()))
    for table in (folders, presets, attachments):
        connection.execute(table.delete().where(table.c.owner_id == user_id))
    connection.execute(app_settings.delete().where(app_settings.c.name == defaults_name(user_id)))
    connection.execute(users.delete().where(users.c.id == user_id))  # its sessions and tokens go with it (cascade)
    return True


def _set_password(connection: sa.Connection, user_id: str, password_hash: str, keep_session: str | None) -> bool:
    changed = connection.execute(users.update().where(users.c.id == user_id).values(password_hash=password_hash))
    ended = sessions.delete().where(sessions.c.user_id == user_id)
    if keep_session is not None:
        ended = ended.where(sessions.c.digest != keep_session)
    connection.execute(ended)
    return changed.rowcount > 0


SESSION_USER = (
    sa.select(users, sessions.c.last_seen_at)
    .join(sessions, sessions.c.user_id == users.c.id)
    .where(sessions.c.digest == sa.bindparam("digest"))
)
TOKEN_USER = (
    sa.select(users, api_tokens.c.last_used_at)
    .join(api_tokens, api_tokens.c.user_id == users.c.id)
    .where(api_tokens.c.digest == sa.bindparam("digest"))
)


class AccountStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    # ---- users ----------------------------------------------------------------------------

    async def count(self) -> int:
        query = sa.select(sa.func.count()).select_from(users)
        return await self.database.read(lambda connection: connection.execute(query).scalar())

    async def add(self, username: str, password_hash: str, *, is_admin: bool = False) -> UserRecord:
        """A new account; DuplicateUsername when the name is taken in any case. The first
        administrator receives everything stored before accounts existed."""
        row = {
            "id": new_id(),
            "username": username.strip(),
            "username_key": username_key(username),
            "password_hash": password_hash,
            "is_admin": is_admin,
            "created_at": now(),
        }
        try:
            return await self.database.write(partial(_add_user, row=row))
        except sa.exc.IntegrityError:  # the same name, added at the same moment elsewhere
            raise DuplicateUsername(username) from None

    async def list(self) -> list[UserRecord]:
        query = sa.select(users).order_by(users.c.pk)
        return await self.database.read(lambda connection: [_user(row) for row in connection.execute(query)])

    async def get(self, user_id: str) -> UserRecord | None:
        query = sa.select(users).where(users.c.id == user_id)
        row = await self.database.read(lambda connection: connection.execute(query).first())
        return _user(row) if row else None

    async def credentials(self, username: str) -> tuple[UserRecord, str] | None:
        """The account with this name (any case) and its password hash, for signing in."""
        query = sa.select(users).where(users.c.username_key == username_key(username))
        row = await self.database.read(lambda connection: connection.execute(query).first())
        return (_user(row), row.password_hash) if row else None

    async def password_hash(self, user_id: str) -> str | None:
        query = sa.select(users.c.password_hash).where(users.c.id == user_id)
        return await self.database.read(lambda connection: connection.execute(query).scalar())

    async def set_password(self, user_id: str, password_hash: str, *, keep_session: str | None = None) -> bool:
        """A new password; every session of the account ends but `keep_session` (a digest)."""
        return await self.database.write(
            partial(_set_password, user_id=user_id, password_hash=password_hash, keep_session=keep_session)
        )

    async def remove(self, user_id: str) -> bool:
        """Remove an account with everything it owns; LastAdministrator for the only one."""
        return await self.database.write(partial(_remove_user, user_id=user_id))

    async def claim_unowned(self) -> int:
        """Give rows stored with accounts off to the first administrator (none: nothing moves)."""

        def claim(connection: sa.Connection) -> int:
            admin_id = _first_admin_id(connection)
            return _claim_unowned(connection, admin_id) if admin_id else 0

        return await self.database.write(claim)

    # ---- sessions -------------------------------------------------------------------------

    async def start_session(self, user_id: str, digest: str) -> None:
        moment = now()
        row = {"digest": digest, "user_id": user_id, "created_at": moment, "last_seen_at": moment}
        await self.database.write(lambda connection: connection.execute(sessions.insert().values(**row)))

    async def session_user(self, digest: str) -> UserRecord | None:
        """Who the session with this digest belongs to; None when it is unknown or over. A read,
        every request; a write only when the session ends or its last use is an hour old."""
        row = await self.database.read(lambda connection: connection.execute(SESSION_USER, {"digest": digest}).first())
        if row is None:
            return None
        moment = now()
        if moment - row.last_seen_at > timedelta(days=SESSION_IDLE_DAYS):
            await self.end_session(digest)
            return None
        if moment - row.last_seen_at > TOUCH_EVERY:
            touched = sessions.update().where(sessions.c.digest == digest).values(last_seen_at=moment)
            await self.database.write(lambda connection: connection.execute(touched))
        return _user(row)

    async def end_session(self, digest: str) -> None:
        ended = sessions.delete().where(sessions.c.digest == digest)
        await self.database.write(lambda connection: connection.execute(ended))

    # ---- API tokens -----------------------------------------------------------------------

    async def add_token(self, user_id: str, name: str, digest: str) -> TokenRecord:
        row = {"id": new_id(), "user_id": user_id, "name": name, "digest": digest, "created_at": now()}
        await self.database.write(lambda connection: connection.execute(api_tokens.insert().values(**row)))
        return TokenRecord(row["id"], name, row["created_at"], None)

    async def tokens(self, user_id: str) -> list[TokenRecord]:
        query = sa.select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.pk)
        return await self.database.read(lambda connection: [_token(row) for row in connection.execute(query)])

    async def remove_token(self, user_id: str, token_id: str) -> bool:
        removed = api_tokens.delete().where(api_tokens.c.id == token_id, api_tokens.c.user_id == user_id)
        return await self.database.write(lambda connection: connection.execute(removed).rowcount > 0)

    async def token_user(self, digest: str) -> UserRecord | None:
        """Who the token with this digest belongs to; None when it is unknown or revoked."""
        row = await self.database.read(lambda connection: connection.execute(TOKEN_USER, {"digest": digest}).first())
        if row is None:
            return None
        moment = now()
        if row.last_used_at is None or moment - row.last_used_at > TOKEN_TOUCH_EVERY:
            touched = api_tokens.update().where(api_tokens.c.digest == digest).values(last_used_at=moment)
            await self.database.write(lambda connection: connection.execute(touched))
        return _user(row)
