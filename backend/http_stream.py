"""A minimal HTTP/1.1 client for one streamed POST, read line by line.

The relay's hot path: every token LM Studio streams passes through here. httpx/httpcore spend
~40 µs of CPU per chunk on framing events; reading the chunked body straight from an asyncio
stream costs a fraction of that, which is what lets hundreds of conversations stream at once
on a small machine. Only what LM Studio's server uses is supported: plain HTTP (or TLS),
chunked, Content-Length or close-delimited bodies.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

HEAD_LIMIT_BYTES = 64 * 1024
READ_BYTES = 64 * 1024


class UpstreamStatusError(Exception):
    """The server answered with an error status; `body` is what it said."""

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.body = body


class UpstreamUnreachableError(ConnectionError):
    """No connection could be made (refused, unknown host, connect timeout)."""


class UpstreamClosedError(ConnectionError):
    """The server closed the connection before the response was complete."""


class StreamedResponse:
    def __init__(self, reader: asyncio.StreamReader, status: int, headers: dict[str, str]) -> None:
        self._reader = reader
        self.status = status
        self.headers = headers

    async def read_all(self) -> bytes:
        return b"".join([piece async for piece in self._pieces()])

    async def _pieces(self) -> AsyncIterator[bytes]:
        reader = self._reader
        try:
            if "chunked" in self.headers.get("transfer-encoding", "").lower():
                while True:
                    size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
                    if size == 0:
                        return
                    chunk = await reader.readexactly(size + 2)
                    yield chunk[:-2]
            elif "content-length" in self.headers:
                yield await reader.readexactly(int(self.headers["content-length"]))
            else:
                while piece := await reader.read(READ_BYTES):
                    yield piece
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, OSError) as error:
            raise UpstreamClosedError("the response body ended early") from error

    async def lines(self) -> AsyncIterator[str]:
        """Each line of the body, decoded. Lines are split on bytes, so a multi-byte
        character cut between two chunks is whole again before it is decoded."""
        pending = b""
        async for piece in self._pieces():
            pending += piece
            if b"\n" not in piece:
                continue
            *complete, pending = pending.split(b"\n")
            for line in complete:
                yield line.rstrip(b"\r").decode("utf-8", "replace")
        if pending:
            yield pending.rstrip(b"\r").decode("utf-8", "replace")


@asynccontextmanager
async def post_stream(url: str, body: bytes, headers: dict[str, str], connect_timeout_s: float):
    """POST `body` to `url`; yields a StreamedResponse once the status line and headers arrived.

    Raises OSError/TimeoutError when the server cannot be reached, UpstreamStatusError for an
    error status. Leaving the block (also by cancellation) closes the connection at once, so
    the server sees the client hang up.
    """
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    try:
        async with asyncio.timeout(connect_timeout_s):
            reader, writer = await asyncio.open_connection(
                parts.hostname, port, ssl=ssl.create_default_context() if secure else None, limit=HEAD_LIMIT_BYTES
            )
    except (OSError, TimeoutError) as error:
        raise UpstreamUnreachableError(f"cannot connect to {parts.netloc}") from error
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        host = parts.netloc.rsplit("@", 1)[-1]
        head = [f"POST {target} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}", "Connection: close"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        try:
            raw_head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError) as error:
            raise UpstreamClosedError("no response") from error
        status_line, *header_lines = raw_head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        response_headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            if name:
                response_headers[name.strip().lower()] = value.strip()
        response = StreamedResponse(reader, status, response_headers)
        if status >= 400:
            raise UpstreamStatusError(status, await response.read_all())
        yield response
    finally:
        writer.transport.abort()  # closes at once, even mid-body: LM Studio stops generating
