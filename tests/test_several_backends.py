"""Several backends serving one history (SPEC §14): two real backend processes on one real
PostgreSQL and one real Redis. A reply begun through one is followed, stopped and decided on
through the other; "one reply per conversation" holds across them; the reply of a backend killed
with SIGKILL is ended by the other within CHAT_REPLY_LEASE_S; a stand-in that goes away ends the
reply for readers on both; each reply's stream in Redis expires once the reply has ended; and
two backends starting on a new database migrate it once."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx2
import pytest

from accounts_support import add_user, login, signed_in
from redis_server import RedisServer
from support import (
    LOGS,
    Backend,
    StandIn,
    backend_env,
    free_port,
    iter_events,
    text_of,
    wait_until,
    write_mcp_config,
)
from test_accounts import start_refused

LEASE_S = 3.0
KEEP_S = 2.0
SLOW = "{{stub tokens=400 delay=0.02}}"


def shared_settings(postgres_cluster, redis_server, **more) -> dict:
    return {
        "CHAT_DB": postgres_cluster.new_database(),
        "CHAT_REDIS_URL": redis_server.new_url(),
        "CHAT_REPLY_LEASE_S": str(LEASE_S),
        "CHAT_REPLY_STREAM_KEEP_S": str(KEEP_S),
        **more,
    }


@contextlib.contextmanager
def two_backends(lm_studio_url: str, settings: dict) -> Iterator[tuple[Backend, Backend]]:
    """Two backends with the same settings, both stopped afterwards (also when one fails)."""
    first = Backend(LOGS, backend_env(lm_studio_url, **settings))
    try:
        second = Backend(LOGS, backend_env(lm_studio_url, **settings))
    except BaseException:
        first.stop()
        raise
    try:
        yield first, second
    finally:
        first.stop()
        second.stop()


@pytest.fixture(scope="module")
def pair(stand_in_server, postgres_cluster, redis_server):
    """Two backends on one database and one Redis, for the module's tests that kill nothing."""
    settings = shared_settings(postgres_cluster, redis_server)
    with two_backends(stand_in_server.url, settings) as (first, second):
        yield first, second, settings["CHAT_REDIS_URL"]


class Reader:
    """An event stream read on a thread of its own (POST …/chat/stream or GET …/stream): its
    events and, beside each, its SSE id."""

    def __init__(self, backend: Backend, method: str, path: str, body: dict | None = None) -> None:
        self.events: list[tuple[str, dict]] = []
        self.ids: list[str | None] = []
        self.cut: httpx2.TransportError | None = None  # the connection broke (its backend was killed)

        def read() -> None:
            try:
                follow()
            except httpx2.TransportError as error:
                self.cut = error

        def follow() -> None:
            with backend.http.stream(method, path, json=body) as response:
                assert response.status_code == 200, response.read()
                block: list[str] = []
                for line in response.iter_lines():
                    if line:
                        block.append(line)
                        continue
                    for event in iter_events([*block, ""]):
                        ids = [entry[3:].strip() for entry in block if entry.startswith("id:")]
                        # The event first: a reader of ids[:n] finds events[:n] complete.
                        self.events.append(event)
                        self.ids.append(ids[0] if ids else None)
                    block = []

        self.thread = threading.Thread(target=read, daemon=True)
        self.thread.start()

    def names(self) -> list[str]:
        return [name for name, _ in list(self.events)]

    def wait_for_text(self, timeout_s: float = 10.0) -> None:
        wait_until(lambda: len(self.events) >= 2, timeout_s, "the reply's first pieces")

    def finish(self, timeout_s: float = 30.0) -> list[tuple[str, dict]]:
        self.thread.join(timeout_s)
        assert not self.thread.is_alive(), "the stream did not end"
        return self.events


def read_stream(backend: Backend, conversation_id: str, headers=None) -> list[tuple[str, dict]]:
    with backend.http.stream("GET", f"/api/conversations/{conversation_id}/stream", headers=headers) as response:
        assert response.status_code == 200, response.status_code
        return list(iter_events(response.iter_lines()))


def send(backend: Backend, conversation_id: str, message: str) -> Reader:
    return Reader(backend, "POST", "/api/chat/stream", {"conversation_id": conversation_id, "message": message})


def long_reply_followed_elsewhere(running: Backend, other: Backend) -> tuple[str, Reader, Reader]:
    """A long reply begun on `running` and followed from `other`, both readers under way:
    (the conversation, its sender's reader, the follower)."""
    conversation_id = running.create_conversation()
    started = send(running, conversation_id, "{{stub tokens=2000 delay=0.02}}")
    started.wait_for_text()
    follower = Reader(other, "GET", f"/api/conversations/{conversation_id}/stream")
    wait_until(lambda: len(follower.events) >= 2, 10, "the follower's first pieces")
    return conversation_id, started, follower


def test_a_reply_begun_on_one_backend_is_replayed_and_followed_on_the_other(pair, stand_in):
    first, second, _ = pair
    conversation_id = first.create_conversation()
    started = send(first, conversation_id, SLOW)
    started.wait_for_text()
    followed = read_stream(second, conversation_id)
    original = started.finish()
    assert [name for name, _ in followed][0] == "start" and followed[-1][0] == "done"
    assert text_of(followed) == text_of(original) and len(text_of(original)) > 0
    assert followed[-1][1]["message"]["content"] == text_of(original)
    # Both backends read the one stored reply.
    assert second.messages(conversation_id)[-1]["content"] == text_of(original)
    assert first.messages(conversation_id) == second.messages(conversation_id)


def test_a_reader_on_the_other_backend_resumes_after_the_last_event_it_saw(pair, stand_in):
    first, second, _ = pair
    conversation_id = first.create_conversation()
    started = send(first, conversation_id, "{{stub tokens=300 delay=0.02}}")
    started.wait_for_text()
    partial = Reader(second, "GET", f"/api/conversations/{conversation_id}/stream")
    wait_until(lambda: len(partial.ids) >= 3, 10, "some events on the other backend")
    seen = len(partial.ids)
    last_id = partial.ids[seen - 1]
    resumed = read_stream(second, conversation_id, headers={"Last-Event-ID": last_id})
    full = started.finish()
    partial.finish()
    # What it saw up to that id, plus what came after it, is the reply, once.
    upto = text_of(partial.events[:seen])
    assert upto and upto + text_of(resumed) == text_of(full)
    assert resumed[0][0] != "start"


def test_stop_through_the_other_backend_stops_the_model_and_keeps_the_text(pair, stand_in):
    first, second, _ = pair
    conversation_id = first.create_conversation()
    started = send(first, conversation_id, "{{stub tokens=1000 delay=0.03}}")
    started.wait_for_text()
    before = time.time()
    answer = second.http.post(f"/api/conversations/{conversation_id}/stop")
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "stopped"
    stopped = answer.json()["message"]
    events = started.finish()
    assert events[-1][0] == "done" and events[-1][1]["status"] == "stopped"
    assert stopped["status"] == "stopped" and stopped["content"] == text_of(events)
    record = stand_in.wait_for_request(lambda r: r["ended_at"] is not None, timeout_s=5.0)
    assert record["client_closed_early"] is True and record["ended_at"] - before < 3.0
    assert second.messages(conversation_id)[-1]["status"] == "stopped"
    # Nothing runs any more: a second Stop says so.
    again = second.http.post(f"/api/conversations/{conversation_id}/stop").json()
    assert again == {"status": "not_generating", "message": None}


def test_one_reply_per_conversation_holds_across_backends(pair, stand_in):
    first, second, _ = pair
    conversation_id = first.create_conversation()
    started = send(first, conversation_id, SLOW)
    started.wait_for_text()
    refused = second.http.post("/api/chat/stream", json={"conversation_id": conversation_id, "message": "and?"})
    assert refused.status_code == 409 and "still being generated" in refused.json()["detail"]
    question = second.messages(conversation_id)[-1]
    for method, path, body in (
        ("POST", f"/api/conversations/{conversation_id}/messages/{question['id']}/regenerate", None),
        ("PUT", f"/api/conversations/{conversation_id}/active", {"message_id": question["id"]}),
        ("DELETE", f"/api/conversations/{conversation_id}/messages/0", None),
    ):
        answer = second.http.request(method, path, json=body)
        assert answer.status_code == 409, (method, path, answer.text)
        assert "still being generated" in answer.json()["detail"]
    # Lists on the other backend show it generating (as last looked: within an eighth of the lease).
    wait_until(
        lambda: second.http.get(f"/api/conversations/{conversation_id}").json()["is_generating"],
        LEASE_S,
        "the other backend to list the conversation as generating",
    )
    started.finish()
    wait_until(
        lambda: not second.http.get(f"/api/conversations/{conversation_id}").json()["is_generating"],
        LEASE_S,
        "the conversation to stop generating",
    )


def test_sending_through_either_backend_right_after_a_reply_ends_is_never_refused(pair, stand_in):
    first, second, _ = pair
    conversation_id = first.create_conversation()
    for turn in range(6):
        backend = (first, second)[turn % 2]
        events = backend.chat(conversation_id, f"turn {turn}")
        assert events[-1][0] == "done", events
    assert len(first.messages(conversation_id)) == 12


def test_a_model_loaded_through_one_backend_shows_as_loaded_on_the_other(pair, stand_in):
    first, second, _ = pair
    model = {"id": "shared-model", "state": "not-loaded", "max_context_length": 32768}
    stand_in.admin("PUT", "models", {"models": [model]})
    loaded = first.http.post("/api/models/load", json={"model": "shared-model", "context_length": 8192}, timeout=30)
    assert loaded.status_code == 200, loaded.text

    def on_second() -> dict:
        # Not asked fresh: the list the second backend holds, which the first's news renewed.
        listed = {entry["id"]: entry for entry in second.http.get("/api/models/catalog").json()}
        return listed.get("shared-model") or {}

    try:
        wait_until(lambda: on_second().get("state") == "loaded", 5, "the load to show on the other backend")
        assert on_second()["context_length"] == 8192
    finally:
        # The module's other tests reply with the stand-in's own model, chosen from the catalog.
        stand_in.reset()
        for backend in (first, second):
            backend.http.get("/api/models/catalog", params={"fresh": True})


def test_a_finished_replys_stream_in_redis_expires_and_its_lease_is_gone(pair, stand_in, redis_server):
    first, second, redis_url = pair
    conversation_id = first.create_conversation()
    started = send(first, conversation_id, SLOW)
    started.wait_for_text()
    reply_id = started.events[0][1]["message_id"]
    stream_key = f"client-chat:reply:{reply_id}:events"
    lease_key = f"client-chat:conversation:{conversation_id}:reply"
    # While it runs: its lease, a member of the running set, a stream with an expiry.
    assert reply_id in redis_server.cli("GET", lease_key, url=redis_url)
    assert int(redis_server.cli("PTTL", stream_key, url=redis_url)) > 0
    assert conversation_id in redis_server.cli("SMEMBERS", "client-chat:replies", url=redis_url)
    started.finish()
    wait_until(lambda: redis_server.cli("EXISTS", lease_key, url=redis_url) == "0", 5, "the lease to be given back")
    assert conversation_id not in redis_server.cli("SMEMBERS", "client-chat:replies", url=redis_url)
    assert 0 < int(redis_server.cli("PTTL", stream_key, url=redis_url)) <= KEEP_S * 1000
    # A late reader elsewhere is told there is nothing to follow, and the stream goes.
    assert second.http.get(f"/api/conversations/{conversation_id}/stream").status_code == 204
    wait_until(lambda: redis_server.cli("EXISTS", stream_key, url=redis_url) == "0", KEEP_S + 3, "the stream to expire")


def test_a_tool_call_waiting_on_one_backend_is_decided_through_the_other(
    stand_in, toolbox, postgres_cluster, redis_server, tmp_path
):
    config = write_mcp_config(tmp_path / "mcp.json", {"toolbox": {"url": toolbox.url}})
    settings = shared_settings(postgres_cluster, redis_server, CHAT_MCP_CONFIG=str(config))
    with two_backends(stand_in.url, settings) as (first, second):
        first.wait_for_mcp("toolbox")
        stand_in.behave(tool_calls=[{"name": "echo", "arguments": {"text": "hi"}}], text="It said hi.")
        conversation_id = first.create_conversation()
        started = send(first, conversation_id, "say hi")
        wait_until(lambda: "tool_approval" in started.names(), 15, "the approval")
        call_id = dict(started.events)["tool_approval"]["id"]
        path = f"/api/conversations/{conversation_id}/tool-calls/{call_id}"
        unknown = second.http.post(f"/api/conversations/{conversation_id}/tool-calls/nope", json={"decision": "allow"})
        assert unknown.status_code == 409
        decided = second.http.post(path, json={"decision": "allow"})
        assert decided.status_code == 200, decided.text
        events = started.finish()
        names = [name for name, _ in events]
        assert names == ["start", "tool_call", "tool_approval", "tool_decided", "tool_result", "message", "done"]
        assert dict(events)["tool_result"]["result"] == "hi"
        assert second.http.post(path, json={"decision": "deny"}).status_code == 409


def test_mcp_servers_and_approvals_changed_through_one_backend_reach_the_other(
    stand_in, toolbox, postgres_cluster, redis_server
):
    settings = shared_settings(postgres_cluster, redis_server)
    with two_backends(stand_in.url, settings) as (first, second):
        added = second.http.post("/api/mcp/servers", json={"name": "shared-toolbox", "url": toolbox.url})
        assert added.status_code == 201, added.text
        server_id = added.json()["id"]
        wait_until(
            lambda: any(server["name"] == "shared-toolbox" for server in first.http.get("/api/mcp/servers").json()),
            5,
            "the new server to reach the other backend",
        )
        there = first.wait_for_mcp("shared-toolbox")  # connected by the first backend too
        assert there["id"] == server_id
        second.wait_for_mcp("shared-toolbox")
        changed = first.http.patch(f"/api/mcp/servers/{server_id}", json={"tools": {"echo": {"approval": "always"}}})
        assert changed.status_code == 200, changed.text

        def echo_approval_on_second() -> str:
            tools = second.mcp_server("shared-toolbox")["tools"]
            return next(tool["approval"] for tool in tools if tool["name"] == "echo")

        wait_until(lambda: echo_approval_on_second() == "always", 5, "the approval to reach the other backend")
        assert second.http.delete(f"/api/mcp/servers/{server_id}").status_code == 200
        wait_until(
            lambda: all(server["name"] != "shared-toolbox" for server in first.http.get("/api/mcp/servers").json()),
            5,
            "the removal to reach the other backend",
        )


def test_with_accounts_a_session_from_one_backend_works_on_the_other_and_sign_in_failures_add_up(
    stand_in, postgres_cluster, redis_server
):
    settings = shared_settings(postgres_cluster, redis_server, CHAT_AUTH="on")
    add_user(settings["CHAT_DB"], "ana", admin=True)
    with two_backends(stand_in.url, settings) as (first, second):
        ana = signed_in(first, "ana")
        try:
            conversation_id = ana.post("/api/conversations", json={}).json()["id"]
            ana.base_url = second.url  # the load balancer sends the next request elsewhere
            assert ana.get(f"/api/conversations/{conversation_id}").status_code == 200
            assert ana.get("/api/auth/me").json()["username"] == "ana"
        finally:
            ana.close()
        # Five failures for one name, spread over both backends (from five addresses), refuse it
        # on either: each backend does not grant five of its own.
        for backend in (first, second, first, second, first):
            assert login(backend, "ana", "wrong password").status_code == 401
        refused = login(second, "ana")
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0


def test_while_redis_is_away_replies_are_refused_with_a_sentence_and_work_again_when_it_is_back(
    stand_in, postgres_cluster
):
    redis = RedisServer(LOGS)
    backend = None
    try:
        settings = {"CHAT_DB": postgres_cluster.new_database(), "CHAT_REDIS_URL": redis.new_url()}
        backend = Backend(LOGS, backend_env(stand_in.url, **settings))
        assert backend.http.get("/api/health").json()["cluster"]["redis"] == "connected"
        conversation_id = backend.create_conversation()
        redis.server.kill()
        refused = backend.http.post("/api/chat/stream", json={"conversation_id": conversation_id, "message": "hi"})
        assert refused.status_code == 503 and "CHAT_REDIS_URL" in refused.json()["detail"]
        health = backend.http.get("/api/health").json()
        assert health["cluster"]["redis"] == "unreachable" and "CHAT_REDIS_URL" in health["cluster"]["error"]
        # The history does not depend on Redis.
        assert backend.http.get(f"/api/conversations/{conversation_id}").status_code == 200
        assert backend.messages(conversation_id) == []
        redis = RedisServer(LOGS, port=redis.port)
        assert backend.chat(conversation_id, "hi again")[-1][0] == "done"
    finally:
        if backend is not None:
            backend.stop()
        redis.stop()


def test_the_reply_of_a_backend_killed_mid_reply_is_ended_by_the_other_within_the_lease(
    stand_in, postgres_cluster, redis_server
):
    settings = shared_settings(postgres_cluster, redis_server)
    with two_backends(stand_in.url, settings) as (doomed, survivor):
        conversation_id, started, follower = long_reply_followed_elsewhere(doomed, survivor)
        time.sleep(1.2)  # past a save of the text so far (CHAT_PERSIST_INTERVAL_S)
        doomed.server.kill()
        killed_at = time.monotonic()
        started.finish()
        assert started.cut is not None  # its own reader lost the connection with the backend
        events = follower.finish(timeout_s=LEASE_S + 10)
        ended_after = time.monotonic() - killed_at
        assert events[-1][0] == "error" and events[-1][1]["code"] == "interrupted", events[-3:]
        assert ended_after < LEASE_S + 1.0, ended_after
        stored = survivor.messages(conversation_id)[-1]
        assert stored["role"] == "assistant" and stored["status"] == "interrupted" and stored["content"]
        assert text_of(events).startswith(stored["content"])
        assert events[-1][1]["message"]["id"] == stored["id"]
        # The conversation is free again at once.
        assert survivor.chat(conversation_id, "again")[-1][0] == "done"


def test_a_stand_in_that_goes_away_ends_the_reply_for_readers_on_both_backends(postgres_cluster, redis_server):
    lost = StandIn(LOGS)
    settings = shared_settings(postgres_cluster, redis_server, CHAT_STALL_TIMEOUT_S="30")
    try:
        with two_backends(lost.url, settings) as (first, second):
            conversation_id, started, follower = long_reply_followed_elsewhere(first, second)
            lost.server.kill()
            here, there = started.finish(), follower.finish()
            assert here[-1][0] == "error" and there[-1] == here[-1]
            assert text_of(there) == text_of(here)
            assert second.messages(conversation_id)[-1]["status"] == "interrupted"
            assert second.http.get("/api/health").json()["lm_studio"]["reachable"] is False
    finally:
        lost.stop()


def test_two_backends_over_two_lm_studio_servers_serve_on_when_one_server_goes_away(
    stand_in, postgres_cluster, redis_server
):
    gpu2 = StandIn(LOGS)
    model = {"id": "shared-7b", "state": "loaded", "loaded_context_length": 8192}
    try:
        for server in (stand_in, gpu2):
            server.admin("PUT", "models", {"models": [model]})
        settings = shared_settings(postgres_cluster, redis_server, LM_STUDIO_MODEL="shared-7b")
        with two_backends(f"{stand_in.url},{gpu2.url}", settings) as (first, second):
            # Two long replies through the first backend: one per server (fewest replies running).
            readers = {}
            for word in ("alpha", "beta"):
                conversation_id = first.create_conversation()
                message = "{{stub tokens=500 delay=0.02}} " + word
                readers[word] = (conversation_id, send(first, conversation_id, message))
                readers[word][1].wait_for_text()
            on_gpu2 = next(word for word in readers if word in str(gpu2.requests()))
            on_gpu1 = next(word for word in readers if word != on_gpu2)
            assert on_gpu1 in str(stand_in.requests())
            doomed_conversation, doomed = readers[on_gpu2]
            follower = Reader(second, "GET", f"/api/conversations/{doomed_conversation}/stream")
            wait_until(lambda: len(follower.events) >= 2, 10, "the follower's first pieces")
            gpu2.server.kill()
            here, there = doomed.finish(), follower.finish()
            assert here[-1][0] == "error" and there[-1] == here[-1]
            # The other server's reply goes on to its end, and new replies through either backend go there.
            assert readers[on_gpu1][1].finish()[-1][0] == "done"
            for backend in (first, second):
                assert backend.chat(backend.create_conversation(), "still there?")[-1][0] == "done"

                def says_one_of_two_down(backend=backend) -> bool:
                    servers = backend.http.get("/api/health").json()["lm_studio"]["servers"]
                    return [server["reachable"] for server in servers] == [True, False]

                wait_until(says_one_of_two_down, 10, "health to say the second server is not answering")
    finally:
        gpu2.stop()


def test_two_backends_starting_together_on_a_new_database_migrate_it_once(stand_in, postgres_cluster, redis_server):
    settings = shared_settings(postgres_cluster, redis_server)
    with ThreadPoolExecutor(2) as pool:
        starting = [pool.submit(Backend, LOGS, backend_env(stand_in.url, **settings)) for _ in range(2)]
        backends = [future.result() for future in starting]
    try:
        conversation_id = backends[0].create_conversation(title="one history")
        assert backends[1].http.get(f"/api/conversations/{conversation_id}").json()["title"] == "one history"
    finally:
        for backend in backends:
            backend.stop()


def test_start_up_says_what_is_wrong_with_the_redis_setting(postgres_cluster, tmp_path):
    said = start_refused({"CHAT_REDIS_URL": "redis://127.0.0.1:6379/0", "CHAT_DB": str(tmp_path / "chat.db")})
    assert "PostgreSQL" in said and "CHAT_DB" in said
    said = start_refused({"CHAT_REDIS_URL": "http://example", "CHAT_DB": postgres_cluster.new_database()})
    assert "not a Redis URL" in said
    nobody = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    said = start_refused({"CHAT_REDIS_URL": nobody, "CHAT_DB": postgres_cluster.new_database()})
    assert "does not answer" in said and "CHAT_REDIS_URL" in said
    assert "hunter2" not in said and ":***@127.0.0.1" in said
