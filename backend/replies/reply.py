"""One reply in progress: what it has written so far, its append-only list of events, and a way
for any number of readers to replay that list and follow it live.

A reader that leaves loses nothing (the reply goes on), a reader that arrives late misses
nothing (it replays from the start, or from the event after the one it last saw).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from replies import events
from replies.events import Event
from storage import ReplyStart, new_id


class Reply:
    def __init__(self, conversation_id: str) -> None:
        self.conversation_id = conversation_id
        self.id = new_id()  # the id its message is stored under
        self.start: ReplyStart | None = None  # what it is written from, once stored
        self.model: str | None = None
        self.finish_reason: str | None = None
        self.trimmed_messages: int | None = None  # earlier messages left out to fit the context
        self.text: list[str] = []
        self.thoughts: list[str] = []
        # A reply that calls tools takes steps: text and calls in order (models.py's ReplyStep).
        # The text of the step being written is text[step_text_from:].
        self.steps: list[dict] = []
        self.step_text_from = 0
        # Calls waiting for the user's decision, by call id (tool_calls.py).
        self.approvals: dict[str, asyncio.Future] = {}
        self.events: list[Event] = []
        # With several backends, each event is also copied to Redis (cluster/reply_log.py).
        self.mirror: Callable[[int, Event], None] | None = None
        self.finished = False
        self.cancel_reason: str | None = None  # "stopped", "deleted" or "shutdown"
        self.task: asyncio.Task | None = None
        self.running = False  # its task has begun (cancelling it now reaches its own handlers)
        self.has_text = False  # the first piece arrived
        self.save_timer: asyncio.TimerHandle | None = None  # the next save of its text so far
        self.saving: asyncio.Future | None = None  # a save under way
        self._wakeup = asyncio.Event()

    @property
    def content(self) -> str:
        return "".join(self.text)

    @property
    def reasoning(self) -> str | None:
        return "".join(self.thoughts) or None

    def step_text(self) -> str:
        """The text written since the last tool call."""
        return "".join(self.text[self.step_text_from :])

    def close_text_step(self) -> str:
        """End the text written since the last tool call as a step of its own; that text."""
        written = self.step_text()
        if written:
            self.steps.append({"type": "text", "text": written})
        self.step_text_from = len(self.text)
        return written

    def steps_so_far(self) -> list[dict] | None:
        """Its steps as stored, the text being written included; None when it called no tool
        (its content says it all)."""
        if not any(step["type"] == "tool_call" for step in self.steps):
            return None
        written = self.step_text()
        steps = [dict(step) for step in self.steps]  # copies: a call's step changes as it runs
        return [*steps, {"type": "text", "text": written}] if written else steps

    def publish(self, event: Event) -> None:
        if self.finished:
            return  # the one `done` or `error` is already out
        self.events.append(event)
        if self.mirror is not None:
            self.mirror(len(self.events) - 1, event)
        if event.name in events.ENDINGS:
            self.finished = True
        self._wakeup.set()

    def close(self) -> None:
        self.finished = True
        self._wakeup.set()

    def last_event(self) -> Event | None:
        return self.events[-1] if self.events else None

    async def stream(self, after: int = -1) -> AsyncIterator[bytes]:
        """Every event after index `after` (all of them by default), then each new batch until
        the last one. Each batch is one chunk of SSE: a reader that fell behind gets what it
        missed in one send. Keep-alive pings are EventSourceResponse's job."""
        cursor = max(0, after + 1)
        while True:
            end = len(self.events)
            if cursor < end:
                yield events.encode(self.events[cursor:end], cursor, self.id)
                cursor = end
                continue
            if self.finished:
                return
            if self._wakeup.is_set():
                # Readers already woken by the set event keep going; later waits need a fresh one.
                self._wakeup = asyncio.Event()
            await self._wakeup.wait()
