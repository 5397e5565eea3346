"""A conversation as a downloadable Markdown or JSON document.

JSON holds every branch (each message with its id and parent, and what files it carries: fetch
them from /api/attachments/{id}) and the active leaf. Markdown is the active path, each message's
files listed by name, written so that nothing in a message can pass for the document's own structure:
the user's text is escaped and shows exactly as typed; the model's Markdown is kept, with its
headings moved below the level of the "## User" / "## Assistant" headings. A reply that called
tools shows its steps in order, each call with its arguments and result (steps.py).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from exports.steps import steps_lines
from models import Conversation, Message
from storage import AttachmentRecord, ConversationRecord, MessageRecord

ROLE_HEADINGS = {"user": "User", "assistant": "Assistant", "system": "System"}
# Characters that can start inline formatting (CommonMark lets any of them be backslash-escaped).
INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>|~])")
# What can open a block at the start of a line: headings, quotes, list items, setext underlines.
BLOCK_OPENER = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")
MODEL_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(\s|$)")
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def export_filename(title: str, extension: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", title).strip("-.")[:60] or "conversation"
    return f"{stem}.{extension}"


def human_time(moment: datetime) -> str:
    """'25 November 2026, 15:34 UTC'."""
    moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def escape_text(text: str) -> str:
    """Plain text as Markdown that shows it exactly: specials escaped, line breaks kept."""
    lines = []
    for line in text.split("\n"):
        line = INLINE_SPECIALS.sub(r"\\\1", line)
        line = BLOCK_OPENER.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        lines.append(line)
    return "\\\n".join(lines)  # a backslash at the end of a line is a hard line break


def keep_model_markdown_below_our_headings(text: str) -> str:
    """The model's headings two levels down (## Plan → #### Plan), its setext underlines as text."""
    lines = []
    for line in text.split("\n"):
        heading = MODEL_HEADING.match(line)
        if heading:
            level = min(6, len(heading.group(2)) + 2)
            line = heading.group(1) + "#" * level + line[heading.end(2) :]
        elif SETEXT_UNDERLINE.match(line):
            line = "\\" + line.lstrip()
        lines.append(line)
    return "\n".join(lines)


def describe_attachment(attachment: AttachmentRecord) -> str:
    """'photo.jpg (image, 1024 × 768, 210 KB)': the file's name escaped, as text."""
    size = f"{max(1, round(attachment.size / 1024)):,} KB"
    shape = f"{attachment.width} × {attachment.height}, " if attachment.width and attachment.height else ""
    return f"{escape_text(attachment.name)} ({attachment.kind}, {shape}{size})"


def to_markdown(conversation: ConversationRecord, messages: list[MessageRecord]) -> str:
    """The active path (`messages`) as Markdown."""
    lines = [f"# {escape_text(conversation.title)}", "", f"_Started {human_time(conversation.created_at)}_", ""]
    if conversation.system_prompt:
        lines += ["## System prompt", "", escape_text(conversation.system_prompt), ""]
    for message in messages:
        heading = ROLE_HEADINGS.get(message.role, message.role.title())
        details = [message.model] if message.role == "assistant" and message.model else []
        if message.status in ("stopped", "interrupted"):
            details.append(message.status)
        if message.timestamp:
            details.append(human_time(message.timestamp))
        lines.append(f"## {heading}" + (f" ({escape_text(', '.join(details))})" if details else ""))
        lines.append("")
        if message.reasoning:
            quoted = "\n".join(f"> {line}" if line else ">" for line in escape_text(message.reasoning).split("\n"))
            lines += ["> **Thinking**", ">", quoted, ""]
        if message.role == "assistant" and message.steps:
            lines += steps_lines(message.steps, escape_text, keep_model_markdown_below_our_headings)
        elif message.role == "assistant":
            lines += [keep_model_markdown_below_our_headings(message.content), ""]
        elif message.content:
            lines += [escape_text(message.content), ""]
        if message.attachments:
            lines += [f"- Attached: {describe_attachment(a)}" for a in message.attachments] + [""]
    return "\n".join(lines).rstrip() + "\n"


def to_json(conversation: ConversationRecord, messages: list[MessageRecord]) -> str:
    """Every message of every branch (`messages`, with `id` and `parent_id`) and `active_message_id`."""
    document = Conversation(
        **{name: getattr(conversation, name) for name in Conversation.model_fields if name != "messages"},
        messages=[Message.model_validate(message, from_attributes=True) for message in messages],
    )
    return document.model_dump_json(indent=2, exclude={"messages": {"__all__": {"sibling_ids"}}})
