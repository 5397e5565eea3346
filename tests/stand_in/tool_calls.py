"""Replies that call tools, streamed as LM Studio streams them from /v1/chat/completions.

The shapes, and where they come from:
- LM Studio's docs (developer/openai-compat/tools, "Streaming"): a call's first delta carries
  `index`, `id` (a numeric string, e.g. '814890118'), `type: "function"`, `function.name` and
  `function.arguments: ""`; each later delta carries only `index` and a piece of
  `function.arguments`. The last chunk has `finish_reason: "tool_calls"`. Text the model writes
  first ("Now, let me get the current time for you.") streams as content before the calls.
- Several calls in one reply have their own indexes (0, 1, …) and stream one after another
  (lmstudio-bug-tracker #723, a reply calling get_current_date and get_current_time).
- Quirks seen in the wild, chosen with the behaviour key `tool_call_style`:
  "pieces"       the documented form above (the default);
  "one_chunk"    the whole arguments string in the delta after the first (LM Studio 0.4.12 with
                 some models, lmstudio-bug-tracker #1868);
  "empty_names"  every later delta repeats `type: "function"` and sends `name: ""` beside its
                 piece of arguments (LM Studio 0.3.15, lmstudio-bug-tracker #649; rig PR #423).

Which replies call tools is a script, the behaviour key `tool_steps`: a list whose k-th entry
answers a request that already holds k rounds of tool results after the last user message. An
entry is a list of calls, or {"text": "…", "calls": [...]} for text before the calls; a call is
{"name", "arguments"} where arguments is an object (sent as its JSON) or a string (sent as
written, so a test can send JSON that does not parse), with an optional fixed "id". Past the
script's end the reply is the usual text. `tool_calls` is the same as a one-entry `tool_steps`.
"""

from __future__ import annotations

import json
import random

STYLES = ("pieces", "one_chunk", "empty_names")
# How many characters of arguments each later delta carries in the "pieces" style.
ARGUMENT_PIECE_CHARS = 4


def rounds_done(messages) -> int:
    """How many rounds of tool calls the request already answers: assistant messages with
    `tool_calls` after the last user message."""
    rounds = 0
    for message in reversed(messages if isinstance(messages, list) else []):
        if not isinstance(message, dict):
            continue
        if message.get("role") == "user":
            break
        if message.get("role") == "assistant" and message.get("tool_calls"):
            rounds += 1
    return rounds


def scripted_step(behaviour: dict, messages) -> tuple[str, list[dict]] | None:
    """(text before the calls, calls) when this request is answered with tool calls, else None."""
    steps = behaviour.get("tool_steps")
    if steps is None and behaviour.get("tool_calls") is not None:
        steps = [behaviour["tool_calls"]]
    if not isinstance(steps, list):
        return None
    index = rounds_done(messages)
    if index >= len(steps):
        return None
    step = steps[index]
    if isinstance(step, dict):
        return str(step.get("text", "")), list(step.get("calls", []))
    return "", list(step)


def lm_studio_call_id() -> str:
    """A call id as LM Studio makes them: a nine-digit number, as a string."""
    return str(random.randint(100_000_000, 999_999_999))


def raw_arguments(call: dict) -> str:
    arguments = call.get("arguments", {})
    return arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)


def call_deltas(calls: list[dict], style: str) -> list[dict]:
    """The `delta`s that stream these calls, in order."""
    deltas = []
    for index, call in enumerate(calls):
        opening = {
            "index": index,
            "id": str(call.get("id") or lm_studio_call_id()),
            "type": "function",
            "function": {"name": call["name"], "arguments": ""},
        }
        deltas.append({"tool_calls": [opening]})
        text = raw_arguments(call)
        if style == "one_chunk":
            pieces = [text]
        else:
            pieces = [text[i : i + ARGUMENT_PIECE_CHARS] for i in range(0, len(text), ARGUMENT_PIECE_CHARS)]
        for piece in pieces:
            later = {"index": index, "function": {"arguments": piece}}
            if style == "empty_names":
                later = {"index": index, "type": "function", "function": {"name": "", "arguments": piece}}
            deltas.append({"tool_calls": [later]})
    return deltas


def whole_calls(calls: list[dict]) -> list[dict]:
    """The calls as a reply that is not streamed carries them (`choices[0].message.tool_calls`)."""
    return [
        {
            "id": str(call.get("id") or lm_studio_call_id()),
            "type": "function",
            "function": {"name": call["name"], "arguments": raw_arguments(call)},
        }
        for call in calls
    ]
