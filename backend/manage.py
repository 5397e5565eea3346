"""Accounts from the command line, for the machine the backend runs on (run from backend/):

    venv/bin/python -m manage add-user NAME [--admin]     asks for the password twice
    venv/bin/python -m manage set-password NAME           ends the account's sessions
    venv/bin/python -m manage list-users
    venv/bin/python -m manage remove-user NAME            with everything the account owns

CHAT_DB names the database, as for the backend. It may run while the backend runs (it opens the
database beside it). `--password-stdin` reads the password from the first line of standard
input instead of asking, for scripts. The first administrator receives the conversations stored
before accounts existed.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from pydantic import TypeAdapter, ValidationError

from accounts.passwords import hash_now
from config import ConfigError, load_settings
from models import NewPassword, Username
from storage import StorageError, Store
from storage.accounts import DuplicateUsername, LastAdministrator


class Refused(Exception):
    """What the command could not do, as a sentence."""


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m manage", description="Accounts of client-chat (CHAT_AUTH=on).")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-user", help="create an account")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="may manage accounts and MCP servers")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    change = commands.add_parser("set-password", help="give an account a new password (its sessions end)")
    change.add_argument("name")
    change.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    commands.add_parser("list-users", help="the accounts, oldest first")
    remove = commands.add_parser("remove-user", help="remove an account with its conversations")
    remove.add_argument("name")
    return parser.parse_args(argv)


def _valid(adapter: TypeAdapter, value: str, what: str) -> str:
    try:
        return adapter.validate_python(value)
    except ValidationError as error:
        raise Refused(f"The {what} cannot be used: {error.errors()[0]['msg']}.") from None


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Same password again: ") != password:
            raise Refused("The two passwords differ; nothing was changed.")
    return _valid(TypeAdapter(NewPassword), password, "password")


async def _open() -> Store:
    settings = load_settings()
    if not settings.db_path:
        raise Refused(
            "CHAT_DB is empty, which means an in-memory database: accounts made here would vanish. "
            "Set CHAT_DB to the database the backend uses (the start script uses ~/.client-chat/chat.db)."
        )
    try:
        return await Store.open(settings.db_path)
    except StorageError as error:
        if "already using" not in str(error):
            raise
    # The backend runs: it brought the database up to date; work beside it.
    return await Store.open(settings.db_path, shared=True)


async def _user_named(store: Store, name: str):
    found = await store.accounts.credentials(name)
    if found is None:
        raise Refused(f"There is no account named {name!r}. `python -m manage list-users` shows them.")
    return found[0]


async def run(arguments: argparse.Namespace) -> str:
    store = await _open()
    try:
        if arguments.command == "add-user":
            name = _valid(TypeAdapter(Username), arguments.name, "name")
            password_hash = hash_now(_password(arguments.password_stdin))
            try:
                user = await store.accounts.add(name, password_hash, is_admin=arguments.admin)
            except DuplicateUsername:
                raise Refused(f"An account named {name!r} already exists (names are compared without case).") from None
            return f"Added {user.username}{' (administrator)' if user.is_admin else ''}."
        if arguments.command == "set-password":
            user = await _user_named(store, arguments.name)
            await store.accounts.set_password(user.id, hash_now(_password(arguments.password_stdin)))
            return f"Changed the password of {user.username}; their sessions have ended."
        if arguments.command == "list-users":
            users = await store.accounts.list()
            if not users:
                return "No accounts yet. Add the first with: python -m manage add-user NAME --admin"
            return "\n".join(
                f"{user.username}{'  (administrator)' if user.is_admin else ''}  since {user.created_at:%Y-%m-%d}"
                for user in users
            )
        user = await _user_named(store, arguments.name)
        try:
            await store.accounts.remove(user.id)
        except LastAdministrator:
            raise Refused(f"{user.username} is the only administrator; make another one first.") from None
        return f"Removed {user.username} and everything the account owned."
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    try:
        print(asyncio.run(run(arguments)))
    except (Refused, ConfigError, StorageError) as error:
        print(f"Cannot {arguments.command.replace('-', ' ')}: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\nNothing was changed.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
