"""Accounts as an operator meets them (SPEC §13): the `manage` command, start-up refusing what
would leave the network a way in or nobody a way in, an existing history going to the first
administrator, each person importing their own copy, and nothing changed with accounts off."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx2
import pytest

from accounts_support import PASSWORD, add_user, manage, signed_in
from import_samples import as_bytes, branching_chatgpt
from support import BACKEND_DIR, LOGS, Backend, backend_env, text_of


def start_refused(env: dict) -> str:
    """What `python main.py` says when it will not start (it must not)."""
    done = subprocess.run(
        [sys.executable, "main.py"],
        cwd=BACKEND_DIR,
        env={**os.environ, "CHAT_PORT": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    return done.stderr


def test_a_network_address_without_accounts_refuses_to_start_and_says_how_to_make_the_first_user(tmp_path):
    said = start_refused({"CHAT_HOST": "0.0.0.0", "CHAT_AUTH": "off", "CHAT_DB": str(tmp_path / "chat.db")})
    assert "CHAT_AUTH=off" in said and "python -m manage add-user NAME --admin" in said
    # Unset, accounts are on for a network address: with no account yet, start-up says how to make one.
    said = start_refused({"CHAT_HOST": "0.0.0.0", "CHAT_AUTH": "", "CHAT_DB": str(tmp_path / "chat.db")})
    assert "has none yet" in said and "python -m manage add-user NAME --admin" in said


def test_accounts_on_an_in_memory_database_are_refused_with_the_reason():
    said = start_refused({"CHAT_AUTH": "on", "CHAT_DB": ""})
    assert "in-memory" in said and "CHAT_DB" in said
    done = manage("", "list-users")
    assert done.returncode == 1 and "in-memory" in done.stderr


def test_manage_adds_lists_changes_and_removes_accounts_beside_a_running_backend(tmp_path, stand_in):
    database = str(tmp_path / "chat.db")
    add_user(database, "ana", admin=True)
    backend = Backend(LOGS, backend_env(stand_in.url, CHAT_DB=database, CHAT_AUTH="on"))
    try:
        # The backend holds the database; manage works beside it.
        add_user(database, "Bob")
        listed = manage(database, "list-users")
        assert listed.returncode == 0 and "ana  (administrator)" in listed.stdout and "Bob  since" in listed.stdout
        taken = manage(database, "add-user", "BOB", password=PASSWORD)
        assert taken.returncode == 1 and "already exists" in taken.stderr
        short = manage(database, "add-user", "carol", password="short")
        assert short.returncode == 1 and "at least 8 characters" in short.stderr
        bad_name = manage(database, "add-user", "no spaces please", password=PASSWORD)
        assert bad_name.returncode == 1 and "name cannot be used" in bad_name.stderr
        bob = signed_in(backend, "bob")  # names sign in in any case
        assert bob.get("/api/auth/me").json() == {"username": "Bob", "is_admin": False, "auth": "on"}
        changed = manage(database, "set-password", "bob", password="a brand new one")
        assert changed.returncode == 0
        assert bob.get("/api/auth/me").status_code == 401  # the new password ended the session
        bob = signed_in(backend, "bob", "a brand new one")
        conversation = bob.post("/api/conversations", json={"title": "Bob's"}).json()["id"]
        assert manage(database, "remove-user", "bob").returncode == 0
        assert bob.get(f"/api/conversations/{conversation}").status_code == 401
        last = manage(database, "remove-user", "ana")
        assert last.returncode == 1 and "only administrator" in last.stderr
        assert manage(database, "remove-user", "nobody").returncode == 1
    finally:
        backend.stop()


def test_turning_accounts_on_gives_the_existing_history_to_the_first_administrator(tmp_path, stand_in):
    database = str(tmp_path / "chat.db")
    before = Backend(LOGS, backend_env(stand_in.url, CHAT_DB=database))
    try:
        conversation = before.create_conversation(title="From before accounts")
        assert text_of(before.chat(conversation, "hello"))
        folder = before.http.post("/api/folders", json={"name": "Work"}).json()["id"]
        before.http.patch(f"/api/conversations/{conversation}", json={"folder_id": folder})
        before.http.post("/api/presets", json={"name": "Terse", "temperature": 0.1})
        before.http.put("/api/settings", json={"temperature": 0.4})
    finally:
        before.stop()
    add_user(database, "bob")  # not an administrator: receives nothing
    add_user(database, "ana", admin=True)
    after = Backend(LOGS, backend_env(stand_in.url, CHAT_DB=database, CHAT_AUTH="on"))
    try:
        ana, bob = signed_in(after, "ana"), signed_in(after, "bob")
        mine = ana.get("/api/conversations").json()
        assert [c["title"] for c in mine] == ["From before accounts"] and mine[0]["folder_id"] == folder
        assert len(ana.get(f"/api/conversations/{conversation}/messages").json()) == 2
        assert [p["name"] for p in ana.get("/api/presets").json()] == ["Terse"]
        assert ana.get("/api/settings").json()["temperature"] == 0.4
        assert bob.get("/api/conversations").json() == []
        assert bob.get("/api/presets").json() == [] and bob.get("/api/folders").json() == []
        assert bob.get("/api/settings").json()["temperature"] is None
    finally:
        after.stop()


@pytest.mark.parametrize("database_setting", ["sqlite", "postgresql"], indirect=True)
def test_each_person_imports_their_own_copy_and_exports_only_theirs(database_setting, stand_in):
    add_user(database_setting, "ana", admin=True)
    add_user(database_setting, "bob")
    backend = Backend(LOGS, backend_env(stand_in.url, CHAT_DB=database_setting, CHAT_AUTH="on"))
    try:
        ana, bob = signed_in(backend, "ana"), signed_in(backend, "bob")
        export = as_bytes([branching_chatgpt()])
        for person in (ana, bob):
            done = person.post("/api/import", files={"file": ("conversations.json", export, "application/json")})
            assert done.status_code == 200 and done.json()["imported"] == 1, done.text
        again = ana.post("/api/import", files={"file": ("conversations.json", export, "application/json")})
        assert again.json()["skipped"] == 1
        anas, bobs = ana.get("/api/conversations").json(), bob.get("/api/conversations").json()
        assert len(anas) == len(bobs) == 1 and anas[0]["id"] != bobs[0]["id"]
        archive = ana.get("/api/export", params={"format": "zip"})
        restored = bob.post("/api/import", files={"file": ("archive.zip", archive.content, "application/zip")})
        # ana's archive keeps her ids: bob cannot take over her conversation by importing it.
        assert restored.status_code == 200 and restored.json()["imported"] == 0
        assert [c["id"] for c in bob.get("/api/conversations").json()] == [bobs[0]["id"]]
        assert ana.get(f"/api/conversations/{anas[0]['id']}").status_code == 200
    finally:
        backend.stop()


def test_with_accounts_off_nothing_asks_for_a_sign_in(backend):
    assert backend.http.get("/api/health").json()["auth"] == "off"
    assert backend.http.get("/api/auth/me").json() == {"username": None, "is_admin": True, "auth": "off"}
    assert backend.http.get("/api/conversations").status_code == 200
    refused = backend.http.post("/api/auth/login", json={"username": "ana", "password": PASSWORD})
    assert refused.status_code == 409 and "CHAT_AUTH=off" in refused.json()["detail"]
    assert backend.http.post("/api/auth/tokens", json={"name": "x"}).status_code == 409
    assert backend.http.get("/openapi.json").status_code == 200


@pytest.mark.parametrize(("trusted", "secure"), [(None, True), ("10.9.9.9", False)])
def test_the_cookie_is_secure_only_when_a_trusted_proxy_says_https(tmp_path, stand_in, trusted, secure):
    """`python main.py` believes X-Forwarded-Proto from CHAT_TRUSTED_PROXIES only (default
    127.0.0.1, where these requests come from)."""
    from support import ServerProcess, free_port

    database = str(tmp_path / "chat.db")
    add_user(database, "ana", admin=True)
    port = free_port()
    env = backend_env(stand_in.url, CHAT_DB=database, CHAT_AUTH="on", CHAT_PORT=port)
    if trusted:
        env["CHAT_TRUSTED_PROXIES"] = trusted
    server = ServerProcess("backend-main", [sys.executable, "main.py"], cwd=BACKEND_DIR, env=env, log_dir=LOGS)
    try:
        server.wait_until_ready(f"http://127.0.0.1:{port}/")
        answer = httpx2.post(
            f"http://127.0.0.1:{port}/api/auth/login",
            json={"username": "ana", "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https"},
            timeout=30,
        )
        assert answer.status_code == 200
        assert ("secure" in answer.headers["set-cookie"].lower()) is secure
    finally:
        server.stop()
