"""Replies as backend-owned tasks: reasoning, stop, resume, hang-ups, one reply per conversation, concurrency."""

from __future__ import annotations

import asyncio
import time

import httpx2
import pytest

from fake_lmstudio import reasoning_tokens, reply_text
from support import iter_events, names, text_of


def test_reasoning_content_becomes_reasoning_events_and_is_stored(backend):
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "{{stub reasoning=4 tokens=3}}")
    assert names(events) == ["start", "reasoning", "message", "done"]
    assert text_of(events, "reasoning") == "".join(reasoning_tokens(4))
    assert text_of(events) == reply_text(3)
    stored = backend.messages(conversation_id)[-1]
    assert stored["reasoning"] == "".join(reasoning_tokens(4))
    assert stored["content"] == reply_text(3)
    assert stored["stats"]["reasoning_ms"] >= 0
    assert events[-1][1]["stats"]["reasoning_ms"] == stored["stats"]["reasoning_ms"]


def test_delta_reasoning_field_is_read_too(backend):
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "{{stub reasoning=2 reasoning_field=reasoning tokens=2}}")
    assert text_of(events, "reasoning") == "".join(reasoning_tokens(2))
    assert text_of(events) == reply_text(2)


def test_think_tags_split_across_deltas_are_reasoning_not_content(backend):
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "{{stub think=3 tokens=4}}")
    assert text_of(events, "reasoning") == "".join(reasoning_tokens(3))
    assert text_of(events) == reply_text(4)
    assert "<think>" not in backend.messages(conversation_id)[-1]["content"]


def test_a_think_tag_in_the_middle_of_an_answer_stays_in_the_answer(backend, stand_in):
    answer = "Models mark thoughts with <think> and </think>; this sentence must stay visible."
    stand_in.behave(text=answer)
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "How do models mark thoughts?")
    assert text_of(events) == answer
    assert text_of(events, "reasoning") == ""
    assert backend.messages(conversation_id)[-1]["content"] == answer


def test_stop_keeps_partial_reply_and_closes_the_upstream_request(backend, stand_in):
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub tokens=500 delay=0.02}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        events = iter_events(response.iter_lines())
        received = [next(events) for _ in range(6)]  # start + a few deltas
        stop = backend.http.post(f"/api/conversations/{conversation_id}/stop")
        rest = list(events)
    assert stop.status_code == 200
    assert stop.json()["status"] == "stopped"
    partial = stop.json()["message"]["content"]
    assert partial and partial in reply_text(500) and partial != reply_text(500)
    assert rest[-1][0] == "done"
    assert rest[-1][1]["status"] == "stopped"
    assert text_of(received + rest) == partial
    record = stand_in.wait_for_request(lambda r: r["ended_at"] is not None)
    assert record["client_closed_early"] is True
    stored = backend.messages(conversation_id)
    assert stored[-1]["content"] == partial
    assert stored[-1]["status"] == "stopped"


def test_stand_in_sees_the_connection_closed_within_a_second_of_stop(backend, stand_in):
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub tokens=1000 delay=0.05}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        events = iter_events(response.iter_lines())
        next(events), next(events)
        before = time.time()
        backend.http.post(f"/api/conversations/{conversation_id}/stop")
        record = stand_in.wait_for_request(lambda r: r["ended_at"] is not None, timeout_s=1.0)
    assert record["client_closed_early"] is True
    assert record["ended_at"] - before < 1.0


def test_stop_when_nothing_is_generating(backend):
    conversation_id = backend.create_conversation()
    response = backend.http.post(f"/api/conversations/{conversation_id}/stop")
    assert response.status_code == 200
    assert response.json() == {"status": "not_generating", "message": None}


def test_reply_completes_and_is_stored_when_the_client_hangs_up(backend, stand_in):
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub tokens=40 delay=0.01}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        events = iter_events(response.iter_lines())
        next(events), next(events)
    # The client has gone; the reply goes on to the end.
    record = stand_in.wait_for_request(lambda r: r["completed"], timeout_s=10)
    assert record["client_closed_early"] is False
    deadline = time.monotonic() + 5
    while len(backend.messages(conversation_id)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert backend.messages(conversation_id)[-1]["content"] == reply_text(40)


def test_attach_replays_what_was_generated_then_follows_live(backend):
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub tokens=60 delay=0.01}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        events = iter_events(response.iter_lines())
        first = [next(events) for _ in range(4)]
    assert first[0][0] == "start"
    listed = next(c for c in backend.http.get("/api/conversations").json() if c["id"] == conversation_id)
    assert listed["is_generating"] is True
    assert [m["role"] for m in backend.messages(conversation_id)] == ["user"]  # the reply is not listed yet
    with backend.http.stream("GET", f"/api/conversations/{conversation_id}/stream") as attached:
        assert attached.status_code == 200
        replay = list(iter_events(attached.iter_lines()))
    assert replay[0][0] == "start"
    assert replay[0][1]["message_id"] == first[0][1]["message_id"]
    assert text_of(replay) == reply_text(60)
    assert replay[-1][0] == "done"
    assert backend.messages(conversation_id)[-1]["content"] == reply_text(60)


def test_attach_when_nothing_is_generating_is_204_and_unknown_is_404(backend):
    conversation_id = backend.create_conversation()
    response = backend.http.get(f"/api/conversations/{conversation_id}/stream")
    assert response.status_code == 204
    assert response.content == b""
    unknown = backend.http.get("/api/conversations/not-a-conversation/stream")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Conversation not found"}


def test_second_send_during_a_reply_is_409_and_stores_nothing(backend):
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub tokens=100 delay=0.01}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        events = iter_events(response.iter_lines())
        next(events)
        second = backend.http.post("/api/chat/stream", json={"conversation_id": conversation_id, "message": "again"})
        truncate = backend.http.delete(f"/api/conversations/{conversation_id}/messages/0")
        list(events)
    assert second.status_code == 409
    assert "still being generated" in second.json()["detail"]
    assert truncate.status_code == 409
    assert [m["content"] for m in backend.messages(conversation_id)] == [
        "{{stub tokens=100 delay=0.01}}",
        reply_text(100),
    ]


def test_deleting_a_conversation_stops_its_reply(backend, stand_in):
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub tokens=1000 delay=0.02}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        events = iter_events(response.iter_lines())
        next(events), next(events)
        assert backend.http.delete(f"/api/conversations/{conversation_id}").json() == {"status": "deleted"}
        list(events)
    record = stand_in.wait_for_request(lambda r: r["ended_at"] is not None, timeout_s=2)
    assert record["client_closed_early"] is True
    assert backend.http.get(f"/api/conversations/{conversation_id}/messages").status_code == 404


@pytest.mark.parametrize("count", [40])
def test_many_conversations_stream_at_once_with_exact_text(backend, count):
    conversation_ids = [backend.create_conversation() for _ in range(count)]

    async def one(client: httpx2.AsyncClient, index: int, conversation_id: str):
        tokens = 30 + index
        body = {"conversation_id": conversation_id, "message": f"{{{{stub tokens={tokens} delay=0.005}}}}"}
        async with client.stream("POST", "/api/chat/stream", json=body) as response:
            lines = [line async for line in response.aiter_lines()]
        return tokens, list(iter_events(lines))

    async def all_at_once():
        limits = httpx2.Limits(max_connections=count)
        async with httpx2.AsyncClient(base_url=backend.url, timeout=60, limits=limits) as client:
            return await asyncio.gather(*(one(client, i, c) for i, c in enumerate(conversation_ids)))

    results = asyncio.run(all_at_once())
    for (tokens, events), conversation_id in zip(results, conversation_ids, strict=True):
        assert events[-1] == ("done", events[-1][1]) and events[-1][1]["status"] == "completed"
        assert text_of(events) == reply_text(tokens)
        assert backend.messages(conversation_id)[-1]["content"] == reply_text(tokens)


def test_a_reader_that_reconnects_with_last_event_id_resumes_after_it(backend):
    """Every event carries an id; a reconnecting reader that sends the last one it saw gets only
    what came after, and an id of some other reply replays this one whole."""
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub tokens=40 delay=0.02}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        lines = response.iter_lines()
        seen = []
        for line in lines:
            seen.append(line)
            if line.startswith("event: message"):
                break
        seen.append(next(lines))  # its data
        last_id = [line for line in seen if line.startswith("id: ")][-1][4:]
        stream = f"/api/conversations/{conversation_id}/stream"
        with (
            backend.http.stream("GET", stream, headers={"Last-Event-ID": last_id}) as resumed,
            backend.http.stream("GET", stream, headers={"Last-Event-ID": "another-reply:3"}) as everything,
        ):
            resumed_events = list(iter_events(resumed.iter_lines()))
            everything_events = list(iter_events(everything.iter_lines()))
        rest = list(iter_events(lines))
    first = list(iter_events(seen + [""]))
    assert names(resumed_events)[0] == "message" and resumed_events[-1][0] == "done"
    assert text_of(first) + text_of(resumed_events) == reply_text(40) == text_of(first + rest)
    assert names(everything_events)[0] == "start" and text_of(everything_events) == reply_text(40)
