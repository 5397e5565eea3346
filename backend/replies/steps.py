"""A reply that takes steps: ask LM Studio, and while the model answers with tool calls, answer
them (tool_calls.py) and ask again with what they gave, until it answers without calls or the
reply has taken as many steps with calls as it may."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from replies.reply import Reply
from replies.tool_calls import ToolCaller

# Streams one request of the reply (its messages) and gives back the calls the model made.
StreamStep = Callable[[list[dict]], Awaitable[list[dict]]]


class StepsExhausted(Exception):
    """The model still called tools after the most steps a reply may take."""

    def __init__(self, max_steps: int) -> None:
        self.max_steps = max_steps
        super().__init__(
            f"The model called tools {max_steps} times in a row without answering, the most one reply may "
            "(CHAT_MAX_TOOL_STEPS); what it wrote and what the tools gave are kept. Ask it to go on from "
            "there, or to use fewer tools."
        )


async def take_steps(
    reply: Reply,
    messages: list[dict],
    *,
    stream_step: StreamStep,
    caller: ToolCaller,
    max_steps: int,
    on_first_call: Callable[[], None],
) -> list[dict]:
    """Write the reply from `messages`; the messages of its last request to LM Studio."""
    for _ in range(max_steps):
        calls = await stream_step(messages)
        if not calls:
            return messages
        on_first_call()
        messages = [*messages, *await caller.answer(reply, calls)]
    raise StepsExhausted(max_steps)
