"""What a reply says: the default words, the reasoning words, literal text cut into tokens, and
the pieces a reply streams in order."""

from __future__ import annotations

import re

# The default reply cycles through these words; accents and an emoji keep UTF-8 honest.
REPLY_WORDS = (
    "This is the LM Studio stand-in answering. It streams one word at a time, so you can watch "
    "the reply grow: café, naïve, 🚀, done."
).split(" ")
REASONING_WORDS = "Let me think about this step by step before I answer.".split(" ")


def reply_tokens(count: int) -> list[str]:
    """The default reply: `count` tokens, each a word followed by a space."""
    return [REPLY_WORDS[i % len(REPLY_WORDS)] + " " for i in range(count)]


def reply_text(count: int) -> str:
    return "".join(reply_tokens(count))


def reasoning_tokens(count: int) -> list[str]:
    return [REASONING_WORDS[i % len(REASONING_WORDS)] + " " for i in range(count)]


def tokenize(text: str) -> list[str]:
    """Split literal text into word-sized tokens that join back to exactly the text."""
    return re.findall(r"\s*\S+|\s+", text)


def reply_pieces(behaviour: dict, max_tokens) -> tuple[list[tuple[str, str]], str]:
    """What the reply streams, as (delta field, text) pairs, and its finish_reason."""
    content = tokenize(behaviour["text"]) if "text" in behaviour else reply_tokens(behaviour["tokens"])
    finish_reason = behaviour.get("finish_reason", "stop")
    if isinstance(max_tokens, int) and 0 < max_tokens < len(content):
        content, finish_reason = content[:max_tokens], "length"
    pieces = [
        (behaviour.get("reasoning_field", "reasoning_content"), t)
        for t in reasoning_tokens(behaviour.get("reasoning", 0))
    ]
    if behaviour.get("think"):
        # Tags split across chunks, as a tokenizer would cut them.
        pieces += [("content", "<thi"), ("content", "nk>")]
        pieces += [("content", t) for t in reasoning_tokens(behaviour["think"])]
        pieces += [("content", "</th"), ("content", "ink>\n\n")]
    pieces += [("content", t) for t in content]
    return pieces, finish_reason
