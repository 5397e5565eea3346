"""The list's page cursor: where a page that ends with a conversation goes on.

Conversations are listed by last activity, newest first, ties broken by id; a cursor is that
pair, encoded so that a client treats it as an opaque string.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime


class InvalidCursor(ValueError):
    """A `before` value this server did not give out."""


def encode_cursor(updated_at: datetime, conversation_id: str) -> str:
    raw = f"{updated_at.astimezone(UTC).isoformat(timespec='microseconds')}|{conversation_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, conversation_id = raw.split("|", 1)
        return datetime.fromisoformat(moment), conversation_id
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor(cursor) from None
