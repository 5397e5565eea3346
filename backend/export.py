"""A conversation as a downloadable Markdown or JSON document."""

from __future__ import annotations

import re

from models import Conversation

ROLE_HEADINGS = {"user": "User", "assistant": "Assistant", "system": "System"}


def export_filename(conversation: Conversation, extension: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", conversation.title).strip("-.")[:60] or "conversation"
    return f"{stem}.{extension}"


def to_markdown(conversation: Conversation) -> str:
    lines = [f"# {conversation.title}", "", f"_Started {conversation.created_at.isoformat()}_", ""]
    if conversation.system_prompt:
        lines += ["## System prompt", "", conversation.system_prompt, ""]
    for message in conversation.messages:
        heading = ROLE_HEADINGS.get(message.role, message.role.title())
        details = [message.model] if message.role == "assistant" and message.model else []
        if message.status in ("stopped", "interrupted"):
            details.append(message.status)
        lines.append(f"## {heading}" + (f" ({', '.join(details)})" if details else ""))
        lines.append("")
        if message.reasoning:
            quoted = "\n".join(f"> {line}" if line else ">" for line in message.reasoning.splitlines())
            lines += ["> **Thinking**", ">", quoted, ""]
        lines += [message.content, ""]
    return "\n".join(lines).rstrip() + "\n"


def to_json(conversation: Conversation) -> str:
    return conversation.model_dump_json(indent=2)
