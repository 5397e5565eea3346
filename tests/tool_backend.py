"""The backend as `uvicorn main:app` serves it, with the Python tools (python_tools.py) as its reply
engine's tool hub: what the MCP host will give it once the app wires one in its lifespan.

  python tests/tool_backend.py --port N [--approval echo=always …] [--tool-timeout-s S] [--max-tool-steps K]
"""

from __future__ import annotations

import argparse
import sys
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn

from python_tools import PythonTools

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))

import main  # noqa: E402 - the backend's modules are found once its folder is on the path


def serve() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--approval", action="append", default=[], metavar="TOOL=ask|always|never")
    parser.add_argument("--tool-timeout-s", type=float)
    parser.add_argument("--max-tool-steps", type=int)
    args = parser.parse_args()
    approvals = dict(item.split("=", 1) for item in args.approval)
    app = main.app
    lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def with_python_tools(app):
        async with lifespan(app) as state:
            engine = app.state.replies
            engine.tools = PythonTools(approvals)
            if args.tool_timeout_s is not None:
                engine.tool_timeout_s = args.tool_timeout_s
            if args.max_tool_steps is not None:
                engine.max_tool_steps = args.max_tool_steps
            yield state

    app.router.lifespan_context = with_python_tools
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    serve()
