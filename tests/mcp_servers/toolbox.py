"""An MCP server of our own for the tests, written with the SDK's server API (MCPServer).

Its tools cover what a host must handle: `echo` answers its text, `fail` raises (the SDK turns
that into an isError result), `slow` sleeps, `huge` answers a very long text, `pid` names the
server's process, so a test can end it as a crash would, and `learn` gains a tool while the
server runs and tells the client its tools changed. What `learn` teaches stays until the server
stops, so a test that calls it runs a toolbox of its own.

    python tests/mcp_servers/toolbox.py --port 8765   # Streamable HTTP at http://127.0.0.1:8765/mcp
    python tests/mcp_servers/toolbox.py --stdio       # over stdin/stdout
"""

from __future__ import annotations

import argparse
import asyncio
import os

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

server = MCPServer("toolbox")


@server.tool()
def echo(text: str) -> str:
    """Answer with the text it was given."""
    return text


@server.tool()
def fail(reason: str = "it was asked to") -> str:
    """Always fail, with the reason given (ToolError: the SDK passes its message on)."""
    raise ToolError(f"fail failed because {reason}")


@server.tool()
async def slow(seconds: float) -> str:
    """Sleep that many seconds, then say so."""
    await asyncio.sleep(seconds)
    return f"slept {seconds} s"


@server.tool()
def huge(chars: int = 100_000) -> str:
    """A text of that many characters."""
    return ("0123456789" * (chars // 10 + 1))[:chars]


@server.tool()
def pid() -> int:
    """This server's process id."""
    return os.getpid()


@server.tool()
async def learn(name: str, ctx: Context) -> str:
    """Gain a tool called `name` that answers with its text, and tell the client its tools changed."""

    def learned(text: str) -> str:
        return text

    server.add_tool(learned, name=name, description="Learned while running: answers with its text.")
    # A client on the 2026-07-28 protocol hears of the change only on a subscriptions/listen stream
    # it opened (the SDK drops the session's unasked notification there); one on an older
    # protocol hears notifications/tools/list_changed from the session. Each call reaches one.
    await ctx.notify_tools_changed()
    await ctx.session.send_tool_list_changed()
    return name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, help="serve Streamable HTTP on 127.0.0.1:PORT/mcp")
    parser.add_argument("--stdio", action="store_true", help="serve over stdin/stdout")
    args = parser.parse_args()
    if args.stdio:
        server.run("stdio")
    else:
        server.run("streamable-http", host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
