#!/usr/bin/env python3
"""Soak and scale figures for the backend (part of the reliability goals).

1. Rounds of 200 conversations streaming at once at 50 tokens/s through one backend: every
   reply intact and stored, no error, and resident memory back to its level after the first
   round (no growth from round to round).
2. 10,000 conversations of 20 messages each in SQLite (CHAT_DB): start-up, listing, opening
   conversations and searching, timed.

Run:  tests/.venv/bin/python bench/soak.py [--rounds 4] [--conversations 10000]
Exits non-zero when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import httpx2
from harness import iter_events, median, percentile, report, rss_mb, start_backend, start_stand_in, verdict

STREAMS = 200
TOKENS = 100
DELAY_S = 0.02  # 50 tokens/s
MESSAGES_PER_CONVERSATION = 20
MEMORY_GROWTH_LIMIT_MB = 15.0
LIST_LIMIT_S = 2.0
OPEN_LIMIT_MS = 50.0


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


def fill_database(path: str, conversations: int) -> None:
    from models import Message
    from sqlite_store import SQLiteStore
    from store import new_id, now

    store = SQLiteStore(path)
    words = "the quick brown fox jumps over the lazy dog while the model explains tides".split()
    try:
        for index in range(conversations):
            conversation = store.create_conversation(f"Conversation {index}")
            for position in range(MESSAGES_PER_CONVERSATION):
                role = "user" if position % 2 == 0 else "assistant"
                text = " ".join(words[(index + position + k) % len(words)] for k in range(40))
                store.append_message(
                    conversation.id, Message(id=new_id(), role=role, content=f"{text} #{index}", timestamp=now())
                )
    finally:
        store.close()


def scale(conversations: int) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "chat.db")
        started = time.monotonic()
        fill_database(path, conversations)
        fill_s = time.monotonic() - started
        stand_in = start_stand_in()
        started = time.monotonic()
        backend = start_backend(stand_in, CHAT_DB=path)
        ready_s = time.monotonic() - started
        try:
            list_times, listed = [], []
            for _ in range(5):
                started = time.monotonic()
                listed = backend.http.get("/api/conversations").json()
                list_times.append(time.monotonic() - started)
            ids = [c["id"] for c in listed[:: max(1, len(listed) // 200)]]
            open_times = []
            for conversation_id in ids:
                started = time.monotonic()
                messages = backend.http.get(f"/api/conversations/{conversation_id}/messages").json()
                open_times.append((time.monotonic() - started) * 1000)
                assert len(messages) == MESSAGES_PER_CONVERSATION
            search_times = []
            for word in ("#4242", "tides", "nothing-matches-this"):
                started = time.monotonic()
                backend.http.get("/api/conversations", params={"q": word})
                search_times.append(time.monotonic() - started)
            rows = [
                (
                    "database",
                    f"{conversations} conversations x {MESSAGES_PER_CONVERSATION} messages "
                    f"(filled in {fill_s:.1f} s, {Path(path).stat().st_size / 2**20:.0f} MiB)",
                ),
                ("backend start to first answer", f"{ready_s:.2f} s"),
                (
                    "list all conversations",
                    f"median {median(list_times):.3f} s over 5 (goal < {LIST_LIMIT_S:g} s), {len(listed)} listed",
                ),
                (
                    "open a conversation",
                    f"median {median(open_times):.1f} ms, p95 {percentile(open_times, 0.95):.1f} ms "
                    f"over {len(open_times)} (goal median < {OPEN_LIMIT_MS:g} ms)",
                ),
                ("search titles and text", ", ".join(f"{t:.2f} s" for t in search_times)),
            ]
            report("Scale: a large SQLite history", rows)
            return (
                len(listed) == conversations
                and median(list_times) < LIST_LIMIT_S
                and median(open_times) < OPEN_LIMIT_MS
            )
        finally:
            backend.stop()
            stand_in.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--conversations", type=int, default=10_000)
    args = parser.parse_args()
    results = {"soak": soak(args.rounds), "scale": scale(args.conversations)}
    return verdict(results)


if __name__ == "__main__":
    raise SystemExit(main())
