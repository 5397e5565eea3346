"""Token estimates from characters, with the ratio LM Studio's own count gave for a conversation.

LM Studio counts a reply's prompt (usage.prompt_tokens); the backend stores it with the characters
that prompt had (stats.prompt_chars), so every later estimate for that conversation uses its
measured tokens per character, else a cautious one token per three characters.

Tools count as what the model reads of them: the definitions sent with a request (their JSON),
the names and arguments of the calls it made, and the results it was told.
"""

from __future__ import annotations

import json
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


def sent_chars(message: dict) -> int:
    """An LM Studio message's size in characters: its content, and the calls it asks for."""
    calls = message.get("tool_calls") or ()
    return content_chars(message["content"]) + sum(
        len(call["function"]["name"]) + len(call["function"]["arguments"]) for call in calls
    )


def tools_chars(tools: list[dict] | None) -> int:
    """What the tool definitions sent with a request add to its prompt, in characters."""
    return len(json.dumps(tools)) if tools else 0


def request_chars(messages: list[dict], tools: list[dict] | None = None) -> int:
    """A whole request's prompt in characters: its messages and the tools it offers."""
    return sum(sent_chars(m) for m in messages) + tools_chars(tools)


def estimate(messages: list[dict], ratio: float, tools: list[dict] | None = None) -> int:
    """Tokens a list of LM Studio messages (and the tools offered with them) takes, template included."""
    return math.ceil(tools_chars(tools) * ratio) + sum(
        math.ceil(sent_chars(m) * ratio) + TOKENS_PER_MESSAGE for m in messages
    )


def file_chars(kind: str, name: str, chars: int | None) -> int:
    """One attached file's share of its message, in characters: a document's text with the lines
    that delimit it, or an image's IMAGE_CHARS."""
    if kind == "image":
        return IMAGE_CHARS
    return (chars or 0) + len(document_block(name, ""))


def step_chars(step: dict) -> int:
    """A stored reply's step as the model reads it: text, or a call with its arguments and result."""
    if step.get("type") == "tool_call":
        return len(step.get("name") or "") + len(step.get("arguments") or "") + len(step.get("result") or "")
    return len(step.get("text") or "")


def message_chars(message: MessageRecord) -> int:
    """A stored message's size as the model will read it: its words (or a reply's steps: its
    calls and what they gave too) and its files."""
    files = message.attachments or ()
    words = sum(step_chars(step) for step in message.steps) if message.steps else len(message.content)
    return words + sum(file_chars(f.kind, f.name, f.chars) for f in files)
