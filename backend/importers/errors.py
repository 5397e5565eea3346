"""An import refused as a whole, with the HTTP status and the sentence that says why."""

from __future__ import annotations

# Named in every "we cannot read this" sentence, so the person knows what would work.
FORMATS_WE_READ = (
    "ChatGPT's data export (the zip, or its conversations.json), Open WebUI's chat export, "
    "LibreChat's conversation export, or client-chat's own export"
)


class ImportRefused(Exception):
    def __init__(self, status: int, sentence: str) -> None:
        super().__init__(sentence)
        self.status = status
        self.sentence = sentence
