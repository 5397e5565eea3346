"""What a reply is asked with: the request's choices, else the conversation's settings, else
nothing at all, so that LM Studio's (and each model's) own defaults rule."""

from __future__ import annotations

from dataclasses import dataclass

from context.estimate import tokens_per_char
from models import ReplyOptionsInput
from storage import ConversationRecord, MessageRecord

SAMPLING_FIELDS = ("top_p", "top_k", "min_p", "repeat_penalty", "stop")
# Settings LM Studio takes under another name: the idle time before it unloads a model it loaded
# for this request (seconds).
RENAMED_FIELDS = {"ttl_s": "ttl"}


@dataclass(frozen=True, slots=True)
class ReplyOptions:
    model: str | None  # None: the configured model, else the one LM Studio has loaded
    temperature: float | None
    max_tokens: int | None
    sampling: dict  # top_p, top_k, min_p, repeat_penalty, stop, ttl: only those set
    context_overflow: str  # "error", or "truncate_middle": leave out the history's middle
    tokens_per_char: float  # measured on this conversation
    mcp_servers: list[str] | None = None  # the tool servers it may use: None every enabled one, [] none


def choose_options(
    choices: ReplyOptionsInput | None, conversation: ConversationRecord, history: list[MessageRecord]
) -> ReplyOptions:
    def chosen(name: str):
        value = getattr(choices, name) if choices is not None else None
        return value if value is not None else getattr(conversation, name)

    sampling = {name: chosen(name) for name in SAMPLING_FIELDS}
    sampling.update({sent: chosen(name) for name, sent in RENAMED_FIELDS.items()})
    return ReplyOptions(
        model=chosen("model"),
        temperature=chosen("temperature"),
        max_tokens=chosen("max_tokens"),
        sampling={name: value for name, value in sampling.items() if value is not None},
        context_overflow=conversation.context_overflow or "error",
        tokens_per_char=tokens_per_char(history),
        mcp_servers=chosen("mcp_servers"),
    )
