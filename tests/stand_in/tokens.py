"""The stand-in's tokenizer: what a prompt costs, so that tests can predict LM Studio's `usage`
and its context-window refusals exactly."""

from __future__ import annotations

import json

CHARS_PER_TOKEN = 4
TOKENS_PER_MESSAGE = 4
IMAGE_TOKENS = 256


def count_prompt_tokens(messages, tools=None) -> int:
    """A token per CHARS_PER_TOKEN characters of text (the tool definitions' JSON and the calls'
    names and arguments included), IMAGE_TOKENS per image, plus the template's
    TOKENS_PER_MESSAGE per message."""
    total = -(-len(json.dumps(tools)) // CHARS_PER_TOKEN) if tools else 0
    for message in messages or []:
        content = message.get("content") if isinstance(message, dict) else ""
        parts = content if isinstance(content, list) else [{"type": "text", "text": str(content or "")}]
        for part in parts:
            if isinstance(part, dict) and part.get("type") == "image_url":
                total += IMAGE_TOKENS
            else:
                text = part.get("text", "") if isinstance(part, dict) else json.dumps(part)
                total += -(-len(str(text)) // CHARS_PER_TOKEN)
        total += -(-len(calls_written(message)) // CHARS_PER_TOKEN)
        total += TOKENS_PER_MESSAGE
    return total


def calls_written(message) -> str:
    """The names and arguments of an assistant message's tool calls, as the model wrote them."""
    calls = message.get("tool_calls") if isinstance(message, dict) else None
    functions = [call.get("function") or {} for call in calls or [] if isinstance(call, dict)]
    return "".join(str(f.get("name") or "") + str(f.get("arguments") or "") for f in functions)


def image_parts(messages) -> list[dict]:
    """Every image content part of the request, in order."""
    return [
        part
        for message in messages or []
        if isinstance(message, dict) and isinstance(message.get("content"), list)
        for part in message["content"]
        if isinstance(part, dict) and part.get("type") == "image_url"
    ]
