"""One MCP server's connection, held for as long as the backend runs (not opened per reply).

The SDK's transports and session are async context managers built on anyio task groups, which
must be entered and left by one task: each connection therefore lives in a task of its own that
holds them on an AsyncExitStack, and closing it (from any task) asks that task to leave them. For
a stdio server, leaving them ends its process: the SDK closes its stdin, then terminates its
process group.

When a server's tools change, its tools are listed again. A server on an older protocol says so
unasked (notifications/tools/list_changed, to the message handler); one on the 2026-07-28
protocol says so only on a subscriptions/listen stream the client opens, which a second task
holds open for as long as the connection lasts.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from contextlib import AsyncExitStack
from typing import Any

from mcp import Client, MCPError, types
from mcp_types import CONNECTION_CLOSED
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from mcp_host.failures import REQUEST_TIMEOUT, ServerEnded, why_it_failed, without_secrets
from mcp_host.results import cut, failure, outcome_of
from mcp_host.servers import ServerConfig
from mcp_host.specs import Status, ToolOutcome
from mcp_host.transport import StderrLog, open_transport

logger = logging.getLogger("client_chat.mcp")

# Starting a server (a package runner may download it first) and its MCP handshake.
HANDSHAKE_TIMEOUT_S = 30.0
# The SDK gives a stdio server 2 s after stdin closes, then 2 s after SIGTERM, then kills it.
CLOSE_TIMEOUT_S = 10.0
# A tool call gets this long beyond its own timeout before the caller stops waiting regardless.
CALL_GRACE_S = 5.0
# How long a call whose connection broke waits to learn why, for its sentence.
SETTLE_TIMEOUT_S = 2.0
MAX_TOOL_PAGES = 100
CLIENT_INFO = types.Implementation(name="client-chat", version="1")


class Connection:
    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.status: Status = "starting"
        self.error: str | None = None
        self.tools: tuple[types.Tool, ...] = ()
        self._client: Client | None = None
        self._wake = asyncio.Event()
        self._closing = False
        self._ended = False
        self._tools_changed = False
        self._listening = False  # told of tool changes on a subscriptions/listen stream
        self._task = asyncio.create_task(self._hold(), name=f"mcp-server {config.name}")

    @property
    def connected(self) -> bool:
        return self.status == "connected" and self._client is not None

    async def _hold(self) -> None:
        with StderrLog() as stderr:
            try:
                async with AsyncExitStack() as stack:
                    transport = await open_transport(self.config, stack, stderr, self._on_end)
                    client = await stack.enter_async_context(
                        Client(
                            transport,
                            read_timeout_seconds=HANDSHAKE_TIMEOUT_S,
                            message_handler=self._on_message,
                            client_info=CLIENT_INFO,
                        )
                    )
                    self.tools = await self._list_tools(client)
                    await _ready_to_check_outputs(self.tools)
                    self._client = client
                    self.status = "connected"
                    logger.info("MCP server %r connected, with %d tool(s)", self.config.name, len(self.tools))
                    listener = asyncio.create_task(self._listen_for_tool_changes(client))
                    try:
                        await self._serve(client)
                    finally:  # the stream is left before the session it runs on
                        listener.cancel()
                        await asyncio.gather(listener, return_exceptions=True)
            except Exception as error:  # anyio's task groups raise ExceptionGroups
                if not self._closing:
                    self._fail(why_it_failed(self.config, error, stderr.last_line()))
            finally:
                self._client = None

    async def _serve(self, client: Client) -> None:
        """Wait until the connection is closed, the server ends, or its tools change."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            if self._closing:
                return
            if self._ended:
                raise ServerEnded
            if self._tools_changed:
                self._tools_changed = False
                self.tools = await self._list_tools(client)
                logger.info("MCP server %r now has %d tool(s)", self.config.name, len(self.tools))

    @staticmethod
    async def _list_tools(client: Client) -> tuple[types.Tool, ...]:
        tools, cursor = [], None
        for _ in range(MAX_TOOL_PAGES):
            # "refresh": after a list_changed notification the SDK's cached listing is stale.
            page = await client.list_tools(cursor=cursor, cache_mode="refresh")
            tools.extend(page.tools)
            cursor = page.next_cursor
            if cursor is None:
                break
        return tuple(tools)

    async def _listen_for_tool_changes(self, client: Client) -> None:
        """Hold a subscriptions/listen stream for tool changes, on the 2026-07-28 protocol, when
        the server offers one. (The SDK also passes the stream's events to the message handler,
        which leaves them to this task meanwhile.)"""
        tools = client.server_capabilities.tools
        if client.protocol_version not in MODERN_PROTOCOL_VERSIONS or tools is None or not tools.list_changed:
            return
        try:
            async with client.listen(tools_list_changed=True) as subscription:
                self._listening = True
                self._tools_changed_now()  # a change before the stream was open is not on it
                async for _ in subscription:
                    self._tools_changed_now()
        except Exception as error:  # SubscriptionLost, or the server refused the stream
            if not (self._closing or self._ended):
                logger.warning("MCP server %r: no longer told when its tools change: %r", self.config.name, error)
        finally:
            self._listening = False

    def _tools_changed_now(self) -> None:
        self._tools_changed = True
        self._wake.set()

    async def _on_message(self, message: Any) -> None:
        if isinstance(message, types.ToolListChangedNotification) and not self._listening:
            self._tools_changed_now()
        elif isinstance(message, Exception):
            logger.debug("MCP server %r: transport trouble: %r", self.config.name, message)

    def _on_end(self) -> None:
        self._ended = True
        self._wake.set()

    def _fail(self, sentence: str) -> None:
        # The sentence quotes what broke (an HTTP client refusing a header, a server's last line
        # on stderr), which may hold a value of the server's env or headers: never shown.
        sentence = without_secrets(sentence, self.config)
        self.status = "failed"
        self.error = sentence
        self.tools = ()
        logger.warning("MCP server %r failed: %s", self.config.name, sentence)

    async def call(self, tool: str, arguments: dict, timeout_s: float, max_chars: int, called_as: str) -> ToolOutcome:
        """Run one tool; every kind of trouble comes back as an error outcome with a sentence."""
        client = self._client
        if client is None or self.status != "connected":
            return failure(self.unavailable(called_as))
        try:
            async with asyncio.timeout(timeout_s + CALL_GRACE_S):
                result = await client.call_tool(tool, arguments, read_timeout_seconds=timeout_s)
        except MCPError as error:
            if error.code == REQUEST_TIMEOUT:
                return failure(_timed_out(called_as, timeout_s))
            if error.code == CONNECTION_CLOSED or not self.connected:
                return failure(await self._lost(called_as))
            return self._failed_call(f"The tool {called_as} could not be run: {error.message}", max_chars)
        except TimeoutError:
            return failure(_timed_out(called_as, timeout_s))
        except Exception as error:  # the server's answer broke a promise (its output schema), or the link broke
            if not self.connected:
                return failure(await self._lost(called_as))
            return self._failed_call(f"The tool {called_as} failed: {str(error) or type(error).__name__}", max_chars)
        return outcome_of(result, max_chars)

    def _failed_call(self, sentence: str, max_chars: int) -> ToolOutcome:
        """A call's trouble in the server's words (an output schema's error may quote the whole
        output): cut to size like a result, and without the server's secrets."""
        return failure(cut(without_secrets(sentence, self.config), max_chars))

    async def _lost(self, called_as: str) -> str:
        """The connection broke under the call: the sentence says why, once the task holding the
        connection has found out (a moment later)."""
        await asyncio.wait({self._task}, timeout=SETTLE_TIMEOUT_S)
        if self.status == "connected":
            return f"The tool {called_as} could not be run: the connection to {self.config.name!r} was closed."
        return self.unavailable(called_as)

    def unavailable(self, called_as: str) -> str:
        state = f"failed: {self.error}" if self.status == "failed" and self.error else self.status
        server = self.config.name
        return f"The tool {called_as} cannot be used now: its MCP server {server!r} is not connected ({state})."

    async def close(self) -> None:
        """Leave the server (ending its process, for stdio); waits until it is done."""
        self._closing = True
        if self._client is None:
            self._task.cancel()  # still starting: nothing to wind down politely
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), CLOSE_TIMEOUT_S)
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        except asyncio.CancelledError:
            if not self._task.done():
                raise


async def _ready_to_check_outputs(tools: tuple[types.Tool, ...]) -> None:
    """The SDK checks a result against its tool's output schema with jsonschema, which it imports
    on the first such call: about 30 ms (bench/tools.py) that would land in a reply between two
    steps. Imported here, while the server connects, in a thread so other replies stream on."""
    if any(tool.output_schema for tool in tools):
        await asyncio.to_thread(importlib.import_module, "jsonschema.validators")


def _timed_out(called_as: str, timeout_s: float) -> str:
    return (
        f"The tool {called_as} did not answer within {timeout_s:g} s (CHAT_TOOL_TIMEOUT_S), so it was given up on. "
        "Try again with less to do, or go on without it."
    )
