"""A throwaway Redis for the tests: Debian's redis-server on a free port of 127.0.0.1, in its own
process group, nothing written to disk, a fresh database number per test (tests/run.sh installs
the package)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from support import ServerProcess, free_port

DATABASES = 256


class RedisServer:
    def __init__(self, log_dir: Path, port: int | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("Redis is not installed: tests/run.sh installs Debian's redis-server package")
        self.port = port or free_port()
        self.root = Path(tempfile.mkdtemp(prefix="client-chat-redis-"))
        self._numbers = itertools.count(1)
        self.server = ServerProcess(
            "redis",
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--databases",
                str(DATABASES),
                "--dir",
                str(self.root),
            ],  # fmt: skip
            cwd=self.root,
            log_dir=log_dir,
        )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout_s: float = 20) -> None:
        deadline = time.monotonic() + timeout_s
        while self.cli("PING") != "PONG":
            if self.server.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Redis did not start:\n{self.server.log()}")
            time.sleep(0.05)

    def new_url(self) -> str:
        """The URL of a database number no other test uses."""
        return f"redis://127.0.0.1:{self.port}/{next(self._numbers) % DATABASES}"

    def cli(self, *command: str, url: str | None = None) -> str:
        """One command through redis-cli; its answer as text."""
        target = ["-u", url] if url else ["-p", str(self.port)]
        done = subprocess.run(["redis-cli", *target, *command], capture_output=True, text=True, timeout=10)
        return done.stdout.strip()

    def stop(self) -> None:
        self.server.stop()
        shutil.rmtree(self.root, ignore_errors=True)
