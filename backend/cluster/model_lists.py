"""LM Studio's model lists, read by one backend for all: each server's list goes to Redis for as
long as a backend takes a list as current (MODEL_LIST_TTL_S), so N backends ask each LM Studio
server about once per period instead of N times, and show the same catalog. A backend that
changes what a server has loaded (a load, an eject, a reply that loaded its model) reads that
server's list anew, puts it here and tells the others, which read it from here.

A server that fails is shared too, for a few seconds (the page's health poll while something is
down), so every backend's health says it at once; a backend that saw a server fail asks that
server itself until it answers again, never a list shared before the failure.
"""

from __future__ import annotations

import json
import logging

from pydantic import TypeAdapter, ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from cluster.keys import model_list as _key
from lm_studio.errors import LMStudioError
from models import ModelInfo

logger = logging.getLogger("client_chat.cluster")

MODELS = TypeAdapter(list[ModelInfo])
FAILURE_TTL_S = 5.0


class SharedModelLists:
    def __init__(self, redis: Redis, ttl_s: float) -> None:
        self._redis = redis
        self._ttl_ms = int(ttl_s * 1000)

    async def get(self, server_url: str) -> tuple[str | None, list[ModelInfo]] | LMStudioError | None:
        """(native API, models) of the server as a backend read them within the period, or the
        failure a backend met reading them; None when none did (or Redis cannot say: the server
        is asked)."""
        try:
            raw = await self._redis.get(_key(server_url))
            if raw is None:
                return None
            shared = json.loads(raw)
            if "failure" in shared:
                return LMStudioError(shared["failure"]["code"], shared["failure"]["message"], 503)
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

    async def put_failure(self, server_url: str, failure: LMStudioError) -> None:
        shared = {"failure": {"code": failure.code, "message": failure.message}}
        try:
            await self._redis.set(_key(server_url), json.dumps(shared), px=int(FAILURE_TTL_S * 1000))
        except RedisError as error:
            logger.warning("could not share the failure of %s: %s", server_url, error)
