"""An MCP server of our own for the tests, written with the SDK's server API (MCPServer).

Its tools cover what a host must handle: `echo` answers its text, `fail` raises (the SDK turns
that into an isError result), `slow` sleeps, `huge` answers a very long text, and `pid` names
the server's process, so a test can end it as a crash would.

    python tests/mcp_servers/toolbox.py --port 8765   # Streamable HTTP at http://127.0.0.1:8765/mcp
    python tests/mcp_servers/toolbox.py --stdio       # over stdin/stdout
"""

from __future__ import annotations

import argparse
import asyncio
import os

from mcp.server.mcpserver import MCPServer
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
