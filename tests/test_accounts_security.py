"""Accounts keep people apart (SPEC §13): without a session or token nothing but the service's
liveness, health and signing in answers; another account's things answer 404 exactly like unknown
ids and never show up in lists or search; and the ways around a sign-in (a planted session id, a
cross-site form, a revoked token, a guessed name, many guesses) get nowhere.

Real backends with CHAT_AUTH=on on a SQLite file and on PostgreSQL, accounts made with the real
`manage` command, each person a client with their own cookies."""

from __future__ import annotations

import statistics
import time
import uuid

import pytest

from accounts_support import PASSWORD, add_user, an_address, client, login, signed_in
from support import LOGS, Backend, backend_env, iter_events, text_of

OPEN_ROUTES = {("GET", "/"), ("GET", "/api/health"), ("POST", "/api/auth/login")}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def accounts(request, stand_in_server, tmp_path_factory):
    """A backend with accounts on, two people (ana, an administrator, and bob) signed in."""
    if request.param == "sqlite":
        database = str(tmp_path_factory.mktemp("accounts") / "chat.db")
    else:
        database = request.getfixturevalue("postgres_cluster").new_database()
    add_user(database, "ana", admin=True)
    add_user(database, "bob")
    backend = Backend(LOGS, backend_env(stand_in_server.url, CHAT_DB=database, CHAT_AUTH="on"))
    ana, bob = signed_in(backend, "ana"), signed_in(backend, "bob")
    yield backend, ana, bob
    ana.close()
    bob.close()
    backend.stop()


def chat(session, conversation_id: str, message: str) -> list:
    with session.stream("POST", "/api/chat/stream", json={"conversation_id": conversation_id, "message": message}) as r:
        assert r.status_code == 200, r.read()
        return list(iter_events(r.iter_lines()))


@pytest.fixture(scope="module")
def anas_things(accounts, stand_in_server):
    """A conversation of ana's with a reply, a file, a folder and a preset."""
    _, ana, _ = accounts
    stand_in_server.reset()
    folder = ana.post("/api/folders", json={"name": "Ana's folder"}).json()
    conversation = ana.post("/api/conversations", json={"title": "Ana's secret plans"}).json()
    assert text_of(chat(ana, conversation["id"], "zanzibar treasure map"))
    ana.patch(f"/api/conversations/{conversation['id']}", json={"folder_id": folder["id"], "pinned": True})
    attachment = ana.post("/api/attachments", files={"file": ("notes.txt", b"ana's notes", "text/plain")}).json()
    preset = ana.post("/api/presets", json={"name": "Ana's preset", "temperature": 0.3}).json()
    messages = ana.get(f"/api/conversations/{conversation['id']}/messages").json()
    return {
        "conversation": conversation["id"],
        "question": messages[0]["id"],
        "answer": messages[-1]["id"],
        "attachment": attachment["id"],
        "folder": folder["id"],
        "preset": preset["id"],
    }


def test_without_a_session_every_route_but_liveness_health_and_login_answers_401(accounts):
    backend, ana, _ = accounts
    schema = ana.get("/openapi.json")
    assert schema.status_code == 200
    checked = 0
    with client(backend) as anonymous:
        assert anonymous.get("/openapi.json").status_code == 401
        for path, operations in schema.json()["paths"].items():
            concrete = path
            for name in ("conversation_id", "message_id", "attachment_id", "folder_id", "preset_id", "server_id"):
                concrete = concrete.replace("{" + name + "}", str(uuid.uuid4()))
            concrete = concrete.replace("{ref}", "last").replace("{call_id}", "call-1")
            concrete = concrete.replace("{token_id}", str(uuid.uuid4())).replace("{user_id}", str(uuid.uuid4()))
            for method in operations:
                answer = anonymous.request(method.upper(), concrete, json={})
                if (method.upper(), path) in OPEN_ROUTES:
                    assert answer.status_code != 401, (method, path)
                    continue
                assert answer.status_code == 401, (method, path, answer.status_code, answer.text)
                assert answer.json() == {"detail": "Sign in first."}
                checked += 1
    assert checked >= 40  # every route of the API, not a few
    # A cookie or token that is not one of ours is nobody, too.
    with client(backend) as forged:
        forged.cookies.set("chat_session", "made-up")
        assert forged.get("/api/conversations").status_code == 401
        assert forged.get("/api/conversations", headers={"Authorization": "Bearer cc_made-up"}).status_code == 401


def test_anothers_conversation_answers_404_everywhere_exactly_like_an_unknown_one(accounts, anas_things):
    _, ana, bob = accounts
    own, question, answer = anas_things["conversation"], anas_things["question"], anas_things["answer"]
    unknown = str(uuid.uuid4())
    for conversation_id in (own, unknown):
        attempts = [
            ("GET", f"/api/conversations/{conversation_id}", None),
            ("PATCH", f"/api/conversations/{conversation_id}", {"title": "mine now"}),
            ("GET", f"/api/conversations/{conversation_id}/messages", None),
            ("GET", f"/api/conversations/{conversation_id}/export", None),
            ("GET", f"/api/conversations/{conversation_id}/stream", None),
            ("POST", f"/api/conversations/{conversation_id}/stop", None),
            ("POST", f"/api/conversations/{conversation_id}/messages/{question}/regenerate", {}),
            ("POST", f"/api/conversations/{conversation_id}/messages/{answer}/continue", {}),
            ("PUT", f"/api/conversations/{conversation_id}/active", {"message_id": question}),
            ("POST", f"/api/conversations/{conversation_id}/fork", {"message_id": question}),
            ("POST", f"/api/conversations/{conversation_id}/continue", {"start_from": "last_messages"}),
            ("DELETE", f"/api/conversations/{conversation_id}/messages/{answer}", None),
            ("POST", f"/api/conversations/{conversation_id}/tool-calls/call-1", {"decision": "allow"}),
            ("DELETE", f"/api/conversations/{conversation_id}", None),
        ]
        answers = {
            (method, path.replace(conversation_id, "…")): bob.request(method, path, json=body)
            for method, path, body in attempts
        }
        for (method, path), response in answers.items():
            assert response.status_code == 404, (method, path, response.status_code, response.text)
            assert response.json()["detail"] in ("Conversation not found",), (method, path, response.json())
        sent = bob.post("/api/chat/stream", json={"conversation_id": conversation_id, "message": "hello"})
        assert sent.status_code == 404 and sent.json() == {"detail": "Conversation not found"}
    # Nothing of it changed, and it is still ana's.
    assert ana.get(f"/api/conversations/{own}").json()["title"] == "Ana's secret plans"
    assert len(ana.get(f"/api/conversations/{own}/messages").json()) == 2


def test_lists_search_and_the_whole_history_export_never_show_anothers(accounts, anas_things):
    _, ana, bob = accounts
    bobs = bob.post("/api/conversations", json={"title": "Bob's list"}).json()
    assert [c["id"] for c in bob.get("/api/conversations").json()] == [bobs["id"]]
    assert bob.get("/api/conversations", params={"q": "zanzibar"}).json() == []
    assert bob.get("/api/conversations", params={"q": "secret plans"}).json() == []
    assert [c["id"] for c in ana.get("/api/conversations", params={"q": "zanzibar"}).json()] == [
        anas_things["conversation"]
    ]
    assert bobs["id"] not in {c["id"] for c in ana.get("/api/conversations").json()}
    assert bob.get("/api/folders").json() == []
    assert bob.get("/api/presets").json() == []
    archive = bob.get("/api/export", params={"format": "zip"})
    assert archive.status_code == 200
    assert b"zanzibar" not in archive.content and anas_things["conversation"].encode() not in archive.content
    listed = bob.get("/api/conversations", params={"folder_id": anas_things["folder"]})
    assert listed.status_code == 404


def test_anothers_files_folders_and_presets_answer_404_and_cannot_be_borrowed(accounts, anas_things):
    _, ana, bob = accounts
    assert bob.get(f"/api/attachments/{anas_things['attachment']}").status_code == 404
    assert ana.get(f"/api/attachments/{anas_things['attachment']}").content == b"ana's notes"
    for method, body in (("PATCH", {"name": "Bob's now"}), ("DELETE", None)):
        assert bob.request(method, f"/api/folders/{anas_things['folder']}", json=body).status_code == 404
    for method, body in (("GET", None), ("PATCH", {"name": "Bob's now"}), ("DELETE", None)):
        assert bob.request(method, f"/api/presets/{anas_things['preset']}", json=body).status_code == 404
    bobs = bob.post("/api/conversations", json={"title": "Borrowing"}).json()["id"]
    into = bob.patch(f"/api/conversations/{bobs}", json={"folder_id": anas_things["folder"]})
    assert into.status_code == 422
    preset = bob.patch(f"/api/conversations/{bobs}", json={"preset_id": anas_things["preset"]})
    assert preset.status_code in (404, 422)
    borrowed = bob.post(
        "/api/chat/stream",
        json={"conversation_id": bobs, "message": "read this", "attachments": [anas_things["attachment"]]},
    )
    assert borrowed.status_code == 422
    # Names are per person: bob may have a folder and a preset named like ana's.
    assert bob.post("/api/folders", json={"name": "Ana's folder"}).status_code == 201
    assert bob.post("/api/presets", json={"name": "Ana's preset"}).status_code == 201
    assert [f["name"] for f in ana.get("/api/folders").json()] == ["Ana's folder"]


def test_a_session_id_planted_before_signing_in_is_not_kept(accounts):
    backend, _, bob = accounts
    planted = bob.cookies.get("chat_session")  # an attacker's own valid session, put in ana's browser
    with client(backend) as browser:
        browser.cookies.set("chat_session", planted)
        signed = browser.post("/api/auth/login", json={"username": "ana", "password": PASSWORD})
        assert signed.status_code == 200
        fresh = signed.cookies.get("chat_session")
        assert fresh and fresh != planted
        assert browser.get("/api/auth/me").json()["username"] == "ana"
    with client(backend) as attacker:
        attacker.cookies.set("chat_session", planted)
        assert attacker.get("/api/auth/me").status_code == 401  # the planted id signs in no one now
    with client(backend) as attacker:
        attacker.cookies.set("chat_session", "attacker-chosen-id")
        signed = attacker.post("/api/auth/login", json={"username": "bob", "password": PASSWORD})
        assert signed.cookies.get("chat_session") != "attacker-chosen-id"
    bob.cookies.clear()
    bob.cookies.update(signed.cookies)


def test_the_cookie_is_httponly_samesite_and_secure_only_over_https(accounts):
    backend, _, _ = accounts
    plain = login(backend, "bob").headers["set-cookie"].lower()
    assert "httponly" in plain and "samesite=lax" in plain and "path=/" in plain
    assert "secure" not in plain  # a LAN address over plain HTTP must still sign in
    # Behind an HTTPS proxy (trusted: 127.0.0.1, the default), the cookie is Secure.
    proxied = login(backend, "bob", **{"X-Forwarded-Proto": "https"}).headers["set-cookie"].lower()
    assert "secure" in proxied


def test_a_cross_site_form_post_with_the_cookie_is_refused(accounts):
    backend, ana, _ = accounts
    before = len(ana.get("/api/conversations").json())
    form = ana.post(
        "/api/conversations",
        content=b"title=pwned",
        headers={"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 403 and "evil.example" in form.json()["detail"]
    deleted = ana.post("/api/auth/logout", headers={"Origin": "http://evil.example"})
    assert deleted.status_code == 403
    assert len(ana.get("/api/conversations").json()) == before
    # The page served by the backend itself (same origin) may write.
    own = ana.post("/api/conversations", json={"title": "same origin"}, headers={"Origin": backend.url})
    assert own.status_code == 200
    ana.delete(f"/api/conversations/{own.json()['id']}")


def test_a_revoked_token_answers_401_at_once_and_a_token_sees_only_its_account(accounts, anas_things):
    backend, ana, bob = accounts
    made = bob.post("/api/auth/tokens", json={"name": "my script"})
    assert made.status_code == 201
    token = made.json()["token"]
    listed = bob.get("/api/auth/tokens").json()
    assert [t["name"] for t in listed] == ["my script"] and "token" not in listed[0]
    with client(backend) as script:
        bearer = {"Authorization": f"Bearer {token}"}
        assert script.get("/api/auth/me", headers=bearer).json()["username"] == "bob"
        assert script.get(f"/api/conversations/{anas_things['conversation']}", headers=bearer).status_code == 404
        assert ana.delete(f"/api/auth/tokens/{made.json()['id']}").status_code == 404  # not ana's to revoke
        assert bob.delete(f"/api/auth/tokens/{made.json()['id']}").status_code == 200
        assert script.get("/api/conversations", headers=bearer).status_code == 401


def test_signing_in_takes_as_long_for_a_name_that_does_not_exist(accounts):
    backend, ana, _ = accounts
    names = [f"timing{index}" for index in range(7)]
    for name in names:  # each known name fails once: no name reaches the limit
        assert ana.post("/api/auth/users", json={"username": name, "password": PASSWORD}).status_code == 201

    def duration(name: str) -> float:
        with client(backend) as browser:
            started = time.perf_counter()
            answer = browser.post("/api/auth/login", json={"username": name, "password": "not the password"})
            elapsed = time.perf_counter() - started
        assert (
            answer.status_code == 401 and answer.json()["detail"] == "That name and password do not match an account."
        )
        return elapsed

    known, unknown = [], []
    for index, name in enumerate(names):  # interleaved, so the machine's noise falls on both
        known.append(duration(name))
        unknown.append(duration(f"nobody{index}-{uuid.uuid4().hex[:6]}"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.6 < ratio < 1.6, (known, unknown)


def test_five_failures_for_a_name_or_from_an_address_answer_429_for_a_minute(accounts):
    backend, ana, _ = accounts
    assert ana.post("/api/auth/users", json={"username": "carol", "password": PASSWORD}).status_code == 201
    for _ in range(5):  # from five addresses: the name's count
        assert login(backend, "carol", "wrong password").status_code == 401
    blocked = login(backend, "carol")  # even the right password, now
    assert blocked.status_code == 429
    assert blocked.json()["detail"] == "Too many failed sign-ins. Try again in a minute."
    assert 1 <= int(blocked.headers["retry-after"]) <= 60
    address = an_address()
    for index in range(5):  # five names from one address: the address's count
        answer = login(backend, f"guess{index}", "wrong", **{"X-Forwarded-For": address})
        assert answer.status_code == 401
    assert login(backend, "ana", **{"X-Forwarded-For": address}).status_code == 429
    assert login(backend, "ana").status_code == 200  # from elsewhere, ana is not locked out


def test_password_change_and_sign_out_end_sessions(accounts):
    backend, ana, _ = accounts
    assert ana.post("/api/auth/users", json={"username": "dave", "password": PASSWORD}).status_code == 201
    laptop, phone = signed_in(backend, "dave"), signed_in(backend, "dave")
    wrong = laptop.post("/api/auth/password", json={"current_password": "nope", "new_password": "a new password"})
    assert wrong.status_code == 400
    short = laptop.post("/api/auth/password", json={"current_password": PASSWORD, "new_password": "short"})
    assert short.status_code == 422
    changed = laptop.post("/api/auth/password", json={"current_password": PASSWORD, "new_password": "a new password"})
    assert changed.status_code == 200
    assert laptop.get("/api/auth/me").status_code == 200  # the session that changed it stays
    assert phone.get("/api/auth/me").status_code == 401  # every other one ended
    assert login(backend, "dave").status_code == 401
    assert login(backend, "dave", "a new password").status_code == 200
    cookie = laptop.cookies.get("chat_session")
    assert laptop.post("/api/auth/logout").json() == {"status": "signed out"}
    with client(backend) as replay:
        replay.cookies.set("chat_session", cookie)
        assert replay.get("/api/auth/me").status_code == 401
    laptop.close()
    phone.close()


def test_only_administrators_change_mcp_servers_and_accounts(accounts):
    _, ana, bob = accounts
    server = {"name": "remote tools", "url": "http://127.0.0.1:9/mcp"}
    assert bob.get("/api/mcp/servers").status_code == 200  # shared: everyone sees them
    refused = bob.post("/api/mcp/servers", json=server)
    assert refused.status_code == 403 and "administrator" in refused.json()["detail"]
    added = ana.post("/api/mcp/servers", json=server)
    assert added.status_code == 201
    assert bob.delete(f"/api/mcp/servers/{added.json()['id']}").status_code == 403
    assert ana.delete(f"/api/mcp/servers/{added.json()['id']}").status_code == 200
    # "Always" on a tool call sets that tool's rule for everyone: an administrator's choice.
    own = bob.post("/api/conversations", json={"title": "Tools"}).json()["id"]
    always = bob.post(f"/api/conversations/{own}/tool-calls/call-1", json={"decision": "allow", "remember": True})
    assert always.status_code == 403 and "administrator" in always.json()["detail"]
    once = bob.post(f"/api/conversations/{own}/tool-calls/call-1", json={"decision": "allow"})
    assert once.status_code == 409  # allowed to decide, but nothing waits under that id
    assert bob.get("/api/auth/users").status_code == 403
    assert bob.post("/api/auth/users", json={"username": "eve", "password": PASSWORD}).status_code == 403
    me = next(user for user in ana.get("/api/auth/users").json() if user["username"] == "ana")
    assert ana.delete(f"/api/auth/users/{me['id']}").status_code == 409


def test_removing_an_account_removes_what_it_owned(accounts):
    backend, ana, _ = accounts
    assert ana.post("/api/auth/users", json={"username": "frank", "password": PASSWORD}).status_code == 201
    taken = ana.post("/api/auth/users", json={"username": "FRANK", "password": PASSWORD})
    assert taken.status_code == 409
    frank = signed_in(backend, "frank")
    conversation = frank.post("/api/conversations", json={"title": "Frank's"}).json()["id"]
    assert text_of(chat(frank, conversation, "hello"))
    user = next(user for user in ana.get("/api/auth/users").json() if user["username"] == "frank")
    assert ana.delete(f"/api/auth/users/{user['id']}").json() == {"status": "deleted"}
    assert frank.get("/api/conversations").status_code == 401
    assert login(backend, "frank").status_code == 401
    frank.close()
