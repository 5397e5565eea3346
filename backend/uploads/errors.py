"""Why an upload was refused: the HTTP status and a sentence naming the file and the limit."""

from __future__ import annotations


class UploadRefused(Exception):
    def __init__(self, status: int, sentence: str) -> None:
        super().__init__(sentence)
        self.status = status
        self.sentence = sentence


def megabytes(size: int) -> str:
    """A size as people read it: "20 MB", "1.5 MB", "812 KB"."""
    if size >= 1024 * 1024:
        value = size / (1024 * 1024)
        return f"{value:.0f} MB" if value >= 10 or value.is_integer() else f"{value:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
