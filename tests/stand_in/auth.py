"""LM Studio's API tokens ("Require Authentication", LM Studio 0.4+): when the stand-in has a
token (--require-token, PUT /_stub/token), every LM Studio route wants
`Authorization: Bearer <token>`; the /_stub/* controls never do.

LM Studio documents the setting and the header, not the refusal. The 401 status and the two
sentences below are what its server has been seen answering (logged by third-party clients,
LM Studio 0.4.x): no token, and a token it does not accept ("Malformed …", with the first ten
characters of what was sent). Which token is "malformed" and which merely wrong is LM Studio's
business; the stand-in answers every wrong token the same way.

A token's permissions (chosen when it is made in LM Studio) are our assumption where LM Studio
documents none: a request the token is not allowed (PUT /_stub/token {"token": …, "denied":
[path, …]}) gets 403 in the native API's error shape, with the type "permission_denied".
"""

from __future__ import annotations

from aiohttp import web

from .state import STAND_IN

NO_TOKEN = (
    "An LM Studio API token is required to make requests to this server, but none was provided using "
    "the Authorization header using the 'Bearer' scheme (i.e., 'Authorization: Bearer $LM_API_TOKEN'). "
    "Learn more at: https://lmstudio.ai/docs/developer/core/authentication."
)
SHOWN_TOKEN_CHARS = 10


def wrong_token(sent: str) -> str:
    return f"Malformed LM Studio API token provided: {sent[:SHOWN_TOKEN_CHARS]}... Ensure you are using a valid token."


def refused(message: str) -> web.Response:
    error = {"type": "invalid_request", "code": "invalid_api_key", "message": message}
    return web.json_response({"error": error}, status=401)


def forbidden(path: str) -> web.Response:
    message = f"The API token provided does not have permission to access {path}."
    return web.json_response({"error": {"type": "permission_denied", "message": message}}, status=403)


def bearer_token(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


@web.middleware
async def require_token(request: web.Request, handler):
    expected = request.app[STAND_IN].token
    if expected is None or request.path.startswith("/_stub/"):
        return await handler(request)
    sent = bearer_token(request)
    if sent is None:
        return refused(NO_TOKEN)
    if sent != expected:
        return refused(wrong_token(sent))
    if request.path in request.app[STAND_IN].token_denied:
        return forbidden(request.path)
    return await handler(request)
