"""Refusing, before anything is stored, a message that could never fit the model's window: its
words and files alone need more than the window leaves for the history. No leaving out of older
messages could make it fit, so saying so at once beats a failed reply."""

from __future__ import annotations

import math

from context.estimate import TOKENS_PER_MESSAGE, file_chars
from context.fit import prompt_budget
from storage import AttachmentRecord


class DoesNotFit(Exception):
    """The message cannot fit; `sentence` names the file that takes the most of it."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


def check_fits(
    words: str, files: list[AttachmentRecord], *, ratio: float, window: int | None, max_tokens: int | None
) -> None:
    """DoesNotFit when a message with these files takes more tokens than the window leaves."""
    if not files or not window:
        return
    costs = {file.id: math.ceil(file_chars(file.kind, file.name, file.chars) * ratio) for file in files}
    needed = math.ceil(len(words) * ratio) + sum(costs.values()) + TOKENS_PER_MESSAGE
    room = prompt_budget(window, max_tokens)
    if needed <= room:
        return
    largest = max(files, key=lambda file: costs[file.id])
    advice = "Send a smaller image, or fewer images" if largest.kind == "image" else "Attach a shorter part of it"
    raise DoesNotFit(
        f"{largest.name} does not fit: with it this message takes about {needed:,} tokens ({largest.name} alone "
        f"about {costs[largest.id]:,}), and the model's context window has room for {room:,} (of {window:,}). "
        f"{advice}, or load the model with a longer context in LM Studio."
    )
