"""A connected MCP server whose tools change: the backend hears the server say so, lists its tools
again, shows the new one in /api/mcp/servers and offers it to LM Studio from the next reply on.

The toolbox's `learn` tool gains a tool while it runs and tells the client, over Streamable HTTP
(a toolbox of the test's own, since the session's must keep its tools) and over stdio."""

from __future__ import annotations

import pytest

from support import LOGS, Toolbox, stdio_toolbox, wait_until, write_mcp_config

LEARN_SHOUT = {"name": "learn", "arguments": {"name": "shout"}}


@pytest.fixture(params=["http", "stdio"])
def changing_toolbox(request):
    """An mcp.json entry for a toolbox no other test shares, as each transport reaches it."""
    if request.param == "stdio":
        yield stdio_toolbox()
        return
    server = Toolbox(LOGS)
    yield {"url": server.url}
    server.stop()


def tool_names(server: dict) -> list[str]:
    return [tool["name"] for tool in server["tools"]]


def knows_shout(server: dict) -> dict | None:
    return server if "shout" in tool_names(server) else None


def offered_names(request: dict) -> list[str]:
    return [tool["function"]["name"] for tool in request["body"].get("tools", [])]


def test_a_tool_the_server_gains_is_listed_and_offered_in_the_next_reply(
    changing_toolbox, start_backend, stand_in, tmp_path
):
    config = write_mcp_config(tmp_path / "mcp.json", {"box": changing_toolbox})
    backend = start_backend(CHAT_MCP_CONFIG=str(config))
    box = backend.wait_for_mcp("box")
    assert "shout" not in tool_names(box)
    backend.http.patch(f"/api/mcp/servers/{box['id']}", json={"tools": {"learn": {"approval": "always"}}})
    stand_in.behave(tool_calls=[LEARN_SHOUT], text="I can shout now.")
    conversation_id = backend.create_conversation()

    events = backend.chat(conversation_id, "Learn to shout")
    (result,) = [data for name, data in events if name == "tool_result"]
    assert (result["result"], result["is_error"]) == ("shout", False)
    assert "shout" not in offered_names(stand_in.requests()[0])

    box = wait_until(lambda: knows_shout(backend.mcp_server("box")), 10, "the learned tool being listed")
    shout = next(tool for tool in box["tools"] if tool["name"] == "shout")
    assert (shout["model_name"], shout["approval"]) == ("shout", "ask")
    assert shout["description"] == "Learned while running: answers with its text."
    assert shout["input_schema"]["required"] == ["text"]

    stand_in.admin("DELETE", "requests")
    stand_in.behave(text="Shouting is possible.")
    backend.chat(conversation_id, "What can you do now?")
    (next_reply,) = stand_in.requests()
    assert "shout" in offered_names(next_reply) and "learn" in offered_names(next_reply)
