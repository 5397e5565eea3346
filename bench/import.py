#!/usr/bin/env python3
"""Importing and exporting a large history, as someone arriving from ChatGPT would: a fresh backend
(uvicorn, backend/main.py) on a SQLite file, a ChatGPT-format conversations.json of 1,000
conversations x 50 messages (each with an edited question and a regenerated answer: three
branches), sent at once to POST /api/import; then GET /api/export?format=zip of the same.

While each runs, replies stream back to back in another conversation at 50 tokens/s (the
stand-in waits 20 ms between tokens); a token held up by X ms arrives X ms after those 20 ms, so
its lateness is its gap less 20 ms. The same reply read straight from the stand-in at the same
time says what the machine itself adds.

Memory: the backend's peak resident memory (Linux's VmHWM, kept by the kernel, so no sampling
misses a peak) less its resident memory just before the upload, against the file's size.

Goals (medians over --repeat fresh backends):
  - the import takes <= 10 s and adds every conversation and message, every branch included;
  - its peak memory growth is <= 2x the file's size;
  - the export of the same takes <= 10 s (until the last byte is downloaded);
  - no token of a reply streaming meanwhile is later than 50 ms (the import yields to the loop).

Run:  tests/.venv/bin/python bench/import.py [--repeat 3] [--conversations 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

import aiohttp

from harness import LOGS, median, memory_kb, report, session, start_backend, start_stand_in, verdict
from token_timing import direct_arrivals, directive, gaps_ms, relayed_arrivals

MESSAGES_PER_CONVERSATION = 50
CONVERSATIONS = 1000
GOAL_IMPORT_S = GOAL_EXPORT_S = 10.0
GOAL_MEMORY_RATIO = 2.0
GOAL_LATE_MS = 50.0
STREAM_TOKENS = 100
STREAM_DELAY_S = 0.02  # 50 tokens/s
DIRECTIVE = directive(STREAM_TOKENS, STREAM_DELAY_S)
WORDS = "the model answer question river mountain tea code python window light garden music".split()
# The main line of a conversation has this many messages; an edited question with two exchanges
# under it and a regenerated answer with one more exchange make up the rest.
MAIN_LINE = MESSAGES_PER_CONVERSATION - 6


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def chatgpt_node(node_id: str, parent: str | None, role: str | None, moment: float, rng: random.Random) -> dict:
    """One node of ChatGPT's `mapping`, shaped as its data export writes it."""
    message = None
    if role is not None:
        message = {
            "id": node_id,
            "author": {"role": role, "name": None, "metadata": {}},
            "create_time": moment,
            "update_time": None,
            "content": {"content_type": "text", "parts": [text(rng, 60) if role == "assistant" else text(rng, 15)]},
            "status": "finished_successfully",
            "end_turn": role == "assistant" or None,
            "weight": 1.0,
            "metadata": {"model_slug": "gpt-4o", "request_id": uuid.uuid4().hex} if role == "assistant" else {},
            "recipient": "all",
            "channel": None,
        }
    return {"id": node_id, "message": message, "parent": parent, "children": []}


def chatgpt_conversation(index: int, rng: random.Random) -> dict:
    """A conversation of MESSAGES_PER_CONVERSATION messages in three branches; the main line is
    the active one (`current_node`)."""
    mapping: dict[str, dict] = {}
    start = 1_700_000_000.0 + index * 3600

    def add(role: str | None, parent: str | None, moment: float) -> str:
        node_id = str(uuid.UUID(int=rng.getrandbits(128)))
        mapping[node_id] = chatgpt_node(node_id, parent, role, moment, rng)
        if parent is not None:
            mapping[parent]["children"].append(node_id)
        return node_id

    root = add(None, None, start)
    system = add("system", root, start)
    mapping[system]["message"]["content"]["parts"] = [""]
    mapping[system]["message"]["metadata"]["is_visually_hidden_from_conversation"] = True
    main_line, parent = [], system
    for position in range(MAIN_LINE):
        parent = add("user" if position % 2 == 0 else "assistant", parent, start + position * 30)
        main_line.append(parent)
    # An edited question (a sibling of the 11th message) with two exchanges under it.
    edited = main_line[9]
    for position in range(4):
        edited = add("user" if position % 2 == 0 else "assistant", edited, start + 5000 + position * 30)
    # A regenerated answer (a sibling of the 31st message) and one more exchange.
    regenerated = main_line[29]
    for position in range(2):
        regenerated = add("assistant" if position == 0 else "user", regenerated, start + 6000 + position * 30)
    return {
        "title": f"Conversation {index} about {rng.choice(WORDS)}",
        "create_time": start,
        "update_time": start + 7000,
        "mapping": mapping,
        "moderation_results": [],
        "current_node": main_line[-1],
        "plugin_ids": None,
        "conversation_id": str(uuid.UUID(int=rng.getrandbits(128))),
        "conversation_template_id": None,
        "gizmo_id": None,
        "is_archived": False,
        "safe_urls": [],
        "default_model_slug": "gpt-4o",
        "id": None,
    }


def write_export(path: Path, conversations: int) -> int:
    """conversations.json, written a conversation at a time; its size in bytes."""
    rng = random.Random(42)
    with path.open("w") as out:
        out.write("[")
        for index in range(conversations):
            conversation = chatgpt_conversation(index, rng)
            conversation["id"] = conversation["conversation_id"]
            out.write(("," if index else "") + json.dumps(conversation))
        out.write("]")
    return path.stat().st_size


async def lateness_while(work, backend_url: str, stand_in_url: str, conversation_id: str) -> tuple[object, dict]:
    """Run `work` while replies stream back to back (through the backend, and straight from the
    stand-in): its result, and the latest token's lateness in ms for each."""
    done = asyncio.Event()
    late = {"relayed": 0.0, "direct": 0.0}
    late_ms = STREAM_DELAY_S * 1000

    async def keep_streaming(kind: str, read):
        while not done.is_set():
            gaps = gaps_ms(await read())
            if gaps:
                late[kind] = max(late[kind], max(gaps) - late_ms)

    streams = [
        asyncio.create_task(
            keep_streaming("relayed", lambda: relayed_arrivals(backend_url, conversation_id, DIRECTIVE))
        ),
        asyncio.create_task(keep_streaming("direct", lambda: direct_arrivals(stand_in_url, DIRECTIVE))),
    ]
    try:
        result = await work()
    finally:
        done.set()
        await asyncio.gather(*streams)
    return result, late


async def import_file(client: aiohttp.ClientSession, backend_url: str, path: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    with path.open("rb") as file:
        form = aiohttp.FormData()
        form.add_field("file", file, filename=path.name, content_type="application/json")
        async with client.post(f"{backend_url}/api/import", data=form) as response:
            summary = await response.json()
            assert response.status == 200, summary
    return time.perf_counter() - started, summary


async def export_all(client: aiohttp.ClientSession, backend_url: str, target: Path) -> tuple[float, int]:
    started = time.perf_counter()
    async with client.get(f"{backend_url}/api/export", params={"format": "zip"}) as response:
        assert response.status == 200, await response.text()
        with target.open("wb") as out:
            async for chunk in response.content.iter_chunked(1 << 20):
                out.write(chunk)
    return time.perf_counter() - started, target.stat().st_size


def exported_messages(path: Path) -> tuple[int, int]:
    """How many conversations and messages an archive holds."""
    conversations = messages = 0
    with zipfile.ZipFile(path) as archive, archive.open("conversations.jsonl") as lines:
        for line in lines:
            conversations += 1
            messages += len(json.loads(line)["messages"])
    return conversations, messages


async def one_run(stand_in, export: Path, size: int, conversations: int, folder: Path) -> dict:
    backend = start_backend(stand_in, CHAT_DB=folder / f"chat-{uuid.uuid4().hex}.db", CHAT_MAX_IMPORT_BYTES=size * 2)
    try:
        pid = backend.server.process.pid
        async with session() as client:
            async with client.post(f"{backend.url}/api/conversations", json={"title": "Streaming meanwhile"}) as made:
                streaming_in = (await made.json())["id"]
            before_kb = memory_kb(pid, "VmRSS")
            (import_s, summary), import_late = await lateness_while(
                lambda: import_file(client, backend.url, export), backend.url, stand_in.url, streaming_in
            )
            peak_kb = memory_kb(pid, "VmHWM")
            zipped = folder / "export.zip"
            (export_s, zip_size), export_late = await lateness_while(
                lambda: export_all(client, backend.url, zipped), backend.url, stand_in.url, streaming_in
            )
        kept, messages = exported_messages(zipped)
        zipped.unlink()
    finally:
        backend.stop()
    return {
        "import_s": import_s,
        "imported": summary["imported"],
        "warnings": len(summary["warnings"]),
        "growth_mb": (peak_kb - before_kb) / 1024,
        "ratio": (peak_kb - before_kb) * 1024 / size,
        "import_late": import_late,
        "export_s": export_s,
        "export_late": export_late,
        "zip_mb": zip_size / 2**20,
        "kept": kept,
        "messages": messages,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh backends to measure (medians)")
    parser.add_argument("--conversations", type=int, default=CONVERSATIONS)
    args = parser.parse_args()
    LOGS.mkdir(parents=True, exist_ok=True)
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}")
    stand_in = start_stand_in()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        folder = Path(folder)
        export = folder / "conversations.json"
        size = write_export(export, args.conversations)
        print(
            f"conversations.json: {args.conversations:,} conversations x {MESSAGES_PER_CONVERSATION} messages, "
            f"{size / 2**20:.1f} MiB"
        )
        try:
            runs = [
                asyncio.run(one_run(stand_in, export, size, args.conversations, folder)) for _ in range(args.repeat)
            ]
        finally:
            stand_in.stop()
    expected_messages = args.conversations * MESSAGES_PER_CONVERSATION
    figures = {
        "import (s)": median([r["import_s"] for r in runs]),
        "memory growth / file size": median([r["ratio"] for r in runs]),
        "export (s)": median([r["export_s"] for r in runs]),
        "latest token during import, relayed (ms late)": median([r["import_late"]["relayed"] for r in runs]),
        "latest token during import, direct (ms late)": median([r["import_late"]["direct"] for r in runs]),
        "latest token during export, relayed (ms late)": median([r["export_late"]["relayed"] for r in runs]),
    }
    rows = [(name, f"{value:.2f}") for name, value in figures.items()]
    rows += [
        ("memory growth (MiB), each run", ", ".join(f"{r['growth_mb']:.0f}" for r in runs)),
        ("import (s), each run", ", ".join(f"{r['import_s']:.2f}" for r in runs)),
        ("export (s), each run", ", ".join(f"{r['export_s']:.2f}" for r in runs)),
        ("archive (MiB)", f"{median([r['zip_mb'] for r in runs]):.1f}"),
        ("conversations / messages kept (+1 streamed in)", f"{runs[0]['kept']:,} / {runs[0]['messages']:,}"),
    ]
    report(f"Import and export, medians of {args.repeat} fresh backends", rows)
    everything = all(
        r["imported"] == args.conversations
        and r["kept"] == args.conversations + 1
        and r["messages"] >= expected_messages
        for r in runs
    )
    return verdict(
        {
            "every conversation and message imported and exported": everything,
            f"import <= {GOAL_IMPORT_S:.0f} s": figures["import (s)"] <= GOAL_IMPORT_S,
            f"memory growth <= {GOAL_MEMORY_RATIO:.0f}x the file": figures["memory growth / file size"]
            <= GOAL_MEMORY_RATIO,
            f"export <= {GOAL_EXPORT_S:.0f} s": figures["export (s)"] <= GOAL_EXPORT_S,
            f"tokens during import <= {GOAL_LATE_MS:.0f} ms late": figures[
                "latest token during import, relayed (ms late)"
            ]
            <= GOAL_LATE_MS,
        }
    )


if __name__ == "__main__":
    raise SystemExit(main())
