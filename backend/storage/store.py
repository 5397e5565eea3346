"""The store: the database CHAT_DB names, migrated, and one object per kind of stored thing."""

from __future__ import annotations

from collections.abc import Collection

from storage.accounts import AccountStore
from storage.attachments import AttachmentStore
from storage.backup import BackupStore
from storage.conversations import ConversationStore
from storage.database import Database, open_database
from storage.folders import FolderStore
from storage.forks import ForkStore
from storage.imports import ImportStore
from storage.mcp_servers import McpServerStore
from storage.messages import MessageStore
from storage.migrate import upgrade
from storage.recovery import recover_interrupted
from storage.replies import ReplyStore
from storage.settings import SettingsStore


class Store:
    """`owner`: the account whose things the stores see and make (None: accounts are off, so
    everything). Messages, replies and forks are reached through a conversation the owner's
    store found first; MCP servers and accounts are the install's."""

    def __init__(self, database: Database, owner: str | None = None) -> None:
        self.database = database
        self.kind = database.kind  # memory, sqlite or postgresql
        self.owner = owner
        self.conversations = ConversationStore(database, owner)
        self.messages = MessageStore(database)  # paths, trees, branches
        self.replies = ReplyStore(database, owner)  # how a reply begins, progresses and ends
        self.forks = ForkStore(database)  # paths copied into new conversations
        self.settings = SettingsStore(database, owner)  # defaults for new conversations, presets
        self.attachments = AttachmentStore(database, owner)  # files attached to messages
        self.mcp_servers = McpServerStore(database)  # MCP servers added here, switches, tool approvals
        self.folders = FolderStore(database, owner)  # folders conversations are sorted into
        self.imports = ImportStore(database, owner)  # conversations from other apps' exports, each once
        self.backup = BackupStore(database, owner)  # everything, row by row, for the whole-history archive
        self.accounts = AccountStore(database)  # users, sessions, API tokens

    def scoped(self, owner: str | None) -> Store:
        """The same database as `owner` sees it."""
        return self if owner == self.owner else Store(self.database, owner)

    @classmethod
    async def open(cls, setting: str | None, *, shared: bool = False, group: bool = False) -> Store:
        """The store on CHAT_DB's database, migrated to the newest schema (`shared`, `group`: see
        open_database)."""
        database = await open_database(setting, shared=shared, group=group)
        try:
            await upgrade(database)
        except BaseException:
            await database.close()
            raise
        return cls(database)

    async def recover_interrupted(self, *, only: Collection[str] | None = None, keep: Collection[str] = ()) -> int:
        """End the replies a previous run left unfinished (a crash), or `only` those of a backend
        that died, never those in `keep` (being written elsewhere); how many there were."""
        return await recover_interrupted(self.database, only=only, keep=keep)

    async def close(self) -> None:
        await self.database.close()
