"""Accounts for tests: users made with the real `manage` command, backends with CHAT_AUTH=on, and
HTTP clients signed in as one person each (each with its own cookie jar)."""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import count

import httpx2

from support import BACKEND_DIR, Backend

PASSWORD = "correct horse battery"
# Sign-in failures are counted per address too (five a minute): each test's failures come from
# an address of its own, which the backend believes from X-Forwarded-For since the tests connect
# from 127.0.0.1, a trusted proxy by default.
_addresses = count(1)


def an_address() -> str:
    number = next(_addresses)
    return f"198.51.{number // 250}.{number % 250 + 1}"


def manage(database: str, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    """`python -m manage …` on this database, as an administrator would run it."""
    return subprocess.run(
        [sys.executable, "-m", "manage", *args, *(["--password-stdin"] if password is not None else [])],
        cwd=BACKEND_DIR,
        env={**os.environ, "CHAT_DB": database},
        input=(password + "\n") if password is not None else None,
        capture_output=True,
        text=True,
        timeout=60,
    )


def add_user(database: str, name: str, *, admin: bool = False, password: str = PASSWORD) -> None:
    done = manage(database, "add-user", name, *(["--admin"] if admin else []), password=password)
    assert done.returncode == 0, done.stderr


def client(backend: Backend) -> httpx2.Client:
    return httpx2.Client(base_url=backend.url, timeout=30, headers={"X-Forwarded-For": an_address()})


def login(backend: Backend, name: str, password: str = PASSWORD, **headers) -> httpx2.Response:
    with client(backend) as anonymous:
        return anonymous.post("/api/auth/login", json={"username": name, "password": password}, headers=headers)


def signed_in(backend: Backend, name: str, password: str = PASSWORD) -> httpx2.Client:
    """A client with the session cookie of `name`."""
    session = client(backend)
    response = session.post("/api/auth/login", json={"username": name, "password": password})
    assert response.status_code == 200, response.text
    return session
