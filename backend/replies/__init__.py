"""Replies: a reply is a task owned by the backend, not by a connection. It resolves its model,
fits the history into the context window, streams from LM Studio, stores itself and publishes
every step as an event any number of readers can replay and follow (events.py is the wire)."""

from replies.engine import ReplyEngine
from replies.events import NAMES as EVENT_NAMES
from replies.options import ReplyOptions, choose_options
from replies.registry import AlreadyReplying, ConversationBeingDeleted, ReplyRegistry
from replies.reply import Reply

__all__ = [
    "EVENT_NAMES",
    "AlreadyReplying",
    "ConversationBeingDeleted",
    "Reply",
    "ReplyEngine",
    "ReplyOptions",
    "ReplyRegistry",
    "choose_options",
]
