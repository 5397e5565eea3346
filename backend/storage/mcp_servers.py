"""MCP servers added through the API, which servers are switched on, and what each tool may do
without asking. Servers from the mcp.json file are not stored (the file is read at each start);
their switches and approvals are, by their id."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa

from storage.database import Database
from storage.ids import new_id, now
from storage.records import McpPreferences, McpServerRecord
from storage.schema import mcp_server_switches, mcp_servers, mcp_tool_approvals

ASK = "ask"  # the default approval, kept as the absence of a row

IN_ORDER = sa.select(mcp_servers).order_by(mcp_servers.c.pk)


class DuplicateServerName(ValueError):
    """Another MCP server added through the API already has this name."""


def server_record(row) -> McpServerRecord:
    return McpServerRecord(
        id=row.id,
        name=row.name,
        command=row.command,
        args=tuple(row.args),
        env=dict(row.env),
        url=row.url,
        headers=dict(row.headers),
        created_at=row.created_at,
    )


def _add(connection: sa.Connection, row: dict, enabled: bool) -> McpServerRecord:
    taken = sa.select(mcp_servers.c.id).where(sa.func.lower(mcp_servers.c.name) == row["name"].lower())
    if connection.execute(taken).first() is not None:
        raise DuplicateServerName(row["name"])
    connection.execute(mcp_servers.insert().values(**row))
    if not enabled:
        _switch(connection, row["id"], enabled)
    found = connection.execute(sa.select(mcp_servers).where(mcp_servers.c.id == row["id"])).one()
    return server_record(found)


def _switch(connection: sa.Connection, server_id: str, enabled: bool) -> None:
    connection.execute(mcp_server_switches.delete().where(mcp_server_switches.c.server_id == server_id))
    if not enabled:
        connection.execute(mcp_server_switches.insert().values(server_id=server_id, enabled=False))


def _approve(connection: sa.Connection, server_id: str, tool: str, approval: str) -> None:
    which = (mcp_tool_approvals.c.server_id == server_id) & (mcp_tool_approvals.c.tool == tool)
    connection.execute(mcp_tool_approvals.delete().where(which))
    if approval != ASK:
        connection.execute(mcp_tool_approvals.insert().values(server_id=server_id, tool=tool, approval=approval))


def _delete(connection: sa.Connection, server_id: str) -> bool:
    connection.execute(mcp_server_switches.delete().where(mcp_server_switches.c.server_id == server_id))
    connection.execute(mcp_tool_approvals.delete().where(mcp_tool_approvals.c.server_id == server_id))
    return connection.execute(mcp_servers.delete().where(mcp_servers.c.id == server_id)).rowcount > 0


def _preferences(connection: sa.Connection) -> McpPreferences:
    switches = connection.execute(sa.select(mcp_server_switches)).all()
    approvals = connection.execute(sa.select(mcp_tool_approvals)).all()
    return McpPreferences(
        enabled={row.server_id: row.enabled for row in switches},
        approvals={(row.server_id, row.tool): row.approval for row in approvals},
    )


class McpServerStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def list_added(self) -> list[McpServerRecord]:
        """The servers added through the API, oldest first."""
        rows = await self.database.read(lambda connection: connection.execute(IN_ORDER).all())
        return [server_record(row) for row in rows]

    async def add(
        self,
        name: str,
        *,
        command: str | None = None,
        args: list[str] | tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        url: str | None = None,
        headers: dict[str, str] | None = None,
        enabled: bool = True,
    ) -> McpServerRecord:
        """A new server; DuplicateServerName when one added through the API has the name (any case)."""
        row = {
            "id": new_id(),
            "name": name,
            "command": command,
            "args": list(args),
            "env": dict(env or {}),
            "url": url,
            "headers": dict(headers or {}),
            "created_at": now(),
        }
        try:
            return await self.database.write(partial(_add, row=row, enabled=enabled))
        except sa.exc.IntegrityError:  # the same name, added at the same moment elsewhere
            raise DuplicateServerName(name) from None

    async def delete(self, server_id: str) -> bool:
        """Forget a server added through the API, with its switch and approvals."""
        return await self.database.write(partial(_delete, server_id=server_id))

    async def preferences(self) -> McpPreferences:
        return await self.database.read(_preferences)

    async def set_enabled(self, server_id: str, enabled: bool) -> None:
        await self.database.write(partial(_switch, server_id=server_id, enabled=enabled))

    async def set_approval(self, server_id: str, tool: str, approval: str) -> None:
        await self.database.write(partial(_approve, server_id=server_id, tool=tool, approval=approval))
