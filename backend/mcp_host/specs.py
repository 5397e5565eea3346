"""What the tool hub hands out: tools as the reply engine offers them to the model, a call's
outcome, and servers as the API shows them. Plain frozen records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Approval = Literal["ask", "always", "never"]
APPROVALS = ("ask", "always", "never")
DEFAULT_APPROVAL: Approval = "ask"
Status = Literal["starting", "connected", "failed", "disabled"]


@dataclass(frozen=True, slots=True)
class ToolSpec:
    name: str  # unique across servers, what the model calls
    server_id: str
    server: str  # the server's name as configured
    tool: str  # the tool's own name on its server
    description: str
    input_schema: dict
    approval: str  # "ask" | "always" | "never"


@dataclass(frozen=True, slots=True)
class ToolOutcome:
    # The result as text (text content joined; other content described in words), cut to
    # CHAT_MAX_TOOL_RESULT_CHARS with a note to the model saying so.
    text: str
    is_error: bool


@dataclass(frozen=True, slots=True)
class ServerTool:
    name: str  # the tool's own name
    model_name: str  # what the model calls it
    description: str
    input_schema: dict
    approval: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerView:
    """A server as the API shows it: never the values of its env or headers, only their names."""

    id: str
    name: str
    transport: str
    source: str
    enabled: bool
    status: Status
    command: str | None = None
    args: tuple[str, ...] | None = None
    env_names: tuple[str, ...] | None = None
    url: str | None = None
    header_names: tuple[str, ...] | None = None
    error: str | None = None
    tools: tuple[ServerTool, ...] = ()
