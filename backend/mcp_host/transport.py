"""Reaching a server with the SDK's own transports (mcp.client.stdio, mcp.client.streamable_http),
plus the two things a long-lived host needs that a short script does not:

- the server's stderr is kept (in a temporary file the child writes to), so that when it exits
  the sentence can quote its last line;
- the end of the server's messages is noticed at once (a stdio server that exits closes its
  stdout), not at the next tool call: the read stream the session consumes is wrapped so that
  its end calls `on_end`.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager

import anyio
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from mcp_host.servers import ServerConfig

STDERR_TAIL_BYTES = 4096


class StderrLog:
    """A stdio server's stderr, kept in a temporary file; its last line explains an exit."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+b")  # noqa: SIM115 - closed by __exit__

    def __enter__(self) -> StderrLog:
        return self

    def __exit__(self, *exc_info) -> None:
        self.file.close()

    def last_line(self) -> str | None:
        self.file.seek(0, 2)
        size = self.file.tell()
        self.file.seek(max(0, size - STDERR_TAIL_BYTES))
        lines = [line.strip() for line in self.file.read().decode("utf-8", "replace").splitlines()]
        lines = [line for line in lines if line]
        return lines[-1] if lines else None


class EndNoticingStream:
    """The transport's read stream, unchanged, except that its end calls `on_end` once."""

    def __init__(self, stream, on_end: Callable[[], None]) -> None:
        self._stream = stream
        self._on_end = on_end

    def __getattr__(self, name):  # last_context and anything else the SDK looks for
        return getattr(self._stream, name)

    def _ended(self) -> None:
        on_end, self._on_end = self._on_end, None
        if on_end is not None:
            on_end()

    async def receive(self):
        try:
            return await self._stream.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError, anyio.BrokenResourceError):
            self._ended()
            raise

    def __aiter__(self):
        return self

    async def __anext__(self):
        try:
            return await self.receive()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def __aenter__(self):
        await self._stream.__aenter__()
        return self

    async def __aexit__(self, *exc_info):
        return await self._stream.__aexit__(*exc_info)


@asynccontextmanager
async def noticing_end(transport, on_end: Callable[[], None]) -> AsyncIterator:
    async with transport as (read_stream, write_stream):
        yield EndNoticingStream(read_stream, on_end), write_stream


async def open_transport(config: ServerConfig, stack: AsyncExitStack, stderr: StderrLog, on_end: Callable[[], None]):
    """The SDK transport for this server (not yet entered), its end reported to `on_end`."""
    if config.command is not None:
        parameters = StdioServerParameters(command=config.command, args=list(config.args), env=dict(config.env) or None)
        return noticing_end(stdio_client(parameters, errlog=stderr.file), on_end)
    # The SDK's own client factory (its timeouts), with the configured headers on every request;
    # the stack closes it after the transport, which it outlives.
    http_client = await stack.enter_async_context(create_mcp_http_client(headers=dict(config.headers) or None))
    return noticing_end(streamable_http_client(config.url, http_client=http_client), on_end)
