"""The writes of a reply: how it begins, how it progresses, how it ends. This is the hot path.

Beginning a reply is one transaction: the conversation is read, the user's message (for a send)
and the reply's placeholder row are inserted, the conversation's active leaf, count, activity
time (and automatic title) are set, and the history the reply is written from is read. The
placeholder has the status "streaming", which keeps it out of every path, list and search until
the reply ends. Ending it is one transaction too: the reply's final row and the active leaf, or,
when nothing was written, the placeholder deleted and the failure kept on the user's message.

Statements are built once, at import, and a path's length is its leaf's stored depth: on the
way to LM Studio nothing is walked twice or built twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

import sqlalchemy as sa

from storage import attachments as attached
from storage.conversations import SELECT_ONE
from storage.database import Database
from storage.ids import now
from storage.messages import read_path, visible_message
from storage.records import ConversationRecord, MessageRecord
from storage.rows import conversation_record
from storage.schema import conversations, messages
from storage.titles import automatic_title

# begin_send's parent for "after the active leaf", read in the same transaction.
ACTIVE_LEAF = object()
STREAMING = "streaming"


class UnknownConversation(LookupError):
    """The conversation does not exist (or no longer)."""


class UnknownMessage(LookupError):
    """The message named is not a visible message of the conversation."""


class NotAQuestion(ValueError):
    """Only a reply to a user message, or the user message itself, can be answered again."""


@dataclass(frozen=True, slots=True)
class ReplyStart:
    """What a reply is written from: the conversation (its settings), the user message it answers
    and the path from the first message down to that one."""

    conversation: ConversationRecord
    question: MessageRecord
    history: list[MessageRecord]
    reply_id: str
    timestamp: datetime


@dataclass(frozen=True, slots=True)
class ReplyOutcome:
    """How a reply ended. `written`: the reply is stored as a message (it has text, or it
    completed); otherwise its placeholder goes, and `reply_error` (when it failed) is kept on the
    user's message."""

    written: bool
    content: str = ""
    reasoning: str | None = None
    model: str | None = None
    status: str = "complete"
    error: str | None = None
    stats: dict | None = None
    finish_reason: str | None = None
    trimmed_messages: int | None = None
    reply_error: dict | None = None
    steps: list[dict] | None = None  # a reply that called tools: its text and calls in order


_B = sa.bindparam
INSERT_MESSAGES = messages.insert()
TOUCH_FOR_SEND = (
    conversations.update()
    .where(conversations.c.id == _B("target_conversation"))
    .values(updated_at=_B("moment"), active_message_id=_B("leaf_id"), message_count=_B("path_length"))
)
# The same, for a new first message: it titles the conversation too.
TOUCH_AND_TITLE = TOUCH_FOR_SEND.values(title=_B("automatic"))
SAVE_PROGRESS = (
    messages.update()
    .where(messages.c.id == _B("reply_id"))
    .values(
        content=_B("text"),
        reasoning=_B("thoughts"),
        model=_B("model_id"),
        steps=_B("steps_so_far", type_=messages.c.steps.type),
    )
)
SAVE_ENDING = (
    messages.update()
    .where(messages.c.id == _B("reply_id"))
    .values(
        content=_B("text"),
        reasoning=_B("thoughts"),
        model=_B("model_id"),
        status=_B("ending"),
        error=_B("sentence"),
        stats=_B("figures", type_=messages.c.stats.type),
        finish_reason=_B("why_finished"),
        trimmed_messages=_B("left_out"),
        steps=_B("steps_taken", type_=messages.c.steps.type),
    )
)
# The reply extends the active path only if the user has not moved to another branch meanwhile.
EXTEND_ACTIVE_PATH = (
    conversations.update()
    .where(conversations.c.id == _B("target_conversation"), conversations.c.active_message_id == _B("question_id"))
    .values(active_message_id=_B("leaf_id"), message_count=_B("path_length"))
)
SET_REPLY_ERROR = (
    messages.update()
    .where(messages.c.id == _B("question_id"))
    .values(reply_error=_B("failure", type_=messages.c.reply_error.type))
)
DELETE_PLACEHOLDER = messages.delete().where(messages.c.id == _B("reply_id"), messages.c.status == STREAMING)
BY_ID = sa.select(messages).where(messages.c.id == _B("message_id"))
# The conversation's row, locked until the transaction ends: two replies begun at once (possible
# through two backends) each see the other's leaf. SQLite's IMMEDIATE transactions already
# queue writers; its dialect leaves FOR UPDATE out.
LOCK_CONVERSATION = SELECT_ONE.with_for_update()


def _locked_conversation(connection: sa.Connection, conversation_id: str, owner: str | None = None):
    """The conversation's row, locked; UnknownConversation when there is none, or it is another
    account's (`owner` None: accounts are off)."""
    row = connection.execute(LOCK_CONVERSATION, {"conversation_id": conversation_id}).first()
    if row is None or (owner is not None and row.owner_id != owner):
        raise UnknownConversation(conversation_id)
    return row


def _placeholder(reply_id: str, conversation_id: str, question: MessageRecord, moment: datetime) -> dict:
    return {
        "id": reply_id,
        "conversation_id": conversation_id,
        "parent_id": question.id,
        "role": "assistant",
        "content": "",
        "timestamp": moment,
        "depth": question.depth + 1,
        "status": STREAMING,
    }


def _begin_send(
    connection: sa.Connection,
    conversation_id: str,
    question_id: str,
    reply_id: str,
    content: str,
    parent,
    attachment_ids: tuple[str, ...],
    title_from: str | None,
    owner: str | None,
) -> ReplyStart:
    moment = now()
    row = _locked_conversation(connection, conversation_id, owner)
    if parent is ACTIVE_LEAF:
        parent_id = row.active_message_id
        depth = row.message_count  # the active leaf's depth + 1
    elif parent is None:
        parent_id, depth = None, 0
    else:
        found = visible_message(connection, conversation_id, parent)
        if found is None:
            raise UnknownMessage(parent)
        parent_id, depth = found.id, found.depth + 1
    question = MessageRecord(
        id=question_id,
        conversation_id=conversation_id,
        parent_id=parent_id,
        role="user",
        content=content,
        timestamp=moment,
        depth=depth,
    )
    connection.execute(
        INSERT_MESSAGES,
        [
            {
                "id": question_id,
                "conversation_id": conversation_id,
                "parent_id": parent_id,
                "role": "user",
                "content": content,
                "timestamp": moment,
                "depth": depth,
                "status": None,
            },
            _placeholder(reply_id, conversation_id, question, moment),
        ],
    )
    if attachment_ids:
        attached.link(connection, question_id, list(attachment_ids))
        files = attached.attachments_of(connection, [question_id]).get(question_id)
        question = replace(question, attachments=tuple(files) if files else None)
    touch = {"target_conversation": conversation_id, "moment": moment, "leaf_id": question_id, "path_length": depth + 1}
    if parent_id is None and not row.title_set_by_user:
        connection.execute(TOUCH_AND_TITLE, {**touch, "automatic": automatic_title(title_from or content)})
    else:
        connection.execute(TOUCH_FOR_SEND, touch)
    history = read_path(connection, conversation_id, parent_id, siblings=False) if parent_id else []
    return ReplyStart(conversation_record(row), question, [*history, question], reply_id, moment)


def _begin_again(
    connection: sa.Connection, conversation_id: str, message_id: str, reply_id: str, owner: str | None
) -> ReplyStart:
    moment = now()
    row = _locked_conversation(connection, conversation_id, owner)
    target = visible_message(connection, conversation_id, message_id)
    if target is None:
        raise UnknownMessage(message_id)
    question_row = target
    if target.role != "user":
        question_row = None
        if target.parent_id is not None:
            question_row = connection.execute(BY_ID, {"message_id": target.parent_id}).first()
    if question_row is None or question_row.role != "user":
        raise NotAQuestion(message_id)
    history = read_path(connection, conversation_id, question_row.id, siblings=False)
    question = history[-1]
    connection.execute(INSERT_MESSAGES, [_placeholder(reply_id, conversation_id, question, moment)])
    connection.execute(
        TOUCH_FOR_SEND,
        {
            "target_conversation": conversation_id,
            "moment": moment,
            "leaf_id": question.id,
            "path_length": question.depth + 1,
        },
    )
    return ReplyStart(conversation_record(row), question, history, reply_id, moment)


def _save_progress(connection: sa.Connection, parameters: dict) -> None:
    connection.execute(SAVE_PROGRESS, parameters)


def _finish(connection: sa.Connection, start: ReplyStart, outcome: ReplyOutcome) -> None:
    question = start.question
    if not outcome.written:
        connection.execute(DELETE_PLACEHOLDER, {"reply_id": start.reply_id})
        if outcome.reply_error is not None:
            connection.execute(SET_REPLY_ERROR, {"question_id": question.id, "failure": outcome.reply_error})
        return
    saved = connection.execute(
        SAVE_ENDING,
        {
            "reply_id": start.reply_id,
            "text": outcome.content,
            "thoughts": outcome.reasoning,
            "model_id": outcome.model,
            "ending": outcome.status,
            "sentence": outcome.error,
            "figures": outcome.stats,
            "why_finished": outcome.finish_reason,
            "left_out": outcome.trimmed_messages,
            "steps_taken": outcome.steps,
        },
    )
    if saved.rowcount == 0:
        return  # deleted while its reply was being written
    connection.execute(
        EXTEND_ACTIVE_PATH,
        {
            "target_conversation": start.conversation.id,
            "question_id": question.id,
            "leaf_id": start.reply_id,
            "path_length": question.depth + 2,
        },
    )
    if question.reply_error is not None:
        connection.execute(SET_REPLY_ERROR, {"question_id": question.id, "failure": None})


class ReplyStore:
    """`owner`: replies begin only in that account's conversations (None: accounts are off)."""

    def __init__(self, database: Database, owner: str | None = None) -> None:
        self.database = database
        self.owner = owner

    async def begin_send(
        self,
        conversation_id: str,
        *,
        question_id: str,
        reply_id: str,
        content: str,
        parent: str | None | object = ACTIVE_LEAF,
        attachment_ids: tuple[str, ...] = (),
        title_from: str | None = None,
    ) -> ReplyStart:
        """Store the user's message under `parent` (ACTIVE_LEAF: after the active leaf; None: a new
        first message, an edit of the first one) as the new active leaf, and the placeholder of
        its reply. The first message titles the conversation (`title_from`) unless the user did."""
        return await self.database.write(
            partial(
                _begin_send,
                conversation_id=conversation_id,
                question_id=question_id,
                reply_id=reply_id,
                content=content,
                parent=parent,
                attachment_ids=attachment_ids,
                title_from=title_from,
                owner=self.owner,
            )
        )

    async def begin_again(self, conversation_id: str, message_id: str, *, reply_id: str) -> ReplyStart:
        """A new reply to a user message: `message_id` is one of its replies (the new one becomes
        its sibling) or the user message itself (Retry after a reply that failed before writing
        anything). The user message becomes the active leaf; the earlier replies stay."""
        return await self.database.write(
            partial(
                _begin_again,
                conversation_id=conversation_id,
                message_id=message_id,
                reply_id=reply_id,
                owner=self.owner,
            )
        )

    async def save_progress(
        self, reply_id: str, content: str, reasoning: str | None, model: str | None, steps: list[dict] | None = None
    ) -> None:
        """The reply's text (and steps) so far (a crash then loses at most what came since)."""
        parameters = {
            "reply_id": reply_id,
            "text": content,
            "thoughts": reasoning,
            "model_id": model,
            "steps_so_far": steps,
        }
        await self.database.write(partial(_save_progress, parameters=parameters))

    async def finish(self, start: ReplyStart, outcome: ReplyOutcome) -> None:
        """Store how the reply ended (nothing, if the conversation was deleted meanwhile)."""
        await self.database.write(partial(_finish, start=start, outcome=outcome))
