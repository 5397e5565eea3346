#!/usr/bin/env python3
"""Relay overhead: the LM Studio stand-in streamed directly to a client vs. the same stream
through the backend, measured side by side in one run. Prints ratios; exits non-zero when a
goal is missed.

Goals (medians of --repeat runs):
  - one fast 5,000-token stream relayed at >= 0.25x the direct tokens/s;
  - time to first token within +5 ms of direct, and the first message after the backend
    starts (sent as the page does, after its first calls) within +50 ms;
  - 32 conversations at 100 tokens/s each: wall time <= 1.05x direct, p99 gap between tokens
    within +10 ms of direct;
  - 200 conversations at 50 tokens/s each (stress): every reply intact, wall time <= 1.3x.

Run:  tests/.venv/bin/python bench/relay.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import time
from dataclasses import dataclass

from harness import median, percentile, report, start_backend, start_stand_in, verdict
from sse_client import post_lines, session

FAST_TOKENS = 5000
TTFT_RUNS = 40


@dataclass(frozen=True)
class Load:
    name: str
    conversations: int
    tokens: int
    delay_s: float
    max_wall_ratio: float
    max_gap_delta_ms: float | None


LOADS = [
    Load("32 at 100 tok/s", 32, 100, 0.01, 1.05, 10.0),  # LM Studio's realistic parallel load
    Load("200 at 50 tok/s", 200, 100, 0.02, 1.3, None),  # stress
]


class Timeline:
    """When each token of one reply arrived (the stand-in's tokens are words ending in a space)."""

    def __init__(self, started: float) -> None:
        self.started = started
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


async def read_direct(client, stand_in_url: str, directive: str) -> Timeline:
    """Stream from the stand-in the way the backend does: LM Studio's chunks, decoded here."""
    body = {
        "model": "stand-in-7b-instruct",
        "messages": [{"role": "user", "content": directive}],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    timeline = Timeline(time.perf_counter())
    async for arrived, line in post_lines(client, f"{stand_in_url}/chat/completions", json.dumps(body).encode()):
        if not line.startswith(b"data: ") or line == b"data: [DONE]":
            continue
        choices = json.loads(line[6:]).get("choices")
        content = choices[0]["delta"].get("content") if choices else None
        if content:
            timeline.add(content, arrived)
    return timeline


async def read_relayed(client, backend_url: str, conversation_id: str, directive: str) -> Timeline:
    """Stream the same reply through the backend's POST /api/chat/stream."""
    body = json.dumps({"conversation_id": conversation_id, "message": directive}).encode()
    timeline = Timeline(time.perf_counter())
    event = None
    async for arrived, line in post_lines(client, f"{backend_url}/api/chat/stream", body):
        if line.startswith(b"event: "):
            event = line[7:]
        elif line.startswith(b"data: ") and event == b"message":
            timeline.add(json.loads(line[6:])["content"], arrived)
    return timeline


async def fast_stream(stand_in, backend, repeat: int) -> dict:
    from fake_lmstudio import reply_text

    directive = f"{{{{stub tokens={FAST_TOKENS}}}}}"
    direct, relayed = [], []
    async with session() as client:
        for _ in range(repeat):
            timeline = await read_direct(client, stand_in.url, directive)
            assert "".join(timeline.text) == reply_text(FAST_TOKENS)
            direct.append(FAST_TOKENS / timeline.last_token_s)
            timeline = await read_relayed(client, backend.url, backend.create_conversation(), directive)
            assert "".join(timeline.text) == reply_text(FAST_TOKENS)
            relayed.append(FAST_TOKENS / timeline.last_token_s)
    return {"direct": median(direct), "relayed": median(relayed)}


async def first_token(stand_in, backend) -> dict:
    directive = "{{stub tokens=3}}"
    direct, relayed = [], []
    conversation_ids = [backend.create_conversation() for _ in range(TTFT_RUNS)]
    async with session() as client:
        await read_direct(client, stand_in.url, directive)  # warm up both paths
        await read_relayed(client, backend.url, backend.create_conversation(), directive)
        for conversation_id in conversation_ids:  # interleaved, so noise hits both alike
            direct.append((await read_direct(client, stand_in.url, directive)).first_token_s * 1000)
            relayed.append((await read_relayed(client, backend.url, conversation_id, directive)).first_token_s * 1000)
    return {"direct": median(direct), "relayed": median(relayed)}


async def first_message_after_start(stand_in, repeat: int) -> dict:
    """A fresh backend each time, used the way the page uses it when it opens: health (which lists
    LM Studio's models), a new conversation, then the first message. No model is configured, so
    the default is looked up too."""
    directive = "{{stub tokens=3}}"
    direct, relayed, ready, health = [], [], [], []
    async with session() as client:
        for _ in range(repeat):
            started = time.perf_counter()
            backend = start_backend(stand_in, LM_STUDIO_MODEL="")
            try:
                ready.append((time.perf_counter() - started) * 1000)
                began = time.perf_counter()
                assert backend.http.get("/api/health").json()["lm_studio"]["reachable"]
                health.append((time.perf_counter() - began) * 1000)
                conversation_id = backend.create_conversation()
                relayed.append(
                    (await read_relayed(client, backend.url, conversation_id, directive)).first_token_s * 1000
                )
                direct.append((await read_direct(client, stand_in.url, directive)).first_token_s * 1000)
            finally:
                backend.stop()
    return {
        "direct": median(direct),
        "relayed": median(relayed),
        "ready_ms": median(ready),
        "health_ms": median(health),
    }


async def concurrent(stand_in, backend, load: Load) -> dict:
    from fake_lmstudio import reply_text

    directive = f"{{{{stub tokens={load.tokens} delay={load.delay_s}}}}}"
    expected = reply_text(load.tokens)
    results = {}
    conversation_ids = [backend.create_conversation() for _ in range(load.conversations)]
    async with session() as client:
        for name in ("direct", "relayed"):
            started = time.perf_counter()
            if name == "direct":
                jobs = [read_direct(client, stand_in.url, directive) for _ in range(load.conversations)]
            else:
                jobs = [read_relayed(client, backend.url, c, directive) for c in conversation_ids]
            timelines = await asyncio.gather(*jobs)
            wall = time.perf_counter() - started
            gaps = [gap for timeline in timelines for gap in timeline.gaps_ms()]
            results[name] = {
                "wall_s": wall,
                "p99_gap_ms": percentile(gaps, 0.99),
                "median_ttft_ms": median([t.first_token_s * 1000 for t in timelines]),
                "intact": sum("".join(t.text) == expected for t in timelines),
            }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each scenario; medians are reported")
    args = parser.parse_args()
    stand_in = start_stand_in()
    try:
        backend = start_backend(stand_in)
        try:
            fast = asyncio.run(fast_stream(stand_in, backend, args.repeat))
            ttft = asyncio.run(first_token(stand_in, backend))
            loads = {
                load.name: [asyncio.run(concurrent(stand_in, backend, load)) for _ in range(args.repeat)]
                for load in LOADS
            }
        finally:
            backend.stop()
        cold = asyncio.run(first_message_after_start(stand_in, args.repeat))
    finally:
        stand_in.stop()

    fast_ratio = fast["relayed"] / fast["direct"]
    ttft_gap = ttft["relayed"] - ttft["direct"]
    cold_gap = cold["relayed"] - cold["direct"]
    goals = {
        "fast stream": fast_ratio >= 0.25,
        "first token": ttft_gap <= 5.0,
        "first message after start": cold_gap <= 50.0,
    }
    rows = [
        (
            "fast stream, 5,000 tokens",
            f"direct {fast['direct']:,.0f} tok/s, relayed {fast['relayed']:,.0f} tok/s, "
            f"ratio {fast_ratio:.2f} (goal >= 0.25)",
        ),
        (
            "time to first token",
            f"direct {ttft['direct']:.2f} ms, relayed {ttft['relayed']:.2f} ms, "
            f"+{ttft_gap:.2f} ms (goal <= +5 ms; median of {TTFT_RUNS})",
        ),
        (
            "first message after start",
            f"direct {cold['direct']:.2f} ms, relayed {cold['relayed']:.2f} ms, +{cold_gap:.2f} ms (goal <= +50 ms); "
            f"backend answered {cold['ready_ms']:.0f} ms after launch, its first /api/health took "
            f"{cold['health_ms']:.0f} ms",
        ),
    ]
    for load in LOADS:
        runs = loads[load.name]

        def run_median(side, key, runs=runs):
            return median([run[side][key] for run in runs])

        wall_ratio = run_median("relayed", "wall_s") / run_median("direct", "wall_s")
        gap_delta = run_median("relayed", "p99_gap_ms") - run_median("direct", "p99_gap_ms")
        intact = min(run["relayed"]["intact"] for run in runs)
        goals[f"{load.name}, wall"] = wall_ratio <= load.max_wall_ratio
        goals[f"{load.name}, intact"] = intact == load.conversations
        gap_goal = ""
        if load.max_gap_delta_ms is not None:
            goals[f"{load.name}, p99 gap"] = gap_delta <= load.max_gap_delta_ms
            gap_goal = f" (goal <= +{load.max_gap_delta_ms:g} ms)"
        rows += [
            (
                f"{load.name}: wall time",
                f"direct {run_median('direct', 'wall_s'):.2f} s, relayed {run_median('relayed', 'wall_s'):.2f} s, "
                f"ratio {wall_ratio:.2f} (goal <= {load.max_wall_ratio})",
            ),
            (
                f"{load.name}: p99 token gap",
                f"direct {run_median('direct', 'p99_gap_ms'):.1f} ms, relayed "
                f"{run_median('relayed', 'p99_gap_ms'):.1f} ms, +{gap_delta:.1f} ms{gap_goal}",
            ),
            (
                f"{load.name}: first token",
                f"direct {run_median('direct', 'median_ttft_ms'):.1f} ms, relayed "
                f"{run_median('relayed', 'median_ttft_ms'):.1f} ms (medians)",
            ),
            (f"{load.name}: replies intact", f"{intact}/{load.conversations}"),
        ]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    report(f"Relay overhead (medians of {args.repeat} runs; {machine}; a shared, noisy machine)", rows)
    return verdict(goals)


if __name__ == "__main__":
    raise SystemExit(main())
