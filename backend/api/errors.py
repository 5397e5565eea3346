"""How errors reach a client: always JSON `{"detail": …}` with a status that says what was wrong,
never a traceback. Validation errors keep FastAPI's list of {loc, msg, type}."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from redis.exceptions import RedisError
from starlette.exceptions import HTTPException as StarletteHTTPException

from lm_studio.errors import LMStudioError

logger = logging.getLogger("client_chat")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError):
        # The usual FastAPI list of errors, without echoing the (possibly huge) input back.
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", "Invalid value"), "type": e.get("type", "value_error")}
            for e in error.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        detail = error.detail
        if error.status_code == 404 and detail == "Not Found":
            detail = f"No such endpoint: {request.method} {request.url.path}"
        elif error.status_code == 405:
            detail = f"Method {request.method} is not allowed on {request.url.path}"
        elif error.status_code == 400 and detail == "There was an error parsing the body":
            detail = "The request body is not valid JSON (or not valid UTF-8)."
        return JSONResponse({"detail": detail}, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(LMStudioError)
    async def lm_studio_error(request: Request, error: LMStudioError):
        return JSONResponse({"detail": error.message, "code": error.code}, status_code=error.http_status)

    @app.exception_handler(RedisError)
    async def redis_error(request: Request, error: RedisError):
        # Only with several backends (CHAT_REDIS_URL): replies cannot start or be reached meanwhile.
        logger.warning("Redis failed on %s %s: %s", request.method, request.url.path, error)
        sentence = (
            "The backends' shared Redis (CHAT_REDIS_URL) is not answering, so replies cannot be started, followed "
            "or stopped right now; the history is unaffected. Try again in a moment."
        )
        return JSONResponse({"detail": sentence, "code": "redis_unreachable"}, status_code=503)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception):
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"detail": "The backend hit an unexpected error; its log has the details."}, status_code=500
        )
