"""The HTTP API, one router per job: the service and LM Studio's models, conversations and their
messages, replies (sending, regenerating, following, stopping), going on from a conversation
that outgrew its context window, and settings beyond one conversation (defaults, presets)."""

from routes import continuation, conversations, presets, replies, service

routers = [service.router, conversations.router, replies.router, continuation.router, presets.router]
