"""Helpers shared by the tests: free ports, server processes in their own process group, SSE parsing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2

from fake_lmstudio import DEFAULT_MODELS

ROOT = Path(__file__).resolve().parent.parent
BACKEND_DIR = ROOT / "backend"
STAND_IN = ROOT / "tests" / "fake_lmstudio.py"
ARTIFACTS = ROOT / "tests" / "artifacts"
LOGS = ARTIFACTS / "logs"
# MCP servers the tests connect to: the official time server (from PyPI, in the tests' venv) and
# our own toolbox (tests/mcp_servers/toolbox.py), over stdio or Streamable HTTP.
TIME_SERVER = str(Path(sys.executable).parent / "mcp-server-time")
TOOLBOX = str(ROOT / "tests" / "mcp_servers" / "toolbox.py")
TOOLBOX_TOOLS = ["echo", "fail", "slow", "huge", "pid", "learn"]  # as it lists them, before any `learn`


def backend_env(stand_in_url: str, **overrides) -> dict:
    env = {
        "LM_STUDIO_URL": stand_in_url,
        "LM_STUDIO_MODEL": "",
        "CHAT_DB": "",
        "CHAT_FIRST_TOKEN_TIMEOUT_S": "30",
        "CHAT_STALL_TIMEOUT_S": "30",
    }
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """A server started in its own process group; stop() ends exactly that group."""

    def __init__(
        self,
        name: str,
        args: list[str],
        *,
        cwd: Path,
        env: dict | None = None,
        log_dir: Path,
        stop_signal: int = signal.SIGTERM,
        unset_env: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.stop_signal = stop_signal
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"{name}-{time.time_ns()}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            args,
            cwd=cwd,
            # The test's environment, less what the server must not inherit, then what it is given.
            env={**{name: value for name, value in os.environ.items() if name not in unset_env}, **(env or {})},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_ready(self, url: str, timeout_s: float = 20.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log()}")
            try:
                httpx2.get(url, timeout=1.0)
                return
            except httpx2.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer at {url} within {timeout_s} s:\n{self.log()}")

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        self._signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self._signal(self.stop_signal)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait(timeout=10)
        if not self._log.closed:
            self._log.close()

    def _signal(self, signum: int) -> None:
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass


class StandIn:
    """The LM Studio stand-in running as its own process on a free port."""

    def __init__(self, log_dir: Path, port: int | None = None, args: tuple[str, ...] = ()) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.server = ServerProcess(
            "stand-in",
            [sys.executable, str(STAND_IN), "--port", str(self.port), "--delay", "0", "--tokens", "20", *args],
            cwd=ROOT,
            log_dir=log_dir,
        )
        # Any answer will do, a 401 from a stand-in that wants a token included.
        self.server.wait_until_ready(f"{self.url}/models")

    def admin(self, method: str, path: str, payload=None):
        response = httpx2.request(method, f"http://127.0.0.1:{self.port}/_stub/{path}", json=payload, timeout=5)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        self.admin("DELETE", "requests")
        self.admin("DELETE", "loads")
        self.admin("DELETE", "behaviour")
        self.admin("PUT", "models", {"models": DEFAULT_MODELS})
        self.admin("PUT", "native_api", {"version": "v1"})
        self.admin("PUT", "token", {"token": None})

    def behave(self, **behaviour) -> None:
        self.admin("PUT", "behaviour", behaviour)

    def requests(self) -> list[dict]:
        return self.admin("GET", "requests")

    def loads(self) -> list[dict]:
        """The load and unload requests seen, with their answers' statuses."""
        return self.admin("GET", "loads")

    def wait_for_request(self, predicate, timeout_s: float = 5.0) -> dict:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for record in self.requests():
                if predicate(record):
                    return record
            time.sleep(0.02)
        raise AssertionError(f"the stand-in saw no matching request within {timeout_s} s: {self.requests()}")

    def stop(self) -> None:
        self.server.stop()


class Toolbox:
    """The toolbox MCP server over Streamable HTTP on a free port, as its own process group."""

    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/mcp"
        self.server = ServerProcess(
            "mcp-toolbox", [sys.executable, TOOLBOX, "--port", str(self.port)], cwd=ROOT, log_dir=log_dir
        )
        self.server.wait_until_ready(self.url)

    def stop(self) -> None:
        self.server.stop()


def stdio_toolbox(**extra) -> dict:
    """An mcp.json entry that runs the toolbox over stdio."""
    return {"command": sys.executable, "args": [TOOLBOX, "--stdio"], **extra}


def write_mcp_config(path: Path, servers: dict) -> Path:
    path.write_text(json.dumps({"mcpServers": servers}, indent=2))
    return path


def child_pids(pid: int) -> set[int]:
    """The processes `pid` started (Linux's /proc), whatever their process group."""
    children = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children.update(int(child) for child in (task / "children").read_text().split())
    return children


def is_running(pid: int) -> bool:
    """Alive, and not a zombie waiting for its parent to read its exit status."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def wait_until(predicate, timeout_s: float = 20.0, what: str = "the condition"):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout_s} s")


class Backend:
    """The real backend under uvicorn on a free port."""

    def __init__(self, log_dir: Path, env: dict) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.server = ServerProcess(
            "backend",
            [sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=BACKEND_DIR,
            env=env,
            log_dir=log_dir,
        )
        self.server.wait_until_ready(f"{self.url}/")
        self.http = httpx2.Client(base_url=self.url, timeout=30)

    def create_conversation(self, **body) -> str:
        response = self.http.post("/api/conversations", json=body)
        assert response.status_code == 200, response.text
        return response.json()["id"]

    def messages(self, conversation_id: str) -> list[dict]:
        response = self.http.get(f"/api/conversations/{conversation_id}/messages")
        assert response.status_code == 200, response.text
        return response.json()

    def chat(self, conversation_id: str, message: str, **options) -> list[tuple[str, dict]]:
        """Send a message and read the whole event stream."""
        body = {"conversation_id": conversation_id, "message": message, **options}
        with self.http.stream("POST", "/api/chat/stream", json=body) as response:
            assert response.status_code == 200, response.read()
            return list(iter_events(response.iter_lines()))

    def mcp_server(self, name: str) -> dict:
        servers = self.http.get("/api/mcp/servers").json()
        return next(server for server in servers if server["name"] == name)

    def wait_for_mcp(self, name: str, status: str = "connected", timeout_s: float = 30.0) -> dict:
        """The MCP server once it has that status (it connects in the background)."""
        return wait_until(
            lambda: (server := self.mcp_server(name))["status"] == status and server,
            timeout_s,
            f"MCP server {name!r} becoming {status}",
        )

    def stop(self) -> None:
        self.http.close()
        self.server.stop()


def iter_events(lines):
    """Parse SSE lines into (event, data) pairs; comments (pings) are skipped."""
    name, data = "message", []
    for line in lines:
        if line == "":
            if data:
                yield name, json.loads("\n".join(data))
            name, data = "message", []
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip(" "))
    if data:
        yield name, json.loads("\n".join(data))


def text_of(events, kind: str = "message") -> str:
    key = "content" if kind == "message" else "reasoning"
    return "".join(data[key] for name, data in events if name == kind)


def error_of(events) -> dict:
    """The `error` event a stream ended with (the test fails if it ended otherwise)."""
    assert events[-1][0] == "error", events
    return events[-1][1]


def names(events) -> list[str]:
    """Event names with runs of deltas collapsed: ['start', 'message', 'done']."""
    collapsed: list[str] = []
    for name, _ in events:
        if not collapsed or collapsed[-1] != name or name not in ("message", "reasoning"):
            collapsed.append(name)
    return collapsed
