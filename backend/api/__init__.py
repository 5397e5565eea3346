"""The HTTP API, one router per resource: the service, LM Studio's models (and loading them),
conversations, their messages, replies (and the decisions on their tool calls), going on from a
conversation that outgrew its context window, settings beyond one conversation (defaults,
presets), folders, files attached to messages, MCP servers (tools), the whole history exported as one
zip, and conversations imported from other apps' exports."""

from api import (
    attachments,
    catalog,
    continuation,
    conversations,
    folders,
    history_export,
    imports,
    mcp_servers,
    messages,
    model_loading,
    replies,
    service,
    settings,
    tool_calls,
)

routers = [
    service.router,
    catalog.router,
    model_loading.router,
    conversations.router,
    folders.router,
    messages.router,
    replies.chat_router,
    replies.router,
    tool_calls.router,
    continuation.router,
    settings.defaults_router,
    settings.router,
    attachments.router,
    mcp_servers.router,
    history_export.router,
    imports.router,
]
