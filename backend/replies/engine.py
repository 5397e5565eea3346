"""The reply engine: what the API uses to run replies. It holds the registry of replies in
progress and what every reply's task needs (LM Studio's client, the store, the writer, the
tools replies may call and how far a reply may go with them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lm_studio_client import LMStudioClient
from replies.options import ReplyOptions
from replies.registry import ReplyRegistry
from replies.reply import Reply
from replies.run import ReplyRun
from replies.tool_calls import Decision
from replies.tools import ToolHubLike
from replies.writer import ReplyWriter
from storage import ReplyStart, Store

if TYPE_CHECKING:
    from cluster import Cluster

# The most steps that end in tool calls one reply may take, and how long one call may run.
MAX_TOOL_STEPS = 10
TOOL_TIMEOUT_S = 60.0


class ReplyEngine:
    def __init__(
        self,
        store: Store,
        client: LMStudioClient,
        persist_interval_s: float,
        *,
        tools: ToolHubLike | None = None,
        max_tool_steps: int = MAX_TOOL_STEPS,
        tool_timeout_s: float = TOOL_TIMEOUT_S,
        cluster: Cluster | None = None,
    ) -> None:
        self.store = store
        self.client = client
        # With several backends, replies are held and followed across them (cluster/).
        self.registry = ReplyRegistry(cluster)
        self.writer = ReplyWriter(store.replies, persist_interval_s)
        # None: replies are offered no tools, and a call a model makes anyway is an unknown tool.
        self.tools = tools
        self.max_tool_steps = max_tool_steps
        self.tool_timeout_s = tool_timeout_s

    def launch(self, reply: Reply, start: ReplyStart, options: ReplyOptions, **asked) -> None:
        """Write the reserved reply, now stored as `start`, in a task of its own; `asked` is what
        ReplyRun takes beyond the options (a chosen model, a prompt, a reply to continue, what
        follows)."""
        reply.start = start
        self.registry.launch(reply, ReplyRun(self, options, **asked))

    async def decide_tool_call(self, conversation_id: str, call_id: str, allow: bool, remember: bool = False) -> None:
        """The user's decision on a call the conversation's reply waits on (on any backend);
        NothingWaits when no call waits under that id."""
        await self.registry.decide(conversation_id, call_id, Decision(allow, remember))
