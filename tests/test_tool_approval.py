"""Replies that call real tools (the Python tool hub of python_tools.py, in the backend's process,
served by tool_backend.py): a tool that asks first waits for the user's decision, through
reloads, until allowed, denied or stopped; a remembered decision is the tool's rule from then
on; results, tools' errors, timeouts and bad arguments all reach the model; the tool servers a
conversation chooses are the tools LM Studio is offered."""

from __future__ import annotations

import json
import threading
import time

import pytest

from python_tools import SERVER_NAME
from support import LOGS, ROOT, Backend, backend_env, iter_events, names

TOOL_BACKEND = ROOT / "tests" / "tool_backend.py"
RUN_WITHOUT_ASKING = ("--approval", "add=always", "--approval", "fail=always", "--approval", "wait=always")
ECHO_HI = {"name": "echo", "arguments": {"text": "hi"}}


@pytest.fixture
def start_tool_backend(stand_in):
    started: list[Backend] = []

    def start(*args: str) -> Backend:
        server = Backend(LOGS, backend_env(stand_in.url), launcher=[str(TOOL_BACKEND), *RUN_WITHOUT_ASKING, *args])
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def of(events, name: str) -> list[dict]:
    return [data for event, data in events if event == name]


def decide(backend: Backend, conversation_id: str, call_id: str, **decision):
    return backend.http.post(f"/api/conversations/{conversation_id}/tool-calls/{call_id}", json=decision)


def chat_deciding(backend: Backend, conversation_id: str, message: str, **decision) -> list[tuple[str, dict]]:
    """Send a message, answer every approval the reply asks for with `decision`, read it all."""
    body = {"conversation_id": conversation_id, "message": message}
    events = []
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        assert response.status_code == 200
        for name, data in iter_events(response.iter_lines()):
            events.append((name, data))
            if name == "tool_approval":
                assert decide(backend, conversation_id, data["id"], **decision).status_code == 200
    return events


def test_an_allowed_call_runs_and_the_model_answers_from_its_result(start_tool_backend, stand_in):
    backend = start_tool_backend()
    stand_in.behave(tool_calls=[ECHO_HI], text="It said hi.")
    conversation_id = backend.create_conversation()
    events = chat_deciding(backend, conversation_id, "Echo hi", decision="allow")
    assert names(events) == ["start", "tool_call", "tool_approval", "tool_result", "message", "done"]
    (call,) = of(events, "tool_call")
    assert call["server"] == SERVER_NAME and of(events, "tool_approval") == [{"id": call["id"]}]
    (result,) = of(events, "tool_result")
    assert result["result"] == "hi" and result["is_error"] is False and result["duration_ms"] >= 0

    first, second = stand_in.requests()
    offered = {tool["function"]["name"]: tool for tool in first["body"]["tools"]}
    assert set(offered) == {"echo", "add", "wait", "fail"}
    assert offered["echo"]["type"] == "function"
    assert offered["echo"]["function"]["parameters"]["required"] == ["text"]
    assert second["messages"][-1] == {"role": "tool", "tool_call_id": call["id"], "content": "hi"}
    assert second["body"]["tools"] == first["body"]["tools"]  # the model may call again
    (step, text) = backend.messages(conversation_id)[-1]["steps"]
    assert step["status"] == "done" and step["result"] == "hi" and step["server"] == SERVER_NAME
    assert text == {"type": "text", "text": "It said hi."}


def test_a_denied_call_is_answered_to_the_model_as_declined(start_tool_backend, stand_in):
    backend = start_tool_backend()
    stand_in.behave(tool_calls=[ECHO_HI])
    conversation_id = backend.create_conversation()
    events = chat_deciding(backend, conversation_id, "Echo hi", decision="deny")
    (result,) = of(events, "tool_result")
    assert result["is_error"] is True and "declined" in result["result"] and result["duration_ms"] is None
    assert stand_in.requests()[1]["messages"][-1]["content"] == result["result"]
    step = backend.messages(conversation_id)[-1]["steps"][0]
    assert step["status"] == "denied"


@pytest.mark.parametrize(("decision", "then_status"), [("allow", "done"), ("deny", "denied")])
def test_a_remembered_decision_is_the_tools_rule_from_then_on(start_tool_backend, stand_in, decision, then_status):
    backend = start_tool_backend()
    stand_in.behave(tool_calls=[ECHO_HI])
    conversation_id = backend.create_conversation()
    chat_deciding(backend, conversation_id, "Echo hi", decision=decision, remember=True)
    later = backend.chat(conversation_id, "Echo hi again")  # nobody answers an approval now
    assert "tool_approval" not in names(later) and names(later)[-1] == "done"
    assert backend.messages(conversation_id)[-1]["steps"][0]["status"] == then_status


def test_a_call_waiting_for_approval_survives_a_reload_and_stop_ends_it(start_tool_backend, stand_in):
    backend = start_tool_backend()
    stand_in.behave(tool_calls=[ECHO_HI])
    conversation_id = backend.create_conversation()
    body = {"conversation_id": conversation_id, "message": "Echo hi"}
    first_page: list[tuple[str, dict]] = []

    def first_reader() -> None:
        with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
            first_page.extend(iter_events(response.iter_lines()))

    reader = threading.Thread(target=first_reader)
    reader.start()
    deadline = time.monotonic() + 10
    while "tool_approval" not in names(first_page) and time.monotonic() < deadline:
        time.sleep(0.02)
    with backend.http.stream("GET", f"/api/conversations/{conversation_id}/stream") as response:
        assert response.status_code == 200
        replayed = []
        for event in iter_events(response.iter_lines()):
            replayed.append(event)
            if event[0] == "tool_approval":
                break
    assert names(replayed) == ["start", "tool_call", "tool_approval"]
    assert backend.http.get(f"/api/conversations/{conversation_id}").json()["is_generating"] is True

    assert backend.http.post(f"/api/conversations/{conversation_id}/stop").json()["status"] == "stopped"
    reader.join(10)
    assert first_page[-1][0] == "done" and first_page[-1][1]["status"] == "stopped"
    (call,) = of(first_page, "tool_call")
    assert decide(backend, conversation_id, call["id"], decision="allow").status_code == 409
    stored = backend.messages(conversation_id)[-1]
    assert stored["status"] == "stopped" and stored["steps"][0]["status"] == "stopped"
    assert len(stand_in.requests()) == 1  # LM Studio was not asked again


def test_tool_errors_timeouts_and_bad_arguments_reach_the_model_and_the_reply_goes_on(start_tool_backend, stand_in):
    backend = start_tool_backend("--tool-timeout-s", "0.5")
    calls = [
        {"name": "fail", "arguments": {"message": "disk full"}},
        {"name": "wait", "arguments": {"seconds": 5}},
        {"name": "add", "arguments": '{"a": 1,'},
        {"name": "add", "arguments": {"a": 1, "b": 2}},
    ]
    stand_in.behave(tool_calls=calls, text="Some worked.")
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Try them")
    results = of(events, "tool_result")
    assert [r["is_error"] for r in results] == [True, True, True, False]
    assert "disk full" in results[0]["result"]
    assert "within 0.5 s" in results[1]["result"] and results[1]["duration_ms"] < 3000
    assert "not a JSON object" in results[2]["result"] and '{"a": 1,' in results[2]["result"]
    assert results[3]["result"] == "3"
    assert names(events)[-2:] == ["message", "done"]
    asked = stand_in.requests()[1]["messages"][-5]
    assert [json.loads(c["function"]["arguments"]) for c in asked["tool_calls"]][2] == {}  # sent back parseable
    steps = backend.messages(conversation_id)[-1]["steps"]
    assert [s["status"] for s in steps[:4]] == ["error", "error", "error", "done"]
    assert steps[2]["arguments"] == '{"a": 1,'  # stored as the model wrote it


def test_stop_while_a_tool_runs_keeps_the_call_as_stopped(start_tool_backend, stand_in):
    backend = start_tool_backend()
    stand_in.behave(tool_calls=[{"name": "wait", "arguments": {"seconds": 30}}])
    conversation_id = backend.create_conversation()
    seen: list[tuple[str, dict]] = []
    body = {"conversation_id": conversation_id, "message": "Wait"}

    def read() -> None:
        with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
            seen.extend(iter_events(response.iter_lines()))

    reader = threading.Thread(target=read)
    reader.start()
    deadline = time.monotonic() + 10
    while "tool_call" not in names(seen) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    began = time.monotonic()
    backend.http.post(f"/api/conversations/{conversation_id}/stop")
    reader.join(10)
    assert time.monotonic() - began < 5
    assert seen[-1][0] == "done" and seen[-1][1]["status"] == "stopped"
    (step,) = backend.messages(conversation_id)[-1]["steps"]
    assert step["status"] == "stopped" and step["duration_ms"] >= 100


@pytest.mark.parametrize(("servers", "offered"), [([], False), (["python"], True), (["elsewhere"], False)])
def test_the_tool_servers_a_conversation_chooses_are_what_lm_studio_is_offered(
    start_tool_backend, stand_in, servers, offered
):
    backend = start_tool_backend()
    stand_in.behave(text="No tools needed.")
    conversation_id = backend.create_conversation()
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"mcp_servers": servers})
    backend.chat(conversation_id, "Hello")
    assert ("tools" in stand_in.requests()[0]["body"]) is offered
