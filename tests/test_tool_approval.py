"""Replies that call tools on real MCP servers through the backend's own MCP host: our toolbox
(tests/mcp_servers/toolbox.py) over Streamable HTTP and, where a second server is wanted, the
official mcp-server-time over stdio, both named in an mcp.json (CHAT_MCP_CONFIG).

Every tool asks before it runs until told otherwise, so a call waits for the user's decision,
through reloads, until allowed, denied or stopped; a remembered decision is the tool's rule from
then on; results, tools' errors, timeouts and bad arguments all reach the model and the reply
goes on; the tool servers a conversation chooses are the tools LM Studio is offered."""

from __future__ import annotations

import json
import threading
import time

import pytest

from support import TIME_SERVER, TOOLBOX_TOOLS, Backend, iter_events, names, wait_until, write_mcp_config

TOOLBOX = "toolbox"  # the toolbox's name in the mcp.json, which calls report as their server
TIME = "time"
TIME_TOOLS = ["get_current_time", "convert_time"]
ECHO_HI = {"name": "echo", "arguments": {"text": "hi"}}


@pytest.fixture
def start_backend_with_tools(start_backend, toolbox, tmp_path):
    """A backend whose mcp.json names the session's toolbox (and mcp-server-time with
    `time=True`), returned once they are connected; the tools named in `always` run without
    asking. Other keywords are the backend's settings (CHAT_TOOL_TIMEOUT_S=…)."""

    def start(*, always: tuple[str, ...] = (), time: bool = False, **settings) -> Backend:
        servers = {TOOLBOX: {"url": toolbox.url}}
        if time:
            servers[TIME] = {"command": TIME_SERVER}
        config = write_mcp_config(tmp_path / "mcp.json", servers)
        backend = start_backend(CHAT_MCP_CONFIG=str(config), **settings)
        for name in servers:
            server = backend.wait_for_mcp(name)
            approvals = {tool["name"]: {"approval": "always"} for tool in server["tools"] if tool["name"] in always}
            if approvals:
                changed = backend.http.patch(f"/api/mcp/servers/{server['id']}", json={"tools": approvals})
                assert changed.status_code == 200, changed.text
        return backend

    return start


def of(events, name: str) -> list[dict]:
    return [data for event, data in events if event == name]


def approvals_of(backend: Backend, server: str) -> dict[str, str]:
    """{tool: approval} as GET /api/mcp/servers shows them."""
    return {tool["name"]: tool["approval"] for tool in backend.mcp_server(server)["tools"]}


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


class ReplyReader:
    """A reply's event stream read on a thread of its own, so the test can act while it runs."""

    def __init__(self, backend: Backend, conversation_id: str, message: str) -> None:
        self.events: list[tuple[str, dict]] = []
        body = {"conversation_id": conversation_id, "message": message}

        def read() -> None:
            with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
                self.events.extend(iter_events(response.iter_lines()))

        self.thread = threading.Thread(target=read)
        self.thread.start()

    def wait_for(self, event: str, timeout_s: float = 10.0) -> None:
        wait_until(lambda: event in names(list(self.events)), timeout_s, f"the {event!r} event")

    def finish(self, timeout_s: float = 10.0) -> list[tuple[str, dict]]:
        self.thread.join(timeout_s)
        assert not self.thread.is_alive(), "the reply's stream did not end"
        return self.events


def test_an_allowed_call_runs_and_the_model_answers_from_its_result(start_backend_with_tools, stand_in):
    backend = start_backend_with_tools()
    stand_in.behave(tool_calls=[ECHO_HI], text="It said hi.")
    conversation_id = backend.create_conversation()
    events = chat_deciding(backend, conversation_id, "Echo hi", decision="allow")
    assert names(events) == ["start", "tool_call", "tool_approval", "tool_decided", "tool_result", "message", "done"]
    (call,) = of(events, "tool_call")
    assert call["server"] == TOOLBOX and of(events, "tool_approval") == [{"id": call["id"]}]
    (result,) = of(events, "tool_result")
    assert result["result"] == "hi" and result["is_error"] is False and result["duration_ms"] >= 0

    first, second = stand_in.requests()
    offered = {tool["function"]["name"]: tool for tool in first["body"]["tools"]}
    assert list(offered) == TOOLBOX_TOOLS
    assert offered["echo"]["type"] == "function"
    assert offered["echo"]["function"]["description"] == "Answer with the text it was given."
    assert offered["echo"]["function"]["parameters"]["required"] == ["text"]
    assert second["messages"][-1] == {"role": "tool", "tool_call_id": call["id"], "content": "hi"}
    assert second["body"]["tools"] == first["body"]["tools"]  # the model may call again
    (step, text) = backend.messages(conversation_id)[-1]["steps"]
    assert step["status"] == "done" and step["result"] == "hi" and step["server"] == TOOLBOX
    assert text == {"type": "text", "text": "It said hi."}


def test_a_denied_call_is_answered_to_the_model_as_declined(start_backend_with_tools, stand_in):
    backend = start_backend_with_tools()
    stand_in.behave(tool_calls=[ECHO_HI])
    conversation_id = backend.create_conversation()
    events = chat_deciding(backend, conversation_id, "Echo hi", decision="deny")
    (result,) = of(events, "tool_result")
    assert result["is_error"] is True and "declined" in result["result"] and result["duration_ms"] is None
    assert stand_in.requests()[1]["messages"][-1]["content"] == result["result"]
    step = backend.messages(conversation_id)[-1]["steps"][0]
    assert step["status"] == "denied"
    assert approvals_of(backend, TOOLBOX)["echo"] == "ask"  # once is not a rule


@pytest.mark.parametrize(
    ("decision", "rule", "then_status"), [("allow", "always", "done"), ("deny", "never", "denied")]
)
def test_a_remembered_decision_is_the_tools_rule_from_then_on(
    start_backend_with_tools, stand_in, decision, rule, then_status
):
    backend = start_backend_with_tools()
    stand_in.behave(tool_calls=[ECHO_HI])
    conversation_id = backend.create_conversation()
    chat_deciding(backend, conversation_id, "Echo hi", decision=decision, remember=True)
    assert approvals_of(backend, TOOLBOX) == dict.fromkeys(TOOLBOX_TOOLS, "ask") | {"echo": rule}

    later = backend.chat(conversation_id, "Echo hi again")  # nobody answers an approval now
    assert "tool_approval" not in names(later) and names(later)[-1] == "done"
    assert backend.messages(conversation_id)[-1]["steps"][0]["status"] == then_status


def test_a_call_waiting_for_approval_survives_a_reload_and_stop_ends_it(start_backend_with_tools, stand_in):
    backend = start_backend_with_tools()
    stand_in.behave(tool_calls=[ECHO_HI])
    conversation_id = backend.create_conversation()
    first_page = ReplyReader(backend, conversation_id, "Echo hi")
    first_page.wait_for("tool_approval")

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
    events = first_page.finish()
    assert events[-1][0] == "done" and events[-1][1]["status"] == "stopped"
    (call,) = of(events, "tool_call")
    assert decide(backend, conversation_id, call["id"], decision="allow").status_code == 409
    stored = backend.messages(conversation_id)[-1]
    assert stored["status"] == "stopped" and stored["steps"][0]["status"] == "stopped"
    assert len(stand_in.requests()) == 1  # LM Studio was not asked again


def test_tool_errors_timeouts_and_bad_arguments_reach_the_model_and_the_reply_goes_on(
    start_backend_with_tools, stand_in
):
    backend = start_backend_with_tools(always=("echo", "fail", "slow", *TIME_TOOLS), time=True, CHAT_TOOL_TIMEOUT_S=0.5)
    calls = [
        {"name": "fail", "arguments": {"reason": "the disk is full"}},  # the tool's own error
        {"name": "slow", "arguments": {"seconds": 5}},  # past CHAT_TOOL_TIMEOUT_S
        {"name": "echo", "arguments": '{"text": "hi",'},  # not JSON
        {"name": "echo", "arguments": {}},  # JSON the server's schema refuses
        {"name": "teleport", "arguments": {}},  # no server has it
        {"name": "get_current_time", "arguments": {"timezone": "Mars/Olympus_Mons"}},  # mcp-server-time refuses
        {"name": "get_current_time", "arguments": {"timezone": "Europe/Paris"}},
        {"name": "echo", "arguments": {"text": "still here"}},
    ]
    stand_in.behave(tool_calls=calls, text="Some worked.")
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Try them")
    results = of(events, "tool_result")
    assert [r["is_error"] for r in results] == [True] * 6 + [False] * 2
    failed, timed_out, not_json, refused, unknown, no_such_zone, paris, echoed = (r["result"] for r in results)
    assert "fail failed because the disk is full" in failed
    assert "did not answer within 0.5 s" in timed_out and results[1]["duration_ms"] < 3000
    assert "not a JSON object" in not_json and '{"text": "hi",' in not_json
    assert "text" in refused
    assert "There is no tool named 'teleport'" in unknown and "echo" in unknown
    assert "Mars/Olympus_Mons" in no_such_zone
    assert json.loads(paris)["timezone"] == "Europe/Paris"
    assert echoed == "still here"
    assert names(events)[-2:] == ["message", "done"]

    second = stand_in.requests()[1]["messages"]
    asked, told = second[-len(calls) - 1], second[-len(calls) :]
    assert [json.loads(c["function"]["arguments"]) for c in asked["tool_calls"]][2] == {}  # sent back parseable
    assert [message["content"] for message in told] == [r["result"] for r in results]
    steps = backend.messages(conversation_id)[-1]["steps"]
    assert [s["status"] for s in steps[: len(calls)]] == ["error"] * 6 + ["done"] * 2
    assert [s["server"] for s in steps[: len(calls)]] == [TOOLBOX] * 4 + [None] + [TIME] * 2 + [TOOLBOX]
    assert steps[2]["arguments"] == '{"text": "hi",'  # stored as the model wrote it


def test_stop_while_a_tool_runs_keeps_the_call_as_stopped(start_backend_with_tools, stand_in):
    backend = start_backend_with_tools(always=("slow",))
    stand_in.behave(tool_calls=[{"name": "slow", "arguments": {"seconds": 30}}])
    conversation_id = backend.create_conversation()
    reply = ReplyReader(backend, conversation_id, "Take your time")
    reply.wait_for("tool_call")
    time.sleep(0.2)  # not a wait for anything: the call runs a while, so its duration shows it
    began = time.monotonic()
    backend.http.post(f"/api/conversations/{conversation_id}/stop")
    events = reply.finish()
    assert time.monotonic() - began < 5
    assert events[-1][0] == "done" and events[-1][1]["status"] == "stopped"
    (step,) = backend.messages(conversation_id)[-1]["steps"]
    assert step["status"] == "stopped" and step["duration_ms"] >= 100 and step["server"] == TOOLBOX


@pytest.mark.parametrize(
    ("chosen", "offered"),
    [
        (None, TOOLBOX_TOOLS + TIME_TOOLS),  # not chosen: every switched-on server
        ([], []),
        ([TOOLBOX], TOOLBOX_TOOLS),
        ([TIME], TIME_TOOLS),
        ([TIME, TOOLBOX], TOOLBOX_TOOLS + TIME_TOOLS),
        (["elsewhere"], []),  # an id no server has
    ],
    ids=["not-chosen", "none", "toolbox", "time", "both", "unknown-id"],
)
def test_the_tool_servers_a_conversation_chooses_are_what_lm_studio_is_offered(
    start_backend_with_tools, stand_in, chosen, offered
):
    backend = start_backend_with_tools(time=True)
    stand_in.behave(text="No tools needed.")
    conversation_id = backend.create_conversation()
    if chosen is not None:
        ids = [backend.mcp_server(name)["id"] if name in (TOOLBOX, TIME) else name for name in chosen]
        changed = backend.http.patch(f"/api/conversations/{conversation_id}", json={"mcp_servers": ids})
        assert changed.status_code == 200, changed.text
    backend.chat(conversation_id, "Hello")
    (request,) = stand_in.requests()
    assert [tool["function"]["name"] for tool in request["body"].get("tools", [])] == offered
    assert ("tools" in request["body"]) is bool(offered)


def test_an_approval_changed_while_a_reply_runs_holds_for_its_later_calls(start_backend_with_tools, stand_in):
    backend = start_backend_with_tools(always=("slow", "echo"))
    stand_in.behave(tool_steps=[[{"name": "slow", "arguments": {"seconds": 1.5}}], [ECHO_HI]], text="Done.")
    conversation_id = backend.create_conversation()
    reader = ReplyReader(backend, conversation_id, "Sleep, then echo")
    reader.wait_for("tool_call")
    # While slow runs, echo goes back to asking in the panel: the reply's next call asks.
    box = backend.mcp_server(TOOLBOX)
    assert (
        backend.http.patch(f"/api/mcp/servers/{box['id']}", json={"tools": {"echo": {"approval": "ask"}}}).status_code
        == 200
    )
    reader.wait_for("tool_approval", timeout_s=15)
    (_, echo_call) = of(reader.events, "tool_call")
    assert of(reader.events, "tool_approval") == [{"id": echo_call["id"]}]
    assert decide(backend, conversation_id, echo_call["id"], decision="allow").status_code == 200
    events = reader.finish(15)
    assert [result["outcome"] for result in of(events, "tool_result")] == ["done", "done"]
