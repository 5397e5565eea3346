"""The HTTP API, one router per job: the service and LM Studio's models, conversations and their
messages, and replies (sending, regenerating, following, stopping)."""

from routes import conversations, replies, service

routers = [service.router, conversations.router, replies.router]
