"""A conversation's automatic title, and what each kind of copy is called.

The automatic title is the first message on one line, whitespace collapsed, at most TITLE_CHARS
characters and never blank; it never replaces a title the user chose. Copies say what they are
at the front, where a narrow sidebar row or a search result still shows it.
"""

from __future__ import annotations

DEFAULT_TITLE = "New Conversation"
TITLE_CHARS = 50
MAX_TITLE_CHARS = 200


def automatic_title(text: str) -> str:
    line = " ".join(text.split())[:TITLE_CHARS].strip()
    return line or DEFAULT_TITLE


def _prefixed(prefix: str, title: str) -> str:
    """The title with `prefix` in front, once (a branch of a branch is still "Branch: …")."""
    return (title if title.startswith(prefix) else f"{prefix}{title}")[:MAX_TITLE_CHARS]


def fork_title(title: str) -> str:
    """A branch copied into a new conversation: "Branch: Trip plans"."""
    return _prefixed("Branch: ", title)


def continued_title(title: str) -> str:
    """A new conversation going on from one that outgrew its context window."""
    return _prefixed("Continued: ", title)
