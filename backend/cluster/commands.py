"""Stop and tool decisions for a reply running on another backend, and news for the others (MCP
servers or approvals changed, LM Studio's models changed), sent over Redis pub/sub.

Every backend listens on one channel and acts on the commands naming a reply it runs; the others
ignore them. News is for every backend but its sender. Pub/sub delivers to
whoever listens at that moment and keeps nothing, so a sender of a command does not trust
delivery: it watches the reply's stream for the effect (its ending, the `tool_decided` event)
and sends again while it waits (cluster.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

from cluster import keys

logger = logging.getLogger("client_chat.cluster")

RECONNECT_AFTER_S = 1.0


async def send(redis: Redis, command: dict) -> None:
    await redis.publish(keys.COMMANDS, json.dumps(command))


def stop(conversation_id: str, reply_id: str) -> dict:
    return {"op": "stop", "conversation": conversation_id, "reply": reply_id}


def news(kind: str, backend_id: str) -> dict:
    return {"op": "news", "kind": kind, "from": backend_id}


def decide(conversation_id: str, reply_id: str, call_id: str, allow: bool, remember: bool) -> dict:
    return {
        "op": "decide",
        "conversation": conversation_id,
        "reply": reply_id,
        "call": call_id,
        "allow": allow,
        "remember": remember,
    }


async def listen(redis: Redis, handle: Callable[[dict], None], subscribed: asyncio.Event) -> None:
    """Runs for the backend's life: every command published, to `handle`. A lost connection is
    made again (commands sent meanwhile are sent again by their senders)."""
    while True:
        pubsub = redis.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(keys.COMMANDS)
            subscribed.set()
            while True:
                message = await pubsub.get_message(timeout=None)
                if message is None:
                    continue
                try:
                    command = json.loads(message["data"])
                except (TypeError, ValueError):
                    continue
                if isinstance(command, dict):
                    try:
                        handle(command)
                    except Exception:  # one command's failure must not end the listening
                        logger.exception("a command from another backend failed: %r", command)
        except RedisError as error:
            logger.warning("lost Redis' command channel (%s); listening again in %.0f s", error, RECONNECT_AFTER_S)
            await asyncio.sleep(RECONNECT_AFTER_S)
        finally:
            await pubsub.aclose()
