"""The course of one reply: resolve its model and the LM Studio server it goes to, fit the history
into the context window, stream from that server (again after each step of tool calls, steps.py),
then conclude: store how it ended, publish that as its last event, leave the registry.

Every way out goes through the conclusion: a normal end (`done`), a failure (`error`), a stop
(`done` with "stopped"), a delete or a shutdown (`error` saying so), a reply that used up its tool
steps (`error` saying so), and a stop that came before
the task's first line (the task is told rather than cancelled, and ends at once). What was
written is kept as the reply; a reply that failed before writing anything leaves no message, and
its failure stays on the user's message so that the page offers Retry after a reload.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from context.estimate import estimate, request_chars
from context.fit import fit, prompt_budget
from context.window import known_window
from lm_studio.chunks import FINISH, TEXT, THOUGHT, TOOL_CALLS, USAGE
from lm_studio.errors import LMStudioError
from lm_studio.prompt import continuing, lm_studio_messages
from lm_studio.server import LMStudioServer
from lm_studio_client import LMStudioClient
from models import Message, ModelInfo
from replies import events
from replies.options import ReplyOptions
from replies.registry import INTERNAL_FAILURE, ConversationBeingDeleted, ReplyRegistry
from replies.reply import Reply
from replies.steps import StepsExhausted, take_steps
from replies.timing import ReplyTiming, empty_stats
from replies.tool_calls import ToolCaller
from replies.tools import function_definitions
from replies.writer import ReplyWriter
from storage import MessageRecord, ReplyOutcome, Store, now

if TYPE_CHECKING:
    from replies.engine import ReplyEngine

logger = logging.getLogger("client_chat.replies")

# Why a reply ended early, for its readers (clients of the original API read `error` as a sentence).
CANCELLED = {
    "shutdown": ("shutdown", "The backend was shut down before the reply was finished; what was written is kept."),
    "deleted": ("deleted", "This conversation was deleted while its reply was being written."),
    "lease_lost": (
        "interrupted",
        "This backend lost touch with the others (Redis) while writing the reply, and stopped it; what was "
        "written is kept.",
    ),
}


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """The model a reply goes to, and what LM Studio says of it (None: it cannot say)."""

    model: str
    info: ModelInfo | None


@dataclass(frozen=True, slots=True)
class Ending:
    """How a reply ended: the event its readers get last and what is stored with it."""

    event: str  # done or error
    status: str  # the stored message's: complete, stopped or interrupted
    error: str | None = None
    code: str | None = None
    stats: dict | None = None
    figures: dict | None = None  # for the client: a context overflow's sizes, a model that can see


async def choose_model(client: LMStudioClient, requested: str | None) -> ModelChoice:
    model = await client.resolve_model(requested)
    return ModelChoice(model, await client.model_info(model))


class ReplyRun:
    """One reply's task: `await ReplyRun(engine, options, …)(reply)`. Beyond its options, a reply
    may come with its model already chosen, a `prompt` other than the stored history (a
    summary), a reply it `continues`, and what to do `then`, once it has completed."""

    def __init__(
        self,
        engine: ReplyEngine,
        options: ReplyOptions,
        *,
        model_choice: ModelChoice | None = None,
        prompt: list[dict] | None = None,
        continues: MessageRecord | None = None,
        then: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.client: LMStudioClient = engine.client
        self.store: Store = engine.store
        self.registry: ReplyRegistry = engine.registry
        self.writer: ReplyWriter = engine.writer
        self.engine = engine
        self.options = options
        self.model_choice = model_choice
        self.prompt = prompt  # what LM Studio is sent, when it is not the stored history
        self.continues = continues  # a reply that stopped short, written on from where it stopped
        # What follows a reply that completed (a question that waited for it). Called the moment
        # this reply leaves the registry, before any other task runs, so that it can claim the
        # conversation at once: otherwise a page reading it in between sees a finished summary,
        # nothing generating, and follows nothing.
        self.then = then
        self.timing = ReplyTiming()
        self.window: int | None = None
        self.server: LMStudioServer | None = None  # the LM Studio server the reply streams from

    async def __call__(self, reply: Reply) -> None:
        reply.running = True
        try:
            if reply.cancel_reason is not None:
                raise asyncio.CancelledError  # stopped before it began: end at once
            choice = self.model_choice or await choose_model(self.client, self.options.model)
            reply.model = choice.model
            # One server for the whole reply, every tool step included; its own word on the
            # model (loaded there or not, with its window) is the one that counts.
            with self.client.route(choice.model) as self.server:
                info = self.server.own(choice.model) or choice.info
                self.window = known_window(info, reply.start.history)
                state = info.state if info else "unknown"
                # A model LM Studio has not loaded is loaded by this request: the first token can
                # take minutes, and the page says so ("Loading model… 12 s").
                reply.publish(events.start(reply.id, choice.model, state, self.window))
                if self.continues is not None:
                    self._carry_over(reply, self.continues)
                sent, tools = await self._write(reply)
            if state == "not-loaded":
                self.client.catalog.outdated()  # it is loaded now, with its own window
            stats = self.timing.stats(request_chars(sent, tools), self.window)
            if self.prompt is not None:
                # LM Studio's count of the prompt describes the stored history only if that was
                # the prompt: a summary's does not (the page measures its window by it). The
                # tokens per character it measured still hold for the conversation's text.
                prompt, chars = stats["prompt_tokens"], stats["prompt_chars"]
                ratio = prompt / chars if prompt and chars else None
                stats.update(prompt_tokens=None, prompt_chars=None, tokens_per_char=ratio)
            ending = Ending("done", "complete", stats=stats)
        except LMStudioError as error:
            ending = Ending("error", "interrupted", error=error.message, code=error.code, figures=error.details)
        except StepsExhausted as exhausted:
            ending = Ending("error", "interrupted", error=str(exhausted), code="tool_steps_exhausted")
        except asyncio.CancelledError:
            if reply.cancel_reason in CANCELLED:
                code, sentence = CANCELLED[reply.cancel_reason]
                ending = Ending("error", "interrupted", error=sentence, code=code)
            else:
                ending = Ending("done", "stopped", stats=self.timing.stats(None, self.window))
            # Shielded: the ending is stored and published even if a second cancel arrives.
            await asyncio.shield(self._conclude(reply, ending))
            raise
        except Exception:
            logger.exception("the reply for conversation %s failed", reply.conversation_id)
            ending = Ending("error", "interrupted", error=INTERNAL_FAILURE, code="internal_error")
        await self._conclude(reply, ending)

    async def _write(self, reply: Reply) -> tuple[list[dict], list[dict] | None]:
        """Stream the reply from LM Studio, step by step; the messages of its last request, and
        the tools it offered."""
        start = reply.start
        history = self.prompt or await lm_studio_messages(
            start.conversation.system_prompt, start.history, self.store.attachments.contents
        )
        if self.continues is not None:
            history = continuing(history, self.continues.content, self.continues.steps)
        hub = self.engine.tools
        # A prompt of our own (a summary) is answered without tools.
        offered = hub.tools_for(self.options.mcp_servers) if hub is not None and self.prompt is None else []
        caller = ToolCaller(hub, offered, self.engine.tool_timeout_s)
        tools = function_definitions(offered) or None
        trims = self.options.context_overflow == "truncate_middle"
        sent = (
            self._fit(reply, history, self.window, self.options.tokens_per_char, tools)
            if trims and self.window
            else history
        )
        try:
            return await self._take_steps(reply, sent, caller, tools), tools
        except LMStudioError as error:
            # Too long after all (the window was not known, or the estimate was short): LM Studio's
            # error says the real sizes, so fit to those, once.
            window, needed = error.details.get("context_length"), error.details.get("prompt_tokens")
            if not (trims and error.code == "context_overflow" and not reply.has_text and window):
                raise
            self.window = window
            chars = request_chars(sent, tools)
            ratio = max(needed / chars if needed and chars else 0, self.options.tokens_per_char)
            fitted = self._fit(reply, history, window, ratio, tools)
            if len(fitted) >= len(sent):
                raise
            return await self._take_steps(reply, fitted, caller, tools), tools

    async def _take_steps(
        self, reply: Reply, messages: list[dict], caller: ToolCaller, tools: list[dict] | None
    ) -> list[dict]:
        def on_first_call() -> None:
            if not reply.has_text:  # a reply that calls tools first is saved as it goes, like text
                reply.has_text = True
                self.writer.first_text(reply)

        return await take_steps(
            reply,
            messages,
            stream_step=lambda step_messages: self._stream(reply, step_messages, tools),
            caller=caller,
            max_steps=self.engine.max_tool_steps,
            on_first_call=on_first_call,
        )

    @staticmethod
    def _carry_over(reply: Reply, earlier: MessageRecord) -> None:
        """A continued reply starts with what the earlier one wrote: its readers get that first,
        and it is stored with what follows."""
        if earlier.reasoning:
            reply.thoughts.append(earlier.reasoning)
            reply.publish(events.reasoning(earlier.reasoning))
        if earlier.content:
            reply.text.append(earlier.content)
            reply.publish(events.message(earlier.content))
        if earlier.steps:  # its text is in its steps already: what follows is a step of its own
            reply.steps = [dict(step) for step in earlier.steps]
            reply.step_text_from = len(reply.text)

    def _fit(
        self, reply: Reply, history: list[dict], window: int, ratio: float, tools: list[dict] | None
    ) -> list[dict]:
        """The history that fits the window beside the reply's room and the tools offered."""
        budget = prompt_budget(window, self.options.max_tokens) - estimate([], ratio, tools)
        fitted, left_out = fit(history, max(0, budget), ratio)
        reply.trimmed_messages = left_out or None
        return fitted

    async def _stream(self, reply: Reply, messages: list[dict], tools: list[dict] | None) -> list[dict]:
        """One request to LM Studio; the tool calls the model made (none: it answered)."""
        options = self.options
        calls: list[dict] = []
        stream = self.server.stream_chat_completion(
            messages,
            model=reply.model,
            temperature=options.temperature,
            max_tokens=options.max_tokens,
            sampling=options.sampling,
            tools=tools,
        )
        async with contextlib.aclosing(stream):
            # Nothing in this loop may await: the client's deadlines cancel this task while it
            # waits inside the stream, and only there. The writer task does the storing.
            async for kind, value in stream:
                if kind == TEXT:
                    reply.text.append(value)
                    reply.publish(events.message(value))
                elif kind == THOUGHT:
                    reply.thoughts.append(value)
                    reply.publish(events.reasoning(value))
                else:
                    if kind == USAGE:
                        self.timing.usage = value
                    elif kind == TOOL_CALLS:
                        calls = value
                    elif kind == FINISH:
                        reply.finish_reason = value
                    continue
                self.timing.count(kind)
                if not reply.has_text:
                    reply.has_text = True
                    self.writer.first_text(reply)
        return calls

    async def _conclude(self, reply: Reply, ending: Ending) -> None:
        """Store the ending (after any save under way), publish it, leave."""
        try:
            content, reasoning, steps = reply.content, reply.reasoning, reply.steps_so_far()
            written = bool(content or reasoning or steps) or ending.status == "complete"
            failure = None
            if not written and ending.event == "error":
                # With what the page acts on (a model that can see, an overflow's sizes), so the
                # same ways on are offered after a reload as when it failed.
                failure = {
                    **(ending.figures or {}),
                    "error": ending.error,
                    "code": ending.code,
                    "at": now().isoformat(),
                }
            outcome = ReplyOutcome(
                written=written,
                content=content,
                reasoning=reasoning,
                model=reply.model,
                status=ending.status,
                error=ending.error if ending.status == "interrupted" else None,
                stats=ending.stats,
                finish_reason=reply.finish_reason,
                trimmed_messages=reply.trimmed_messages,
                reply_error=failure,
                steps=steps,
            )
            await self.writer.store_ending(reply, outcome)
            stored = _as_message(reply, outcome) if written else None
            if ending.event == "done":
                reply.publish(events.done(ending.status, stored, ending.stats or empty_stats()))
            else:
                reply.publish(events.error(ending.error, ending.code, stored, ending.figures))
        finally:
            self.registry.leave(reply)
        if self.then is not None and ending.status == "complete":
            self._follow_up(reply)

    def _follow_up(self, reply: Reply) -> None:
        try:
            follow_up = self.then()
        except ConversationBeingDeleted:
            return  # deleted as the reply ended: nothing is left to answer in
        except Exception:
            logger.exception("what follows the reply in conversation %s could not start", reply.conversation_id)
            return
        asyncio.get_running_loop().create_task(_quietly(follow_up), name=f"after-reply-{reply.id}")


async def _quietly(follow_up: Awaitable[None]) -> None:
    """A follow-up's failure is logged: the reply before it is complete and stored."""
    try:
        await follow_up
    except Exception:
        logger.exception("what follows a reply could not start")


def _as_message(reply: Reply, outcome: ReplyOutcome) -> dict | None:
    """The stored reply as the API shows it (the `message` of `done` and `error`)."""
    start = reply.start
    if start is None:
        return None
    return Message(
        id=reply.id,
        role="assistant",
        content=outcome.content,
        reasoning=outcome.reasoning,
        timestamp=start.timestamp,
        model=outcome.model,
        status=outcome.status,
        error=outcome.error,
        stats=outcome.stats,
        parent_id=start.question.id,
        finish_reason=outcome.finish_reason,
        trimmed_messages=outcome.trimmed_messages,
        steps=outcome.steps,
    ).model_dump(mode="json")
