"""Splits a leading `<think>…</think>` span out of streamed content, even when a tag is cut across deltas.

Only a `<think>` at the very start of the reply (leading whitespace aside) opens a thinking block:
that is where reasoning models put it. A `<think>` later on is part of the answer (a model
explaining the tag, say) and must not hide the rest of the answer as reasoning.
"""

from __future__ import annotations

OPEN_TAG = "<think>"
CLOSE_TAG = "</think>"
CONTENT = "content"
REASONING = "reasoning"

BEFORE, THINKING, ANSWER = "before", "thinking", "answer"


def _partial_tag_length(text: str, tag: str) -> int:
    """Length of the longest end of `text` that could be the start of `tag`."""
    for length in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:length]):
            return length
    return 0


class ThinkTagSplitter:
    """Feed content deltas in order; get back (kind, text) pieces, kind being content or reasoning."""

    def __init__(self) -> None:
        self._state = BEFORE
        self._held = ""  # text that may still turn out to be (part of) a tag
        self._after_think = False  # the answer after </think> usually starts with blank lines

    def feed(self, delta: str) -> list[tuple[str, str]]:
        if self._state == ANSWER:
            return self._emit(CONTENT, delta)  # the common case once the answer has begun
        text = self._held + delta
        self._held = ""
        if self._state == BEFORE:
            start = text.lstrip()
            if start.startswith(OPEN_TAG):
                self._state = THINKING
                text = start[len(OPEN_TAG) :]
            elif OPEN_TAG.startswith(start):
                self._held = text  # only whitespace or the beginning of "<think>" so far
                return []
            else:
                self._state = ANSWER
                return self._emit(CONTENT, text)
        index = text.find(CLOSE_TAG)
        if index >= 0:
            self._state = ANSWER
            self._after_think = True
            return self._emit(REASONING, text[:index]) + self._emit(CONTENT, text[index + len(CLOSE_TAG) :])
        held = _partial_tag_length(text, CLOSE_TAG)
        if held:
            self._held, text = text[-held:], text[:-held]
        return self._emit(REASONING, text)

    def flush(self) -> list[tuple[str, str]]:
        """The text held back at the end of the stream (a `<thi` that never became a tag)."""
        held, self._held = self._held, ""
        return self._emit(REASONING if self._state == THINKING else CONTENT, held)

    def _emit(self, kind: str, text: str) -> list[tuple[str, str]]:
        if kind == CONTENT and self._after_think:
            text = text.lstrip()
            if not text:
                return []
            self._after_think = False
        return [(kind, text)] if text else []
