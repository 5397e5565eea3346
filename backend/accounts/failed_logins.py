"""Too many failed sign-ins: five for one name, or from one address, within a minute, and that
name or address is refused (429) for a minute — guessing a password at Argon2's pace is slow,
this makes it hopeless. Kept in this process (a restart forgets it); several backends keep it in
the Redis they share (shared_failed_logins.py), so that each does not grant five more. A success
clears the name's count, not the address's. Both keep the same (async) interface.
"""

from __future__ import annotations

import time
from collections import deque

ATTEMPTS = 5
WINDOW_S = 60.0
# Remembered names and addresses at most; the oldest are forgotten first (an attacker cycling
# names cannot grow memory without bound).
MAX_KEYS = 10_000


class FailedLogins:
    def __init__(self, attempts: int = ATTEMPTS, window_s: float = WINDOW_S, clock=time.monotonic) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._blocked_until: dict[str, float] = {}

    async def retry_after(self, name: str, address: str) -> int:
        """Seconds until these may try again (0: now)."""
        moment = self.clock()
        waits = [self._blocked_until.get(key, 0.0) - moment for key in self._keys(name, address)]
        return max(0, int(max(waits) + 0.999))

    async def failed(self, name: str, address: str) -> None:
        moment = self.clock()
        for key in self._keys(name, address):
            failures = self._failures.pop(key, deque())
            failures.append(moment)
            while failures and failures[0] <= moment - self.window_s:
                failures.popleft()
            self._failures[key] = failures  # re-inserted: the dict's order is least recently failed first
            if len(failures) >= self.attempts:
                self._blocked_until[key] = moment + self.window_s
                failures.clear()
        while len(self._failures) > MAX_KEYS:
            self._failures.pop(next(iter(self._failures)))
        for key in [key for key, until in self._blocked_until.items() if until <= moment]:
            del self._blocked_until[key]

    async def succeeded(self, name: str) -> None:
        self._failures.pop(name_key(name), None)

    def _keys(self, name: str, address: str) -> tuple[str, str]:
        return counted_keys(name, address)


def name_key(name: str) -> str:
    """What a name's failures are counted under (any case, spaces around ignored)."""
    return "name:" + name.strip().lower()


def counted_keys(name: str, address: str) -> tuple[str, str]:
    """Failures count for the name and for the address alike."""
    return name_key(name), "address:" + address
