"""Replies as tasks owned by the backend: one per conversation, any number of readers.

A Generation streams one assistant reply from LM Studio into an append-only list of
events. Readers (the POST that started it, or a later GET …/stream) replay that list
from the start and then follow it live, so a reader that leaves loses nothing and a
reader that arrives late misses nothing. Stopping cancels the task; its cleanup
closes the request to LM Studio and stores the partial reply.

Every way out of a generation ends its event list with exactly one `done` or `error` and
takes it out of the registry: a normal end, a failure, a stop, and a cancel that lands
before the task ran a single line (the task's done-callback covers that one).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import anyio

import history_fit
from lm_studio_client import FINISH, USAGE, LMStudioClient, LMStudioError
from models import GenerationStats, Message
from storage import ConversationStore, new_id, now
from think_tags import CONTENT, REASONING

logger = logging.getLogger("client_chat.generations")

DEFAULT_TEMPERATURE = 0.7
SSE_SEPARATOR = "\r\n"  # sse-starlette's, so our batches and its pings look alike
# Events whose data is a text delta: consecutive ones are merged for a reader that fell behind.
MERGEABLE = {"message": "content", "reasoning": "reasoning"}
# Why a reply ended early, for its readers (the seed's clients read `error` as a sentence).
ENDINGS = {
    "shutdown": ("shutdown", "The backend was shut down before the reply was finished; what was written is kept."),
    "deleted": ("deleted", "This conversation was deleted while its reply was being written."),
}


@dataclass(frozen=True)
class GenerationOptions:
    model: str | None
    temperature: float
    max_tokens: int | None
    sampling: dict | None = None  # top_p, top_k, min_p, repeat_penalty, stop: only those set
    context_overflow: str = "error"  # or "truncate_middle": leave out the history's middle
    tokens_per_char: float = history_fit.DEFAULT_TOKENS_PER_CHAR  # measured on this conversation


@dataclass(frozen=True)
class Ending:
    """How a reply ended: the event its readers get last and what is stored with it."""

    event: str  # "done" or "error"
    status: str  # the stored message's status: complete, stopped or interrupted
    error: str | None = None
    code: str | None = None
    stats: GenerationStats | None = None
    details: dict | None = None  # figures for the client (a context overflow's sizes)


class ConversationBeingDeleted(Exception):
    """A reply was asked for in a conversation that is being deleted."""


class AlreadyGenerating(Exception):
    """A reply was asked for in a conversation that already has one in progress."""


def encode_event(name: str, data: dict) -> str:
    return f"event: {name}{SSE_SEPARATOR}data: {json.dumps(data, ensure_ascii=False)}{SSE_SEPARATOR}{SSE_SEPARATOR}"


def encode_events(events: list[tuple[str, dict]]) -> bytes:
    """Encode events as SSE, merging runs of text deltas into one event each."""
    parts: list[str] = []
    run_name, run_texts = None, []
    for name, data in events:
        if name == run_name:
            run_texts.append(data[MERGEABLE[name]])
            continue
        if run_name:
            parts.append(encode_event(run_name, {MERGEABLE[run_name]: "".join(run_texts)}))
            run_name, run_texts = None, []
        if name in MERGEABLE:
            run_name, run_texts = name, [data[MERGEABLE[name]]]
        else:
            parts.append(encode_event(name, data))
    if run_name:
        parts.append(encode_event(run_name, {MERGEABLE[run_name]: "".join(run_texts)}))
    return "".join(parts).encode("utf-8")


class ReplyTiming:
    """When the reply's first token, first thought and first answer text came, for its stats."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.first_token_at: float | None = None
        self.first_reasoning_at: float | None = None
        self.first_content_at: float | None = None
        self.deltas = 0
        self.usage: dict | None = None

    def count(self, kind: str) -> float:
        moment = time.perf_counter()
        self.deltas += 1
        if self.first_token_at is None:
            self.first_token_at = moment
        if kind == REASONING and self.first_reasoning_at is None:
            self.first_reasoning_at = moment
        elif kind == CONTENT and self.first_content_at is None:
            self.first_content_at = moment
        return moment

    def stats(self, prompt_chars: int | None = None, context_length: int | None = None) -> GenerationStats:
        ended = time.perf_counter()
        tokens = self.usage.get("completion_tokens") if self.usage else None
        tokens = tokens if isinstance(tokens, int) else self.deltas
        first = self.first_token_at
        duration = ended - first if first is not None else 0
        reasoning_ms = None
        if self.first_reasoning_at is not None:
            thought_until = self.first_content_at or ended
            reasoning_ms = round((thought_until - self.first_reasoning_at) * 1000, 1)
        prompt_tokens = self.usage.get("prompt_tokens") if self.usage else None
        return GenerationStats(
            ttft_ms=round((first - self.started) * 1000, 1) if first is not None else None,
            tokens_per_second=round(tokens / duration, 2) if duration > 0 and tokens else None,
            completion_tokens=tokens,
            reasoning_ms=reasoning_ms,
            prompt_tokens=prompt_tokens if isinstance(prompt_tokens, int) else None,
            prompt_chars=prompt_chars,
            context_length=context_length,
        )


class Generation:
    """One reply in progress: its events so far, and a way to wait for the next ones."""

    def __init__(self, conversation_id: str) -> None:
        self.conversation_id = conversation_id
        self.message_id = new_id()
        self.reply_to: str | None = None  # the user message this reply answers
        self.model: str | None = None
        self.finish_reason: str | None = None
        self.trimmed_messages: int | None = None  # earlier messages left out to fit the context
        self.events: list[tuple[str, dict]] = []
        self.content: list[str] = []
        self.reasoning: list[str] = []
        self.finished = False
        self.cancel_reason: str | None = None  # "stopped", "deleted" or "shutdown"
        self.task: asyncio.Task | None = None
        self.stored = False  # whether the reply has its row in the store yet
        self.timestamp = now()
        self.has_text = asyncio.Event()  # the first token arrived
        self.ended = asyncio.Event()  # the stream is over; the writer makes its last write
        self._wakeup = asyncio.Event()

    def publish(self, name: str, data: dict) -> None:
        if self.finished:
            return  # the one `done` or `error` is already out
        self.events.append((name, data))
        self._wakeup.set()

    def close(self) -> None:
        self.finished = True
        self._wakeup.set()

    async def stream(self) -> AsyncIterator[bytes]:
        """Everything generated so far, then each new batch of events until the last one.

        Each batch is one chunk of SSE bytes: a reader that fell behind gets what it missed in
        one send. Keep-alive pings are EventSourceResponse's job.
        """
        cursor = 0
        while True:
            end = len(self.events)
            if cursor < end:
                yield encode_events(self.events[cursor:end])
                cursor = end
                continue
            if self.finished:
                return
            if self._wakeup.is_set():
                # Readers already woken by the set event keep going; later waits need a fresh one.
                self._wakeup = asyncio.Event()
            await self._wakeup.wait()


class GenerationManager:
    """The registry of replies in progress, at most one per conversation."""

    def __init__(self, store: ConversationStore, client: LMStudioClient, persist_interval_s: float) -> None:
        self.store = store
        self.client = client
        self.persist_interval_s = persist_interval_s
        self._running: dict[str, Generation] = {}
        self._deleting: set[str] = set()
        # Set by sse-starlette when the server is told to stop (Ctrl+C, SIGTERM): replies are
        # stopped first, so their streams end and the server need not wait for them.
        self.shutdown_requested = anyio.Event()

    def get(self, conversation_id: str) -> Generation | None:
        return self._running.get(conversation_id)

    def is_generating(self, conversation_id: str) -> bool:
        return conversation_id in self._running

    def is_being_deleted(self, conversation_id: str) -> bool:
        return conversation_id in self._deleting

    def reserve(self, conversation_id: str) -> Generation:
        """Claim the conversation for a new reply, before anything awaits: from here on a second
        send gets 409, and a stop or delete marks this reply, which then ends as it launches."""
        if conversation_id in self._deleting:
            raise ConversationBeingDeleted(conversation_id)
        if conversation_id in self._running:
            raise AlreadyGenerating(conversation_id)
        generation = Generation(conversation_id)
        self._running[conversation_id] = generation
        return generation

    def release(self, generation: Generation) -> None:
        """Give up a reservation that will not be launched (the user message could not be stored)."""
        generation.close()
        if self._running.get(generation.conversation_id) is generation:
            del self._running[generation.conversation_id]

    def launch(
        self, generation: Generation, history: list[dict], options: GenerationOptions, *, reply_to: str | None = None
    ) -> None:
        """Start the reserved reply: an answer to `reply_to` (the user message it follows)."""
        generation.reply_to = reply_to
        if generation.cancel_reason is not None:
            self._finish(generation)  # stopped, deleted or shut down before it could start
            return
        generation.task = asyncio.create_task(
            self._run(generation, history, options), name=f"generation-{generation.conversation_id}"
        )
        generation.task.add_done_callback(lambda _task: self._finish(generation))

    def start(
        self, conversation_id: str, history: list[dict], options: GenerationOptions, *, reply_to: str | None = None
    ) -> Generation:
        generation = self.reserve(conversation_id)
        self.launch(generation, history, options, reply_to=reply_to)
        return generation

    async def stop(self, conversation_id: str, reason: str = "stopped") -> Generation | None:
        """Cancel the reply in progress and wait until its partial text is stored."""
        generation = self._running.get(conversation_id)
        if generation is None:
            return None
        generation.cancel_reason = generation.cancel_reason or reason
        if generation.task is None:
            return generation  # reserved, not launched: it ends as soon as it launches
        generation.task.cancel()
        await asyncio.wait({generation.task})
        self._finish(generation)
        return generation

    @contextlib.asynccontextmanager
    async def deleting(self, conversation_id: str):
        """While a conversation is deleted: its reply is stopped first and no new one may start."""
        self._deleting.add(conversation_id)
        try:
            await self.stop(conversation_id, reason="deleted")
            yield
        finally:
            self._deleting.discard(conversation_id)

    async def shutdown(self) -> None:
        running = list(self._running)
        if running:
            logger.info("stopping %d reply(ies) for shutdown; their text so far is kept", len(running))
        await asyncio.gather(*(self.stop(conversation_id, reason="shutdown") for conversation_id in running))

    async def stop_all_on_shutdown_request(self) -> None:
        """Runs for the life of the app: when shutdown is requested, stop every reply."""
        await self.shutdown_requested.wait()
        await self.shutdown()

    def _finish(self, generation: Generation) -> None:
        """The last word of every generation, however its task ended (even before it started)."""
        if not generation.finished:
            # Only a task cancelled before its first line gets here with nothing published:
            # it generated nothing, so there is nothing to store.
            if generation.cancel_reason in ENDINGS:
                code, sentence = ENDINGS[generation.cancel_reason]
                generation.publish("error", {"error": sentence, "code": code, "message": None})
            elif generation.cancel_reason == "stopped":
                generation.publish(
                    "done", {"status": "stopped", "message": None, "stats": GenerationStats().model_dump()}
                )
            else:
                sentence = "The backend failed while writing this reply; its log has the details."
                generation.publish("error", {"error": sentence, "code": "internal_error", "message": None})
            generation.close()
        if self._running.get(generation.conversation_id) is generation:
            del self._running[generation.conversation_id]

    async def _run(self, generation: Generation, history: list[dict], options: GenerationOptions) -> None:
        timing = ReplyTiming()
        writer: asyncio.Task | None = None
        context_length = None
        sent = history
        try:
            generation.model = await self.client.resolve_model(options.model)
            info = await self.client.model_info(generation.model)
            context_length = info.context_length if info else None
            model_state = info.state if info else "unknown"
            # A model LM Studio has not loaded is loaded by this request: the first token can
            # take minutes, and the page says so ("Loading model… 12 s").
            generation.publish(
                "start",
                {
                    "message_id": generation.message_id,
                    "model": generation.model,
                    "model_state": model_state,
                    "context_length": context_length,
                },
            )
            writer = asyncio.create_task(self._write_progress(generation), name=f"reply-writer-{generation.message_id}")
            trim = options.context_overflow == "truncate_middle"
            if trim and context_length:
                sent = self._fit(generation, history, context_length, options, options.tokens_per_char)
            try:
                await self._stream(generation, sent, options, timing)
            except LMStudioError as error:
                # Too long after all (the window was not known, or the estimate was short): LM
                # Studio's error says the real sizes, so fit to those, once.
                if not (trim and error.code == "context_overflow" and not generation.has_text.is_set()):
                    raise
                window = error.details.get("context_length")
                needed = error.details.get("prompt_tokens")
                if not window:
                    raise
                context_length = window
                chars = sum(history_fit.content_chars(m["content"]) for m in sent)
                ratio = needed / chars if needed and chars else options.tokens_per_char
                fitted = self._fit(generation, history, window, options, max(ratio, options.tokens_per_char))
                if len(fitted) >= len(sent):
                    raise
                sent = fitted
                await self._stream(generation, sent, options, timing)
            if model_state == "not-loaded":
                self.client.forget_models()  # it is loaded now
            prompt_chars = sum(history_fit.content_chars(m["content"]) for m in sent)
            ending = Ending("done", "complete", stats=timing.stats(prompt_chars, context_length))
        except LMStudioError as error:
            ending = Ending("error", "interrupted", error=error.message, code=error.code, details=error.details)
        except asyncio.CancelledError:
            if generation.cancel_reason == "stopped":
                ending = Ending("done", "stopped", stats=timing.stats(None, context_length))
            else:
                code, sentence = ENDINGS.get(generation.cancel_reason, ENDINGS["shutdown"])
                ending = Ending("error", "interrupted", error=sentence, code=code)
            # Shielded: the ending is stored and published even if a second cancel arrives.
            await asyncio.shield(self._conclude(generation, writer, ending))
            raise
        except Exception:
            logger.exception("reply for conversation %s failed", generation.conversation_id)
            sentence = "The backend failed while writing this reply; its log has the details."
            ending = Ending("error", "interrupted", error=sentence, code="internal_error")
        await self._conclude(generation, writer, ending)

    @staticmethod
    def _fit(
        generation: Generation, history: list[dict], context_length: int, options: GenerationOptions, ratio: float
    ) -> list[dict]:
        budget = history_fit.prompt_budget(context_length, options.max_tokens)
        fitted, dropped = history_fit.fit(history, budget, ratio)
        generation.trimmed_messages = dropped or None
        return fitted

    async def _stream(
        self, generation: Generation, messages: list[dict], options: GenerationOptions, timing: ReplyTiming
    ) -> None:
        stream = self.client.stream_chat_completion(
            messages,
            model=generation.model,
            temperature=options.temperature,
            max_tokens=options.max_tokens,
            sampling=options.sampling,
        )
        async with contextlib.aclosing(stream):
            # Nothing in this loop may await: the client's deadlines cancel this task while it
            # waits inside the stream, and only there. The writer task does the storing.
            async for kind, value in stream:
                if kind == CONTENT:
                    generation.content.append(value)
                    generation.publish("message", {"content": value})
                elif kind == REASONING:
                    generation.reasoning.append(value)
                    generation.publish("reasoning", {"reasoning": value})
                elif kind == USAGE:
                    timing.usage = value
                    continue
                elif kind == FINISH:
                    generation.finish_reason = value
                    continue
                else:
                    continue
                timing.count(kind)
                generation.has_text.set()

    async def _conclude(self, generation: Generation, writer: asyncio.Task | None, ending: Ending) -> None:
        """Let the writer finish its last write, store the reply's ending, publish it, leave."""
        try:
            generation.ended.set()
            if writer is not None:
                await writer
            message = await self._store_final(generation, ending)
            if ending.event == "done":
                status = "completed" if ending.status == "complete" else ending.status
                stats = ending.stats or GenerationStats()
                generation.publish(
                    "done", {"status": status, "message": _as_json(message), "stats": stats.model_dump()}
                )
            else:
                details = ending.details or {}
                generation.publish(
                    "error", {"error": ending.error, "code": ending.code, "message": _as_json(message), **details}
                )
        finally:
            generation.close()
            if self._running.get(generation.conversation_id) is generation:
                del self._running[generation.conversation_id]

    # ---- storage of the reply -------------------------------------------------------------

    async def _write_progress(self, generation: Generation) -> None:
        """The reply's row from its first token on (so a crash leaves a trace), then its text at
        most once per interval, until the reply ends."""
        first = asyncio.ensure_future(generation.has_text.wait())
        ended = asyncio.ensure_future(generation.ended.wait())
        await asyncio.wait({first, ended}, return_when=asyncio.FIRST_COMPLETED)
        first.cancel()
        if generation.ended.is_set():
            ended.cancel()
            return
        await self._safely(self._store_placeholder, generation)
        while True:
            done, _ = await asyncio.wait({ended}, timeout=self.persist_interval_s)
            if done:
                return
            await self._safely(self._persist_progress, generation)

    async def _safely(self, write, generation: Generation, *args):
        """A failed write (the conversation deleted meanwhile, a full disk) is logged; the
        reply's readers still get its ending."""
        try:
            return await write(generation, *args)
        except Exception:
            logger.exception("could not store the reply for conversation %s", generation.conversation_id)
            return None

    async def _store_placeholder(self, generation: Generation) -> None:
        placeholder = Message(
            id=generation.message_id,
            role="assistant",
            content="".join(generation.content),
            reasoning="".join(generation.reasoning) or None,
            timestamp=generation.timestamp,
            model=generation.model,
            status="streaming",
        )
        await self.store.add_message(
            generation.conversation_id, placeholder, parent_id=generation.reply_to, make_active=False
        )
        generation.stored = True

    async def _persist_progress(self, generation: Generation) -> None:
        changes = {"content": "".join(generation.content), "reasoning": "".join(generation.reasoning) or None}
        await self.store.update_message(generation.conversation_id, generation.message_id, changes)

    async def _store_final(self, generation: Generation, ending: Ending) -> Message | None:
        """Store the reply's final text; a failure with no text leaves nothing behind."""
        content = "".join(generation.content)
        reasoning = "".join(generation.reasoning) or None
        if not generation.stored:
            if not content and not reasoning and ending.status != "complete":
                return None
            await self._safely(self._store_placeholder, generation)
        changes = {
            "content": content,
            "reasoning": reasoning,
            "status": ending.status,
            "error": ending.error,
            "stats": ending.stats,
            "finish_reason": generation.finish_reason,
            "trimmed_messages": generation.trimmed_messages,
        }

        async def update(generation: Generation) -> None:
            await self.store.update_message(generation.conversation_id, generation.message_id, changes)

        await self._safely(update, generation)
        return Message(
            id=generation.message_id,
            role="assistant",
            content=content,
            reasoning=reasoning,
            timestamp=generation.timestamp,
            model=generation.model,
            status=ending.status,
            error=ending.error,
            stats=ending.stats,
            parent_id=generation.reply_to,
            finish_reason=generation.finish_reason,
            trimmed_messages=generation.trimmed_messages,
        )


def _as_json(message: Message | None) -> dict | None:
    return message.model_dump(mode="json") if message else None
