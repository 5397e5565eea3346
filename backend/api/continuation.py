"""Going on from a conversation that outgrew the model's context window, in a new conversation
with the same settings: POST /api/conversations/{id}/continue {"start_from": …}

- "last_messages": a copy of the newest messages of the active path that fill at most half of
  the window (whole exchanges, from a user message on), so there is room to go on.
- "summary": the model writes a summary of the conversation (of its newest part that fits the
  window, when even that is too long). The new conversation holds a short request and, as the
  reply to it, the summary, which streams like any reply: the answer is the new conversation,
  generating; GET …/stream follows it. Request and summary take turns like any exchange, so
  every chat template accepts them as the start of the history.

A question the old conversation could no longer answer (the path ends with it) comes along once
and is answered in the new one: right away after the last messages, after the summary otherwise.
What the copied replies measured of their prompt does not describe the new conversation, so the
copies keep their text and figures but not those counts.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable

from fastapi import APIRouter, HTTPException

from api.deps import Client, ConversationId, CurrentStore, Engine, not_found, refuse_while_replying
from api.shapes import conversation_shape
from context.estimate import TOKENS_PER_MESSAGE, estimate, message_chars, tokens_per_char
from context.fit import prompt_budget
from context.window import known_window
from models import ContinueRequest, ConversationResponse, ReplyOptionsInput, is_id
from replies import ReplyEngine, choose_options
from replies.reply import Reply
from replies.run import choose_model
from storage import ConversationRecord, MessageRecord, Store, new_id
from storage.titles import continued_title

router = APIRouter(prefix="/api/conversations", tags=["conversations"])

# LM Studio loads a model with this context length unless told otherwise.
FALLBACK_CONTEXT_LENGTH = 4096
# The copied messages take at most this share of the window.
LAST_MESSAGES_SHARE = 0.5
# The summary is asked to be at most a quarter of the window, and this many tokens.
SUMMARY_SHARE, MAX_SUMMARY_TOKENS = 0.25, 2048
SUMMARY_INSTRUCTION = (
    "You summarise conversations so that they can be continued elsewhere. Write a concise summary "
    "of the conversation below: its subject, the facts, names, numbers and decisions it "
    "established, what was asked last and what is still open. Write it as notes for the "
    "participants, in the conversation's language, without preamble."
)
LEFT_OUT = "[The beginning of this conversation is left out: it was too long to include.]"


def summary_request(title: str) -> str:
    return f"Summarise our earlier conversation “{title}” so that we can go on from it."


@router.post("/{conversation_id}/continue", response_model=ConversationResponse)
async def continue_conversation(
    conversation_id: ConversationId, request: ContinueRequest, store: CurrentStore, engine: Engine, client: Client
):
    """A new conversation to go on from this one: from its last messages, or from a summary the
    model writes (then generating: follow it with GET …/stream)."""
    found = await store.messages.active_path(conversation_id) if is_id(conversation_id) else None
    if found is None:
        raise not_found()
    conversation, path = found
    await refuse_while_replying(engine, conversation_id, "continue it elsewhere")
    path = [m for m in path if m.content or m.attachments or m.steps]
    if not path:
        raise HTTPException(422, "This conversation has no messages to go on from.")
    pending = path[-1] if path[-1].role == "user" else None
    try:
        choice = await choose_model(client, conversation.model)
    except Exception:  # the window is then what the conversation's replies found, or LM Studio's usual one
        choice = None
    window = known_window(choice.info if choice else None, path) or FALLBACK_CONTEXT_LENGTH
    ratio = tokens_per_char(path)
    title = continued_title(conversation.title)
    if request.start_from == "last_messages":
        keep = newest_that_fit(path, int(window * LAST_MESSAGES_SHARE), ratio)
        copy = await store.forks.copy_path(
            conversation_id, path[-1].id, keep_last=keep, title=title, fresh_context=True
        )
        if copy is None:
            raise HTTPException(409, "The conversation changed meanwhile; try again.")
        if pending is not None:
            await answer_last_question(copy.id, copy.active_message_id, store, engine)
        return conversation_shape(await store.conversations.get(copy.id), engine)
    return await start_summary(conversation, path, pending, window, ratio, title, store, engine)


async def answer_last_question(conversation_id: str, question_id: str, store: Store, engine: ReplyEngine) -> None:
    """A reply to the question the new conversation ends with."""
    reply = await engine.registry.claim(conversation_id)
    try:
        start = await store.replies.begin_again(conversation_id, question_id, reply_id=reply.id)
    except BaseException:
        engine.registry.release(reply)
        raise
    engine.launch(reply, start, choose_options(None, start.conversation, start.history))


def ask_again(conversation_id: str, question: MessageRecord, store: Store, engine: ReplyEngine) -> Awaitable[None]:
    """The question the old conversation could not answer, asked in the new one, and answered.
    The conversation is claimed here, synchronously, as the summary leaves it (ReplyRun's `then`):
    it never looks idle in between, so a page that opens it then follows this reply too."""
    reply = engine.registry.reserve(conversation_id)
    return _ask(reply, question, store, engine)


async def _ask(reply: Reply, question: MessageRecord, store: Store, engine: ReplyEngine) -> None:
    await engine.registry.hold(reply)
    try:
        start = await store.replies.begin_send(
            reply.conversation_id,
            question_id=new_id(),
            reply_id=reply.id,
            content=question.content,
            attachment_ids=tuple(file.id for file in question.attachments or ()),
        )
    except BaseException:
        engine.registry.release(reply)
        raise
    engine.launch(reply, start, choose_options(None, start.conversation, start.history))


def newest_that_fit(path: list[MessageRecord], budget: int, ratio: float) -> int:
    """How many of the newest messages fit in `budget` tokens, starting at a user message; at
    least the last exchange."""
    used, count = 0, 0
    for message in reversed(path):
        used += math.ceil(message_chars(message) * ratio) + TOKENS_PER_MESSAGE
        if used > budget and count:
            break
        count += 1
    while count < len(path) and path[-count].role != "user":
        count += 1  # back to the user message that opened the exchange
    return count


def transcript(path: list[MessageRecord], budget: int, ratio: float) -> str:
    """The conversation as text for the summary: its newest messages that fit in `budget`."""
    lines: list[str] = []
    used = 0
    for message in reversed(path):
        line = f"{'User' if message.role == 'user' else 'Assistant'}: {message.content}"
        used += math.ceil(len(line) * ratio)
        if used > budget and lines:
            lines.insert(0, LEFT_OUT)
            break
        lines.insert(0, line)
    return "\n\n".join(lines)


async def start_summary(
    conversation: ConversationRecord,
    path: list[MessageRecord],
    pending: MessageRecord | None,
    window: int,
    ratio: float,
    title: str,
    store: Store,
    engine: ReplyEngine,
) -> ConversationResponse:
    created = await store.conversations.create(title, conversation.settings(), title_set_by_user=True)
    reply = await engine.registry.claim(created.id)
    try:
        start = await store.replies.begin_send(
            created.id,
            question_id=new_id(),
            reply_id=reply.id,
            content=summary_request(conversation.title),
            parent=None,
        )
    except BaseException:
        engine.registry.release(reply)
        raise
    summary_tokens = min(MAX_SUMMARY_TOKENS, int(window * SUMMARY_SHARE))
    instruction = {"role": "system", "content": SUMMARY_INSTRUCTION}
    room = prompt_budget(window, summary_tokens) - estimate([instruction], ratio)
    told = path[:-1] if pending is not None else path
    prompt = [instruction, {"role": "user", "content": transcript(told, room, ratio)}]
    options = choose_options(ReplyOptionsInput(max_tokens=summary_tokens), start.conversation, path)
    then = (lambda: ask_again(created.id, pending, store, engine)) if pending is not None else None
    engine.launch(reply, start, options, prompt=prompt, then=then)
    return conversation_shape(await store.conversations.get(created.id), engine)
