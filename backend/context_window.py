"""The context window a conversation's replies get, as far as it is known: the model's, as LM
Studio has it loaded, else as the conversation's last reply found it."""

from __future__ import annotations

from lm_studio_client import LMStudioClient, LMStudioError
from models import Conversation


async def known_context_length(conversation: Conversation, client: LMStudioClient) -> int | None:
    """The window in tokens, or None when neither LM Studio nor an earlier reply said it."""
    try:
        model = await client.resolve_model(conversation.model)
    except LMStudioError:
        model = None
    info = await client.model_info(model) if model else None
    if info and info.context_length:
        return info.context_length
    for message in reversed(conversation.messages):
        if message.stats and message.stats.context_length:
            return message.stats.context_length
    return None
