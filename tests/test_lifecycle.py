"""Every way a reply can end ends it: stop at any moment, shutdown mid-reply, a delete racing a send;
and a reply followed by another hands its conversation over without a moment idle."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time

import httpx2
import pytest

from api.continuation import start_summary
from fake_lmstudio import reply_text
from lm_studio_client import LMStudioClient
from replies import ReplyEngine, ReplyOptions
from storage import Store, new_id
from support import iter_events, text_of

OPTIONS = ReplyOptions(
    model="stand-in-7b-instruct",
    temperature=None,
    max_tokens=None,
    sampling={},
    context_overflow="error",
    tokens_per_char=1 / 3,
)


@contextlib.asynccontextmanager
async def in_process_engine(stand_in):
    """A reply engine in this process, over an in-memory store and the stand-in, closed after."""
    store = await Store.open(None)
    client = LMStudioClient(stand_in.url)
    await client.start()
    try:
        yield store, ReplyEngine(store, client, persist_interval_s=1)
    finally:
        await client.close()
        await store.close()


def test_a_stop_that_lands_before_the_reply_task_runs_still_ends_it(stand_in):
    """The stop arrives before the task's first line: its reader still gets `done`, nothing of the
    reply stays behind, and the conversation takes the next message."""

    async def scenario():
        async with in_process_engine(stand_in) as (store, engine):
            await stopped_before_it_ran(store, engine)

    async def stopped_before_it_ran(store, engine):
        conversation = await store.conversations.create("t")

        async def send(text):
            reply = engine.registry.reserve(conversation.id)
            start = await store.replies.begin_send(
                conversation.id, question_id=new_id(), reply_id=reply.id, content=text
            )
            engine.launch(reply, start, OPTIONS)
            return reply

        reply = await send("hi")
        stopped = await engine.registry.stop(conversation.id)  # same tick: the task has not run yet
        assert stopped is reply
        reader = [chunk async for chunk in reply.stream()]  # must end, not wait forever
        events = list(iter_events(b"".join(reader).decode().split("\r\n")))
        assert [name for name, _ in events] == ["done"]
        assert events[0][1]["status"] == "stopped" and events[0][1]["message"] is None
        assert not engine.registry.is_replying(conversation.id)
        _, path = await store.messages.active_path(conversation.id)
        assert [(m.content, m.reply_error) for m in path] == [("hi", None)]
        again = await send("again")
        await asyncio.wait_for(again.task, 10)
        assert again.events[-1].name == "done" and again.events[-1].data["status"] == "completed"

    asyncio.run(scenario())


def test_a_summary_hands_its_conversation_to_the_question_it_brought_along_without_a_gap(stand_in):
    """When the summary's `done` reaches a reader, the conversation already belongs to the reply
    answering the question that did not fit: a page that reads it at that moment follows that
    reply instead of showing the summary alone with nothing generating."""

    async def scenario():
        async with in_process_engine(stand_in) as (store, engine):
            await summary_then_question(store, engine)

    async def summary_then_question(store, engine):
        old = await store.conversations.create("Tides")
        start = await store.replies.begin_send(old.id, question_id=new_id(), reply_id=new_id(), content="Low tide?")
        question = start.history[-1]
        created = await start_summary(start.conversation, [question], question, 4096, 1 / 3, "Continued", store, engine)
        summary = engine.registry.get(created.id)
        replying_when_done = None
        async for chunk in summary.stream():
            if b"event: done" in chunk:
                replying_when_done = engine.registry.is_replying(created.id)
        assert replying_when_done is True
        answer = engine.registry.get(created.id)
        assert answer is not summary
        while answer.task is None:
            await asyncio.sleep(0.01)
        await asyncio.wait_for(answer.task, 10)
        _, path = await store.messages.active_path(created.id)
        assert [m.role for m in path] == ["user", "assistant", "user", "assistant"]
        assert path[2].content == "Low tide?"

    asyncio.run(scenario())


def test_stop_right_after_send_never_freezes_the_conversation(backend, stand_in):
    """Send, and stop on another connection without waiting for a single event, many times."""
    conversation_id = backend.create_conversation()

    async def send_then_stop(client: httpx2.AsyncClient, delay_s: float):
        body = {"conversation_id": conversation_id, "message": "{{stub tokens=400 delay=0.01}}"}
        async with client.stream("POST", "/api/chat/stream", json=body) as response:
            assert response.status_code == 200
            await asyncio.sleep(delay_s)
            stop = await client.post(f"/api/conversations/{conversation_id}/stop")
            assert stop.status_code == 200
            events = list(iter_events([line async for line in response.aiter_lines()]))
        return events

    async def rounds():
        async with httpx2.AsyncClient(base_url=backend.url, timeout=10) as client:
            return [await send_then_stop(client, delay) for delay in (0, 0, 0, 0.001, 0.002, 0.005, 0.01, 0.03)]

    for events in asyncio.run(rounds()):
        endings = [name for name, _ in events if name in ("done", "error")]
        assert endings == ["done"], events
        assert events[-1][1]["status"] == "stopped"
    listed = next(c for c in backend.http.get("/api/conversations").json() if c["id"] == conversation_id)
    assert listed["is_generating"] is False
    assert backend.http.get(f"/api/conversations/{conversation_id}/stream").status_code == 204
    assert text_of(backend.chat(conversation_id, "and now {{stub tokens=3}}")) == reply_text(3)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_shutdown_while_lm_studio_hangs_ends_within_seconds(start_backend, stand_in, tmp_path, signum):
    backend = start_backend(CHAT_DB=str(tmp_path / "chat.db"), CHAT_FIRST_TOKEN_TIMEOUT_S="600")
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub headers_delay=600}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        events = iter_events(response.iter_lines())
        assert next(events)[0] == "start"
        stand_in.wait_for_request(lambda r: r["ended_at"] is None)
        began = time.monotonic()
        backend.server.process.send_signal(signum)
        rest = list(events)
    backend.server.process.wait(timeout=10)
    assert time.monotonic() - began < 5, "the backend took too long to stop"
    assert [name for name, _ in rest] == ["error"]
    assert rest[0][1]["code"] == "shutdown"
    assert "shut down" in rest[0][1]["error"]
    assert stand_in.wait_for_request(lambda r: r["ended_at"] is not None)["client_closed_early"] is True


def test_shutdown_mid_reply_keeps_the_partial_reply_for_the_next_start(start_backend, stand_in, tmp_path):
    database = str(tmp_path / "chat.db")
    backend = start_backend(CHAT_DB=database)
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "{{stub tokens=2000 delay=0.02}}"}
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        events = iter_events(response.iter_lines())
        seen = [next(events) for _ in range(10)]
        backend.server.process.send_signal(signal.SIGTERM)
        rest = list(events)
    backend.server.process.wait(timeout=10)
    assert rest[-1][0] == "error" and rest[-1][1]["code"] == "shutdown"
    partial = rest[-1][1]["message"]["content"]
    assert partial == text_of(seen + rest) and partial

    restarted = start_backend(CHAT_DB=database)
    stored = restarted.messages(conversation_id)[-1]
    assert (stored["content"], stored["status"]) == (partial, "interrupted")


def test_a_send_racing_a_delete_is_refused_and_the_readers_hear_why(backend, stand_in):
    """DELETE while a reply streams, and a send a few milliseconds later: the send is refused
    (409 while the delete runs, 404 after) and never half-accepted."""

    async def race(delay_s: float):
        conversation_id = backend.create_conversation()
        async with httpx2.AsyncClient(base_url=backend.url, timeout=10) as client:
            body = {"conversation_id": conversation_id, "message": "{{stub tokens=2000 delay=0.01}}"}
            async with client.stream("POST", "/api/chat/stream", json=body) as first:
                lines = first.aiter_lines()
                async for line in lines:
                    if line.startswith("event: message"):
                        break
                deletion = asyncio.create_task(client.delete(f"/api/conversations/{conversation_id}"))
                await asyncio.sleep(delay_s)
                second_body = {"conversation_id": conversation_id, "message": "sneaking in"}
                second = await client.post("/api/chat/stream", json=second_body)
                first_events = list(iter_events([line async for line in lines]))
            assert (await deletion).status_code == 200
        return second, first_events

    async def races():
        return [await race(delay) for delay in (0, 0.001, 0.002, 0.005, 0.01)]

    for second, first_events in asyncio.run(races()):
        assert second.status_code in (404, 409), second.text
        assert second.json()["detail"] in (
            "This conversation is being deleted; it accepts no new messages.",
            "Conversation not found",
            # the send arrived before the DELETE did
            "A reply is still being generated in this conversation; "
            "stop it or wait for it to finish before you send another message.",
        )
        assert first_events[-1][0] == "error"
        assert first_events[-1][1]["code"] == "deleted"
        assert "deleted" in first_events[-1][1]["error"]
    assert "Task exception was never retrieved" not in backend.server.log()
