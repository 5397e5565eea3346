"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, the server on a
free port of 127.0.0.1 in its own process group, a fresh database per test, all removed after.

Debian's `postgresql` package provides the binaries (tests/run.sh installs it). PostgreSQL
refuses to run as root, so as root the cluster belongs to the package's `postgres` user.
"""

from __future__ import annotations

import asyncio
import glob
import itertools
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import asyncpg

from support import ServerProcess, free_port

SUPERUSER = "chat"


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's binaries, e.g. /usr/lib/postgresql/15/bin."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


class PostgresCluster:
    def __init__(self, log_dir: Path, *, durable: bool = False) -> None:
        bin_dir = postgres_bin()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed: tests/run.sh installs Debian's postgresql package")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="client-chat-pg-"))
        self._names = itertools.count(1)
        run_as: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
            run_as = ["runuser", "-u", "postgres", "--"]
        data = self.root / "data"
        subprocess.run(
            [*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust"]
            + ["--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True,
            capture_output=True,
        )
        settings = ["-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.root}"]
        if not durable:  # tests need no crash safety of PostgreSQL itself; benchmarks measure with it
            settings += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        self.server = ServerProcess(
            "postgres",
            [*run_as, str(bin_dir / "postgres"), "-D", str(data), "-p", str(self.port), *settings],
            cwd=self.root,
            log_dir=log_dir,
            stop_signal=signal.SIGINT,  # PostgreSQL's "fast" shutdown
        )
        self._wait_until_ready()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _wait_until_ready(self, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                asyncio.run(self._execute("SELECT 1"))
                return
            except (OSError, asyncpg.PostgresError):
                if self.server.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"PostgreSQL did not start:\n{self.server.log()}") from None
                time.sleep(0.1)

    async def _execute(self, sql: str) -> None:
        connection = await asyncpg.connect(self.url().replace("postgresql", "postgres"), timeout=5)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    def new_database(self) -> str:
        """The URL of a new, empty database in the cluster."""
        name = f"chat_{next(self._names)}"
        asyncio.run(self._execute(f"CREATE DATABASE {name}"))
        return self.url(name)

    def stop(self) -> None:
        self.server.stop()
        shutil.rmtree(self.root, ignore_errors=True)
