"""LM Studio's model lists, read by one backend for all: each server's list goes to Redis for as
long as a backend takes a list as current (MODEL_LIST_TTL_S), so N backends ask each LM Studio
server about once per period instead of N times, and show the same catalog. A backend that
changes what a server has loaded (a load, an eject, a reply that loaded its model) reads that
server's list anew, puts it here and tells the others, which read it from here.

A failure to reach a server is not shared: each backend finds it out (and says it) itself.
"""

from __future__ import annotations

import json
import logging

from pydantic import TypeAdapter, ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from cluster.keys import PREFIX
from models import ModelInfo

logger = logging.getLogger("client_chat.cluster")

MODELS = TypeAdapter(list[ModelInfo])


def _key(server_url: str) -> str:
    return f"{PREFIX}:models:{server_url}"


class SharedModelLists:
    def __init__(self, redis: Redis, ttl_s: float) -> None:
        self._redis = redis
        self._ttl_ms = int(ttl_s * 1000)

    async def get(self, server_url: str) -> tuple[str | None, list[ModelInfo]] | None:
        """(native API, models) of the server as a backend read them within the period; None
        when none did (or Redis cannot say: the server is asked)."""
        try:
            raw = await self._redis.get(_key(server_url))
            if raw is None:
                return None
            shared = json.loads(raw)
            return shared["native_api"], MODELS.validate_python(shared["models"])
        except (RedisError, ValueError, KeyError, ValidationError) as error:
            logger.warning("could not read the shared model list of %s: %s", server_url, error)
            return None

    async def put(self, server_url: str, native_api: str | None, models: list[ModelInfo]) -> None:
        shared = {"native_api": native_api, "models": MODELS.dump_python(models, mode="json")}
        try:
            await self._redis.set(_key(server_url), json.dumps(shared), px=self._ttl_ms)
        except RedisError as error:
            logger.warning("could not share the model list of %s: %s", server_url, error)
