"""The HTTP API, one router per resource: the service, LM Studio's models (and loading them),
conversations, their messages, replies (and the decisions on their tool calls), going on from a
conversation that outgrew its context window, settings beyond one conversation (defaults,
presets), folders, files attached to messages, MCP servers (tools), the whole history exported as one
zip, conversations imported from other apps' exports, and accounts (signing in, tokens, users)."""

from api import (
    attachments,
    auth,
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
    tokens,
    tool_calls,
    users,
)

# Open to anyone (the service's liveness and health), or checking who asks route by route
# (signing in is open; the rest of accounts needs a session or token).
open_routers = [service.router, auth.router, tokens.router, users.router]

# Everything else: main.py includes these behind a session or token (with accounts on) and the
# conversation-ownership check.
routers = [
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
