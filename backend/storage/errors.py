"""Why storage could not be opened, as one sentence a person can act on."""

from __future__ import annotations


class StorageError(Exception):
    """The database cannot be used; `sentence` names it and says what to do."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence
