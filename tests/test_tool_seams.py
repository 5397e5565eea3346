"""Where the MCP host meets the reply engine, end to end: a real backend, the LM Studio stand-in
and real MCP servers (our toolbox over Streamable HTTP, "web", and over stdio, "local").

Two servers offering the same tool are both offered, under names of their own, and each name
reaches, and is approved on, its own server; a server that dies in the middle of a reply is an
error the model reads, the reply and the other server go on, and switching it on reconnects it;
a switched-off server's tools are not offered; a huge result is cut to size everywhere it is
seen; the context figures count the tool definitions sent.
"""

from __future__ import annotations

import json
import math
import os
import re
import signal

import pytest

from context.estimate import estimate
from context.fit import prompt_budget
from fake_lmstudio import count_prompt_tokens
from support import TOOLBOX_TOOLS, Backend, is_running, iter_events, stdio_toolbox, write_mcp_config

VALID_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
MAX_RESULT_CHARS = 2000


@pytest.fixture
def two_toolboxes(start_backend, tmp_path, toolbox):
    """Start a backend whose mcp.json names the toolbox twice: "web" over HTTP, "local" over stdio;
    returned once both are connected."""

    def start(**env) -> Backend:
        config = write_mcp_config(tmp_path / "mcp.json", {"web": {"url": toolbox.url}, "local": stdio_toolbox()})
        backend = start_backend(CHAT_MCP_CONFIG=str(config), **env)
        backend.wait_for_mcp("web")
        backend.wait_for_mcp("local")
        return backend

    return start


def model_name(backend: Backend, server: str, tool: str) -> str:
    """What the model is told to call `tool` of `server`."""
    return next(t["model_name"] for t in backend.mcp_server(server)["tools"] if t["name"] == tool)


def approvals(backend: Backend, server: str) -> dict[str, str]:
    return {tool["name"]: tool["approval"] for tool in backend.mcp_server(server)["tools"]}


def set_approvals(backend: Backend, server: str, **tools: str) -> None:
    server_id = backend.mcp_server(server)["id"]
    changes = {tool: {"approval": approval} for tool, approval in tools.items()}
    response = backend.http.patch(f"/api/mcp/servers/{server_id}", json={"tools": changes})
    assert response.status_code == 200, response.text


def switch(backend: Backend, server: str, enabled: bool) -> dict:
    response = backend.http.patch(f"/api/mcp/servers/{backend.mcp_server(server)['id']}", json={"enabled": enabled})
    assert response.status_code == 200, response.text
    return response.json()


def offered(request: dict) -> list[str]:
    """The tool names LM Studio was offered in one chat request."""
    return [tool["function"]["name"] for tool in request["body"].get("tools") or []]


def function_definitions(backend: Backend) -> list[dict]:
    """The tools every switched-on server offers, as LM Studio is sent them (OpenAI's format)."""
    return [
        {
            "type": "function",
            "function": {"name": t["model_name"], "description": t["description"], "parameters": t["input_schema"]},
        }
        for server in backend.http.get("/api/mcp/servers").json()
        for t in server["tools"]
    ]


def set_models(stand_in, *models) -> None:
    stand_in.admin("PUT", "models", {"models": list(models)})


def regenerate(backend: Backend, conversation_id: str, message_id: str, **options) -> list[tuple[str, dict]]:
    url = f"/api/conversations/{conversation_id}/messages/{message_id}/regenerate"
    with backend.http.stream("POST", url, json=options) as response:
        assert response.status_code == 200, response.read()
        return list(iter_events(response.iter_lines()))


def of(events, name: str) -> list[dict]:
    return [data for event, data in events if event == name]


def call_named(events, name: str) -> dict:
    (call,) = [call for call in of(events, "tool_call") if call["name"] == name]
    return call


def result_of(events, call: dict) -> dict:
    (result,) = [result for result in of(events, "tool_result") if result["id"] == call["id"]]
    return result


def chat_reacting(backend: Backend, conversation_id: str, message: str, react) -> list[tuple[str, dict]]:
    """Send a message and read the whole reply, calling `react(event, data, events so far)` as
    each event arrives (to decide on a call, or to end a server at a chosen moment)."""
    body = {"conversation_id": conversation_id, "message": message}
    events: list[tuple[str, dict]] = []
    with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
        assert response.status_code == 200, response.read()
        for name, data in iter_events(response.iter_lines()):
            events.append((name, data))
            react(name, data, events)
    return events


def deciding(backend: Backend, conversation_id: str, decisions: dict[str, dict]):
    """A `react` that answers each approval with the decision given for the tool's model name
    (a call no decision is given for fails the test)."""

    def react(name: str, data: dict, events) -> None:
        if name != "tool_approval":
            return
        (call,) = [call for call in of(events, "tool_call") if call["id"] == data["id"]]
        assert call["name"] in decisions, f"{call['name']} asked for approval"
        url = f"/api/conversations/{conversation_id}/tool-calls/{call['id']}"
        assert backend.http.post(url, json=decisions[call["name"]]).status_code == 200

    return react


# ---- the same tool on two servers ----------------------------------------------------------------


def test_a_tool_two_servers_offer_is_offered_under_two_names_each_running_on_its_own_server(
    two_toolboxes, stand_in, toolbox
):
    backend = two_toolboxes()
    local_echo, web_echo = model_name(backend, "local", "echo"), model_name(backend, "web", "echo")
    local_pid, web_pid = model_name(backend, "local", "pid"), model_name(backend, "web", "pid")
    stand_in.behave(
        tool_calls=[
            {"name": local_echo, "arguments": {"text": "from here"}},
            {"name": local_pid, "arguments": {}},
            {"name": web_pid, "arguments": {}},
        ],
        text="Both answered.",
    )
    conversation_id = backend.create_conversation()
    allow = {"decision": "allow"}
    decisions = {local_echo: allow, local_pid: allow, web_pid: allow}
    events = chat_reacting(backend, conversation_id, "Ask both", deciding(backend, conversation_id, decisions))
    assert events[-1][0] == "done", events[-1]

    names = offered(stand_in.requests()[0])
    assert len(names) == len(set(names)) == 2 * len(TOOLBOX_TOOLS)  # every tool of both, none hidden
    assert all(VALID_NAME.match(name) for name in names)
    assert local_echo != web_echo and {local_echo, web_echo, local_pid, web_pid} <= set(names)

    echoed = call_named(events, local_echo)
    assert echoed["server"] == "local" and result_of(events, echoed)["result"] == "from here"
    assert call_named(events, local_pid)["server"] == "local" and call_named(events, web_pid)["server"] == "web"
    here = int(result_of(events, call_named(events, local_pid))["result"])
    there = int(result_of(events, call_named(events, web_pid))["result"])
    assert there == toolbox.server.process.pid  # the HTTP toolbox answered its own name
    assert here != there and is_running(here)  # and the stdio one, a process of the backend's, its own
    told = [m["content"] for m in stand_in.requests()[1]["messages"] if m["role"] == "tool"]
    assert told == ["from here", str(here), str(there)]


def test_remembering_a_renamed_tool_sets_that_servers_tool_only(two_toolboxes, stand_in):
    backend = two_toolboxes()
    local_echo, web_echo = model_name(backend, "local", "echo"), model_name(backend, "web", "echo")
    stand_in.behave(
        tool_steps=[
            [{"name": local_echo, "arguments": {"text": "one"}}],
            # The same reply calls it again: the remembered rule holds at once.
            [{"name": local_echo, "arguments": {"text": "two"}}, {"name": web_echo, "arguments": {"text": "three"}}],
        ],
        text="Done.",
    )
    conversation_id = backend.create_conversation()
    decisions = {local_echo: {"decision": "allow", "remember": True}, web_echo: {"decision": "allow"}}
    events = chat_reacting(backend, conversation_id, "Echo", deciding(backend, conversation_id, decisions))
    assert events[-1][0] == "done", events[-1]
    first, second, third = of(events, "tool_call")
    assert [result_of(events, call)["result"] for call in (first, second, third)] == ["one", "two", "three"]
    assert [data["id"] for data in of(events, "tool_approval")] == [first["id"], third["id"]]

    assert approvals(backend, "local") == {**dict.fromkeys(TOOLBOX_TOOLS, "ask"), "echo": "always"}
    assert approvals(backend, "web") == dict.fromkeys(TOOLBOX_TOOLS, "ask")

    stand_in.behave(
        tool_calls=[
            {"name": local_echo, "arguments": {"text": "again"}},
            {"name": web_echo, "arguments": {"text": "?"}},
        ]
    )
    later = chat_reacting(
        backend, conversation_id, "Again", deciding(backend, conversation_id, {web_echo: {"decision": "allow"}})
    )
    assert later[-1][0] == "done", later[-1]
    asked = [data["id"] for data in of(later, "tool_approval")]
    assert asked == [call_named(later, web_echo)["id"]]  # only the other server's echo asked
    assert result_of(later, call_named(later, local_echo))["result"] == "again"


# ---- a server that dies in the middle of a reply --------------------------------------------------


@pytest.mark.parametrize("when", ["between_calls", "while_its_tool_runs"])
def test_a_server_that_dies_mid_reply_is_an_error_the_model_reads_and_the_reply_goes_on(two_toolboxes, stand_in, when):
    backend = two_toolboxes()
    local_pid, local_echo, local_slow = (model_name(backend, "local", tool) for tool in ("pid", "echo", "slow"))
    web_echo = model_name(backend, "web", "echo")
    set_approvals(backend, "local", pid="always", slow="always")  # local echo still asks
    set_approvals(backend, "web", echo="always")
    doomed = local_echo if when == "between_calls" else local_slow
    doomed_arguments = {"text": "anyone?"} if when == "between_calls" else {"seconds": 30}
    stand_in.behave(
        tool_steps=[
            [{"name": local_pid, "arguments": {}}],
            [{"name": doomed, "arguments": doomed_arguments}],
            [{"name": web_echo, "arguments": {"text": "still here"}}],
        ],
        text="Carried on.",
    )
    conversation_id = backend.create_conversation()
    killed: list[int] = []

    def end_the_server(events) -> None:
        (pid_call,) = [call for call in of(events, "tool_call") if call["name"] == local_pid]
        pid = int(result_of(events, pid_call)["result"])
        os.kill(pid, signal.SIGKILL)  # as a crash would
        killed.append(pid)

    def react(name: str, data: dict, events) -> None:
        if when == "between_calls" and name == "tool_approval":
            # The reply waits for this decision: the server dies meanwhile, and the backend sees it.
            end_the_server(events)
            backend.wait_for_mcp("local", "failed")
            url = f"/api/conversations/{conversation_id}/tool-calls/{data['id']}"
            assert backend.http.post(url, json={"decision": "allow"}).status_code == 200
        elif when == "while_its_tool_runs" and name == "tool_call" and data["name"] == local_slow:
            end_the_server(events)

    events = chat_reacting(backend, conversation_id, "Carry on", react)
    assert events[-1][0] == "done" and events[-1][1]["status"] == "completed", events[-1]
    assert killed and not is_running(killed[0])

    lost = result_of(events, call_named(events, doomed))
    assert lost["is_error"] is True
    assert "'local'" in lost["result"] and re.search(r"is not connected|was closed", lost["result"]), lost
    still = result_of(events, call_named(events, web_echo))  # the other server, in the same reply
    assert (still["result"], still["is_error"]) == ("still here", False)
    told = [m for m in stand_in.requests()[2]["messages"] if m["role"] == "tool"]
    assert told[-1]["content"] == lost["result"]  # the model read what happened
    stored = backend.messages(conversation_id)[-1]
    assert [step.get("status") for step in stored["steps"]] == ["done", "error", "done", None]

    local = backend.wait_for_mcp("local", "failed")
    assert local["error"] and local["error"].endswith("exited without saying why") and local["tools"] == []
    assert backend.mcp_server("web")["status"] == "connected"

    # A new reply is offered what is there: the web toolbox alone, its tools' own names now.
    stand_in.behave(tool_calls=[{"name": "echo", "arguments": {"text": "plain"}}], text="Fine.")
    set_approvals(backend, "web", echo="always")
    alone = backend.chat(conversation_id, "Echo plain")
    assert sorted(offered(stand_in.requests()[-1])) == sorted(TOOLBOX_TOOLS)
    assert result_of(alone, call_named(alone, "echo"))["result"] == "plain"

    assert switch(backend, "local", True)["status"] in ("starting", "connected")  # the retry
    backend.wait_for_mcp("local")
    local_pid = model_name(backend, "local", "pid")
    stand_in.behave(tool_calls=[{"name": local_pid, "arguments": {}}], text="Back.")
    back = backend.chat(conversation_id, "Who are you now?")
    reborn = result_of(back, call_named(back, local_pid))
    assert reborn["is_error"] is False and int(reborn["result"]) != killed[0] and is_running(int(reborn["result"]))


# ---- a switched-off server -------------------------------------------------------------------------


def test_a_switched_off_servers_tools_are_not_offered_nor_run_until_it_is_on_again(two_toolboxes, stand_in):
    backend = two_toolboxes()
    local_echo = model_name(backend, "local", "echo")
    assert switch(backend, "local", False)["status"] == "disabled"

    stand_in.behave(tool_calls=[{"name": local_echo, "arguments": {"text": "hello?"}}], text="No such tool.")
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Echo")
    assert events[-1][0] == "done", events[-1]
    assert sorted(offered(stand_in.requests()[0])) == sorted(TOOLBOX_TOOLS)  # the web toolbox's, by their own names
    assert [tool["model_name"] for tool in backend.mcp_server("web")["tools"]] == list(TOOLBOX_TOOLS)
    refused = result_of(events, call_named(events, local_echo))
    assert refused["is_error"] is True and f"no tool named {local_echo!r}" in refused["result"]
    assert call_named(events, local_echo)["server"] is None

    switch(backend, "local", True)
    backend.wait_for_mcp("local")
    stand_in.admin("DELETE", "requests")
    stand_in.behave(text="Plain.")
    backend.chat(conversation_id, "And now?")
    names = offered(stand_in.requests()[0])
    assert len(names) == 2 * len(TOOLBOX_TOOLS) and local_echo in names


# ---- a huge result ---------------------------------------------------------------------------------


def test_a_huge_result_is_cut_with_a_note_in_the_event_the_stored_step_and_what_the_model_reads(
    two_toolboxes, stand_in
):
    backend = two_toolboxes(CHAT_MAX_TOOL_RESULT_CHARS=MAX_RESULT_CHARS)
    web_huge = model_name(backend, "web", "huge")
    set_approvals(backend, "web", huge="always")
    stand_in.behave(tool_calls=[{"name": web_huge, "arguments": {"chars": 50_000}}], text="That was long.")
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Say a lot")
    assert events[-1][0] == "done", events[-1]

    result = result_of(events, call_named(events, web_huge))
    text = result["result"]
    assert result["is_error"] is False
    assert text.startswith(("0123456789" * 200)[:MAX_RESULT_CHARS] + "\n[The result was cut here")
    assert f"it has 50000 characters and only the first {MAX_RESULT_CHARS} are shown" in text
    assert len(text) < MAX_RESULT_CHARS + 300  # the note is a sentence, not the rest of the text

    assert backend.messages(conversation_id)[-1]["steps"][0]["result"] == text
    told = stand_in.requests()[1]["messages"][-1]
    assert told["role"] == "tool" and told["content"] == text


# ---- the context figures -----------------------------------------------------------------------------


def test_the_prompt_figures_count_the_tool_definitions_offered(two_toolboxes, stand_in):
    """The context meter goes by LM Studio's count of the last prompt beside the characters the
    backend sent in it: those must include the tools' definitions, as LM Studio's count does."""
    backend = two_toolboxes()
    conversation_id = backend.create_conversation()
    stand_in.behave(text="Hello.")
    with_stats = backend.chat(conversation_id, "Hello")[-1][1]["stats"]
    reply = backend.messages(conversation_id)[-1]
    assert reply["stats"]["prompt_chars"] == with_stats["prompt_chars"]  # as stored
    without = regenerate(backend, conversation_id, reply["id"], mcp_servers=[])  # the same question
    without_stats = without[-1][1]["stats"]
    assert backend.messages(conversation_id)[-1]["stats"]["prompt_chars"] == without_stats["prompt_chars"]

    sent_with, sent_without = stand_in.requests()
    assert sent_with["messages"] == sent_without["messages"]  # the same prompt, but for the tools
    tools = sent_with["body"]["tools"]
    assert len(tools) == 2 * len(TOOLBOX_TOOLS) and "tools" not in sent_without["body"]
    assert with_stats["prompt_chars"] - without_stats["prompt_chars"] == len(json.dumps(tools))
    assert with_stats["prompt_tokens"] - without_stats["prompt_tokens"] == count_prompt_tokens([], tools)


def test_leaving_out_older_messages_makes_room_for_the_tool_definitions(two_toolboxes, stand_in):
    """A history that fits the window alone does not once the tools are sent beside it: the
    backend's own estimate counts them, so the first request it sends already fits."""
    set_models(stand_in, {"id": "small-model", "loaded_context_length": 4096})
    backend = two_toolboxes()
    conversation_id = backend.create_conversation()
    settings = {"model": "small-model", "context_overflow": "truncate_middle"}
    assert backend.http.patch(f"/api/conversations/{conversation_id}", json=settings).status_code == 200
    for index in range(8):  # ~8 x 120 tokens, all of it sent without tools
        backend.chat(conversation_id, f"Question {index}: " + "x" * 400 + " {{stub tokens=2}}", mcp_servers=[])
    backend.chat(conversation_id, "And now? {{stub tokens=2}}", mcp_servers=[])
    history = backend.messages(conversation_id)
    assert history[-1]["trimmed_messages"] is None

    # A window whose room for the prompt holds this history, and half of the tools' definitions.
    measured = history[-3]["stats"]  # what the regenerated reply's estimates will go by
    ratio = measured["prompt_tokens"] / measured["prompt_chars"]
    sent = stand_in.requests()[-1]["messages"]
    tools_tokens = math.ceil(len(json.dumps(function_definitions(backend))) * ratio)
    room = estimate(sent, ratio) + tools_tokens // 2
    window = next(size for size in range(room, 4 * room) if prompt_budget(size, None) >= room)
    set_models(stand_in, {"id": "small-model", "loaded_context_length": window})
    backend.http.get("/api/models/catalog", params={"fresh": True})
    stand_in.admin("DELETE", "requests")

    alone = regenerate(backend, conversation_id, history[-1]["id"], mcp_servers=[])
    assert alone[0][0] == "start" and alone[0][1]["context_length"] == window
    assert alone[-1][0] == "done" and alone[-1][1]["message"]["trimmed_messages"] is None
    with_tools = regenerate(backend, conversation_id, history[-1]["id"])
    assert with_tools[-1][0] == "done", with_tools[-1]
    left_out = with_tools[-1][1]["message"]["trimmed_messages"]
    assert left_out and left_out > 0

    without, first_with = stand_in.requests()  # no refusal from LM Studio, no second try
    assert "tools" not in without["body"] and len(first_with["body"]["tools"]) == 2 * len(TOOLBOX_TOOLS)
    assert len(first_with["messages"]) < len(without["messages"])
    assert count_prompt_tokens(first_with["messages"], first_with["body"]["tools"]) <= window
