#!/usr/bin/env python3
"""Relay overhead: the LM Studio stand-in streamed straight to a client vs. the same stream through
the backend, measured side by side in one run, as an outside client would see it: lean raw-socket
readers on both sides (sse_client.py), fresh backends, no call the page would not make first, and
loads that arrive all at once. Prints ratios; exits non-zero when a goal is missed.

Goals (medians of --repeat runs), on each store (in memory, and a SQLite file):
  - backend CPU (from /proc) per created conversation <= 2 ms, per short reply (3 tokens) <= 4 ms;
  - a warm reply's first token within +3 ms of direct;
  - the first message to a fresh backend, sent as soon as it answers GET /, within +50 ms;
  - 32 conversations at 100 tokens/s started at the same instant: median first token within
    +20 ms of direct, wall time <= 1.05x, p99 gap between tokens within +10 ms;
  - 200 conversations at 50 tokens/s started at the same instant: every reply intact, wall <= 1.3x;
  - one fast 5,000-token stream relayed at >= 0.25x the direct tokens/s.

Run:  tests/.venv/bin/python bench/relay.py [--repeat 3] [--stores memory,sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from harness import cpu_seconds, median, median_of, percentile, report, start_backend, start_stand_in, verdict
from sse_client import KeptAlive, prepare

FAST_TOKENS = 5000
TTFT_RUNS = 40
CPU_RUNS = 200
SHORT_REPLY = "{{stub tokens=3}}"


@dataclass(frozen=True)
class Load:
    name: str
    conversations: int
    tokens: int
    delay_s: float
    max_wall_ratio: float
    max_gap_delta_ms: float | None
    max_first_token_delta_ms: float | None


LOADS = [
    Load("32 at 100 tok/s", 32, 100, 0.01, 1.05, 10.0, 20.0),  # LM Studio's realistic parallel load
    Load("200 at 50 tok/s", 200, 100, 0.02, 1.3, None, None),  # stress
]


class Timeline:
    """When each token of one reply arrived (the stand-in's tokens are words ending in a space)."""

    def __init__(self) -> None:
        self.started = 0.0
        self.arrivals: list[float] = []
        self.text: list[str] = []

    def add(self, text: str, arrived: float) -> None:
        self.text.append(text)
        self.arrivals.extend([arrived] * text.count(" "))

    @property
    def first_token_s(self) -> float:
        return self.arrivals[0] - self.started

    @property
    def last_token_s(self) -> float:
        return self.arrivals[-1] - self.started

    def gaps_ms(self) -> list[float]:
        return [(b - a) * 1000 for a, b in zip(self.arrivals, self.arrivals[1:], strict=False)]


def direct_request(stand_in_url: str, directive: str) -> tuple[str, bytes]:
    """What the backend sends LM Studio for one message, sent straight to the stand-in."""
    body = {
        "model": "stand-in-7b-instruct",
        "messages": [{"role": "user", "content": directive}],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    return f"{stand_in_url}/chat/completions", json.dumps(body).encode()


def relayed_request(backend_url: str, conversation_id: str, directive: str) -> tuple[str, bytes]:
    body = {"conversation_id": conversation_id, "message": directive}
    return f"{backend_url}/api/chat/stream", json.dumps(body).encode()


async def read_direct(prepared) -> Timeline:
    """LM Studio's chunks, decoded as the backend decodes them."""
    timeline = Timeline()
    timeline.started = time.perf_counter()
    prepared.send()
    async for arrived, line in prepared.lines():
        if not line.startswith(b"data: ") or line == b"data: [DONE]":
            continue
        choices = json.loads(line[6:]).get("choices")
        content = choices[0]["delta"].get("content") if choices else None
        if content:
            timeline.add(content, arrived)
    return timeline


async def read_relayed(prepared) -> Timeline:
    timeline = Timeline()
    timeline.started = time.perf_counter()
    prepared.send()
    event = None
    async for arrived, line in prepared.lines():
        if line.startswith(b"event: "):
            event = line[7:]
        elif line.startswith(b"data: ") and event == b"message":
            timeline.add(json.loads(line[6:])["content"], arrived)
    return timeline


# Sequential requests share one connection per server, as a page keeps its connection open
# (one client per event loop: see `run`).
CLIENT = KeptAlive()


def run(measurement, *args):
    """One measurement in an event loop of its own, with its own connections."""

    async def with_connections():
        global CLIENT
        CLIENT = KeptAlive()
        try:
            return await measurement(*args)
        finally:
            CLIENT.close()

    return asyncio.run(with_connections())


async def direct(stand_in_url: str, directive: str) -> Timeline:
    return await read_direct(await CLIENT.prepare(*direct_request(stand_in_url, directive)))


async def relayed(backend_url: str, conversation_id: str, directive: str) -> Timeline:
    return await read_relayed(await CLIENT.prepare(*relayed_request(backend_url, conversation_id, directive)))


async def create_conversation(backend_url: str) -> str:
    prepared = await CLIENT.prepare(f"{backend_url}/api/conversations", b"{}")
    prepared.send()
    body = b"".join([line async for _, line in prepared.lines()])
    return json.loads(body)["id"]


async def cpu_per_call(stand_in, backend) -> dict:
    """A fresh backend's CPU for CPU_RUNS created conversations, then CPU_RUNS short replies."""
    pid = backend.server.process.pid
    before = cpu_seconds(pid)
    ids = [await create_conversation(backend.url) for _ in range(CPU_RUNS)]
    created = cpu_seconds(pid)
    for conversation_id in ids:
        timeline = await relayed(backend.url, conversation_id, SHORT_REPLY)
        assert len(timeline.arrivals) == 3, timeline.text
    replied = cpu_seconds(pid)
    return {"create_ms": (created - before) / CPU_RUNS * 1000, "reply_ms": (replied - created) / CPU_RUNS * 1000}


async def warm_first_token(stand_in, backend) -> dict:
    ids = [await create_conversation(backend.url) for _ in range(TTFT_RUNS)]
    direct_ms, relayed_ms = [], []
    for conversation_id in ids:  # interleaved, so noise hits both alike
        direct_ms.append((await direct(stand_in.url, SHORT_REPLY)).first_token_s * 1000)
        relayed_ms.append((await relayed(backend.url, conversation_id, SHORT_REPLY)).first_token_s * 1000)
    return {"direct": median(direct_ms), "relayed": median(relayed_ms)}


async def fast_stream(stand_in, backend) -> dict:
    from fake_lmstudio import reply_text

    directive = f"{{{{stub tokens={FAST_TOKENS}}}}}"
    timeline = await direct(stand_in.url, directive)
    assert "".join(timeline.text) == reply_text(FAST_TOKENS)
    direct_rate = FAST_TOKENS / timeline.last_token_s
    timeline = await relayed(backend.url, await create_conversation(backend.url), directive)
    assert "".join(timeline.text) == reply_text(FAST_TOKENS)
    return {"direct": direct_rate, "relayed": FAST_TOKENS / timeline.last_token_s}


async def all_at_once(backend, stand_in, load: Load) -> dict:
    """The load's conversations each send their message at the same instant, each on a connection
    of its own: every connection is opened first, then every request written in one go; directly,
    then through the backend."""
    from fake_lmstudio import reply_text

    directive = f"{{{{stub tokens={load.tokens} delay={load.delay_s}}}}}"
    expected = reply_text(load.tokens)
    ids = [await create_conversation(backend.url) for _ in range(load.conversations)]
    results = {}
    for side in ("direct", "relayed"):
        if side == "direct":
            prepared = [await prepare(*direct_request(stand_in.url, directive)) for _ in ids]
            reader = read_direct
        else:
            prepared = [await prepare(*relayed_request(backend.url, c, directive)) for c in ids]
            reader = read_relayed
        started = time.perf_counter()
        timelines = await asyncio.gather(*(reader(p) for p in prepared))
        wall = max(t.last_token_s + t.started for t in timelines) - started
        gaps = [gap for timeline in timelines for gap in timeline.gaps_ms()]
        results[side] = {
            "wall_s": wall,
            "p99_gap_ms": percentile(gaps, 0.99),
            "median_first_token_ms": median([(t.arrivals[0] - started) * 1000 for t in timelines]),
            "intact": sum("".join(t.text) == expected for t in timelines),
        }
    return results


async def first_message_after_ready(stand_in, setting: str) -> dict:
    """A fresh backend: the moment it answers GET /, a conversation and its first message."""
    began = time.perf_counter()
    backend = start_backend(stand_in, LM_STUDIO_MODEL="", CHAT_DB=setting)  # returns once GET / answers
    try:
        ready_ms = (time.perf_counter() - began) * 1000
        conversation_id = await create_conversation(backend.url)
        relayed_ms = (await relayed(backend.url, conversation_id, SHORT_REPLY)).first_token_s * 1000
        direct_ms = (await direct(stand_in.url, SHORT_REPLY)).first_token_s * 1000
    finally:
        backend.stop()
    return {"direct": direct_ms, "relayed": relayed_ms, "ready_ms": ready_ms}


def database(store: str, folder: Path, name) -> str:
    return "" if store == "memory" else str(folder / f"chat-{name}.db")


def measure(stand_in, store: str, repeat: int, folder: Path) -> dict:
    """Every figure on one store, each from `repeat` fresh backends (medians)."""
    runs = []
    for number in range(repeat):
        figures = {}
        backend = start_backend(stand_in, LM_STUDIO_MODEL="", CHAT_DB=database(store, folder, number))
        try:
            figures["cpu"] = run(cpu_per_call, stand_in, backend)
            figures["ttft"] = run(warm_first_token, stand_in, backend)
            figures["fast"] = run(fast_stream, stand_in, backend)
        finally:
            backend.stop()
        for load in LOADS:
            backend = start_backend(
                stand_in, LM_STUDIO_MODEL="", CHAT_DB=database(store, folder, f"{number}-{load.conversations}")
            )
            try:
                figures[load.name] = run(all_at_once, backend, stand_in, load)
            finally:
                backend.stop()
        figures["cold"] = run(first_message_after_ready, stand_in, database(store, folder, f"{number}-cold"))
        runs.append(figures)
    return runs


def judge(store: str, runs: list[dict], goals: dict, rows: list) -> None:
    def med(*path) -> float:
        return median_of(runs, *path)

    label = f"[{store}] "
    create_ms, reply_ms = med("cpu", "create_ms"), med("cpu", "reply_ms")
    goals[f"{label}CPU per created conversation"] = create_ms <= 2.0
    goals[f"{label}CPU per short reply"] = reply_ms <= 4.0
    rows.append(
        (
            f"{label}backend CPU",
            f"{create_ms:.2f} ms per created conversation (goal <= 2), "
            f"{reply_ms:.2f} ms per short reply (goal <= 4); {CPU_RUNS} of each on a fresh backend",
        )
    )
    ttft = med("ttft", "relayed") - med("ttft", "direct")
    goals[f"{label}warm first token"] = ttft <= 3.0
    rows.append(
        (
            f"{label}warm first token",
            f"direct {med('ttft', 'direct'):.2f} ms, relayed "
            f"{med('ttft', 'relayed'):.2f} ms, {ttft:+.2f} ms (goal <= +3; median of {TTFT_RUNS})",
        )
    )
    cold = med("cold", "relayed") - med("cold", "direct")
    goals[f"{label}first message after ready"] = cold <= 50.0
    rows.append(
        (
            f"{label}first message after ready",
            f"direct {med('cold', 'direct'):.2f} ms, relayed "
            f"{med('cold', 'relayed'):.2f} ms, {cold:+.2f} ms (goal <= +50); the backend answered GET / "
            f"{med('cold', 'ready_ms'):.0f} ms after launch",
        )
    )
    fast = med("fast", "relayed") / med("fast", "direct")
    goals[f"{label}fast stream"] = fast >= 0.25
    rows.append(
        (
            f"{label}fast stream, {FAST_TOKENS:,} tokens",
            f"direct {med('fast', 'direct'):,.0f} tok/s, "
            f"relayed {med('fast', 'relayed'):,.0f} tok/s, ratio {fast:.2f} (goal >= 0.25)",
        )
    )
    for load in LOADS:
        wall = med(load.name, "relayed", "wall_s") / med(load.name, "direct", "wall_s")
        gap = med(load.name, "relayed", "p99_gap_ms") - med(load.name, "direct", "p99_gap_ms")
        first = med(load.name, "relayed", "median_first_token_ms") - med(load.name, "direct", "median_first_token_ms")
        intact = min(run[load.name]["relayed"]["intact"] for run in runs)
        goals[f"{label}{load.name}, wall"] = wall <= load.max_wall_ratio
        goals[f"{label}{load.name}, intact"] = intact == load.conversations
        if load.max_gap_delta_ms is not None:
            goals[f"{label}{load.name}, p99 gap"] = gap <= load.max_gap_delta_ms
        if load.max_first_token_delta_ms is not None:
            goals[f"{label}{load.name}, first token"] = first <= load.max_first_token_delta_ms
        rows += [
            (
                f"{label}{load.name}: wall time",
                f"direct {med(load.name, 'direct', 'wall_s'):.2f} s, relayed "
                f"{med(load.name, 'relayed', 'wall_s'):.2f} s, ratio {wall:.2f} (goal <= {load.max_wall_ratio})",
            ),
            (
                f"{label}{load.name}: p99 token gap",
                f"direct {med(load.name, 'direct', 'p99_gap_ms'):.1f} ms, "
                f"relayed {med(load.name, 'relayed', 'p99_gap_ms'):.1f} ms, {gap:+.1f} ms"
                + (f" (goal <= +{load.max_gap_delta_ms:g})" if load.max_gap_delta_ms is not None else ""),
            ),
            (
                f"{label}{load.name}: median first token",
                f"direct "
                f"{med(load.name, 'direct', 'median_first_token_ms'):.1f} ms, relayed "
                f"{med(load.name, 'relayed', 'median_first_token_ms'):.1f} ms, {first:+.1f} ms"
                + (
                    f" (goal <= +{load.max_first_token_delta_ms:g})"
                    if load.max_first_token_delta_ms is not None
                    else ""
                ),
            ),
            (f"{label}{load.name}: replies intact", f"{intact}/{load.conversations}"),
        ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh backends per figure; medians are reported")
    parser.add_argument("--stores", default="memory,sqlite", help="which stores to measure on")
    args = parser.parse_args()
    stand_in = start_stand_in()
    goals, rows = {}, []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for store in args.stores.split(","):
                judge(store, measure(stand_in, store, args.repeat, Path(folder)), goals, rows)
    finally:
        stand_in.stop()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    report(f"Relay overhead (medians of {args.repeat} runs; {machine}; a shared, noisy machine)", rows)
    return verdict(goals)


if __name__ == "__main__":
    raise SystemExit(main())
