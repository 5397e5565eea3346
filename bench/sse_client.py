"""A lean client for streamed responses, so the benchmark's own client is not the bottleneck.

httpx2 spends ~200 µs of CPU per streamed event; with 200 streams on a 2-core machine that made
the measuring client the slowest part of the system. aiohttp's C-accelerated parser reads the
same stream for a fraction of that; each line is yielded with the moment it was read.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import aiohttp

HEADERS = {"Content-Type": "application/json", "Accept": "text/event-stream"}


def session() -> aiohttp.ClientSession:
    """One session for a whole run: no connection limit, no timeouts but the benchmark's own."""
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=None))


async def post_lines(client: aiohttp.ClientSession, url: str, body: bytes) -> AsyncIterator[tuple[float, bytes]]:
    """POST `body` as JSON to `url`; yield (arrival time, line) for each line of the response."""
    async with client.post(url, data=body, headers=HEADERS) as response:
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status} from {url}: {(await response.read())[:300]!r}")
        async for line in response.content:
            yield time.perf_counter(), line.rstrip(b"\r\n")
