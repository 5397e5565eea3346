#!/usr/bin/env python3
"""Relay overhead: the LM Studio stand-in streamed directly to a client vs. the same stream
through the backend, measured side by side in one run. Prints ratios; exits non-zero when a
goal is missed.

Goals (part 6): one fast 5,000-token stream relayed at >= 0.5x the direct tokens/s; median time
to first token within 5 ms of direct; 200 concurrent conversations at 50 tokens/s finishing
within 1.1x the direct wall time with a p99 gap between tokens within 10 ms of direct, every
reply intact.

Run:  tests/.venv/bin/python bench/relay.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import time

from harness import median, percentile, report, start_backend, start_stand_in, verdict
from sse_client import post_lines

FAST_TOKENS = 5000
TTFT_RUNS = 40
CONCURRENT = 200
CONCURRENT_TOKENS = 100
CONCURRENT_DELAY_S = 0.02  # 50 tokens/s each


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


async def read_direct(stand_in_url: str, directive: str) -> Timeline:
    """Stream from the stand-in the way the backend does: LM Studio's chunks, decoded here."""
    body = {
        "model": "stand-in-7b-instruct",
        "messages": [{"role": "user", "content": directive}],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    timeline = Timeline(time.perf_counter())
    async for arrived, line in post_lines(f"{stand_in_url}/chat/completions", json.dumps(body).encode()):
        if not line.startswith(b"data: ") or line == b"data: [DONE]":
            continue
        choices = json.loads(line[6:]).get("choices")
        content = choices[0]["delta"].get("content") if choices else None
        if content:
            timeline.add(content, arrived)
    return timeline


async def read_relayed(backend_url: str, conversation_id: str, directive: str) -> Timeline:
    """Stream the same reply through the backend's POST /api/chat/stream."""
    body = json.dumps({"conversation_id": conversation_id, "message": directive}).encode()
    timeline = Timeline(time.perf_counter())
    event = None
    async for arrived, line in post_lines(f"{backend_url}/api/chat/stream", body):
        if line.startswith(b"event: "):
            event = line[7:]
        elif line.startswith(b"data: ") and event == b"message":
            timeline.add(json.loads(line[6:])["content"], arrived)
    return timeline


async def fast_stream(stand_in, backend, repeat: int) -> dict:
    from fake_lmstudio import reply_text

    directive = f"{{{{stub tokens={FAST_TOKENS}}}}}"
    direct, relayed = [], []
    for _ in range(repeat):
        timeline = await read_direct(stand_in.url, directive)
        assert "".join(timeline.text) == reply_text(FAST_TOKENS)
        direct.append(FAST_TOKENS / timeline.last_token_s)
        timeline = await read_relayed(backend.url, backend.create_conversation(), directive)
        assert "".join(timeline.text) == reply_text(FAST_TOKENS)
        relayed.append(FAST_TOKENS / timeline.last_token_s)
    return {"direct": median(direct), "relayed": median(relayed)}


async def first_token(stand_in, backend) -> dict:
    directive = "{{stub tokens=3}}"
    direct, relayed = [], []
    conversation_ids = [backend.create_conversation() for _ in range(TTFT_RUNS)]
    await read_direct(stand_in.url, directive)  # warm up both paths
    await read_relayed(backend.url, backend.create_conversation(), directive)
    for conversation_id in conversation_ids:  # interleaved, so noise hits both alike
        direct.append((await read_direct(stand_in.url, directive)).first_token_s * 1000)
        relayed.append((await read_relayed(backend.url, conversation_id, directive)).first_token_s * 1000)
    return {"direct": median(direct), "relayed": median(relayed)}


async def concurrent(stand_in, backend) -> dict:
    from fake_lmstudio import reply_text

    directive = f"{{{{stub tokens={CONCURRENT_TOKENS} delay={CONCURRENT_DELAY_S}}}}}"
    expected = reply_text(CONCURRENT_TOKENS)
    results = {}
    conversation_ids = [backend.create_conversation() for _ in range(CONCURRENT)]
    for name in ("direct", "relayed"):
        started = time.perf_counter()
        if name == "direct":
            jobs = [read_direct(stand_in.url, directive) for _ in range(CONCURRENT)]
        else:
            jobs = [read_relayed(backend.url, c, directive) for c in conversation_ids]
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
    backend = start_backend(stand_in)
    try:
        fast = asyncio.run(fast_stream(stand_in, backend, args.repeat))
        ttft = asyncio.run(first_token(stand_in, backend))
        runs = [asyncio.run(concurrent(stand_in, backend)) for _ in range(args.repeat)]
    finally:
        backend.stop()
        stand_in.stop()

    def run_median(side, key):
        return median([run[side][key] for run in runs])

    fast_ratio = fast["relayed"] / fast["direct"]
    ttft_gap = ttft["relayed"] - ttft["direct"]
    wall_ratio = run_median("relayed", "wall_s") / run_median("direct", "wall_s")
    gap_delta = run_median("relayed", "p99_gap_ms") - run_median("direct", "p99_gap_ms")
    intact = min(run["relayed"]["intact"] for run in runs) == CONCURRENT
    goals = {
        "fast stream": fast_ratio >= 0.5,
        "first token": ttft_gap <= 5.0,
        "200 at once, wall": wall_ratio <= 1.1,
        "200 at once, p99 gap": gap_delta <= 10.0,
        "200 at once, intact": intact,
    }
    machine = f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}"
    report(
        f"Relay overhead (medians of {args.repeat} runs; {machine}; a shared, noisy machine)",
        [
            (
                "fast stream, 5,000 tokens",
                f"direct {fast['direct']:,.0f} tok/s, relayed {fast['relayed']:,.0f} "
                f"tok/s, ratio {fast_ratio:.2f} (goal >= 0.5)",
            ),
            (
                "time to first token",
                f"direct {ttft['direct']:.2f} ms, relayed {ttft['relayed']:.2f} ms, "
                f"+{ttft_gap:.2f} ms (goal <= 5 ms; median of {TTFT_RUNS})",
            ),
            (
                "200 at once, wall time",
                f"direct {run_median('direct', 'wall_s'):.2f} s, relayed "
                f"{run_median('relayed', 'wall_s'):.2f} s, ratio {wall_ratio:.2f} (goal <= 1.1)",
            ),
            (
                "200 at once, p99 token gap",
                f"direct {run_median('direct', 'p99_gap_ms'):.1f} ms, relayed "
                f"{run_median('relayed', 'p99_gap_ms'):.1f} ms, +{gap_delta:.1f} ms (goal <= 10 ms)",
            ),
            (
                "200 at once, first token",
                f"direct {run_median('direct', 'median_ttft_ms'):.1f} ms, relayed "
                f"{run_median('relayed', 'median_ttft_ms'):.1f} ms (medians)",
            ),
            ("200 at once, replies intact", f"{min(run['relayed']['intact'] for run in runs)}/{CONCURRENT}"),
        ],
    )
    return verdict(goals)


if __name__ == "__main__":
    raise SystemExit(main())
