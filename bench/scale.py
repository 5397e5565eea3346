#!/usr/bin/env python3
"""Several backends (SPEC §14), measured side by side in one run as an outside client sees it:
one real PostgreSQL, one real Redis, one stand-in, and fresh backends for every measurement (no
warm-up call). Prints ratios; exits non-zero when a goal is missed.

Goals (medians of --repeat runs):
  - 64 conversations at 50 tokens/s, every message sent at the same instant on a connection of
    its own: through two backends (32 each) the wall time is within 1.05x of the same load
    through one backend (both with CHAT_REDIS_URL, on the same PostgreSQL and Redis);
  - the p99 gap between tokens through two backends within +10 ms of one backend replying
    in-process (no CHAT_REDIS_URL);
  - a reader attached through the other backend sees each token within +5 ms (median) of the
    reader on the backend running the reply (8 replies at once, each followed from the other
    backend; tokens it received live, not in its replay).

Run:  tests/.venv/bin/python bench/scale.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time

from harness import LOGS, median, median_of, percentile, report, start_backend, start_stand_in, verdict
from postgres import PostgresCluster
from redis_server import RedisServer
from relay import Timeline, read_relayed, relayed_request
from sse_client import prepare

AT_ONCE, TOKENS, DELAY_S = 64, 100, 0.02  # 50 tokens/s, two seconds a reply
FOLLOWED = 8
ATTACH_AFTER_S = 0.3
SIDES = ("in-process", "one", "two")


async def create_conversations(urls: list[str], count: int) -> list[tuple[str, str]]:
    """(backend url, conversation id) for `count` conversations, spread over the backends."""
    created = []
    for _, url in zip(range(count), itertools.cycle(urls), strict=False):
        prepared = await prepare(f"{url}/api/conversations", b"{}")
        prepared.send()
        body = b"".join([line async for _, line in prepared.lines()])
        created.append((url, json.loads(body)["id"]))
    return created


async def all_at_once(urls: list[str]) -> dict:
    """AT_ONCE messages sent at the same instant, spread over the backends."""
    directive = f"{{{{stub tokens={TOKENS} delay={DELAY_S}}}}}"
    conversations = await create_conversations(urls, AT_ONCE)
    prepared = [await prepare(*relayed_request(url, conversation, directive)) for url, conversation in conversations]
    started = time.perf_counter()
    timelines = await asyncio.gather(*(read_relayed(p) for p in prepared))
    assert all(len(t.arrivals) == TOKENS for t in timelines), "a reply came back short"
    return {
        "wall_s": max(t.last_token_s + t.started for t in timelines) - started,
        "p99_gap_ms": percentile([gap for t in timelines for gap in t.gaps_ms()], 0.99),
    }


async def followed_elsewhere(running_url: str, other_url: str) -> list[float]:
    """For FOLLOWED replies at once, each started on one backend and followed from the other:
    how much later (ms) the follower got each token it received live."""
    directive = f"{{{{stub tokens={TOKENS} delay={DELAY_S}}}}}"
    conversations = await create_conversations([running_url], FOLLOWED)

    async def one(conversation: str) -> list[float]:
        here = await prepare(*relayed_request(running_url, conversation, directive))
        reading = asyncio.create_task(read_relayed(here))
        await asyncio.sleep(ATTACH_AFTER_S)  # a page opened while the reply is under way
        there = await prepare(f"{other_url}/api/conversations/{conversation}/stream", b"", method="GET")
        followed: Timeline = await read_relayed(there)
        original: Timeline = await reading
        assert len(followed.arrivals) == len(original.arrivals) == TOKENS, "a follower missed tokens"
        first_live = followed.arrivals[0]  # everything up to its replay came in one chunk
        return [
            (later - earlier) * 1000
            for earlier, later in zip(original.arrivals, followed.arrivals, strict=True)
            if earlier > first_live
        ]

    deltas = await asyncio.gather(*(one(conversation) for _, conversation in conversations))
    return [delta for per_reply in deltas for delta in per_reply]


def measure(stand_in, postgres: PostgresCluster, redis: RedisServer, run: int) -> dict:
    results = {}
    order = SIDES[run % 3 :] + SIDES[: run % 3]  # each side goes first once in three runs
    for side in order:
        shared = {"CHAT_DB": postgres.new_database()}
        if side != "in-process":
            shared.update(CHAT_REDIS_URL=redis.new_url())
        backends = [start_backend(stand_in, **shared) for _ in range(2 if side == "two" else 1)]
        try:
            results[side] = asyncio.run(all_at_once([backend.url for backend in backends]))
            if side == "two":
                deltas = asyncio.run(followed_elsewhere(backends[0].url, backends[1].url))
                results["follow_delta_ms"] = median(deltas)
                results["follow_samples"] = len(deltas)
        finally:
            for backend in backends:
                backend.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    stand_in = start_stand_in()
    postgres = PostgresCluster(LOGS)
    redis = RedisServer(LOGS)
    try:
        runs = [measure(stand_in, postgres, redis, run) for run in range(arguments.repeat)]
    finally:
        redis.stop()
        postgres.stop()
        stand_in.stop()

    def med(*path) -> float:
        return median_of(runs, *path)

    wall_ratio = med("two", "wall_s") / med("one", "wall_s")
    gap_delta = med("two", "p99_gap_ms") - med("in-process", "p99_gap_ms")
    follow_delta = med("follow_delta_ms")
    report(
        f"Several backends: medians of {arguments.repeat} run(s), {AT_ONCE} conversations at "
        f"{1 / DELAY_S:.0f} tokens/s",
        [
            (
                "wall",
                f"in-process {med('in-process', 'wall_s'):.3f} s, one backend {med('one', 'wall_s'):.3f} s, "
                f"two backends {med('two', 'wall_s'):.3f} s: two / one {wall_ratio:.3f} (goal <= 1.05)",
            ),
            (
                "p99 gap",
                f"in-process {med('in-process', 'p99_gap_ms'):.1f} ms, one {med('one', 'p99_gap_ms'):.1f} ms, "
                f"two {med('two', 'p99_gap_ms'):.1f} ms: {gap_delta:+.1f} ms (goal <= +10 ms)",
            ),
            (
                "reader on the other backend",
                f"{follow_delta:+.2f} ms per token, median of {int(med('follow_samples'))} live tokens (goal <= +5 ms)",
            ),
        ],
    )
    return verdict(
        {
            "two backends' wall <= 1.05x one": wall_ratio <= 1.05,
            "p99 gap <= +10 ms of in-process": gap_delta <= 10.0,
            "reader elsewhere <= +5 ms": follow_delta <= 5.0,
        }
    )


if __name__ == "__main__":
    raise SystemExit(main())
