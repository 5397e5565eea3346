"""A reply's steps as Markdown: its text as the model wrote it, and each tool call as a block
that names the tool and shows its arguments and its result as code, fenced so that nothing in
them (a tool's result is untrusted text) can pass for the document's own structure."""

from __future__ import annotations

import re

BACKTICK_RUNS = re.compile(r"`+")
STATUS_WORDS = {"done": "done", "error": "failed", "denied": "declined", "stopped": "stopped"}


def fenced(text: str, info: str = "") -> list[str]:
    """`text` as a fenced code block whose fence is longer than any run of backticks in it."""
    longest = max((len(run) for run in BACKTICK_RUNS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{info}", text, fence]


def call_lines(step: dict, escape) -> list[str]:
    details = [escape(step["server"])] if step.get("server") else []
    details.append(STATUS_WORDS.get(step.get("status"), step.get("status") or ""))
    if step.get("duration_ms") is not None:
        details.append(f"{step['duration_ms']:g} ms")
    lines = [f"**Tool call: {escape(step['name'])}** ({', '.join(details)})", ""]
    lines += ["Arguments:", "", *fenced(step.get("arguments") or "{}", "json"), ""]
    lines += ["Result:", "", *fenced(step.get("result") or "", "text"), ""]
    return lines


def steps_lines(steps: list[dict], escape, markdown_of_model) -> list[str]:
    """The steps in order: `escape` makes text plain, `markdown_of_model` keeps the model's own."""
    lines: list[str] = []
    for step in steps:
        if step.get("type") == "tool_call":
            lines += call_lines(step, escape)
        elif step.get("text"):
            lines += [markdown_of_model(step["text"]), ""]
    return lines
