"""When a reply's first token, first thought and first answer text came, for its stats."""

from __future__ import annotations

import time

from lm_studio.chunks import THOUGHT


class ReplyTiming:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.first_token_at: float | None = None
        self.first_thought_at: float | None = None
        self.first_text_at: float | None = None
        self.pieces = 0
        self.usage: dict | None = None

    def count(self, kind: str) -> None:
        """A piece of text or thought arrived."""
        moment = time.perf_counter()
        self.pieces += 1
        if self.first_token_at is None:
            self.first_token_at = moment
        if kind == THOUGHT:
            if self.first_thought_at is None:
                self.first_thought_at = moment
        elif self.first_text_at is None:
            self.first_text_at = moment

    def stats(self, prompt_chars: int | None = None, context_length: int | None = None) -> dict:
        """The reply's figures (ReplyStats' fields): time to first token, speed, tokens, how long
        it thought, and the prompt's size as LM Studio counted it beside its characters."""
        ended = time.perf_counter()
        usage = self.usage or {}
        tokens = usage.get("completion_tokens")
        tokens = tokens if isinstance(tokens, int) else self.pieces
        first = self.first_token_at
        duration = ended - first if first is not None else 0
        thought_ms = None
        if self.first_thought_at is not None:
            thought_ms = round(((self.first_text_at or ended) - self.first_thought_at) * 1000, 1)
        prompt_tokens = usage.get("prompt_tokens")
        return {
            "ttft_ms": round((first - self.started) * 1000, 1) if first is not None else None,
            "tokens_per_second": round(tokens / duration, 2) if duration > 0 and tokens else None,
            "completion_tokens": tokens,
            "reasoning_ms": thought_ms,
            "prompt_tokens": prompt_tokens if isinstance(prompt_tokens, int) else None,
            "prompt_chars": prompt_chars,
            "context_length": context_length,
        }


def empty_stats() -> dict:
    """The figures of a reply that produced nothing."""
    return dict.fromkeys(
        (
            "ttft_ms",
            "tokens_per_second",
            "completion_tokens",
            "reasoning_ms",
            "prompt_tokens",
            "prompt_chars",
            "context_length",
        ),
    )
