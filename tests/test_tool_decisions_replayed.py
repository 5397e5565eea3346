"""A decision is part of the reply's record: a reader that comes (or comes back) after someone
allowed or denied a call replays `tool_decided` after its `tool_approval`, so it never offers the
choice again, also while the allowed tool still runs. Against a real backend, the stand-in and
our toolbox MCP server over Streamable HTTP (every tool asks first: the default)."""

from __future__ import annotations

import threading

from support import iter_events, names, wait_until, write_mcp_config


def of(events, name: str) -> list[dict]:
    return [data for event, data in events if event == name]


def replay_until(backend, conversation_id: str, last: str) -> list[tuple[str, dict]]:
    """The reply's events as a reader arriving now gets them, up to the first `last`."""
    replayed = []
    with backend.http.stream("GET", f"/api/conversations/{conversation_id}/stream") as response:
        assert response.status_code == 200
        for event in iter_events(response.iter_lines()):
            replayed.append(event)
            if event[0] == last:
                return replayed
    raise AssertionError(f"the replay ended without {last}: {names(replayed)}")


def start_reply(backend, conversation_id: str, message: str) -> tuple[threading.Thread, list]:
    seen: list[tuple[str, dict]] = []
    body = {"conversation_id": conversation_id, "message": message}

    def read() -> None:
        with backend.http.stream("POST", "/api/chat/stream", json=body) as response:
            seen.extend(iter_events(response.iter_lines()))

    reader = threading.Thread(target=read)
    reader.start()
    wait_until(lambda: "tool_approval" in names(seen), timeout_s=20, what="the call's approval question")
    return reader, seen


def test_an_allowed_call_is_replayed_as_decided_while_its_tool_runs(start_backend, stand_in, toolbox, tmp_path):
    backend = start_backend(CHAT_MCP_CONFIG=str(write_mcp_config(tmp_path / "mcp.json", {"box": {"url": toolbox.url}})))
    backend.wait_for_mcp("box")
    stand_in.behave(tool_calls=[{"name": "slow", "arguments": {"seconds": 2}}], text="Slept.")
    conversation_id = backend.create_conversation()
    reader, seen = start_reply(backend, conversation_id, "Sleep a little")
    (approval,) = of(seen, "tool_approval")

    decided = backend.http.post(
        f"/api/conversations/{conversation_id}/tool-calls/{approval['id']}", json={"decision": "allow"}
    )
    assert decided.status_code == 200
    # The tool sleeps 2 s: a reader arriving now finds the call decided and no result yet.
    replayed = replay_until(backend, conversation_id, "tool_decided")
    assert names(replayed) == ["start", "tool_call", "tool_approval", "tool_decided"]
    assert of(replayed, "tool_decided") == [{"id": approval["id"], "decision": "allow", "remember": False}]
    assert all("content" not in data and "status" not in data for _, data in replayed[1:])

    reader.join(20)
    assert names(seen) == ["start", "tool_call", "tool_approval", "tool_decided", "tool_result", "message", "done"]
    (result,) = of(seen, "tool_result")
    assert result["outcome"] == "done" and result["is_error"] is False and result["duration_ms"] >= 1900


def test_a_denied_call_is_replayed_as_decided_and_its_result_says_denied(start_backend, stand_in, toolbox, tmp_path):
    backend = start_backend(CHAT_MCP_CONFIG=str(write_mcp_config(tmp_path / "mcp.json", {"box": {"url": toolbox.url}})))
    backend.wait_for_mcp("box")
    stand_in.behave(tool_calls=[{"name": "echo", "arguments": {"text": "hi"}}], text="Fine.")
    conversation_id = backend.create_conversation()
    reader, seen = start_reply(backend, conversation_id, "Echo hi")
    (approval,) = of(seen, "tool_approval")

    body = {"decision": "deny", "remember": True}
    assert (
        backend.http.post(f"/api/conversations/{conversation_id}/tool-calls/{approval['id']}", json=body).status_code
        == 200
    )
    reader.join(20)
    assert of(seen, "tool_decided") == [{"id": approval["id"], "decision": "deny", "remember": True}]
    (result,) = of(seen, "tool_result")
    assert result["outcome"] == "denied" and result["is_error"] is True and result["duration_ms"] is None
    # Once ended, the stored reply says it, and the remembered choice is the tool's rule.
    assert backend.messages(conversation_id)[-1]["steps"][0]["status"] == "denied"
    (echo,) = [tool for tool in backend.mcp_server("box")["tools"] if tool["name"] == "echo"]
    assert echo["approval"] == "never"
