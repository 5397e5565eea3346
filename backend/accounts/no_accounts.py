"""Accounts on with no account at all: nobody could sign in, so start-up stops and says how to
make the first one. Otherwise the first administrator receives what was stored before."""

from __future__ import annotations

import logging

from accounts.passwords import prepare
from config import FIRST_USER, Settings
from storage import Store

logger = logging.getLogger("client_chat")


class NoAccounts(Exception):
    """Accounts are on and there is none yet."""


async def check_accounts(store: Store, settings: Settings) -> None:
    if await store.accounts.count() == 0:
        where = "this database" if settings.db_path else "an in-memory database (CHAT_DB is empty)"
        raise NoAccounts(
            f"Accounts are on (CHAT_AUTH=on, or CHAT_HOST={settings.host}) and {where} has none yet, so nobody "
            f"could sign in. Create the first one with `{FIRST_USER}` (with the same CHAT_DB), then start again."
            + (" An in-memory database cannot keep accounts: set CHAT_DB to a file." if not settings.db_path else "")
        )
    await prepare()
    claimed = await store.accounts.claim_unowned()
    if claimed:
        logger.warning("gave %d conversation(s) stored with accounts off to the first administrator", claimed)
