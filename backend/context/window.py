"""The context window a conversation's replies get, as far as it is known: the model's as LM Studio
has it loaded, else as the conversation's latest measured reply found it."""

from __future__ import annotations

from models import ModelInfo
from storage import MessageRecord


def known_window(model: ModelInfo | None, history: list[MessageRecord]) -> int | None:
    """The window in tokens, or None when neither LM Studio nor an earlier reply said it."""
    if model is not None and model.context_length:
        return model.context_length
    for message in reversed(history):
        if message.stats and message.stats.get("context_length"):
            return message.stats["context_length"]
    return None
