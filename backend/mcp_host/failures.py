"""One sentence for why a server could not be reached or stopped answering: what a person reads
next to the server, and what the model reads when it calls one of its tools."""

from __future__ import annotations

import os

import httpx2
from mcp import MCPError
from mcp_types import CONNECTION_CLOSED

from mcp_host.servers import ServerConfig

REQUEST_TIMEOUT = -32001  # the SDK's code for a request that got no answer in time


class ServerEnded(Exception):
    """The server closed its side (a stdio server exited): an end, not an error of ours."""


def leaf_errors(error: BaseException) -> list[BaseException]:
    """The exceptions inside (nested) exception groups, as anyio's task groups raise them."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in leaf_errors(inner)]
    return [error]


def why_it_failed(config: ServerConfig, error: BaseException | None, stderr_line: str | None) -> str:
    """Why the server cannot be used, from what went wrong (None: it ended without an error)."""
    leaves = [leaf for leaf in leaf_errors(error) if not isinstance(leaf, ServerEnded)] if error else []
    # The cause, not its echo: a closed connection is what every pending request sees after it.
    causes = [leaf for leaf in leaves if not _is_closed_connection(leaf)] or leaves
    cause = causes[0] if causes else None
    if config.command is not None:
        return _stdio_sentence(config, cause, stderr_line)
    return _http_sentence(config, cause)


def _stdio_sentence(config: ServerConfig, cause: BaseException | None, stderr_line: str | None) -> str:
    program = config.command
    if isinstance(cause, FileNotFoundError):
        return f"Could not start {config.name!r}: the command {program!r} was not found (is it installed, on PATH?)."
    if isinstance(cause, PermissionError):
        return f"Could not start {config.name!r}: {program!r} may not be run (permission denied)."
    if isinstance(cause, OSError) and not isinstance(cause, ConnectionError):
        return f"Could not start {config.name!r} ({program}): {cause.strerror or cause}."
    if _is_timeout(cause):
        return f"{config.name!r} ({program}) did not answer the MCP handshake in time; is it an MCP server?"
    said = f": {stderr_line}" if stderr_line else " without saying why"
    if cause is None or _is_closed_connection(cause):
        return f"{os.path.basename(program)} exited{said}"
    return f"{config.name!r} ({program}) stopped working: {_describe(cause)}"


def _http_sentence(config: ServerConfig, cause: BaseException | None) -> str:
    if isinstance(cause, httpx2.HTTPStatusError):
        status = cause.response.status_code
        return f"{config.url} answered HTTP {status}; is it an MCP server's Streamable HTTP endpoint?"
    if isinstance(cause, httpx2.TransportError):
        return f"Could not connect to {config.url}: {_describe(cause)}"
    if _is_timeout(cause):
        return f"{config.url} did not answer the MCP handshake in time."
    if cause is None or _is_closed_connection(cause):
        return f"The connection to {config.url} was closed."
    return f"The connection to {config.url} failed: {_describe(cause)}"


# Shorter values are left alone: hiding every "1" or "on" would garble the sentence, and a
# secret that short is no secret.
MIN_SECRET_CHARS = 4


def without_secrets(sentence: str, config: ServerConfig) -> str:
    """The sentence with every value of the server's env and headers (write-only: the API never
    shows them) replaced by "…", also where an exception or the server's stderr quoted one."""
    values = {value.strip() for value in (*config.env.values(), *config.headers.values())}
    for secret in sorted(values, key=len, reverse=True):  # a longer one may hold a shorter one
        if len(secret) >= MIN_SECRET_CHARS:
            sentence = sentence.replace(secret, "…")
    return sentence


def _is_closed_connection(error: BaseException) -> bool:
    return isinstance(error, MCPError) and error.code == CONNECTION_CLOSED


def _is_timeout(error: BaseException | None) -> bool:
    return isinstance(error, TimeoutError) or (isinstance(error, MCPError) and error.code == REQUEST_TIMEOUT)


def _describe(error: BaseException) -> str:
    text = str(error).strip()
    return text or type(error).__name__
