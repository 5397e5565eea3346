"""A tool's answer as the text the model reads: text content joined, anything else described in
words (the model cannot see an image through a tool result), cut to CHAT_MAX_TOOL_RESULT_CHARS
with a note so the model knows it did not see everything."""

from __future__ import annotations

import base64
import binascii
import json

from mcp import types

from mcp_host.specs import ToolOutcome


def outcome_of(result: types.CallToolResult, max_chars: int) -> ToolOutcome:
    parts = [_as_text(block) for block in result.content]
    if not parts and result.structured_content is not None:
        parts = [json.dumps(result.structured_content, ensure_ascii=False)]
    text = "\n".join(parts)
    if not text:
        text = "The tool reported an error without saying what it was." if result.is_error else "(no output)"
    return ToolOutcome(cut(text, max_chars), bool(result.is_error))


def failure(sentence: str) -> ToolOutcome:
    return ToolOutcome(sentence, is_error=True)


def cut(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    return (
        f"{text[:max_chars]}\n[The result was cut here: it has {len(text)} characters and only the first "
        f"{max_chars} are shown. Ask the tool for less, or for a part at a time, if you need the rest.]"
    )


def _as_text(block) -> str:
    if isinstance(block, types.TextContent):
        return block.text
    if isinstance(block, types.ImageContent):
        return f"[an image ({block.mime_type}, {_decoded_size(block.data)} bytes), not shown here]"
    if isinstance(block, types.AudioContent):
        return f"[a sound recording ({block.mime_type}, {_decoded_size(block.data)} bytes), not played here]"
    if isinstance(block, types.ResourceLink):
        described = f", {block.description}" if block.description else ""
        return f"[a link to the resource {block.name!r} at {block.uri}{described}]"
    if isinstance(block, types.EmbeddedResource):
        resource = block.resource
        if isinstance(resource, types.TextResourceContents):
            return resource.text
        kind = resource.mime_type or "binary data"
        return f"[the resource {resource.uri} ({kind}, {_decoded_size(resource.blob)} bytes), not shown here]"
    return f"[content of type {getattr(block, 'type', 'unknown')!r}, not shown here]"


def _decoded_size(data: str) -> int:
    try:
        return len(base64.b64decode(data, validate=False))
    except (binascii.Error, ValueError):
        return len(data)
