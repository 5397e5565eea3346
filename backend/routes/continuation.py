"""Going on from a conversation that outgrew the model's context window, in a new conversation
with the same settings: POST /api/conversations/{id}/continue {"start_from": …}

- "last_messages": a copy of the newest messages of the active path that fill at most half of
  the window (whole exchanges, from a user message on), so there is room to go on.
- "summary": the model writes a summary of the conversation (of its newest part that fits the
  window, when even that is too long). The new conversation holds a short request and, as the
  reply to it, the summary, which streams like any reply: the answer is the new conversation,
  generating; GET …/stream follows it. Request and summary take turns like any exchange, so
  every chat template accepts them as the start of the history.
"""

from __future__ import annotations

import math

from fastapi import APIRouter, HTTPException

import history_fit
from context_window import known_context_length
from dependencies import Client, ConversationId, Generations, Store, refuse_while_generating, require_conversation
from generations import GenerationManager
from models import SETTINGS_FIELDS, ContinueRequest, Conversation, ConversationResponse, GenerationOptionsInput, Message
from prompt import message_chars
from routes.replies import reply_options
from storage import ConversationStore, new_id, now

router = APIRouter()

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


@router.post("/api/conversations/{conversation_id}/continue", response_model=ConversationResponse)
async def continue_conversation(
    conversation_id: ConversationId, request: ContinueRequest, store: Store, generations: Generations, client: Client
):
    """A new conversation to go on from this one: from its last messages, or from a summary the
    model writes (then generating: follow it with GET …/stream)."""
    conversation = await require_conversation(store, conversation_id)
    refuse_while_generating(generations, conversation_id, "continue it elsewhere")
    path = [m for m in conversation.messages if m.content]
    if not path:
        raise HTTPException(422, "This conversation has no messages to go on from.")
    window = await known_context_length(conversation, client) or FALLBACK_CONTEXT_LENGTH
    ratio = history_fit.tokens_per_char(path)
    title = f"{conversation.title} (continued)"
    if request.start_from == "last_messages":
        keep = newest_that_fit(path, int(window * LAST_MESSAGES_SHARE), ratio)
        copy = await store.fork(conversation_id, path[-1].id, keep_last=keep, title=title)
        if copy is None:
            raise HTTPException(409, "The conversation changed meanwhile; try again.")
        return copy
    return await start_summary(conversation, path, window, ratio, title, store, generations)


def newest_that_fit(path: list[Message], budget: int, ratio: float) -> int:
    """How many of the newest messages fit in `budget` tokens, starting at a user message; at
    least the last exchange."""
    used, count = 0, 0
    for message in reversed(path):
        used += math.ceil(message_chars(message) * ratio) + history_fit.TOKENS_PER_MESSAGE
        if used > budget and count:
            break
        count += 1
    while count < len(path) and path[-count].role != "user":
        count += 1  # back to the user message that opened the exchange
    return count


def transcript(path: list[Message], budget: int, ratio: float) -> str:
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
    conversation: Conversation,
    path: list[Message],
    window: int,
    ratio: float,
    title: str,
    store: ConversationStore,
    generations: GenerationManager,
) -> ConversationResponse:
    created = await store.create_conversation(title, conversation.model_dump(include=set(SETTINGS_FIELDS)))
    request = Message(id=new_id(), role="user", content=summary_request(conversation.title), timestamp=now())
    await store.add_message(created.id, request, parent_id=None, make_active=True)
    summary_tokens = min(MAX_SUMMARY_TOKENS, int(window * SUMMARY_SHARE))
    instruction = {"role": "system", "content": SUMMARY_INSTRUCTION}
    room = history_fit.prompt_budget(window, summary_tokens) - history_fit.estimate([instruction], ratio)
    history = [instruction, {"role": "user", "content": transcript(path, room, ratio)}]
    options = reply_options(conversation, path, GenerationOptionsInput(max_tokens=summary_tokens))
    generation = generations.reserve(created.id)
    generations.launch(generation, history, options, reply_to=request.id)
    summary = await store.get_summary(created.id)
    summary.is_generating = True
    return summary
