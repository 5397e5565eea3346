"""LM Studio's ways of saying that a conversation no longer fits the model's context window.

It says so in several forms, depending on the engine and on when it notices (before the reply,
as an HTTP 400, or in the middle of a 200 stream as an `{"error": …}` chunk). Each form carries
numbers worth keeping: the context length the model is loaded with, and how many tokens the
prompt needed. The texts below are LM Studio's own (llama.cpp and MLX engines, 0.3.x):

  "Trying to keep the first 5210 tokens when context the overflows. However, the model is
   loaded with context length of only 4096 tokens, which is not enough. …"
  "Cannot truncate prompt with n_keep (5210) >= n_ctx (4096)"
  "Input does not fit in context length. The input has 5210 tokens, but the context length
   only supports 4096 tokens."
  "Reached context length of 4096 tokens with model (arch: qwen3) that does not currently
   support mid-generation context overflow. …"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (pattern, which group is the prompt's tokens, which the context length); 0 = not in the text.
FORMS = (
    (re.compile(r"keep the first (\d+) tokens.*context length of only (\d+) tokens", re.I | re.S), 1, 2),
    (re.compile(r"context length of only (\d+) tokens", re.I), 0, 1),
    (re.compile(r"n_keep \((\d+)\)\s*>=\s*n_ctx \((\d+)\)", re.I), 1, 2),
    (re.compile(r"input has (\d+) tokens, but the context length only supports (\d+) tokens", re.I), 1, 2),
    (re.compile(r"reached context length of (\d+) tokens", re.I), 0, 1),
)
# Wordings without numbers that still mean the same thing.
HINTS = re.compile(r"context (length|window|the overflows)|n_ctx|does not fit in context", re.I)
MID_GENERATION = re.compile(r"reached context length|mid-generation context overflow", re.I)


@dataclass(frozen=True)
class ContextOverflow:
    context_length: int | None
    prompt_tokens: int | None
    during_reply: bool  # the reply itself filled the window (its beginning was written)


def recognise(message: str) -> ContextOverflow | None:
    """The overflow LM Studio's error text describes, or None when it is about something else."""
    for pattern, prompt_group, context_group in FORMS:
        found = pattern.search(message)
        if found:
            return ContextOverflow(
                context_length=int(found.group(context_group)),
                prompt_tokens=int(found.group(prompt_group)) if prompt_group else None,
                during_reply=bool(MID_GENERATION.search(message)),
            )
    if HINTS.search(message) and re.search(r"overflow|exceed|not enough|does not fit|too (long|large)", message, re.I):
        return ContextOverflow(None, None, during_reply=bool(MID_GENERATION.search(message)))
    return None


def sentence(overflow: ContextOverflow, model: str | None) -> str:
    """What happened and what to do, in the words the user reads."""
    whose = f"{model}'s context window" if model else "the model's context window"
    size = f" ({overflow.context_length:,} tokens)" if overflow.context_length else ""
    if overflow.during_reply:
        happened = f"The reply filled {whose}{size} and was cut short."
    else:
        needed = f"; it needs about {overflow.prompt_tokens:,}" if overflow.prompt_tokens else ""
        happened = f"This conversation no longer fits in {whose}{size}{needed}."
    return (
        f"{happened} Continue in a new conversation from a summary or from the last messages, or let "
        "this one leave out older messages (conversation settings). Loading the model in LM Studio "
        "with a longer context also helps."
    )
