"""A tool hub over plain Python functions, in the backend's process: a real provider of tools for
the reply engine's tests (what `backend/replies/tools.py` asks of a hub), until tests run real
MCP servers through backend/mcp_host/. Its tools:

  echo(text)        gives back the text
  add(a, b)         the sum of two numbers
  wait(seconds)     sleeps that long, then says so (for timeouts and stops)
  fail(message)     raises RuntimeError(message): a tool's own error

Every tool asks before it runs ("ask") unless told otherwise (`approvals`); `remember` changes a
tool's rule as the MCP host's does.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass

SERVER_ID = "python"
SERVER_NAME = "Python tools"


@dataclass(frozen=True, slots=True)
class ToolSpec:
    name: str
    server_id: str
    server: str
    tool: str
    description: str
    input_schema: dict
    approval: str


@dataclass(frozen=True, slots=True)
class ToolOutcome:
    text: str
    is_error: bool


def echo(text: str) -> str:
    return text


def add(a: float, b: float) -> str:
    return str(a + b)


async def wait(seconds: float) -> str:
    await asyncio.sleep(seconds)
    return f"waited {seconds} s"


def fail(message: str) -> str:
    raise RuntimeError(message)


def _schema(**properties: str) -> dict:
    return {
        "type": "object",
        "properties": {name: {"type": kind} for name, kind in properties.items()},
        "required": list(properties),
    }


TOOLS: dict[str, tuple[Callable, str, dict]] = {
    "echo": (echo, "Give back the text it is given.", _schema(text="string")),
    "add": (add, "Add two numbers.", _schema(a="number", b="number")),
    "wait": (wait, "Wait some seconds.", _schema(seconds="number")),
    "fail": (fail, "Fail with the message it is given.", _schema(message="string")),
}


class PythonTools:
    def __init__(self, approvals: dict[str, str] | None = None) -> None:
        self.approvals = {name: "ask" for name in TOOLS} | (approvals or {})
        self.remembered: list[tuple[str, str]] = []

    def tools_for(self, server_ids: list[str] | None) -> list[ToolSpec]:
        if server_ids is not None and SERVER_ID not in server_ids:
            return []
        return [
            ToolSpec(name, SERVER_ID, SERVER_NAME, name, description, schema, self.approvals[name])
            for name, (_, description, schema) in TOOLS.items()
        ]

    async def call(self, tool: ToolSpec, arguments: dict, timeout_s: float | None = None) -> ToolOutcome:
        name = tool.name  # the reply engine calls a tool as it was offered (tools_for's spec)
        if name not in TOOLS:
            return ToolOutcome(f"There is no tool named {name!r}.", True)
        function = TOOLS[name][0]
        try:
            async with asyncio.timeout(timeout_s):
                result = function(**arguments)
                if inspect.isawaitable(result):
                    result = await result
        except TimeoutError:
            return ToolOutcome(f"{name} did not answer within {timeout_s:g} s.", True)
        except Exception as error:  # the tool's own trouble is an error result, as an MCP server's
            return ToolOutcome(f"{type(error).__name__}: {error}", True)
        return ToolOutcome(str(result), False)

    async def remember(self, tool: ToolSpec, approval: str) -> None:
        self.approvals[tool.name] = approval
        self.remembered.append((tool.name, approval))
