"""Fitting a history into the model's context window by leaving out its middle (the conversation
setting context_overflow = "truncate_middle").

What stays: the system prompt and the first user message (they usually say what the
conversation is about and how to answer), then as many of the newest messages as fit, always
including the last one (the message being answered). The kept tail starts with a reply, so user
and assistant still take turns: some models' chat templates refuse two user messages in a row;
and a reply's tool calls stay together with their results.
Room is kept for the reply: max_tokens when set, else a quarter of the window.
"""

from __future__ import annotations

from context.estimate import estimate

REPLY_SHARE = 0.25
MAX_REPLY_RESERVE = 4096


def prompt_budget(context_length: int, max_tokens: int | None) -> int:
    """Tokens the history may take, the reply's room set aside."""
    reserve = max_tokens if max_tokens else min(MAX_REPLY_RESERVE, int(context_length * REPLY_SHARE))
    return max(0, context_length - reserve)


def fit(messages: list[dict], budget: int, ratio: float) -> tuple[list[dict], int]:
    """The messages to send and how many were left out. Unchanged when they fit, or when even the
    essentials (system prompt, last message) do not: LM Studio's own error then says so."""
    if estimate(messages, ratio) <= budget:
        return messages, 0
    system = [m for m in messages if m["role"] == "system"]
    talk = [m for m in messages if m["role"] != "system"]
    if len(talk) < 2:
        return messages, 0
    first, last = talk[0], talk[-1]
    head = [*system, first] if first["role"] == "user" and len(talk) > 2 else system
    room = budget - estimate(head, ratio) - estimate([last], ratio)
    if room < 0:
        head, room = system, budget - estimate(system, ratio) - estimate([last], ratio)
        if room < 0:
            return messages, 0
    middle = talk[len(head) - len(system) : -1]
    kept: list[dict] = []
    for message in reversed(middle):  # newest first, while they fit
        cost = estimate([message], ratio)
        if cost > room:
            break
        kept.insert(0, message)
        room -= cost
    tail = [*kept, last]
    # After the first user message, the tail begins with a reply (turns keep alternating); and
    # never with a tool's result whose call was left out (no template can place it).
    while len(tail) > 1 and (tail[0]["role"] == "tool" or (head[-1:] == [first] and tail[0]["role"] == "user")):
        tail.pop(0)
    fitted = [*head, *tail]
    return fitted, len(messages) - len(fitted)
