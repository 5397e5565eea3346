"""When each token of a stand-in reply arrives: through the backend, and straight from the
stand-in (what the machine itself adds). The stand-in's `{{stub tokens=N delay=S}}` directive
writes N words S seconds apart; the gaps between arrivals less S are how late each one came."""

from __future__ import annotations

import json

from sse_client import post_lines


def directive(tokens: int, delay_s: float) -> str:
    return f"{{{{stub tokens={tokens} delay={delay_s}}}}}"


def gaps_ms(arrivals: list[float]) -> list[float]:
    """Gaps between tokens after the first two (the first gap includes the reply's start)."""
    return [(later - earlier) * 1000 for earlier, later in zip(arrivals[1:], arrivals[2:], strict=False)]


async def relayed_arrivals(backend_url: str, conversation_id: str, message: str) -> list[float]:
    """Arrival time of each word of a reply streamed through the backend (POST /api/chat/stream)."""
    body = json.dumps({"conversation_id": conversation_id, "message": message}).encode()
    arrivals, event = [], None
    async for arrived, line in post_lines(f"{backend_url}/api/chat/stream", body):
        if line.startswith(b"event: "):
            event = line[7:]
        elif line.startswith(b"data: ") and event == b"message":
            arrivals.extend([arrived] * json.loads(line[6:])["content"].count(" "))
    return arrivals


async def direct_arrivals(stand_in_url: str, message: str) -> list[float]:
    """The same reply read straight from the stand-in."""
    body = json.dumps(
        {"model": "stand-in-7b-instruct", "stream": True, "messages": [{"role": "user", "content": message}]}
    ).encode()
    arrivals = []
    async for arrived, line in post_lines(f"{stand_in_url}/chat/completions", body):
        if line.startswith(b"data: {"):
            choices = json.loads(line[6:])["choices"]
            if choices and choices[0]["delta"].get("content"):
                arrivals.append(arrived)
    return arrivals
