"""Shared by the benchmarks: the stand-in and the backend as real processes, SSE clients, figures."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "backend")]

from support import Backend, StandIn, iter_events  # noqa: E402

LOGS = Path(tempfile.gettempdir()) / "client-chat-bench-logs"


def start_stand_in() -> StandIn:
    return StandIn(LOGS)


def start_backend(stand_in: StandIn, **env) -> Backend:
    settings = {
        "LM_STUDIO_URL": stand_in.url,
        "LM_STUDIO_MODEL": "stand-in-7b-instruct",
        "CHAT_DB": "",
        "CHAT_FIRST_TOKEN_TIMEOUT_S": "120",
        "CHAT_STALL_TIMEOUT_S": "120",
    }
    settings.update({key: str(value) for key, value in env.items()})
    return Backend(LOGS, settings)


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def memory_kb(pid: int, field: str) -> int:
    """A figure of /proc/<pid>/status in KiB: VmRSS (resident now), VmHWM (the peak so far)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field}")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def session() -> aiohttp.ClientSession:
    """A client for the benchmarks' plain JSON requests: no connection limit, no timeouts but the
    benchmark's own."""
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=None))


def median(values) -> float:
    return statistics.median(values)


def median_of(runs: list[dict], *path) -> float:
    """The median over repeated runs of one figure, found in each run's nested dict by `path`."""
    values = []
    for run in runs:
        value = run
        for key in path:
            value = value[key]
        values.append(value)
    return median(values)


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def report(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    print(f"\n{title}")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


def verdict(goals: dict[str, bool]) -> int:
    """Print which goals were met; the exit status is non-zero when any was missed."""
    print("\n" + ", ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in goals.items()))
    return 0 if all(goals.values()) else 1


__all__ = [
    "Backend",
    "StandIn",
    "iter_events",
    "start_backend",
    "start_stand_in",
    "rss_mb",
    "cpu_seconds",
    "session",
    "median",
    "percentile",
    "verdict",
]
