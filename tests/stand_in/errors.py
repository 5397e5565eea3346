"""LM Studio's error bodies and sentences, in each of its shapes.

- The OpenAI-compatible routes (/v1/*) answer `{"error": {message, type, param, code}}`.
- The native v1 API (/api/v1/*) answers `{"error": {type, message, code?, param?}}`. LM Studio
  documents this object only for the `error` event of /api/v1/chat (its `type` is one of
  invalid_request, unknown, mcp_connection_error, plugin_connection_error, not_implemented,
  model_not_found, job_not_found, internal_error); its authentication errors use it too. The
  load and unload pages document no errors at all, so the stand-in's load and unload errors
  (their statuses and sentences) are our assumption in that documented shape.
- An unknown endpoint or method gets HTTP 200 (sic) and a plain string: see `unexpected_endpoint`.
"""

from __future__ import annotations

from aiohttp import web

from .state import STAND_IN

CANNOT_SEE = "Model does not support images. Please use a model that does."


def error_body(message: str, code: str | None, param: str | None = "model") -> dict:
    """An OpenAI-compatible route's error."""
    return {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": code}}


def native_error(
    status: int, error_type: str, message: str, *, code: str | None = None, param: str | None = None
) -> web.Response:
    """A native v1 route's error; `code` and `param` appear only when there is one."""
    error = {"type": error_type, "message": message}
    if code is not None:
        error["code"] = code
    if param is not None:
        error["param"] = param
    return web.json_response({"error": error}, status=status)


def missing_parameter(name: str) -> web.Response:
    """LM Studio's documented error for a request without a required field."""
    return native_error(400, "invalid_request", f'"{name}" is required', code="missing_required_parameter", param=name)


def unexpected_endpoint(request: web.Request) -> web.Response:
    """What LM Studio answers for a route it does not have: HTTP 200 with the error as a string.
    Its bug tracker shows this on 0.3.x and 0.4.x (issues #618 and #1323, "Returning 200 anyway");
    one report saw 404 with the same body, so clients should look at the body, not the status
    (PUT /_stub/native_api {"unknown_status": 404} answers so)."""
    body = {"error": f"Unexpected endpoint or method. ({request.method} {request.path})"}
    return web.json_response(body, status=request.app[STAND_IN].unknown_status)


def overflow_message(form: str, prompt_tokens: int, context_length: int) -> str:
    """LM Studio's own words for a prompt longer than the window, in each of its forms."""
    if form == "n_keep":
        return f"Cannot truncate prompt with n_keep ({prompt_tokens}) >= n_ctx ({context_length})"
    if form == "midstream":
        return (
            f"Input does not fit in context length. The input has {prompt_tokens} tokens, but the "
            f"context length only supports {context_length} tokens."
        )
    return (
        f"Trying to keep the first {prompt_tokens} tokens when context the overflows. However, the model "
        f"is loaded with context length of only {context_length} tokens, which is not enough. Try to load "
        "the model with a larger context length, or provide a shorter input"
    )


def reached_message(context_length: int) -> str:
    return (
        f"Reached context length of {context_length} tokens with model (arch: llama) that does not "
        "currently support mid-generation context overflow. Try reloading with a larger context "
        "length or shortening the prompt/chat."
    )
