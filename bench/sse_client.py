"""A lean client for streamed responses, so the benchmark's own client is not what it measures.

Each request is a raw asyncio connection: the request is written as bytes and the response fed to
httptools (the C HTTP parser uvicorn uses), whose de-chunked body is split into lines, each with
the moment it arrived. Measured on the 2-core machine with 200 streams: httpx2 spent ~200 µs of
CPU per streamed event and aiohttp's client a good part of what the backend itself spent, so
the measuring client competed with the backend for the same two cores; this one costs a few µs
per event. Connections can be opened first and the requests written later (`Prepared.send`), so
that a load arrives at the same instant, as many clients' first messages do; or kept open from
one request to the next (`KeptAlive`), as a browser keeps its connection to the backend.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httptools

READ_BYTES = 65536


class _Response:
    """httptools' callbacks: the status, and the body as lines."""

    def __init__(self) -> None:
        self.lines: deque[tuple[float, bytes]] = deque()
        self.complete = False
        self._partial = b""

    def on_body(self, body: bytes) -> None:
        arrived = time.perf_counter()
        *whole, self._partial = (self._partial + body).split(b"\n")
        self.lines.extend((arrived, line.rstrip(b"\r")) for line in whole)

    def on_message_complete(self) -> None:
        if self._partial:
            self.lines.append((time.perf_counter(), self._partial))
            self._partial = b""
        self.complete = True


def _request(url: str, body: bytes, method: str, keep_alive: bool, headers: dict[str, str] | None = None) -> bytes:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
        f"Content-Type: application/json\r\nAccept: text/event-stream\r\n{extra}"
        f"Connection: {'keep-alive' if keep_alive else 'close'}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class Prepared:
    """A request on an open connection, written when `send` is called."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes, close: bool) -> None:
        self.reader, self.writer, self.request, self.close = reader, writer, request, close

    def send(self) -> None:
        self.writer.write(self.request)

    async def lines(self) -> AsyncIterator[tuple[float, bytes]]:
        """Each line of the response body with the moment it was read; raises on a non-200."""
        response = _Response()
        parser = httptools.HttpResponseParser(response)
        try:
            while not response.complete:
                data = await self.reader.read(READ_BYTES)
                if not data:
                    break
                parser.feed_data(data)
                status = parser.get_status_code()
                if status and status != 200:
                    raise RuntimeError(f"HTTP {status}: {data[:300]!r}")
                while response.lines:
                    yield response.lines.popleft()
        finally:
            if self.close or not response.complete:
                self.writer.close()


async def prepare(url: str, body: bytes, method: str = "POST", headers: dict[str, str] | None = None) -> Prepared:
    """Open a connection for one JSON request to `url` (with `headers`, e.g. a session cookie);
    nothing is sent yet."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    return Prepared(reader, writer, _request(url, body, method, keep_alive=False, headers=headers), close=True)


class KeptAlive:
    """One connection per server, kept open from one request to the next."""

    def __init__(self) -> None:
        self._open: dict[tuple[str, int], tuple[asyncio.StreamReader, asyncio.StreamWriter]] = {}

    async def prepare(
        self, url: str, body: bytes, method: str = "POST", headers: dict[str, str] | None = None
    ) -> Prepared:
        parts = urlsplit(url)
        key = (parts.hostname, parts.port)
        connection = self._open.get(key)
        if connection is None or connection[1].is_closing():
            connection = self._open[key] = await asyncio.open_connection(*key)
        return Prepared(*connection, _request(url, body, method, keep_alive=True, headers=headers), close=False)

    def close(self) -> None:
        for _, writer in self._open.values():
            writer.close()
        self._open.clear()


async def post_lines(url: str, body: bytes) -> AsyncIterator[tuple[float, bytes]]:
    """POST `body` as JSON to `url` at once; yield (arrival time, line) for each line of the response."""
    prepared = await prepare(url, body)
    prepared.send()
    async for item in prepared.lines():
        yield item
