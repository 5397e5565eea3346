"""Password hashes: Argon2id through pwdlib (argon2-cffi underneath).

The parameters are RFC 9106's second recommended set (64 MiB, 3 passes, 4 lanes), argon2-cffi's
own defaults: a sign-in takes ~100 ms on this project's 2-core test machine (bench/auth.py keeps
it between 50 and 500 ms). Hashing runs in worker threads, a few at a time: each takes 64 MiB,
and a burst of sign-ins must not take the memory, or the event loop, from replies.

A name with no account is checked against a hash made at start-up, so a wrong name costs what a
wrong password does and the time of an answer does not tell whether the account exists.
"""

from __future__ import annotations

import anyio
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

TIME_COST, MEMORY_KIB, LANES = 3, 64 * 1024, 4
AT_ONCE = anyio.CapacityLimiter(4)

_hasher = PasswordHash((Argon2Hasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=LANES),))
_stand_in_hash: str | None = None


def hash_now(password: str) -> str:
    """The hash, in this thread (the manage command; tests)."""
    return _hasher.hash(password)


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password, limiter=AT_ONCE)


async def prepare() -> None:
    """Make the stand-in hash before the first sign-in, which would otherwise take twice as long."""
    global _stand_in_hash
    if _stand_in_hash is None:
        _stand_in_hash = await hash_password("no account has this password")


async def verify_password(password: str, password_hash: str | None) -> bool:
    """Whether `password` matches; for no account (`password_hash` None), the same work and False."""
    if password_hash is None:
        await prepare()
        await anyio.to_thread.run_sync(_hasher.verify, password, _stand_in_hash, limiter=AT_ONCE)
        return False
    try:
        return await anyio.to_thread.run_sync(_hasher.verify, password, password_hash, limiter=AT_ONCE)
    except Exception:  # a damaged or foreign hash in the database signs no one in
        return False
