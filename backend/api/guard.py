"""A guard in front of the app: only local Host names, no foreign Origin on writes, bounded bodies."""

from __future__ import annotations

import json

from config import host_name

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


async def _reply(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LocalGuard:
    """Pure ASGI middleware, so streaming responses pass through untouched.

    - Host: a DNS-rebinding page reaches us under its own domain name; answering only
      to configured local names keeps it from reading conversations.
    - Origin: a foreign page may not change anything (CSRF), even with a simple request. The
      page's own origin (the backend serving the app, on whatever address it was reached by, and
      behind a proxy as its X-Forwarded-Proto says) is never foreign.
    - Body size: a body above the limit is refused before it is read into memory. Paths in
      `streamed_paths` (uploads) have their own, larger limit and are never buffered here: their
      route reads the stream itself and stops at its limit.
    """

    def __init__(
        self, app, *, allowed_hosts, allowed_origins, max_body_bytes: int, streamed_paths: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.any_host = "*" in allowed_hosts
        self.allowed_hosts = set(allowed_hosts)
        self.allowed_origins = set(allowed_origins)
        self.max_body_bytes = max_body_bytes
        self.streamed_paths = streamed_paths or {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {}
        for key, value in scope["headers"]:
            if key in (b"host", b"origin", b"content-length", b"transfer-encoding"):
                headers[key] = value.decode("latin-1")
        host = host_name(headers.get(b"host", ""))
        if not self.any_host and host not in self.allowed_hosts:
            return await _reply(
                send,
                400,
                f"Host {host!r} is not allowed. This backend answers only to "
                f"{', '.join(sorted(self.allowed_hosts))}; set CHAT_ALLOWED_HOSTS to add names.",
            )
        method = scope["method"]
        origin = headers.get(b"origin")
        if (
            method not in SAFE_METHODS
            and origin
            and origin not in self.allowed_origins
            and origin.lower() != f"{scope.get('scheme', 'http')}://{headers.get(b'host', '').lower()}"
        ):
            return await _reply(
                send, 403, f"Origin {origin!r} may not change data here; set CHAT_CORS_ORIGINS to allow it."
            )
        length = headers.get(b"content-length")
        streamed_limit = self.streamed_paths.get(scope["path"])
        if length is not None:
            if not length.isdigit():
                return await _reply(send, 400, "Content-Length must be a whole number of bytes.")
            if int(length) > (streamed_limit or self.max_body_bytes):
                return await _reply(send, 413, self._too_large(streamed_limit))
            return await self.app(scope, receive, send)
        if streamed_limit is not None:
            return await self.app(scope, receive, send)
        if method in SAFE_METHODS:
            return await self.app(scope, receive, send)
        return await self._buffered(scope, receive, send)

    def _too_large(self, limit: int | None = None) -> str:
        if limit is not None:
            return f"The upload is larger than the limit of {limit} bytes (CHAT_MAX_UPLOAD_BYTES)."
        return f"Request body is larger than the limit of {self.max_body_bytes} bytes."

    async def _buffered(self, scope, receive, send):
        """A body without Content-Length (chunked) is read up to the limit, then replayed."""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_body_bytes:
                return await _reply(send, 413, self._too_large())
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)
