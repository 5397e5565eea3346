"""What a configured MCP server is: how to reach it (a command to run, or a URL), where it was
configured (the mcp.json file or the API), and its id."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Transport = Literal["stdio", "http"]
Source = Literal["file", "api"]

# File servers have no row of their own, yet their switch and tool approvals are stored by id:
# the id is derived from the name, so it stays the same from one start to the next.
FILE_SERVER_IDS = uuid.UUID("6f0e3c43-5d1e-4c61-9a53-3f4c3f1c8e2a")


def file_server_id(name: str) -> str:
    return str(uuid.uuid5(FILE_SERVER_IDS, name))


def frozen_mapping(values: dict[str, str] | None = None) -> MappingProxyType:
    return MappingProxyType(dict(values or {}))


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerConfig:
    """One MCP server as configured: exactly one of `command` (stdio) and `url` (Streamable HTTP)."""

    id: str
    name: str
    source: Source
    command: str | None = None
    args: tuple[str, ...] = ()
    env: MappingProxyType = field(default_factory=frozen_mapping)  # secrets: never shown by the API
    url: str | None = None
    headers: MappingProxyType = field(default_factory=frozen_mapping)  # secrets too

    @property
    def transport(self) -> Transport:
        return "stdio" if self.command is not None else "http"

    @property
    def where(self) -> str:
        """How a sentence names what it runs or reaches: the command line, or the URL."""
        if self.command is None:
            return self.url or ""
        return " ".join([self.command, *self.args])
