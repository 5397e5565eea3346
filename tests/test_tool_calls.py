"""Replies that take steps, on a backend with no MCP server configured (so no tools): a model that
calls a tool anyway is told there is none and answers; calls are read from LM Studio's stream
in every form it sends them; the steps are stored, sent back on later turns, regenerated, copied
and exported; and a reply that keeps calling stops at CHAT_MAX_TOOL_STEPS, saying so."""

from __future__ import annotations

import json
import threading
import time

import pytest

from fake_lmstudio import reply_text
from support import error_of, iter_events, names, text_of

ECHO_HI = {"name": "echo", "arguments": {"text": "hi"}}


def of(events, name: str) -> list[dict]:
    return [data for event, data in events if event == name]


def reply_of(backend, conversation_id: str) -> dict:
    return backend.messages(conversation_id)[-1]


def test_a_call_without_tools_is_answered_as_an_unknown_tool_and_the_reply_goes_on(backend, stand_in):
    stand_in.behave(tool_calls=[ECHO_HI])
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Echo hi")
    assert names(events) == ["start", "tool_call", "tool_result", "message", "done"]
    (call,) = of(events, "tool_call")
    assert call["name"] == "echo" and call["server"] is None and json.loads(call["arguments"]) == {"text": "hi"}
    assert call["id"].isdigit()  # LM Studio's own id
    (result,) = of(events, "tool_result")
    assert result["id"] == call["id"] and result["is_error"] is True and result["duration_ms"] is None
    assert result["outcome"] == "error"
    assert "no tool named 'echo'" in result["result"]
    assert all("content" not in data for name, data in events if name.startswith("tool_"))
    assert text_of(events) == reply_text(20)

    first, second = stand_in.requests()
    assert "tools" not in first["body"]  # nothing offered without a hub
    assert second["messages"][-2:] == [
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"id": call["id"], "type": "function", "function": {"name": "echo", "arguments": call["arguments"]}}
            ],
        },
        {"role": "tool", "tool_call_id": call["id"], "content": result["result"]},
    ]
    stored = reply_of(backend, conversation_id)
    assert stored["content"] == reply_text(20) and stored["status"] == "complete"
    assert stored["steps"] == [
        {
            "type": "tool_call",
            "id": call["id"],
            "name": "echo",
            "server": None,
            "arguments": call["arguments"],
            "status": "error",
            "result": result["result"],
            "duration_ms": None,
        },
        {"type": "text", "text": reply_text(20)},
    ]
    assert of(events, "done")[0]["message"]["steps"] == stored["steps"]


@pytest.mark.parametrize("style", ["pieces", "one_chunk", "empty_names"])
def test_parallel_calls_are_read_by_index_however_lm_studio_streams_them(backend, stand_in, style):
    calls = [{"name": "add", "arguments": {"a": 1, "b": 2}}, {"name": "echo", "arguments": {"text": "two words"}}]
    stand_in.behave(tool_calls=calls, tool_call_style=style)
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Do both")
    announced = of(events, "tool_call")
    assert [(c["name"], json.loads(c["arguments"])) for c in announced] == [
        ("add", {"a": 1, "b": 2}),
        ("echo", {"text": "two words"}),
    ]
    assert names(events) == ["start", "tool_call", "tool_result", "tool_call", "tool_result", "message", "done"]
    asked, *answers = stand_in.requests()[1]["messages"][-3:]
    assert [c["id"] for c in asked["tool_calls"]] == [c["id"] for c in announced]
    assert [a["tool_call_id"] for a in answers] == [c["id"] for c in announced]


def test_text_before_the_calls_is_a_step_and_the_next_turn_sends_the_steps_back(backend, stand_in):
    stand_in.behave(tool_steps=[{"text": "Let me check.", "calls": [ECHO_HI]}], text="It says hi.")
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Echo hi")
    assert text_of(events) == "Let me check.It says hi."
    stored = reply_of(backend, conversation_id)
    assert stored["content"] == "Let me check.It says hi."
    assert [s["type"] for s in stored["steps"]] == ["text", "tool_call", "text"]
    assert stored["steps"][0]["text"] == "Let me check." and stored["steps"][2]["text"] == "It says hi."
    (call,) = of(events, "tool_call")

    stand_in.behave(text="Plain.")
    backend.chat(conversation_id, "And now?")
    history = stand_in.requests()[-1]["messages"]
    assert [m["role"] for m in history] == ["user", "assistant", "tool", "assistant", "user"]
    assert history[1]["content"] == "Let me check." and history[1]["tool_calls"][0]["id"] == call["id"]
    assert history[2]["tool_call_id"] == call["id"]
    assert history[3] == {"role": "assistant", "content": "It says hi."}
    assert all(m["content"] is not None for m in history)


def test_a_call_first_then_nothing_but_calls_sends_empty_content_never_null(backend, stand_in):
    stand_in.behave(tool_steps=[[ECHO_HI], [ECHO_HI]], text="Done.")
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "Twice")
    stand_in.behave(text="Later.")
    backend.chat(conversation_id, "Again")
    history = stand_in.requests()[-1]["messages"]
    assert [m["role"] for m in history] == ["user", "assistant", "tool", "tool", "assistant", "user"]
    assert history[1]["content"] == "" and len(history[1]["tool_calls"]) == 2


def test_a_model_that_keeps_calling_stops_after_the_most_steps_and_says_so(backend, stand_in):
    stand_in.behave(tool_steps=[[ECHO_HI]] * 12)
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Loop")
    failure = error_of(events)
    assert failure["code"] == "tool_steps_exhausted"
    assert "10 times" in failure["error"] and "CHAT_MAX_TOOL_STEPS" in failure["error"]
    assert len(stand_in.requests()) == 10
    assert len(of(events, "tool_result")) == 10
    stored = reply_of(backend, conversation_id)
    assert stored["status"] == "interrupted" and stored["error"] == failure["error"]
    assert [s["type"] for s in stored["steps"]] == ["tool_call"] * 10
    assert len({s["id"] for s in stored["steps"]}) == 10  # every call its own id
    assert failure["message"]["steps"] == stored["steps"]


def test_regenerate_redoes_the_whole_reply_as_a_new_branch(backend, stand_in):
    stand_in.behave(tool_calls=[ECHO_HI], text="First.")
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "Echo hi")
    first = reply_of(backend, conversation_id)
    stand_in.admin("DELETE", "requests")
    stand_in.behave(tool_calls=[{"name": "add", "arguments": {"a": 1, "b": 1}}], text="Second.")
    url = f"/api/conversations/{conversation_id}/messages/{first['id']}/regenerate"
    with backend.http.stream("POST", url) as response:
        assert response.status_code == 200
        events = list(iter_events(response.iter_lines()))
    assert [c["name"] for c in of(events, "tool_call")] == ["add"]
    first_request = stand_in.requests()[0]["messages"]
    assert [m["role"] for m in first_request] == ["user"]  # the earlier reply's steps stay out
    again = reply_of(backend, conversation_id)
    assert again["id"] != first["id"] and again["sibling_ids"] == [first["id"], again["id"]]
    assert [s.get("name") for s in again["steps"]] == ["add", None] and again["content"] == "Second."


def test_stop_while_the_answer_after_a_call_streams_keeps_the_call_and_the_text_so_far(backend, stand_in):
    stand_in.behave(tool_calls=[ECHO_HI], tokens=200, delay=0.02)
    conversation_id = backend.create_conversation()
    seen: list[tuple[str, dict]] = []
    body = {"conversation_id": conversation_id, "message": "Echo, then talk"}

    def read() -> None:
        with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
            seen.extend(iter_events(response.iter_lines()))

    reader = threading.Thread(target=read)
    reader.start()
    deadline = time.monotonic() + 10
    while not [name for name, _ in seen if name == "message"] and time.monotonic() < deadline:
        time.sleep(0.02)
    # The reader sees events in batches; wait until LM Studio is asked the second time and writing.
    stand_in.wait_for_request(lambda r: r["tokens_sent"] >= 3 and r["messages"][-1]["role"] == "tool")
    stopped = backend.http.post(f"/api/conversations/{conversation_id}/stop").json()
    reader.join(10)
    assert stopped["status"] == "stopped"
    done = seen[-1]
    assert done[0] == "done" and done[1]["status"] == "stopped"
    stored = reply_of(backend, conversation_id)
    assert stored["status"] == "stopped"
    call, text = stored["steps"]
    assert call["type"] == "tool_call" and call["status"] == "error"
    assert text["type"] == "text" and text["text"] == stored["content"] and stored["content"]


def test_fork_copies_the_steps_and_exports_show_each_call_and_its_result(backend, stand_in):
    stand_in.behave(tool_steps=[{"text": "Checking.", "calls": [ECHO_HI]}], text="Said hi.")
    conversation_id = backend.create_conversation()
    backend.chat(conversation_id, "Echo hi")
    stored = reply_of(backend, conversation_id)
    fork = backend.http.post(f"/api/conversations/{conversation_id}/fork", json={"message_id": stored["id"]})
    assert fork.status_code == 200
    assert reply_of(backend, fork.json()["id"])["steps"] == stored["steps"]

    exported = backend.http.get(f"/api/conversations/{conversation_id}/export?format=json").json()
    assert exported["messages"][-1]["steps"] == stored["steps"]
    markdown = backend.http.get(f"/api/conversations/{conversation_id}/export?format=markdown").text
    assert "Checking." in markdown and "Said hi." in markdown
    assert "**Tool call: echo**" in markdown and '{"text": "hi"}' in markdown
    assert "no tool named" in markdown
    assert markdown.index("Checking.") < markdown.index("**Tool call: echo**") < markdown.index("Said hi.")


def test_tool_servers_are_a_setting_of_defaults_presets_and_conversations(backend, stand_in):
    conversation_id = backend.create_conversation()
    changed = backend.http.patch(f"/api/conversations/{conversation_id}", json={"mcp_servers": ["files", "web"]})
    assert changed.status_code == 200 and changed.json()["mcp_servers"] == ["files", "web"]
    assert backend.http.get(f"/api/conversations/{conversation_id}").json()["mcp_servers"] == ["files", "web"]
    cleared = backend.http.patch(f"/api/conversations/{conversation_id}", json={"mcp_servers": None})
    assert cleared.json()["mcp_servers"] is None  # every enabled server
    preset = backend.http.post("/api/presets", json={"name": "No tools", "mcp_servers": []})
    assert preset.status_code == 201 and preset.json()["mcp_servers"] == []
    taken = backend.http.patch(f"/api/conversations/{conversation_id}", json={"preset_id": preset.json()["id"]})
    assert taken.json()["mcp_servers"] == []
    assert backend.http.put("/api/settings", json={"mcp_servers": ["files"]}).json()["mcp_servers"] == ["files"]
    assert backend.http.get("/api/settings").json()["mcp_servers"] == ["files"]
    backend.http.put("/api/settings", json={})
    refused = backend.http.patch(f"/api/conversations/{conversation_id}", json={"mcp_servers": [""]})
    assert refused.status_code == 422


def test_a_decision_when_nothing_waits_is_409_and_an_unknown_conversation_404(backend):
    conversation_id = backend.create_conversation()
    answer = backend.http.post(f"/api/conversations/{conversation_id}/tool-calls/123", json={"decision": "allow"})
    assert answer.status_code == 409 and "No tool call waits" in answer.json()["detail"]
    unknown = backend.http.post(
        "/api/conversations/00000000-0000-4000-8000-000000000000/tool-calls/123", json={"decision": "deny"}
    )
    assert unknown.status_code == 404
    wrong = backend.http.post(f"/api/conversations/{conversation_id}/tool-calls/123", json={"decision": "maybe"})
    assert wrong.status_code == 422


def test_call_ids_are_made_unique_in_a_step_and_usable_in_a_url(backend, stand_in):
    calls = [{**ECHO_HI, "id": "same"}, {**ECHO_HI, "id": "same"}, {**ECHO_HI, "id": "a/b"}]
    stand_in.behave(tool_calls=calls)
    conversation_id = backend.create_conversation()
    events = backend.chat(conversation_id, "Echo thrice")
    ids = [data["id"] for name, data in events if name == "tool_call"]
    assert ids == ["same", "same-2", "call-1"]
    assert [data["id"] for name, data in events if name == "tool_result"] == ids
    asked, *told = stand_in.requests()[1]["messages"][-4:]
    assert [call["id"] for call in asked["tool_calls"]] == ids
    assert [message["tool_call_id"] for message in told] == ids
    assert [step["id"] for step in reply_of(backend, conversation_id)["steps"] if step["type"] == "tool_call"] == ids
