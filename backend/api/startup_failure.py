"""Start-up failures a person can fix are reported as their sentence, not as a traceback.

Starlette reports an exception raised during the lifespan start-up by sending
`lifespan.startup.failed` with the formatted traceback, which uvicorn prints. This ASGI
middleware replaces that message with the exception's sentence when the exception says it has
one (StorageError: the database cannot be opened, is in use, is too new…). Starlette sends the
message from inside its `except` block, so the exception being handled is at hand.
"""

from __future__ import annotations

import sys


class SentenceForStartupFailure:
    def __init__(self, app, *, explained: tuple[type[BaseException], ...]) -> None:
        self.app = app
        self.explained = explained

    async def __call__(self, scope, receive, send):
        if scope["type"] != "lifespan":
            return await self.app(scope, receive, send)

        async def send_with_sentence(message):
            if message["type"] == "lifespan.startup.failed":
                error = sys.exc_info()[1]
                if isinstance(error, self.explained):
                    message = {**message, "message": getattr(error, "sentence", str(error))}
            await send(message)

        return await self.app(scope, receive, send_with_sentence)
