"""Reading the mcp.json that CHAT_MCP_CONFIG names, the file LM Studio, Claude Desktop and Cursor
share: {"mcpServers": {"<name>": {"command", "args"?, "env"?} | {"url", "headers"?}}}.

A file that cannot be used stops nothing: the backend starts without its servers and says why in
one sentence naming the file (and, for broken JSON, the line and column). One entry that cannot
be used is left out with its own sentence; the others are kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mcp_host.servers import ServerConfig, file_server_id, frozen_mapping


class FileEntry(BaseModel):
    """One server in the file. Keys other clients add (cwd, disabled, …) are ignored."""

    model_config = ConfigDict(extra="ignore")

    command: str | None = Field(None, min_length=1)
    args: list[str] = []
    env: dict[str, str] = {}
    url: str | None = Field(None, min_length=1)
    headers: dict[str, str] = {}
    type: str | None = None  # Cursor and LM Studio write "stdio", "http" or "sse" here

    @model_validator(mode="after")
    def _one_way_to_reach_it(self) -> FileEntry:
        if (self.command is None) == (self.url is None):
            raise ValueError('give either "command" (a program to run) or "url" (a Streamable HTTP endpoint)')
        if self.type == "sse":
            raise ValueError('"type": "sse" (the older HTTP+SSE transport) is not supported; use Streamable HTTP')
        if self.url is not None and not self.url.startswith(("http://", "https://")):
            raise ValueError(f'"url" must start with http:// or https:// (it is {self.url!r})')
        for header, value in self.headers.items():  # named, never quoted: header values are secrets
            if any(character in value for character in "\r\n\x00") or value != value.strip(" \t"):
                raise ValueError(
                    f'the value of header "{header}" begins or ends with a space or tab, or is not one line; '
                    "HTTP clients refuse it"
                )
        return self


@dataclass(frozen=True, slots=True)
class FileServers:
    servers: tuple[ServerConfig, ...] = ()
    error: str | None = None  # a sentence naming the file; None when every entry could be used


def read_config_file(path: str | None) -> FileServers:
    """The servers the file configures, and a sentence about what could not be used."""
    if not path:
        return FileServers()
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except FileNotFoundError:
        return FileServers(error=f"CHAT_MCP_CONFIG names {path}, which does not exist.")
    except (OSError, UnicodeDecodeError) as error:
        return FileServers(error=f"Cannot read {path} (CHAT_MCP_CONFIG): {error}.")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return FileServers(
            error=f"{path} is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}. "
            "Its MCP servers are not started."
        )
    entries = document.get("mcpServers") if isinstance(document, dict) else None
    if not isinstance(entries, dict):
        return FileServers(error=f'{path} has no "mcpServers" object, so it configures no MCP server.')
    servers, problems = [], []
    for name, entry in entries.items():
        try:
            parsed = FileEntry.model_validate(entry)
        except ValidationError as error:
            problems.append(f"server {name!r}: {_first_problem(error)}")
            continue
        if not name.strip():
            problems.append("a server with an empty name")
            continue
        servers.append(
            ServerConfig(
                id=file_server_id(name),
                name=name,
                source="file",
                command=parsed.command,
                args=tuple(parsed.args),
                env=frozen_mapping(parsed.env),
                url=parsed.url,
                headers=frozen_mapping(parsed.headers),
            )
        )
    error = f"{path}: left out {'; '.join(problems)}." if problems else None
    return FileServers(tuple(servers), error)


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"])
    message = problem["msg"].removeprefix("Value error, ")
    return f'"{where}": {message}' if where else message
