"""The reply engine: what the API uses to run replies. It holds the registry of replies in
progress and what every reply's task needs (LM Studio's client, the store, the writer)."""

from __future__ import annotations

from lm_studio_client import LMStudioClient
from replies.options import ReplyOptions
from replies.registry import ReplyRegistry
from replies.reply import Reply
from replies.run import ReplyRun
from replies.writer import ReplyWriter
from storage import ReplyStart, Store


class ReplyEngine:
    def __init__(self, store: Store, client: LMStudioClient, persist_interval_s: float) -> None:
        self.store = store
        self.client = client
        self.registry = ReplyRegistry()
        self.writer = ReplyWriter(store.replies, persist_interval_s)

    def launch(self, reply: Reply, start: ReplyStart, options: ReplyOptions, **asked) -> None:
        """Write the reserved reply, now stored as `start`, in a task of its own; `asked` is what
        ReplyRun takes beyond the options (a chosen model, a prompt, a reply to continue, what
        follows)."""
        reply.start = start
        self.registry.launch(reply, ReplyRun(self, options, **asked))
