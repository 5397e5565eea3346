"""How a reply behaves: the keys, and the `{{stub key=value …}}` directive a user message may carry.

The keys are described in `tests/fake_lmstudio.py`; each is read as an int, a float or text.
"""

from __future__ import annotations

import re
import shlex

DIRECTIVE = re.compile(r"\{\{stub([^}]*)\}\}")
INT_KEYS = {
    "tokens",
    "reasoning",
    "think",
    "drop_after",
    "cut_after",
    "stall_after",
    "malformed_after",
    "status",
    "context_length",
}
FLOAT_KEYS = {"delay", "first_delay", "headers_delay", "end_delay", "load_delay"}
TEXT_KEYS = {"reasoning_field", "error_code", "text", "finish_reason", "overflow", "tool_call_style"}


def parse_directive(text: str) -> dict:
    behaviour: dict = {}
    for match in DIRECTIVE.finditer(text):
        for item in shlex.split(match.group(1)):
            key, _, value = item.partition("=")
            if key in INT_KEYS:
                behaviour[key] = int(value)
            elif key in FLOAT_KEYS:
                behaviour[key] = float(value)
            elif key in TEXT_KEYS:
                behaviour[key] = value
    return behaviour


def last_user_text(messages) -> str:
    for message in reversed(messages if isinstance(messages, list) else []):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):
                return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
            return str(content or "")
    return ""
