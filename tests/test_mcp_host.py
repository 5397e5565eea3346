"""The MCP host in-process: reading mcp.json, naming tools, and a ToolHub connected to real MCP
servers (the official mcp-server-time over stdio, our toolbox over stdio and Streamable HTTP)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest
import pytest_asyncio

from mcp_host import ToolHub
from mcp_host.config_file import read_config_file
from mcp_host.naming import VALID_NAME, model_names
from mcp_host.results import cut
from mcp_host.servers import file_server_id
from storage import Store
from support import LOGS, TIME_SERVER, TOOLBOX_TOOLS, Toolbox, is_running, stdio_toolbox, write_mcp_config

CALL_TIMEOUT_S = 2.0
MAX_RESULT_CHARS = 1000

# ---- mcp.json ---------------------------------------------------------------------------------


def test_the_config_file_gives_stdio_and_http_servers_with_ids_that_stay_the_same(tmp_path):
    path = write_mcp_config(
        tmp_path / "mcp.json",
        {
            "time": {"command": "uvx", "args": ["mcp-server-time"], "env": {"TZ": "UTC"}, "disabled": False},
            "remote": {"url": "https://tools.example/mcp", "headers": {"Authorization": "Bearer x"}, "type": "http"},
        },
    )
    found = read_config_file(str(path))
    assert found.error is None
    time, remote = found.servers
    assert (time.name, time.transport, time.command, time.args, dict(time.env)) == (
        "time",
        "stdio",
        "uvx",
        ("mcp-server-time",),
        {"TZ": "UTC"},
    )
    assert (remote.transport, remote.url, dict(remote.headers)) == (
        "http",
        "https://tools.example/mcp",
        {"Authorization": "Bearer x"},
    )
    assert {time.source, remote.source} == {"file"}
    assert time.id == file_server_id("time") == read_config_file(str(path)).servers[0].id


def test_a_config_file_that_is_not_json_is_named_with_its_line_and_column(tmp_path):
    path = tmp_path / "mcp.json"
    path.write_text('{\n  "mcpServers": {\n    "time": {"command": "uvx",}\n  }\n}\n')
    found = read_config_file(str(path))
    assert found.servers == ()
    assert found.error.startswith(f"{path} is not valid JSON: line 3, column 31: Expecting property name")


def test_an_entry_that_cannot_be_used_is_left_out_and_the_others_kept(tmp_path):
    path = write_mcp_config(
        tmp_path / "mcp.json",
        {
            "both": {"command": "a", "url": "http://b/mcp"},
            "neither": {"args": ["x"]},
            "old": {"url": "http://c/sse", "type": "sse"},
            "fine": {"command": "fine-server"},
        },
    )
    found = read_config_file(str(path))
    assert [server.name for server in found.servers] == ["fine"]
    assert found.error.startswith(f"{path}: left out server 'both': ")
    assert 'give either "command"' in found.error and "server 'neither'" in found.error
    assert "'old'" in found.error and "not supported" in found.error


def test_a_missing_config_file_or_one_without_servers_says_so(tmp_path):
    assert read_config_file(None).error is None
    missing = tmp_path / "nowhere.json"
    assert read_config_file(str(missing)).error == f"CHAT_MCP_CONFIG names {missing}, which does not exist."
    other = tmp_path / "other.json"
    other.write_text('{"servers": {}}')
    assert read_config_file(str(other)).error == f'{other} has no "mcpServers" object, so it configures no MCP server.'


# ---- names the model sees -----------------------------------------------------------------------


def test_a_unique_valid_tool_name_is_kept_and_shared_names_are_all_qualified():
    names = model_names([("id-a", "alpha", "echo"), ("id-b", "beta", "echo"), ("id-b", "beta", "time_now")])
    assert names == {("id-a", "echo"): "alpha__echo", ("id-b", "echo"): "beta__echo", ("id-b", "time_now"): "time_now"}


def test_names_the_format_refuses_are_made_valid_unique_and_never_shadow_another():
    long_server = "a server with a very long name indeed, far too long for a function name"
    tools = [
        ("id-1", "files", "read.file"),  # a dot is not allowed
        ("id-2", "files", "files__read_file"),  # already the name the first would get
        ("id-3", long_server, "search"),
        ("id-4", "other", "search"),
        ("id-5", "x", "Ünïcode tool"),
    ]
    names = model_names(tools)
    assert len(set(names.values())) == len(tools)
    assert all(VALID_NAME.match(name) for name in names.values())
    assert names[("id-2", "files__read_file")] == "files__read_file"
    assert names[("id-1", "read.file")].startswith("files__read_file_")  # a hash keeps them apart
    assert len(names[("id-3", "search")]) == 64
    assert names == model_names(reversed(tools))  # the order servers connected in does not matter


def test_a_long_result_is_cut_with_a_note_for_the_model():
    assert cut("short", 10) == "short"
    text = cut("x" * 50, 10)
    assert text.startswith("x" * 10 + "\n[The result was cut here: it has 50 characters and only the first 10")


# ---- a hub connected to real servers --------------------------------------------------------------


@pytest.fixture(scope="module")
def http_toolbox():
    server = Toolbox(LOGS)
    yield server
    server.stop()


@pytest_asyncio.fixture
async def store(tmp_path):
    store = await Store.open(str(tmp_path / "chat.db"))
    yield store
    await store.close()


@pytest_asyncio.fixture
async def open_hub(store, tmp_path):
    """Start a ToolHub on an mcp.json with these servers; every hub is closed afterwards."""
    hubs = []

    async def open_hub(servers: dict, **options) -> ToolHub:
        path = write_mcp_config(tmp_path / f"mcp-{len(hubs)}.json", servers)
        hub = ToolHub(
            store.mcp_servers,
            config_path=str(path),
            call_timeout_s=options.get("call_timeout_s", CALL_TIMEOUT_S),
            max_result_chars=MAX_RESULT_CHARS,
        )
        hubs.append(hub)
        await hub.start()
        return hub

    yield open_hub
    for hub in hubs:
        await hub.close()


async def settled(hub: ToolHub, timeout_s: float = 30.0) -> dict:
    """{name: server view} once no server is still starting."""
    async with asyncio.timeout(timeout_s):
        while any(server.status == "starting" for server in hub.servers()):
            await asyncio.sleep(0.05)
    return {server.name: server for server in hub.servers()}


async def status_becomes(hub: ToolHub, name: str, status: str, timeout_s: float = 20.0):
    async with asyncio.timeout(timeout_s):
        while (server := next(s for s in hub.servers() if s.name == name)).status != status:
            await asyncio.sleep(0.05)
    return server


@pytest.mark.asyncio
async def test_both_transports_connect_and_list_their_tools(open_hub, http_toolbox):
    hub = await open_hub({"time": {"command": TIME_SERVER}, "box": {"url": http_toolbox.url}})
    assert {server.status for server in hub.servers()} <= {"starting", "connected"}  # start() did not wait
    servers = await settled(hub)
    assert servers["time"].status == servers["box"].status == "connected"
    assert [tool.name for tool in servers["time"].tools] == ["get_current_time", "convert_time"]
    assert [tool.name for tool in servers["box"].tools] == TOOLBOX_TOOLS
    specs = {spec.name: spec for spec in hub.tools_for(None)}
    assert specs["get_current_time"].server == "time" and specs["echo"].server == "box"
    assert specs["echo"].input_schema["required"] == ["text"]
    assert specs["echo"].approval == "ask"
    assert [spec.tool for spec in hub.tools_for([servers["time"].id])] == ["get_current_time", "convert_time"]
    assert hub.tools_for([]) == []


@pytest.mark.asyncio
async def test_each_tool_answers_as_the_model_should_read_it(open_hub, http_toolbox):
    hub = await open_hub({"time": {"command": TIME_SERVER}, "box": {"url": http_toolbox.url}})
    await settled(hub)

    now = await hub.call("get_current_time", {"timezone": "Europe/Paris"})
    assert not now.is_error and '"timezone": "Europe/Paris"' in now.text
    echoed = await hub.call("echo", {"text": "héllo"})
    assert (echoed.text, echoed.is_error) == ("héllo", False)

    failed = await hub.call("fail", {"reason": "the disk is full"})
    assert failed.is_error and "fail failed because the disk is full" in failed.text

    slow = await hub.call("slow", {"seconds": 10}, timeout_s=0.5)
    assert slow.is_error and "did not answer within 0.5 s" in slow.text

    huge = await hub.call("huge", {"chars": 50_000})
    assert not huge.is_error
    assert huge.text.startswith("0123456789" * 100)
    assert f"it has 50000 characters and only the first {MAX_RESULT_CHARS} are shown" in huge.text

    unknown = await hub.call("teleport", {})
    assert unknown.is_error and "There is no tool named 'teleport'" in unknown.text and "echo" in unknown.text
    wrong = await hub.call("echo", {})  # the server checks the arguments against its schema
    assert wrong.is_error and "text" in wrong.text


@pytest.mark.asyncio
async def test_the_default_timeout_is_chat_tool_timeout_s(open_hub, http_toolbox):
    hub = await open_hub({"box": {"url": http_toolbox.url}}, call_timeout_s=0.3)
    await settled(hub)
    slow = await hub.call("slow", {"seconds": 5})
    assert slow.is_error and "did not answer within 0.3 s (CHAT_TOOL_TIMEOUT_S)" in slow.text


@pytest.mark.asyncio
async def test_servers_that_cannot_start_fail_with_a_sentence_and_the_others_work(open_hub, http_toolbox, free_url):
    hub = await open_hub(
        {
            "complains": {"command": "sh", "args": ["-c", "echo 'no API key in MY_TOKEN' >&2; exit 3"]},
            "missing": {"command": "no-such-mcp-server-anywhere"},
            "nobody": {"url": free_url},
            "box": {"url": http_toolbox.url},
        }
    )
    servers = await settled(hub)
    assert (servers["complains"].status, servers["complains"].error) == ("failed", "sh exited: no API key in MY_TOKEN")
    assert servers["missing"].error == (
        "Could not start 'missing': the command 'no-such-mcp-server-anywhere' was not found "
        "(is it installed, on PATH?)."
    )
    assert servers["nobody"].error.startswith(f"Could not connect to {free_url}: ")
    assert servers["box"].status == "connected"
    assert [spec.server for spec in hub.tools_for(None)] == ["box"] * len(TOOLBOX_TOOLS)
    assert (await hub.call("echo", {"text": "still here"})).text == "still here"


@pytest.fixture
def free_url():
    from support import free_port

    return f"http://127.0.0.1:{free_port()}/mcp"


@pytest.mark.asyncio
async def test_a_stdio_server_that_dies_becomes_failed_and_is_retried_when_switched_on(open_hub):
    hub = await open_hub({"box": stdio_toolbox()})
    server = (await settled(hub))["box"]
    pid = int((await hub.call("pid", {})).text)
    os.kill(pid, signal.SIGKILL)  # as a crash would
    failed = await status_becomes(hub, "box", "failed")
    assert failed.error == f"{os.path.basename(sys.executable)} exited without saying why"
    assert failed.tools == () and hub.tools_for(None) == []
    refused = await hub.call("echo", {"text": "x"})
    assert refused.is_error and "There is no tool named 'echo'" in refused.text

    await hub.update(server.id, enabled=True)  # the retry
    await status_becomes(hub, "box", "connected")
    assert int((await hub.call("pid", {})).text) != pid
    assert (await hub.call("echo", {"text": "back"})).text == "back"


@pytest.mark.asyncio
async def test_an_http_server_that_goes_away_fails_at_the_next_call_with_a_sentence(open_hub):
    toolbox = Toolbox(LOGS)
    try:
        hub = await open_hub({"box": {"url": toolbox.url}})
        await settled(hub)
        toolbox.server.kill()
        gone = await hub.call("echo", {"text": "anyone?"})
        assert gone.is_error and "'box'" in gone.text
        failed = await status_becomes(hub, "box", "failed")
        assert failed.error.startswith(f"Could not connect to {toolbox.url}")
    finally:
        toolbox.stop()


@pytest.mark.asyncio
async def test_tools_sharing_a_name_on_two_servers_are_both_reachable(open_hub, http_toolbox):
    hub = await open_hub({"here": stdio_toolbox(), "there": {"url": http_toolbox.url}})
    await settled(hub)
    names = sorted(spec.name for spec in hub.tools_for(None))
    assert names == sorted(f"{server}__{tool}" for server in ("here", "there") for tool in TOOLBOX_TOOLS)
    here = int((await hub.call("here__pid", {})).text)
    there = int((await hub.call("there__pid", {})).text)
    assert here != there and there == http_toolbox.server.process.pid


@pytest.mark.asyncio
async def test_a_tool_offered_before_a_server_went_away_is_still_called_on_its_own_server(open_hub, http_toolbox):
    hub = await open_hub({"here": stdio_toolbox(), "there": {"url": http_toolbox.url}})
    await settled(hub)
    offered = {spec.name: spec for spec in hub.tools_for(None)}  # what a reply was given
    pid = int((await hub.call(offered["here__pid"], {})).text)
    os.kill(pid, signal.SIGKILL)
    await status_becomes(hub, "here", "failed")
    assert [spec.name for spec in hub.tools_for(None)] == TOOLBOX_TOOLS  # names now

    still = await hub.call(offered["there__echo"], {"text": "still"})
    assert (still.text, still.is_error) == ("still", False)
    gone = await hub.call(offered["here__echo"], {"text": "x"})
    assert gone.is_error and "its MCP server 'here' is not connected (failed: " in gone.text
    await hub.remember(offered["there__echo"], "always")
    assert {spec.name: spec.approval for spec in hub.tools_for(None)}["echo"] == "always"


@pytest.mark.asyncio
async def test_approvals_are_kept_in_the_store_for_the_next_start(open_hub, http_toolbox):
    servers = {"box": {"url": http_toolbox.url}}
    hub = await open_hub(servers)
    await settled(hub)
    await hub.remember("echo", "always")
    await hub.remember("fail", "never")
    refused = await hub.call("fail", {})
    assert refused.is_error and "never" in refused.text
    await hub.close()

    again = await open_hub(servers)
    await settled(again)
    approvals = {spec.name: spec.approval for spec in again.tools_for(None)}
    assert approvals == {tool: "ask" for tool in TOOLBOX_TOOLS} | {"echo": "always", "fail": "never"}


@pytest.mark.asyncio
async def test_closing_the_hub_ends_its_stdio_servers(open_hub):
    hub = await open_hub({"box": stdio_toolbox(), "time": {"command": TIME_SERVER}})
    await settled(hub)
    pid = int((await hub.call("pid", {})).text)
    assert is_running(pid)
    await hub.close()
    assert not is_running(pid)
