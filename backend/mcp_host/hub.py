"""The tool hub: every configured MCP server, connected once at start-up and kept, and the one
door the reply engine and the API go through to list, call and configure tools.

Servers come from the mcp.json file (CHAT_MCP_CONFIG) and from the API (stored). Which servers
are switched on and what each tool may do without asking are stored for both kinds. A server
that fails stays "failed" with its sentence until someone switches it on again (PATCH
{"enabled": true}), which retries it; the others are not affected.

With several backends each has its own hub and connections; a change made through one is
announced (`on_change`, through Redis) and the others `sync` to what is stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from mcp_host.config_file import read_config_file
from mcp_host.connection import Connection
from mcp_host.naming import model_names
from mcp_host.results import failure
from mcp_host.servers import ServerConfig, frozen_mapping
from mcp_host.specs import APPROVALS, DEFAULT_APPROVAL, ServerTool, ServerView, ToolOutcome, ToolSpec
from storage.mcp_servers import DuplicateServerName, McpServerStore
from storage.records import McpServerRecord

logger = logging.getLogger("client_chat.mcp")


class UnknownServer(LookupError):
    """No MCP server has this id."""


class ServerFromFile(Exception):
    """The server is configured in the mcp.json file, which the API does not edit."""


class ToolsNotKnown(Exception):
    """The server is not connected, so which tools it has is not known."""


class UnknownTools(LookupError):
    """The server has no tools by these names."""

    def __init__(self, names: list[str], known: list[str]) -> None:
        super().__init__(names)
        self.names = names
        self.known = known


@dataclass
class _Server:
    config: ServerConfig
    enabled: bool
    connection: Connection | None = None

    @property
    def status(self) -> str:
        if not self.enabled:
            return "disabled"
        return self.connection.status if self.connection is not None else "starting"

    @property
    def connected(self) -> bool:
        return self.enabled and self.connection is not None and self.connection.connected


@dataclass(frozen=True, slots=True)
class _Offered:
    spec: ToolSpec
    connection: Connection


@dataclass(frozen=True, slots=True)
class _Target:
    """Where a call goes: a server's tool by its own name, and that server's connection."""

    server_id: str
    tool: str
    connection: Connection


class ToolHub:
    def __init__(
        self, store: McpServerStore, *, config_path: str | None, call_timeout_s: float, max_result_chars: int
    ) -> None:
        self._store = store
        self._config_path = config_path
        self._call_timeout_s = call_timeout_s
        self._max_result_chars = max_result_chars
        self._servers: dict[str, _Server] = {}  # in the order they are listed: the file's, then the API's
        self._approvals: dict[tuple[str, str], str] = {}
        self._changes = asyncio.Lock()  # one change of servers at a time (each may wait for a process)
        self.config_error: str | None = None  # why (part of) the mcp.json file could not be used
        self._from_file: list[ServerConfig] = []
        # Told of every change to servers or approvals (other backends then sync).
        self.on_change: Callable[[], None] | None = None

    # ---- for the lifespan -------------------------------------------------------------------

    async def start(self) -> None:
        """Read the configuration and begin connecting every switched-on server; returns at once,
        without waiting for any of them."""
        from_file = read_config_file(self._config_path)
        self.config_error = from_file.error
        if from_file.error:
            logger.warning("%s", from_file.error)
        self._from_file = list(from_file.servers)
        await self._follow_store()

    async def sync(self) -> None:
        """Take on what another backend changed: servers added, removed, switched on or off, and
        tools' approvals, as stored."""
        async with self._changes:
            await self._follow_store()

    async def _follow_store(self) -> None:
        preferences = await self._store.preferences()
        self._approvals = dict(preferences.approvals)
        added = [_config_of(record) for record in await self._store.list_added()]
        wanted = {config.id: config for config in [*self._from_file, *added]}
        for server_id in [server_id for server_id in self._servers if server_id not in wanted]:
            await self._disconnect(self._servers.pop(server_id))
        for config in wanted.values():
            enabled = preferences.enabled.get(config.id, True)
            server = self._servers.get(config.id)
            if server is None:
                server = self._servers[config.id] = _Server(config, enabled=False)
            if enabled and not server.enabled:
                server.enabled = True
                server.connection = Connection(config)
            elif not enabled and server.enabled:
                server.enabled = False
                await self._disconnect(server)
        self._servers = {server_id: self._servers[server_id] for server_id in wanted}  # in the listed order

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    async def close(self) -> None:
        """Close every connection; stdio servers' processes end before this returns."""
        connections = [server.connection for server in self._servers.values() if server.connection is not None]
        for server in self._servers.values():
            server.connection = None
        await asyncio.gather(*(connection.close() for connection in connections), return_exceptions=True)

    # ---- for the reply engine ---------------------------------------------------------------

    def tools_for(self, server_ids: list[str] | None) -> list[ToolSpec]:
        """The tools of these servers (None: every switched-on, connected server; []: none)."""
        offered = self._offered()
        if server_ids is None:
            return [entry.spec for entry in offered]
        wanted = set(server_ids)
        return [entry.spec for entry in offered if entry.spec.server_id in wanted]

    async def call(self, tool: ToolSpec | str, arguments: dict, timeout_s: float | None = None) -> ToolOutcome:
        """Run a tool: one tools_for offered (a ToolSpec), on the server that offered it, even when
        servers coming or going have renamed the tools since; or, by name, the tool the model
        would be offered under that name now. Never raises for the tool's trouble: an unknown
        tool, a server that is not connected, the tool's own error, a timeout all come back as
        is_error outcomes with a sentence the model can act on."""
        name = tool if isinstance(tool, str) else tool.name
        try:
            found = self._named(name) if isinstance(tool, str) else self._offered_as(tool)
            if isinstance(found, str):
                return failure(found)
            if self._approvals.get((found.server_id, found.tool), DEFAULT_APPROVAL) == "never":
                return failure(f"The tool {name} may not be used: the user set it to never run.")
            if not isinstance(arguments, dict):
                return failure(f"The arguments for {name} must be a JSON object, not {type(arguments).__name__}.")
            timeout = timeout_s if timeout_s is not None else self._call_timeout_s
            return await found.connection.call(found.tool, arguments, timeout, self._max_result_chars, name)
        except Exception:  # a promise to the reply engine: trouble here never ends its reply
            logger.exception("calling the tool %r failed unexpectedly", name)
            return failure(f"The tool {name} could not be run because of an error in the chat backend.")

    def approval_of(self, tool: ToolSpec) -> str:
        """A tool's approval now: the panel, or a decision remembered in another reply, may have
        changed it since tools_for listed it."""
        return self._approvals.get((tool.server_id, tool.tool), DEFAULT_APPROVAL)

    async def remember(self, tool: ToolSpec | str, approval: str) -> None:
        """Keep `approval` ("always" | "never" | "ask") for a tool tools_for offered (a ToolSpec),
        or for the tool the model is offered under that name now."""
        if approval not in APPROVALS:
            raise ValueError(f"approval must be one of {APPROVALS}, not {approval!r}")
        if isinstance(tool, str):
            entry = next((entry for entry in self._offered() if entry.spec.name == tool), None)
            key = (entry.spec.server_id, entry.spec.tool) if entry is not None else None
        else:
            key = (tool.server_id, tool.tool) if tool.server_id in self._servers else None
        if key is None:  # its server went away meanwhile: nothing to attach the choice to
            logger.warning("cannot remember %r for the tool %r: no such tool now", approval, tool)
            return
        await self._approve(*key, approval)
        self._changed()

    # ---- for the API ------------------------------------------------------------------------

    def servers(self) -> list[ServerView]:
        names = self._model_names()
        return [self._view(server, names) for server in self._servers.values()]

    def server(self, server_id: str) -> ServerView:
        server = self._servers.get(server_id)
        if server is None:
            raise UnknownServer(server_id)
        return self._view(server, self._model_names())

    async def add(
        self,
        name: str,
        *,
        command: str | None = None,
        args: list[str] | None = None,
        env: dict[str, str] | None = None,
        url: str | None = None,
        headers: dict[str, str] | None = None,
        enabled: bool = True,
    ) -> ServerView:
        """A new server (DuplicateServerName when any server has that name, in any case), connected
        at once when switched on."""
        async with self._changes:
            if any(server.config.name.lower() == name.lower() for server in self._servers.values()):
                raise DuplicateServerName(name)
            record = await self._store.add(
                name, command=command, args=args or [], env=env, url=url, headers=headers, enabled=enabled
            )
            server = _Server(_config_of(record), enabled=enabled)
            self._servers[record.id] = server
            if enabled:
                server.connection = Connection(server.config)
            self._changed()
            return self.server(record.id)

    async def update(
        self, server_id: str, *, enabled: bool | None = None, approvals: dict[str, str] | None = None
    ) -> ServerView:
        """Switch a server on or off (on again: a failed server is retried) and set its tools'
        approvals, by the tools' own names."""
        async with self._changes:
            server = self._servers.get(server_id)
            if server is None:
                raise UnknownServer(server_id)
            if approvals:
                self._check_tools(server, list(approvals))
            if enabled is False and server.enabled:
                server.enabled = False
                await self._store.set_enabled(server_id, False)
                await self._disconnect(server)
            elif enabled is True and (not server.enabled or server.status == "failed"):
                if not server.enabled:
                    server.enabled = True
                    await self._store.set_enabled(server_id, True)
                await self._disconnect(server)
                server.connection = Connection(server.config)
            for tool, approval in (approvals or {}).items():
                await self._approve(server_id, tool, approval)
            self._changed()
            return self.server(server_id)

    async def delete(self, server_id: str) -> None:
        async with self._changes:
            server = self._servers.get(server_id)
            if server is None:
                raise UnknownServer(server_id)
            if server.config.source == "file":
                raise ServerFromFile(server.config.name)
            del self._servers[server_id]
            await self._disconnect(server)
            await self._store.delete(server_id)
            self._approvals = {key: value for key, value in self._approvals.items() if key[0] != server_id}
            self._changed()

    # ---- inside -----------------------------------------------------------------------------

    def _check_tools(self, server: _Server, tools: list[str]) -> None:
        if not server.connected:
            raise ToolsNotKnown(server.config.name)
        known = [tool.name for tool in server.connection.tools]
        unknown = [tool for tool in tools if tool not in known]
        if unknown:
            raise UnknownTools(unknown, known)

    async def _approve(self, server_id: str, tool: str, approval: str) -> None:
        await self._store.set_approval(server_id, tool, approval)
        if approval == DEFAULT_APPROVAL:
            self._approvals.pop((server_id, tool), None)
        else:
            self._approvals[(server_id, tool)] = approval

    @staticmethod
    async def _disconnect(server: _Server) -> None:
        connection, server.connection = server.connection, None
        if connection is not None:
            await connection.close()

    def _model_names(self) -> dict[tuple[str, str], str]:
        """Names are made unique across every connected server, whichever a reply asks for, so a
        tool is called the same in every conversation."""
        return model_names(
            (server.config.id, server.config.name, tool.name)
            for server in self._servers.values()
            if server.connected
            for tool in server.connection.tools
        )

    def _named(self, name: str) -> _Target | str:
        """The tool offered under `name` now, or the sentence for the model when there is none."""
        offered = {entry.spec.name: entry for entry in self._offered()}
        entry = offered.get(name)
        if entry is None:
            known = ", ".join(sorted(offered)) or "none"
            return f"There is no tool named {name!r}. The tools you can call are: {known}."
        return _Target(entry.spec.server_id, entry.spec.tool, entry.connection)

    def _offered_as(self, spec: ToolSpec) -> _Target | str:
        """Where a tool offered earlier is now, or the sentence for the model when it cannot be
        used (a server that is no longer connected says why when called)."""
        server = self._servers.get(spec.server_id)
        if server is None or not server.enabled or server.connection is None:
            why = "was removed" if server is None else "was switched off" if not server.enabled else "is restarting"
            return f"The tool {spec.name} cannot be used now: its MCP server {spec.server!r} {why}."
        connection = server.connection
        if connection.connected and all(tool.name != spec.tool for tool in connection.tools):
            return f"The tool {spec.name} cannot be used now: its MCP server {spec.server!r} no longer has it."
        return _Target(spec.server_id, spec.tool, connection)

    def _offered(self) -> list[_Offered]:
        names = self._model_names()
        offered = []
        for server in self._servers.values():
            if not server.connected:
                continue
            for tool in server.connection.tools:
                spec = ToolSpec(
                    name=names[(server.config.id, tool.name)],
                    server_id=server.config.id,
                    server=server.config.name,
                    tool=tool.name,
                    description=tool.description or "",
                    input_schema=tool.input_schema,
                    approval=self._approvals.get((server.config.id, tool.name), DEFAULT_APPROVAL),
                )
                offered.append(_Offered(spec, server.connection))
        return offered

    def _view(self, server: _Server, names: dict[tuple[str, str], str]) -> ServerView:
        config = server.config
        status = server.status
        connection = server.connection
        tools = connection.tools if server.connected else ()
        return ServerView(
            id=config.id,
            name=config.name,
            transport=config.transport,
            source=config.source,
            enabled=server.enabled,
            status=status,
            command=config.command,
            args=config.args if config.command is not None else None,
            env_names=tuple(config.env) if config.command is not None else None,
            url=config.url,
            header_names=tuple(config.headers) if config.url is not None else None,
            error=connection.error if status == "failed" and connection is not None else None,
            tools=tuple(
                ServerTool(
                    name=tool.name,
                    model_name=names[(config.id, tool.name)],
                    description=tool.description or "",
                    input_schema=tool.input_schema,
                    approval=self._approvals.get((config.id, tool.name), DEFAULT_APPROVAL),
                )
                for tool in tools
            ),
        )


def _config_of(record: McpServerRecord) -> ServerConfig:
    return ServerConfig(
        id=record.id,
        name=record.name,
        source="api",
        command=record.command,
        args=record.args,
        env=frozen_mapping(record.env),
        url=record.url,
        headers=frozen_mapping(record.headers),
    )
