"""Tool calls as LM Studio reads them in a conversation (OpenAI's chat format): the assistant
message that asked for them (`content` its text, or "" — never null, which some chat templates
cannot render — and `tool_calls`), then one `tool` message per call with what it gave.

Used for the rounds of a reply in progress and for the steps of stored replies on later turns.
Arguments the model wrote that are not a JSON object go back as "{}": LM Studio renders the
arguments through the model's chat template, which may parse them; the call's error result
quotes what the model wrote, so it still learns what went wrong.
"""

from __future__ import annotations

import json

# What the model is told of a call that never finished because the user stopped the reply.
STOPPED_RESULT = "The user stopped the reply before this tool call finished; it has no result."


def parsed_arguments(written: str) -> dict | None:
    """The call's arguments as an object; None when they are not a JSON object. Nothing at all
    is no arguments (some models call a tool that takes none that way)."""
    if not written.strip():
        return {}
    try:
        arguments = json.loads(written)
    except ValueError:
        return None
    return arguments if isinstance(arguments, dict) else None


def assistant_with_calls(text: str, calls: list[dict]) -> dict:
    """The assistant turn that asked for `calls` ([{id, name, arguments}])."""
    return {
        "role": "assistant",
        "content": text or "",
        "tool_calls": [
            {
                "id": call["id"],
                "type": "function",
                "function": {
                    "name": call["name"],
                    "arguments": call["arguments"] if parsed_arguments(call["arguments"]) is not None else "{}",
                },
            }
            for call in calls
        ],
    }


def tool_result(call_id: str, result: str) -> dict:
    return {"role": "tool", "tool_call_id": call_id, "content": result}


def steps_as_messages(steps: list[dict]) -> list[dict]:
    """A stored reply's steps as the turns LM Studio reads: each run of calls one assistant
    message (with the text written before it) and their results, then the text that followed."""
    messages: list[dict] = []
    text: list[str] = []
    calls: list[dict] = []

    def close_calls() -> None:
        if calls:
            messages.append(assistant_with_calls("".join(text), calls))
            messages.extend(tool_result(call["id"], call.get("result") or STOPPED_RESULT) for call in calls)
            text.clear()
            calls.clear()

    for step in steps:
        if step.get("type") == "tool_call":
            calls.append(step)
        else:
            close_calls()
            text.append(step.get("text") or "")
    close_calls()
    if "".join(text):
        messages.append({"role": "assistant", "content": "".join(text)})
    return messages
