"""A lean HTTP/1.1 client for Server-Sent Events, so the benchmark's own client is not the bottleneck.

httpx spends ~200 µs of CPU per streamed event; with 200 streams on a 2-core machine that
made the measuring client the slowest part of the system. This reads the response with
asyncio streams and yields each line with the moment it arrived.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from urllib.parse import urlsplit


async def post_lines(url: str, body: bytes) -> AsyncIterator[tuple[float, bytes]]:
    """POST `body` as JSON to `url`; yield (arrival time, line) for each line of the response."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(
            b"POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n%s"
            % (parts.path.encode(), parts.hostname.encode(), parts.port, len(body), body)
        )
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        if status != 200:
            raise RuntimeError(f"HTTP {status} from {url}: {(await reader.read())[:300]!r}")
        chunked = b"transfer-encoding: chunked" in head.lower()
        pending = b""
        while True:
            if chunked:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    break
                data = (await reader.readexactly(size + 2))[:-2]
            else:
                data = await reader.read(65536)
                if not data:
                    break
            arrived = time.perf_counter()
            pending += data
            *lines, pending = pending.split(b"\n")
            for line in lines:
                yield arrived, line.rstrip(b"\r")
        if pending:
            yield time.perf_counter(), pending
    finally:
        writer.close()
