"""The HTTP API, one router per job: the service and LM Studio's models, conversations and their
messages, replies (sending, regenerating, following, stopping), going on from a conversation
that outgrew its context window, settings beyond one conversation (defaults, presets), and
files attached to messages."""

from routes import attachments, continuation, conversations, presets, replies, service

routers = [
    service.router,
    conversations.router,
    replies.router,
    continuation.router,
    presets.router,
    attachments.router,
]
