"""Many conversations streaming at once through one backend process."""

from __future__ import annotations

import asyncio
import time

import httpx2

from fake_lmstudio import reply_text
from support import iter_events, text_of

CONCURRENT_CONVERSATIONS = 200
TOKENS_PER_REPLY = 100
TOKEN_DELAY_S = 0.02  # 50 tokens/s, a quick local model


def test_two_hundred_conversations_streaming_at_once_all_arrive_intact_and_stored(backend):
    conversation_ids = [backend.create_conversation() for _ in range(CONCURRENT_CONVERSATIONS)]
    message = f"{{{{stub tokens={TOKENS_PER_REPLY} delay={TOKEN_DELAY_S}}}}}"

    async def one(client: httpx2.AsyncClient, conversation_id: str):
        body = {"conversation_id": conversation_id, "message": message}
        async with client.stream("POST", "/api/chat/stream", json=body) as response:
            assert response.status_code == 200
            lines = [line async for line in response.aiter_lines()]
        return list(iter_events(lines))

    async def all_at_once():
        limits = httpx2.Limits(max_connections=CONCURRENT_CONVERSATIONS)
        async with httpx2.AsyncClient(base_url=backend.url, timeout=120, limits=limits) as client:
            return await asyncio.gather(*(one(client, c) for c in conversation_ids))

    started = time.monotonic()
    results = asyncio.run(all_at_once())
    elapsed = time.monotonic() - started
    ideal = TOKENS_PER_REPLY * TOKEN_DELAY_S
    print(
        f"\n{CONCURRENT_CONVERSATIONS} replies of {TOKENS_PER_REPLY} tokens at 50 tokens/s: {elapsed:.2f} s "
        f"(one alone: {ideal:.2f} s)"
    )
    expected = reply_text(TOKENS_PER_REPLY)
    assert all(events[-1][0] == "done" for events in results), [e[-1] for e in results if e[-1][0] != "done"][:3]
    assert all(text_of(events) == expected for events in results)
    for conversation_id in conversation_ids:
        assert backend.messages(conversation_id)[-1]["content"] == expected
