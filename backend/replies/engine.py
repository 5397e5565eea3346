"""The reply engine: what the API uses to run replies. It holds the registry of replies in
progress and launches each reply's task with everything that task needs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from lm_studio_client import LMStudioClient
from replies.options import ReplyOptions
from replies.registry import ReplyRegistry
from replies.reply import Reply
from replies.run import ModelChoice, ReplyRun
from replies.writer import ReplyWriter
from storage import MessageRecord, ReplyStart, Store


class ReplyEngine:
    def __init__(self, store: Store, client: LMStudioClient, persist_interval_s: float) -> None:
        self.store = store
        self.client = client
        self.registry = ReplyRegistry()
        self.writer = ReplyWriter(store.replies, persist_interval_s)

    def launch(
        self,
        reply: Reply,
        start: ReplyStart,
        options: ReplyOptions,
        model_choice: ModelChoice | None = None,
        prompt: list[dict] | None = None,
        continues: MessageRecord | None = None,
        then: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """Write the reserved reply, now stored as `start`, in a task of its own: from the stored
        history, or from `prompt` when the reply is asked something else (a summary); `continues`
        a reply that stopped short; `then` runs once the reply has completed."""
        reply.start = start
        run = ReplyRun(
            client=self.client,
            store=self.store,
            registry=self.registry,
            writer=self.writer,
            options=options,
            model_choice=model_choice,
            prompt=prompt,
            continues=continues,
            then=then,
        )
        self.registry.launch(reply, run)
