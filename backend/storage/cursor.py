"""The list's page cursor: where a page that ends with a conversation goes on.

Conversations are listed pinned first, then by last activity, newest first, ties broken by id;
a cursor is that triple, encoded so that a client treats it as an opaque string. A cursor given
out before pins existed (the pair alone) still reads, as an unpinned place in the list.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime


class InvalidCursor(ValueError):
    """A `before` value this server did not give out."""


PINNED, UNPINNED = "p", "u"


def encode_cursor(updated_at: datetime, conversation_id: str, pinned: bool = False) -> str:
    moment = updated_at.astimezone(UTC).isoformat(timespec="microseconds")
    raw = f"{PINNED if pinned else UNPINNED}|{moment}|{conversation_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[bool, datetime, str]:
    """(pinned, last activity, id) of the conversation a page ended with."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        parts = raw.split("|", 2)
        if parts[0] in (PINNED, UNPINNED) and len(parts) == 3:
            return parts[0] == PINNED, datetime.fromisoformat(parts[1]), parts[2]
        moment, conversation_id = raw.split("|", 1)
        return False, datetime.fromisoformat(moment), conversation_id
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor(cursor) from None
