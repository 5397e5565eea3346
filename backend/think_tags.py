"""Splits `<think>…</think>` spans out of streamed content, even when a tag is cut across deltas."""

from __future__ import annotations

OPEN_TAG = "<think>"
CLOSE_TAG = "</think>"
CONTENT = "content"
REASONING = "reasoning"


def _partial_tag_length(text: str, tag: str) -> int:
    """Length of the longest end of `text` that could be the start of `tag`."""
    for length in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:length]):
            return length
    return 0


class ThinkTagSplitter:
    """Feed content deltas in order; get back (kind, text) pieces, kind being content or reasoning."""

    def __init__(self) -> None:
        self._in_think = False
        self._held = ""  # the end of the last delta that may be the start of a tag
        self._after_think = False  # the answer after </think> usually starts with blank lines

    def feed(self, delta: str) -> list[tuple[str, str]]:
        if not self._held and "<" not in delta:
            return self._emit(delta)  # the common case: no tag can start here
        text = self._held + delta
        self._held = ""
        pieces: list[tuple[str, str]] = []
        while text:
            tag = CLOSE_TAG if self._in_think else OPEN_TAG
            index = text.find(tag)
            if index >= 0:
                pieces += self._emit(text[:index])
                text = text[index + len(tag) :]
                self._in_think = not self._in_think
                self._after_think = not self._in_think
                continue
            held = _partial_tag_length(text, tag)
            if held:
                self._held = text[-held:]
                text = text[:-held]
            pieces += self._emit(text)
            break
        return pieces

    def flush(self) -> list[tuple[str, str]]:
        """The text held back at the end of the stream (a `<thi` that never became a tag)."""
        held, self._held = self._held, ""
        return self._emit(held)

    def _emit(self, text: str) -> list[tuple[str, str]]:
        if self._in_think:
            return [(REASONING, text)] if text else []
        if self._after_think:
            text = text.lstrip()
            if not text:
                return []
            self._after_think = False
        return [(CONTENT, text)] if text else []
