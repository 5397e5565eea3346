"""MCP host: the app's side of the Model Context Protocol. Connects to the MCP servers named in
CHAT_MCP_CONFIG's mcp.json and added through the API (stdio and Streamable HTTP, with the official
`mcp` SDK), keeps those connections for as long as the backend runs, and offers their tools to
replies through one ToolHub.

(Named mcp_host, not mcp: a package named mcp here would hide the SDK.)
"""

from mcp_host.hub import ServerFromFile, ToolHub, ToolsNotKnown, UnknownServer, UnknownTools
from mcp_host.specs import APPROVALS, ServerTool, ServerView, ToolOutcome, ToolSpec
from storage.mcp_servers import DuplicateServerName

__all__ = [
    "APPROVALS",
    "DuplicateServerName",
    "ServerFromFile",
    "ServerTool",
    "ServerView",
    "ToolHub",
    "ToolOutcome",
    "ToolSpec",
    "ToolsNotKnown",
    "UnknownServer",
    "UnknownTools",
]
