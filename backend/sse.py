"""The ASGI response that carries a reply's Server-Sent Events to the browser.

sse-starlette's EventSourceResponse runs four tasks per response and opens a cancel scope
per event; on the relay's hot path that was a fifth of the backend's CPU with 200 streams.
This response sends the pre-encoded bytes it is given, one send per batch, and stops as
soon as the client goes away. Keep-alive comments come from the event source itself
(Generation.stream), which knows when nothing has happened for a while.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from starlette.responses import Response

HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"x-accel-buffering", b"no"),  # tell proxies such as nginx not to buffer the stream
]


class EventStreamResponse(Response):
    media_type = "text/event-stream"

    def __init__(self, chunks: AsyncIterator[bytes]) -> None:
        self.chunks = chunks
        self.status_code = 200
        self.background = None
        self.raw_headers = list(HEADERS)

    async def __call__(self, scope, receive, send) -> None:
        pump = asyncio.ensure_future(self._pump(send))
        watcher = asyncio.ensure_future(_wait_for_disconnect(receive))
        try:
            await asyncio.wait({pump, watcher}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (pump, watcher):
                task.cancel()
            await asyncio.gather(pump, watcher, return_exceptions=True)
            await self.chunks.aclose()
        if pump.done() and not pump.cancelled() and pump.exception():
            raise pump.exception()

    async def _pump(self, send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        async for chunk in self.chunks:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _wait_for_disconnect(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
