"""Files uploaded but never sent are deleted after CHAT_UNSENT_ATTACHMENT_TTL_S: a background job
for the life of the backend."""

from __future__ import annotations

import asyncio
import logging

from storage import Store

logger = logging.getLogger("client_chat")

# Sweeps for files uploaded but never sent run this often.
SWEEP_EVERY_S = 3600.0


async def sweep_unsent(store: Store, older_than_s: float) -> None:
    """Delete files uploaded but never sent, once at start-up and then every SWEEP_EVERY_S."""
    while True:
        try:
            swept = await store.attachments.delete_unsent(older_than_s)
            if swept:
                logger.info("deleted %d attachment(s) uploaded but never sent", swept)
        except Exception:  # a sweep that fails tries again later; nothing depends on it
            logger.exception("could not sweep unsent attachments")
        await asyncio.sleep(min(SWEEP_EVERY_S, older_than_s))
