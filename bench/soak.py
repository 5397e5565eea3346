#!/usr/bin/env python3
"""Soak figures for the backend (part of the reliability goals): rounds of 200 conversations
streaming at once at 50 tokens/s through one backend. Every reply intact and stored, no error,
and resident memory back to its level after the first round (no growth from round to round).
(Large histories are measured by bench/storage_scale.py.)

Run:  tests/.venv/bin/python bench/soak.py [--rounds 4]
Exits non-zero when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import httpx2

from harness import iter_events, report, rss_mb, start_backend, start_stand_in, verdict

STREAMS = 200
TOKENS = 100
DELAY_S = 0.02  # 50 tokens/s
MEMORY_GROWTH_LIMIT_MB = 15.0


async def stream_round(url: str, conversation_ids: list[str]) -> tuple[int, int]:
    from fake_lmstudio import reply_text

    expected = reply_text(TOKENS)
    message = f"{{{{stub tokens={TOKENS} delay={DELAY_S}}}}}"

    async def one(client, conversation_id):
        body = {"conversation_id": conversation_id, "message": message}
        async with client.stream("POST", "/api/chat/stream", json=body) as response:
            lines = [line async for line in response.aiter_lines()]
        events = list(iter_events(lines))
        text = "".join(data["content"] for name, data in events if name == "message")
        return events[-1][0] == "done" and text == expected

    limits = httpx2.Limits(max_connections=STREAMS)
    async with httpx2.AsyncClient(base_url=url, timeout=300, limits=limits) as client:
        results = await asyncio.gather(*(one(client, c) for c in conversation_ids))
    return sum(results), len(results) - sum(results)


def soak(rounds: int) -> bool:
    stand_in = start_stand_in()
    backend = start_backend(stand_in)
    try:
        pid = backend.server.process.pid
        rows = [("resident memory before any reply", f"{rss_mb(pid):.1f} MiB")]
        levels, all_intact, all_stored = [], True, True
        for round_number in range(1, rounds + 1):
            # Fresh conversations each round, deleted afterwards: what stays in memory is what leaked.
            conversation_ids = [backend.create_conversation() for _ in range(STREAMS)]
            started = time.monotonic()
            intact, broken = asyncio.run(stream_round(backend.url, conversation_ids))
            elapsed = time.monotonic() - started
            all_intact &= broken == 0
            all_stored &= all(backend.messages(c)[-1]["status"] == "complete" for c in conversation_ids)
            for conversation_id in conversation_ids:
                backend.http.delete(f"/api/conversations/{conversation_id}")
            time.sleep(1.0)
            levels.append(rss_mb(pid))
            rows.append(
                (
                    f"round {round_number}: {STREAMS} x {TOKENS} tokens",
                    f"{elapsed:.2f} s, {intact} intact, {broken} broken, memory after {levels[-1]:.1f} MiB",
                )
            )
        growth = max(levels) - levels[0]
        rows.append(("every reply stored as complete", "yes" if all_stored else "NO"))
        rows.append(("memory growth after round 1", f"{growth:+.1f} MiB (goal < {MEMORY_GROWTH_LIMIT_MB:g})"))
        report(f"Soak: {STREAMS} conversations streaming at once, 50 tokens/s", rows)
        return all_intact and all_stored and growth < MEMORY_GROWTH_LIMIT_MB
    finally:
        backend.stop()
        stand_in.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    return verdict({"soak": soak(args.rounds)})


if __name__ == "__main__":
    raise SystemExit(main())
