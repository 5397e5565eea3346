"""What a reply needs of the tools it may call: a hub that lists them and runs them.

The MCP host (backend/mcp_host/) is that hub in the app; tests may give the engine any object
of this shape. Written as Protocols so the reply engine depends on the shape, not on the host.
"""

from __future__ import annotations

from typing import Protocol

APPROVALS = ("ask", "always", "never")


class ToolSpecLike(Protocol):
    """One tool as the hub offers it: `name` is unique across servers (what the model calls)."""

    @property
    def name(self) -> str: ...
    @property
    def server(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def input_schema(self) -> dict: ...
    @property
    def approval(self) -> str: ...  # "ask" | "always" | "never"


class ToolOutcomeLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def is_error(self) -> bool: ...


class ToolHubLike(Protocol):
    def tools_for(self, server_ids: list[str] | None) -> list[ToolSpecLike]:
        """The tools of those servers (None: every enabled server; []: none)."""
        ...

    async def call(self, tool: ToolSpecLike, arguments: dict, timeout_s: float | None = None) -> ToolOutcomeLike:
        """Run a tool tools_for offered, where it was offered: servers may have come and gone
        since, changing what other tools are called, but not which tool this is. Never raises
        for the tool's own trouble (its server gone, a timeout, an error): that comes back as an
        outcome with `is_error`."""
        ...

    def approval_of(self, tool: ToolSpecLike) -> str:
        """The tool's approval now ("ask" | "always" | "never"), which may differ from what it was
        when tools_for listed it."""
        ...

    async def remember(self, tool: ToolSpecLike, approval: str) -> None:
        """From now on, run this tool (as tools_for offered it) without asking ("always") or never
        run it ("never")."""
        ...


def function_definitions(tools: list[ToolSpecLike]) -> list[dict]:
    """The tools as LM Studio takes them: OpenAI's function format."""
    return [
        {
            "type": "function",
            "function": {"name": tool.name, "description": tool.description, "parameters": tool.input_schema},
        }
        for tool in tools
    ]
