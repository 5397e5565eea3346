#!/usr/bin/env python3
"""Storage at scale, on each engine: 10,000 conversations x 20 messages (one of them 200 long).

For in-memory SQLite, a SQLite file and PostgreSQL: the backend's start-up time, a page of the
conversation list, opening the 200-message conversation, searching (a word in one conversation,
one in about 1 % of messages, one in every message, two in every message), and how late tokens
of a reply streaming at 50 tokens/s arrive while four clients list and search back to back.

Goals: list page and search <= 50 ms, open <= 20 ms (medians, measured at the client on
127.0.0.1), no token later than 50 ms beyond its schedule while the four clients run.

Run:  tests/.venv/bin/python bench/storage_scale.py [--conversations 10000] [--engines memory,sqlite,postgresql]
The in-memory database can only be filled through the API (chats to the stand-in), which takes a
few minutes; the others are filled with bulk inserts through the storage package.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

import aiohttp

from fill import COMMON_WORDS, fill_sync, message_text
from harness import LOGS, median, report, session, start_backend, start_stand_in, verdict
from sse_client import post_lines
from token_timing import direct_arrivals, directive, gaps_ms, relayed_arrivals

MESSAGES = 20
LONG_CONVERSATION = 200
PAGE = 50
SEARCHES = {
    "a word in one conversation": "topic4242",
    "a word in ~1 % of messages": "w0042",
    "a word in every message": COMMON_WORDS[1],
    "two words in every message": " ".join(COMMON_WORDS[:2]),
}
STREAM_TOKENS = 250
STREAM_DELAY_S = 0.02  # 50 tokens/s
LOAD_CLIENTS = 4
GOAL_PAGE_MS = GOAL_SEARCH_MS = 50.0
GOAL_OPEN_MS = 20.0
GOAL_LATE_MS = 50.0


async def timed_get(client: aiohttp.ClientSession, url: str, params=None) -> tuple[float, object]:
    started = time.perf_counter()
    async with client.get(url, params=params) as response:
        body = await response.json()
        assert response.status == 200, body
    return (time.perf_counter() - started) * 1000, body


async def median_ms(client, url, params=None, runs=15) -> float:
    await timed_get(client, url, params)  # warm
    return median([(await timed_get(client, url, params))[0] for _ in range(runs)])


DIRECTIVE = directive(STREAM_TOKENS, STREAM_DELAY_S)


def checked_gaps(arrivals: list[float]) -> list[float]:
    assert len(arrivals) == STREAM_TOKENS, len(arrivals)
    return gaps_ms(arrivals)


async def relayed_gaps(client, backend_url: str, conversation_id: str) -> list[float]:
    """Gaps between the tokens of a reply streamed at 50 tokens/s through the backend."""
    return checked_gaps(await relayed_arrivals(backend_url, conversation_id, DIRECTIVE))


async def direct_gaps(client, stand_in_url: str) -> list[float]:
    """The same reply read straight from the stand-in: what the machine itself adds."""
    return checked_gaps(await direct_arrivals(stand_in_url, DIRECTIVE))


async def lateness_under_load(backend_url: str, stand_in_url: str, conversation_id: str) -> dict:
    """How much later than its schedule the latest token came: alone, and with four clients
    listing and searching back to back; through the backend, and straight from the stand-in
    under the same load. A token held up by X ms arrives X ms after the 20 ms the stand-in waits
    between tokens, so lateness is the longest gap less 20 ms."""
    late = STREAM_DELAY_S * 1000
    async with session() as client:
        alone = max(await relayed_gaps(client, backend_url, conversation_id)) - late
        stop = asyncio.Event()
        calls = 0

        async def busy_client(number: int):
            nonlocal calls
            words = list(SEARCHES.values())
            while not stop.is_set():
                await timed_get(client, f"{backend_url}/api/conversations", {"limit": PAGE})
                await timed_get(client, f"{backend_url}/api/conversations", {"q": words[(calls + number) % len(words)]})
                calls += 2

        clients = [asyncio.create_task(busy_client(n)) for n in range(LOAD_CLIENTS)]
        await asyncio.sleep(0.3)
        try:
            loaded = max(await relayed_gaps(client, backend_url, conversation_id)) - late
            direct = max(await direct_gaps(client, stand_in_url)) - late
        finally:
            stop.set()
            await asyncio.gather(*clients)
    return {"alone": alone, "loaded": loaded, "direct": direct, "calls": calls}


async def fill_through_the_api(backend_url: str, conversations: int) -> str:
    """The in-memory database lives in the backend: fill it with chats, as a person would."""
    import random

    rng = random.Random(7)
    async with session() as client:

        async def one(index: int) -> str:
            async with client.post(
                f"{backend_url}/api/conversations", json={"title": f"Conversation about topic{index}"}
            ) as r:
                conversation_id = (await r.json())["id"]
            exchanges = (LONG_CONVERSATION if index == conversations - 1 else MESSAGES) // 2
            for _ in range(exchanges):
                text = message_text(rng, f"topic{index}")
                body = json.dumps({"conversation_id": conversation_id, "message": f"{text} {{{{stub text='{text}'}}}}"})
                async for _ in post_lines(f"{backend_url}/api/chat/stream", body.encode()):
                    pass
            return conversation_id

        ids = []
        for start in range(0, conversations, 64):
            ids += await asyncio.gather(*(one(i) for i in range(start, min(conversations, start + 64))))
        return ids[-1]


def measure(engine: str, conversations: int, stand_in, postgres) -> tuple[list, dict]:
    rows, goals = [], {}
    with tempfile.TemporaryDirectory() as folder:
        if engine == "memory":
            setting = ""
        elif engine == "sqlite":
            setting = str(Path(folder) / "chat.db")
        else:
            setting = postgres.new_database()
        long_id = None
        began = time.perf_counter()
        if engine != "memory":
            long_id = fill_sync(setting, conversations, MESSAGES, long_one=LONG_CONVERSATION)["long_conversation"]
        filled_s = time.perf_counter() - began
        began = time.perf_counter()
        backend = start_backend(stand_in, CHAT_DB=setting)
        ready_ms = (time.perf_counter() - began) * 1000
        try:
            storage = backend.http.get("/api/health").json()["storage"]
            assert storage == engine, f"measuring {engine} but the backend uses {storage}"
            if engine == "memory":
                began = time.perf_counter()
                long_id = asyncio.run(fill_through_the_api(backend.url, conversations))
                filled_s = time.perf_counter() - began

            async def figures():
                async with session() as client:
                    url = f"{backend.url}/api/conversations"
                    page = await median_ms(client, url, {"limit": PAGE})
                    _, first = await timed_get(client, url, {"limit": PAGE})
                    next_page = await median_ms(client, url, {"limit": PAGE, "before": first[-1]["cursor"]})
                    opened = await median_ms(client, f"{url}/{long_id}/messages")
                    searches = {name: await median_ms(client, url, {"q": q}, runs=7) for name, q in SEARCHES.items()}
                    whole = await median_ms(client, url, runs=3)
                return page, next_page, opened, searches, whole

            page, next_page, opened, searches, whole = asyncio.run(figures())
            lateness = asyncio.run(lateness_under_load(backend.url, stand_in.url, long_id))
        finally:
            backend.stop()
    worst_search = max(searches.values())
    rows += [
        (f"{engine}: filled", f"{conversations:,} x {MESSAGES} messages in {filled_s:.1f} s"),
        (f"{engine}: start until it answers", f"{ready_ms:.0f} ms"),
        (
            f"{engine}: list, first page of {PAGE}",
            f"{page:.1f} ms; next page {next_page:.1f} ms (goal <= {GOAL_PAGE_MS:g})",
        ),
        (f"{engine}: open a {LONG_CONVERSATION}-message conversation", f"{opened:.1f} ms (goal <= {GOAL_OPEN_MS:g})"),
        *[(f"{engine}: search, {name}", f"{ms:.1f} ms") for name, ms in searches.items()],
        (f"{engine}: whole list, all {conversations:,} (the original API's call)", f"{whole:.0f} ms"),
        (
            f"{engine}: latest token, 50 tok/s reply",
            f"{lateness['alone']:.1f} ms alone, {lateness['loaded']:.1f} ms with {LOAD_CLIENTS} clients listing and "
            f"searching ({lateness['calls']} calls meanwhile; goal <= {GOAL_LATE_MS:g}); the same reply straight "
            f"from the stand-in under that load: {lateness['direct']:.1f} ms",
        ),
    ]
    goals[f"{engine} list page"] = max(page, next_page) <= GOAL_PAGE_MS
    goals[f"{engine} search"] = worst_search <= GOAL_SEARCH_MS
    goals[f"{engine} open"] = opened <= GOAL_OPEN_MS
    goals[f"{engine} stream delay"] = lateness["loaded"] <= GOAL_LATE_MS
    return rows, goals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--engines", default="memory,sqlite,postgresql")
    args = parser.parse_args()
    engines = args.engines.split(",")
    stand_in = start_stand_in()
    postgres = None
    if "postgresql" in engines:
        from postgres import PostgresCluster

        postgres = PostgresCluster(LOGS, durable=True)
    rows, goals = [], {}
    try:
        for engine in engines:
            engine_rows, engine_goals = measure(engine, args.conversations, stand_in, postgres)
            rows += engine_rows
            goals |= engine_goals
    finally:
        stand_in.stop()
        if postgres:
            postgres.stop()
    report("Storage at scale (medians; a shared, noisy 2-core machine)", rows)
    return verdict(goals)


if __name__ == "__main__":
    raise SystemExit(main())
