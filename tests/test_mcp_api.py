"""/api/mcp/servers on a real backend: what it lists (never a secret), adding, switching, approving
and removing servers, a broken mcp.json, choices kept across a restart, and no stdio server
outliving the backend however it is stopped."""

from __future__ import annotations

import signal
import sys
import time

import pytest

from support import TIME_SERVER, TOOLBOX_TOOLS, child_pids, is_running, stdio_toolbox, wait_until, write_mcp_config

SECRET = "hunter2-do-not-show"


def mcp_config(tmp_path, servers: dict) -> str:
    return str(write_mcp_config(tmp_path / "mcp.json", servers))


def test_servers_are_listed_with_status_and_tools_but_never_secret_values(start_backend, tmp_path, toolbox):
    config = mcp_config(
        tmp_path,
        {
            "time": {"command": TIME_SERVER, "env": {"TIME_TOKEN": SECRET}},
            "box": {"url": toolbox.url, "headers": {"X-Api-Key": SECRET}},
        },
    )
    backend = start_backend(CHAT_MCP_CONFIG=config)
    time_server = backend.wait_for_mcp("time")
    box = backend.wait_for_mcp("box")
    listed = backend.http.get("/api/mcp/servers")
    assert listed.status_code == 200
    assert SECRET not in listed.text
    assert {key: time_server[key] for key in ("transport", "command", "args", "env_names", "source", "enabled")} == {
        "transport": "stdio",
        "command": TIME_SERVER,
        "args": [],
        "env_names": ["TIME_TOKEN"],
        "source": "file",
        "enabled": True,
    }
    assert (box["transport"], box["url"], box["header_names"], box["error"]) == (
        "http",
        toolbox.url,
        ["X-Api-Key"],
        None,
    )
    echo = next(tool for tool in box["tools"] if tool["name"] == "echo")
    assert echo == {
        "name": "echo",
        "model_name": "echo",
        "description": "Answer with the text it was given.",
        "input_schema": echo["input_schema"],
        "approval": "ask",
    }
    assert echo["input_schema"]["properties"]["text"]["type"] == "string"
    health = backend.http.get("/api/health").json()["mcp"]
    assert health == {"config_error": None, "servers": 2, "connected": 2}


def test_a_broken_mcp_json_stops_nothing_and_health_names_the_file_and_line(start_backend, tmp_path):
    path = tmp_path / "mcp.json"
    path.write_text('{\n  "mcpServers": {\n    "time": {"command": "x" "args": []}\n  }\n}\n')
    backend = start_backend(CHAT_MCP_CONFIG=str(path))
    assert backend.http.get("/api/mcp/servers").json() == []
    error = backend.http.get("/api/health").json()["mcp"]["config_error"]
    assert error.startswith(f"{path} is not valid JSON: line 3, column 29: Expecting ',' delimiter")
    assert error in backend.server.log()  # and the log says so too


def test_a_server_added_through_the_api_connects_and_can_be_switched_off_and_on(backend, toolbox):
    created = backend.http.post("/api/mcp/servers", json={"name": "api-box", "url": toolbox.url})
    assert created.status_code == 201, created.text
    server = created.json()
    assert (server["source"], server["transport"], server["enabled"]) == ("api", "http", True)
    assert server["status"] in ("starting", "connected")
    try:
        connected = backend.wait_for_mcp("api-box")
        assert [tool["name"] for tool in connected["tools"]] == TOOLBOX_TOOLS

        off = backend.http.patch(f"/api/mcp/servers/{server['id']}", json={"enabled": False})
        assert off.status_code == 200
        assert (off.json()["status"], off.json()["enabled"], off.json()["tools"]) == ("disabled", False, [])
        on = backend.http.patch(f"/api/mcp/servers/{server['id']}", json={"enabled": True})
        assert on.json()["status"] in ("starting", "connected")
        backend.wait_for_mcp("api-box")
    finally:
        assert backend.http.delete(f"/api/mcp/servers/{server['id']}").status_code == 200
    assert backend.http.patch(f"/api/mcp/servers/{server['id']}", json={"enabled": True}).status_code == 404
    assert all(listed["name"] != "api-box" for listed in backend.http.get("/api/mcp/servers").json())


def test_a_failed_server_is_retried_by_switching_it_on(backend, tmp_path):
    created = backend.http.post("/api/mcp/servers", json={"name": "flaky", "command": "sh", "args": ["-c", "exit 1"]})
    server_id = created.json()["id"]
    try:
        failed = backend.wait_for_mcp("flaky", "failed")
        assert failed["error"] == "sh exited without saying why"
        retried = backend.http.patch(f"/api/mcp/servers/{server_id}", json={"enabled": True})
        assert retried.status_code == 200 and retried.json()["status"] in ("starting", "failed")
    finally:
        backend.http.delete(f"/api/mcp/servers/{server_id}")


@pytest.mark.parametrize(
    ("body", "where", "says"),
    [
        ({"name": "x"}, ["body"], "give either command"),
        ({"name": "x", "command": "a", "url": "http://127.0.0.1/mcp"}, ["body"], "give either command"),
        ({"name": "x", "url": "file:///etc/passwd"}, ["body", "url"], "http:// or https://"),
        ({"name": "x", "url": "http://127.0.0.1/mcp", "env": {"A": "b"}}, ["body"], "args and env go with command"),
        ({"name": "x", "command": "a", "headers": {"A": "b"}}, ["body"], "headers go with url"),
        ({"name": "x", "command": "a", "env": {"NOT VALID": "b"}}, ["body", "env", "NOT VALID", "[key]"], "pattern"),
        (
            {"name": "x", "url": "http://h/mcp", "headers": {"X": "a\r\nInjected: 1"}},
            ["body", "headers", "X"],
            "one line",
        ),
        ({"name": "  ", "command": "a"}, ["body", "name"], "empty"),
        ({"name": "x", "command": "a", "cwd": "/"}, ["body", "cwd"], "Extra inputs"),
    ],
)
def test_a_server_that_cannot_be_added_is_refused_with_a_sentence_naming_the_field(backend, body, where, says):
    response = backend.http.post("/api/mcp/servers", json=body)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == where and says in problem["msg"]


def test_names_are_unique_and_file_servers_cannot_be_removed_here(start_backend, tmp_path, toolbox):
    backend = start_backend(CHAT_MCP_CONFIG=mcp_config(tmp_path, {"box": {"url": toolbox.url}}))
    taken = backend.http.post("/api/mcp/servers", json={"name": "BOX", "url": toolbox.url})
    assert taken.status_code == 409
    assert taken.json()["detail"] == "An MCP server named 'BOX' already exists; choose another name."
    box = backend.wait_for_mcp("box")
    refused = backend.http.delete(f"/api/mcp/servers/{box['id']}")
    assert refused.status_code == 409
    assert (
        "comes from the mcp.json file" in refused.json()["detail"] and '{"enabled": false}' in refused.json()["detail"]
    )
    assert backend.http.delete("/api/mcp/servers/not-an-id").status_code == 404
    unknown_tool = backend.http.patch(
        f"/api/mcp/servers/{box['id']}", json={"tools": {"teleport": {"approval": "always"}}}
    )
    assert unknown_tool.status_code == 422
    assert unknown_tool.json()["detail"].startswith("This server has no tool named 'teleport' (its tools: echo, fail")
    bad_approval = backend.http.patch(
        f"/api/mcp/servers/{box['id']}", json={"tools": {"echo": {"approval": "sometimes"}}}
    )
    assert bad_approval.status_code == 422


def test_a_foreign_page_cannot_add_a_server(backend):
    response = backend.http.post(
        "/api/mcp/servers",
        json={"name": "evil", "command": "sh", "args": ["-c", "touch /tmp/pwned"]},
        headers={"Origin": "http://evil.example"},
    )
    assert response.status_code == 403
    assert "Origin 'http://evil.example' may not change data here" in response.json()["detail"]
    assert all(server["name"] != "evil" for server in backend.http.get("/api/mcp/servers").json())


def test_only_this_machine_may_add_change_or_remove_a_server(start_backend, toolbox):
    backend = start_backend()  # its own: the server added here must not reach other tests' replies
    # uvicorn takes the client's address from X-Forwarded-For when a proxy on 127.0.0.1 sends it:
    # this is how a request from another machine looks behind one (and, bound to the network, without).
    elsewhere = {"X-Forwarded-For": "192.168.1.20"}
    added = backend.http.post("/api/mcp/servers", json={"name": "box", "url": toolbox.url})
    assert added.status_code == 201
    server_id = added.json()["id"]
    attempts = [
        ("POST", "/api/mcp/servers", {"name": "evil", "command": "sh", "args": ["-c", "touch /tmp/pwned"]}),
        ("PATCH", f"/api/mcp/servers/{server_id}", {"enabled": False}),
        ("DELETE", f"/api/mcp/servers/{server_id}", None),
    ]
    for method, path, body in attempts:
        response = backend.http.request(method, path, json=body, headers=elsewhere)
        assert response.status_code == 403, (method, response.text)
        assert "only be added or changed from the machine the chat backend runs on" in response.json()["detail"]
    listed = backend.http.get("/api/mcp/servers", headers=elsewhere)
    assert listed.status_code == 200 and [server["name"] for server in listed.json()] == ["box"]
    assert backend.mcp_server("box")["enabled"] is True


def test_no_env_or_header_value_is_shown_in_a_failure_sentence(start_backend, tmp_path):
    secret = "sk-" + SECRET
    # A server that quotes its token on stderr as it gives up, as many do.
    complains = "import os, sys; sys.stderr.write('rejected key ' + os.environ['API_KEY'] + chr(10)); sys.exit(3)"
    config = mcp_config(
        tmp_path, {"leaky": {"command": sys.executable, "args": ["-c", complains], "env": {"API_KEY": secret}}}
    )
    leaky = start_backend(CHAT_MCP_CONFIG=config).wait_for_mcp("leaky", "failed")
    assert secret not in leaky["error"] and "rejected key …" in leaky["error"]

    # A header value an HTTP client would refuse (and quote) is refused first, without quoting it.
    pasted = {"name": "pasted", "url": "http://127.0.0.1:9/mcp", "headers": {"Authorization": f"Bearer {secret} "}}
    refused = start_backend().http.post("/api/mcp/servers", json=pasted)
    assert refused.status_code == 422 and secret not in refused.text
    assert "must not begin or end with a space or tab" in refused.text
    in_file = mcp_config(
        tmp_path, {"pasted": {"url": "http://127.0.0.1:9/mcp", "headers": {"Authorization": f" {secret}"}}}
    )
    health = start_backend(CHAT_MCP_CONFIG=in_file).http.get("/api/health").json()
    assert 'header "Authorization" begins or ends with a space or tab' in health["mcp"]["config_error"]
    assert secret not in str(health)


def test_approvals_switches_and_added_servers_survive_a_restart(start_backend, tmp_path, toolbox):
    database = str(tmp_path / "chat.db")
    env = {"CHAT_DB": database, "CHAT_MCP_CONFIG": mcp_config(tmp_path, {"time": {"command": TIME_SERVER}})}
    backend = start_backend(**env)
    time_server = backend.wait_for_mcp("time")
    changed = backend.http.patch(
        f"/api/mcp/servers/{time_server['id']}",
        json={"tools": {"get_current_time": {"approval": "always"}, "convert_time": {"approval": "never"}}},
    )
    assert [tool["approval"] for tool in changed.json()["tools"]] == ["always", "never"]
    added = backend.http.post("/api/mcp/servers", json={"name": "box", "url": toolbox.url, "headers": {"X-K": "v"}})
    backend.wait_for_mcp("box")
    backend.http.patch(f"/api/mcp/servers/{added.json()['id']}", json={"enabled": False})
    backend.stop()

    restarted = start_backend(**env)
    time_again = restarted.wait_for_mcp("time")
    assert time_again["id"] == time_server["id"]
    assert [(tool["name"], tool["approval"]) for tool in time_again["tools"]] == [
        ("get_current_time", "always"),
        ("convert_time", "never"),
    ]
    box = restarted.wait_for_mcp("box", "disabled")
    assert (box["source"], box["url"], box["header_names"], box["enabled"]) == ("api", toolbox.url, ["X-K"], False)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_no_stdio_server_outlives_the_backend(start_backend, tmp_path, signum):
    config = mcp_config(tmp_path, {"time": {"command": TIME_SERVER}, "box": stdio_toolbox()})
    backend = start_backend(CHAT_MCP_CONFIG=config)
    backend.wait_for_mcp("time")
    backend.wait_for_mcp("box")
    children = child_pids(backend.server.process.pid)
    assert len(children) == 2 and all(is_running(pid) for pid in children)
    began = time.monotonic()
    backend.server.process.send_signal(signum)  # the backend alone: its servers have their own sessions
    backend.server.process.wait(timeout=30)
    assert time.monotonic() - began < 15
    wait_until(lambda: not any(is_running(pid) for pid in children), 5, "the MCP servers ending")
