"""Token estimates from characters, with the ratio LM Studio's own count gave for a conversation.

LM Studio counts a reply's prompt (usage.prompt_tokens); the backend stores it with the characters
that prompt had (stats.prompt_chars), so every later estimate for that conversation uses its
measured tokens per character, else a cautious one token per three characters.
"""

from __future__ import annotations

import math

from lm_studio.prompt import document_block
from storage import MessageRecord

DEFAULT_TOKENS_PER_CHAR = 1 / 3
# An image counts as this many characters of text: vision models spend a few hundred to a
# couple of thousand tokens on one (Gemma 3: 256, LLaVA: 576, Qwen2.5-VL: by size); ~768 here.
IMAGE_CHARS = 2304
# What a chat template adds around each message (role markers, separators), in tokens.
TOKENS_PER_MESSAGE = 8


def tokens_per_char(history: list[MessageRecord]) -> float:
    """The ratio measured on this conversation's newest reply that has LM Studio's figures (or
    kept the ratio they gave: a summary, a copied reply)."""
    for message in reversed(history):
        stats = message.stats
        if stats and stats.get("prompt_tokens") and stats.get("prompt_chars"):
            return stats["prompt_tokens"] / stats["prompt_chars"]
        if stats and stats.get("tokens_per_char"):
            return stats["tokens_per_char"]
    return DEFAULT_TOKENS_PER_CHAR


def content_chars(content: str | list[dict]) -> int:
    """A message's size in characters as sent: its text, or the text parts and images of content parts."""
    if isinstance(content, str):
        return len(content)
    return sum(len(part.get("text", "")) if part.get("type") == "text" else IMAGE_CHARS for part in content)


def estimate(messages: list[dict], ratio: float) -> int:
    """Tokens a list of LM Studio messages takes, template included."""
    return sum(math.ceil(content_chars(m["content"]) * ratio) + TOKENS_PER_MESSAGE for m in messages)


def file_chars(kind: str, name: str, chars: int | None) -> int:
    """One attached file's share of its message, in characters: a document's text with the lines
    that delimit it, or an image's IMAGE_CHARS."""
    if kind == "image":
        return IMAGE_CHARS
    return (chars or 0) + len(document_block(name, ""))


def message_chars(message: MessageRecord) -> int:
    """A stored message's size as the model will read it: its words and its files."""
    files = message.attachments or ()
    return len(message.content) + sum(file_chars(f.kind, f.name, f.chars) for f in files)
