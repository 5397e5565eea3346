"""Reading a streamed chat completion: LM Studio's `data:` lines become, in order, pieces of text,
pieces of thought, the usage figures, the tool calls the model asked for and the finish reason.

The lines' JSON is decoded here rather than through the SDK's typed chunk objects, which cost
~7x more CPU per token (bench/relay.py). Thoughts come as `delta.reasoning_content`,
`delta.reasoning`, or a leading `<think>…</think>` inside the content (think_tags.py).
"""

from __future__ import annotations

import json

from lm_studio import errors
from lm_studio.think_tags import CONTENT, REASONING, ThinkTagSplitter

# What a CompletionReader gives back: (kind, value).
TEXT = CONTENT  # value: a piece of the answer
THOUGHT = REASONING  # value: a piece of the model's thinking
USAGE = "usage"  # value: the usage dict of the last chunk
TOOL_CALLS = "tool_calls"  # value: [{id, name, arguments (the JSON text as written)}] by index
FINISH = "finish"  # value: LM Studio's finish_reason ("stop", "length", "tool_calls", …)
END_OF_STREAM = "[DONE]"


class CompletionReader:
    """Feed it each line of the response body; it says what each one carried."""

    def __init__(self, model: str | None) -> None:
        self.model = model
        self.finish_reason: str | None = None
        self.ended = False
        self._splitter = ThinkTagSplitter()
        self._calls: dict[int, dict] = {}  # by index

    def feed(self, line: str) -> list[tuple[str, object]] | None:
        """What one chunk carried (maybe nothing: the first often carries only the role); None for
        a line that is no chunk (blank separators, keep-alive comments, the final `[DONE]`,
        after which `ended` is true)."""
        if not line.startswith("data:"):
            return None
        payload = line[5:].strip()
        if payload == END_OF_STREAM:
            self.ended = True
            return None
        chunk = self._decode(payload)
        pieces: list[tuple[str, object]] = []
        usage = chunk.get("usage")
        if usage:
            pieces.append((USAGE, usage))
        choices = chunk.get("choices")
        if not choices:
            return pieces  # the usage chunk has an empty choices list
        choice = choices[0]
        delta = choice.get("delta") or {}
        thought = delta.get("reasoning_content") or delta.get("reasoning")
        if thought:
            pieces.append((THOUGHT, thought))
        text = delta.get("content")
        if text:
            pieces.extend(self._splitter.feed(text))
        for piece in delta.get("tool_calls") or ():
            self._add_call_piece(piece)
        if choice.get("finish_reason"):
            self.finish_reason = choice["finish_reason"]
        return pieces

    def flush(self) -> list[tuple[str, object]]:
        """What was held back at the end of the stream (a `<thi` that never became a tag)."""
        return self._splitter.flush()

    def _add_call_piece(self, piece) -> None:
        if not isinstance(piece, dict) or not isinstance(piece.get("index", 0), int):
            raise errors.malformed()
        call = self._calls.setdefault(piece.get("index", 0), {"id": "", "name": "", "arguments": ""})
        function = piece.get("function") or {}
        if not call["id"] and piece.get("id"):
            call["id"] = str(piece["id"])
        if not call["name"] and function.get("name"):
            call["name"] = str(function["name"])
        if function.get("arguments"):
            call["arguments"] += str(function["arguments"])

    def tool_calls(self) -> list[tuple[str, object]]:
        """The tool calls the model asked for, in index order, once the stream has ended (nothing
        when it asked for none)."""
        if not self._calls:
            return []
        return [(TOOL_CALLS, [self._calls[index] for index in sorted(self._calls)])]

    def finish(self) -> tuple[str, object]:
        """The finish reason; LMStudioError when the stream ended without one (the model crashed
        or was unloaded mid-reply)."""
        if self.finish_reason is None:
            raise errors.unfinished()
        return FINISH, self.finish_reason

    def _decode(self, payload: str) -> dict:
        try:
            chunk = json.loads(payload)
        except ValueError:
            raise errors.malformed() from None
        if not isinstance(chunk, dict):
            raise errors.malformed()
        if "error" in chunk:
            raise errors.error_chunk(chunk, self.model)
        return chunk
