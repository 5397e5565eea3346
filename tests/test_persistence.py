"""CHAT_DB keeps conversations across restarts, and a crash mid-reply loses at most a moment of
text, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import time

import pytest

from fake_lmstudio import reply_text
from support import iter_events, text_of

pytestmark = pytest.mark.parametrize("database_setting", ["sqlite", "postgresql"], indirect=True)


def test_restart_with_chat_db_keeps_everything(start_backend, database_setting):
    database = database_setting
    backend = start_backend(CHAT_DB=database)
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "remember me {{stub tokens=4 reasoning=2}}")
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"system_prompt": "kept"})
    before = backend.messages(conversation_id)
    assert backend.http.get("/api/health").json()["storage"] in ("sqlite", "postgresql")
    backend.stop()

    restarted = start_backend(CHAT_DB=database)
    assert restarted.messages(conversation_id) == before
    listed = restarted.http.get("/api/conversations").json()
    assert [(c["id"], c["title"], c["message_count"], c["system_prompt"]) for c in listed] == [
        (conversation_id, "remember me {{stub tokens=4 reasoning=2}}", 2, "kept")
    ]
    events = restarted.chat(conversation_id, "still there? {{stub tokens=2}}")
    assert text_of(events) == reply_text(2)


def test_kill_mid_reply_then_restart_shows_the_partial_reply_as_interrupted(start_backend, database_setting):
    database = database_setting
    backend = start_backend(CHAT_DB=database, CHAT_PERSIST_INTERVAL_S="0.05")
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub tokens=1000 delay=0.01}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        events = iter_events(response.iter_lines())
        seen = [next(events) for _ in range(30)]
        time.sleep(0.2)  # a couple of persist intervals
        backend.server.kill()
    assert len(text_of(seen)) > 0

    restarted = start_backend(CHAT_DB=database)
    messages = restarted.messages(conversation_id)
    assert [m["role"] for m in messages] == ["user", "assistant"]
    partial = messages[-1]
    assert partial["status"] == "interrupted"
    assert partial["content"].startswith(text_of(seen))
    assert reply_text(1000).startswith(partial["content"])


def test_second_backend_on_the_same_database_refuses_to_start(start_backend, database_setting):
    database = database_setting
    start_backend(CHAT_DB=database)
    try:
        start_backend(CHAT_DB=database)
    except RuntimeError as error:
        assert "already using" in str(error)
    else:
        raise AssertionError("a second backend started on a database in use")
