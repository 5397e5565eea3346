"""The secrets behind sessions (the cookie) and API tokens (a bearer header), and their digests.

A secret is 256 random bits; the database keeps only its SHA-256. A password needs a slow hash
because people choose guessable ones; a random 256-bit secret cannot be guessed, so a fast digest
is enough and lets every request be checked in one indexed read.
"""

from __future__ import annotations

import hashlib
import secrets

SESSION_COOKIE = "chat_session"
# Tokens say what they are, so one pasted into a chat or a log is recognisable (and scannable).
TOKEN_PREFIX = "cc_"


def new_session_secret() -> str:
    return secrets.token_urlsafe(32)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
