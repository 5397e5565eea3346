"""MCP servers: list them with their state and tools, add one, switch one on or off (on again:
a failed server is retried), set its tools' approvals, remove one added here. Servers from the
mcp.json file can be switched off but not removed here: the file is theirs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi import Path as PathParam

from api.deps import Tools, may_change_mcp_servers
from mcp_host import DuplicateServerName, ServerFromFile, ServerView, ToolsNotKnown, UnknownServer, UnknownTools
from models import McpServer, McpServerCreate, McpServerUpdate, McpTool

router = APIRouter(prefix="/api/mcp", tags=["mcp"])
# Changes run or reach servers: only from this machine (until accounts say who is an administrator).
MayChange = Depends(may_change_mcp_servers)

ServerId = Annotated[str, PathParam(max_length=100, description="The MCP server's id")]
SERVER_NOT_FOUND = "MCP server not found"


def server_shape(view: ServerView) -> McpServer:
    return McpServer(
        id=view.id,
        name=view.name,
        transport=view.transport,
        command=view.command,
        args=list(view.args) if view.args is not None else None,
        env_names=list(view.env_names) if view.env_names is not None else None,
        url=view.url,
        header_names=list(view.header_names) if view.header_names is not None else None,
        source=view.source,
        enabled=view.enabled,
        status=view.status,
        error=view.error,
        tools=[McpTool.model_validate(tool, from_attributes=True) for tool in view.tools],
    )


@router.get("/servers", response_model=list[McpServer])
async def list_servers(tools: Tools):
    """Every MCP server, from the mcp.json file and added here, with its status and tools."""
    return [server_shape(view) for view in tools.servers()]


@router.post("/servers", response_model=McpServer, status_code=201, dependencies=[MayChange])
async def add_server(server: McpServerCreate, tools: Tools):
    """Add a server; a switched-on one starts connecting at once (its status says how it goes)."""
    try:
        view = await tools.add(
            server.name,
            command=server.command,
            args=server.args,
            env=server.env,
            url=server.url,
            headers=server.headers,
            enabled=server.enabled,
        )
    except DuplicateServerName:
        raise HTTPException(409, f"An MCP server named {server.name!r} already exists; choose another name.") from None
    return server_shape(view)


@router.patch("/servers/{server_id}", response_model=McpServer, dependencies=[MayChange])
async def update_server(server_id: ServerId, changes: McpServerUpdate, tools: Tools):
    """Switch a server on or off, retry a failed one ({"enabled": true}), set tools' approvals."""
    approvals = {tool: change.approval for tool, change in (changes.tools or {}).items()}
    try:
        view = await tools.update(server_id, enabled=changes.enabled, approvals=approvals)
    except UnknownServer:
        raise HTTPException(404, SERVER_NOT_FOUND) from None
    except ToolsNotKnown as error:
        raise HTTPException(
            409,
            f"The MCP server {error.args[0]!r} is not connected, so its tools are not known yet; "
            "set their approvals once it is.",
        ) from None
    except UnknownTools as error:
        known = ", ".join(error.known) or "none"
        raise HTTPException(
            422, f"This server has no tool named {', '.join(map(repr, error.names))} (its tools: {known})."
        ) from None
    return server_shape(view)


@router.delete("/servers/{server_id}", dependencies=[MayChange])
async def delete_server(server_id: ServerId, tools: Tools):
    """Remove a server added here (its process ends, its approvals are forgotten)."""
    try:
        await tools.delete(server_id)
    except UnknownServer:
        raise HTTPException(404, SERVER_NOT_FOUND) from None
    except ServerFromFile as error:
        raise HTTPException(
            409,
            f"The MCP server {error.args[0]!r} comes from the mcp.json file (CHAT_MCP_CONFIG) and can only be "
            'removed there; switch it off here with {"enabled": false}.',
        ) from None
    return {"status": "deleted"}
