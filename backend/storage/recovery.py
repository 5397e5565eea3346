"""After a crash: replies the previous run left "streaming" are ended as it would have ended them.

One that had written something becomes an interrupted reply (and the active leaf, if the user's
message it answers still is); one that had written nothing goes, and its user message keeps the
failure, so the page offers Retry there.
"""

from __future__ import annotations

import sqlalchemy as sa

from storage.database import Database
from storage.ids import now
from storage.schema import conversations, messages

INTERRUPTED = "The backend stopped while this reply was being written."
NEVER_BEGAN = "The backend stopped before this reply began."
RECOVERED_CODE = "interrupted"

LEFTOVERS = sa.select(
    messages.c.id,
    messages.c.conversation_id,
    messages.c.parent_id,
    messages.c.depth,
    messages.c.content,
    messages.c.reasoning,
).where(messages.c.status == "streaming")


async def recover_interrupted(database: Database) -> int:
    """End the replies a previous run left unfinished; returns how many."""
    return await database.write(_recover)


def _recover(connection: sa.Connection) -> int:
    leftovers = connection.execute(LEFTOVERS).all()
    for reply in leftovers:
        if reply.content or reply.reasoning:
            connection.execute(
                messages.update().where(messages.c.id == reply.id).values(status="interrupted", error=INTERRUPTED)
            )
            connection.execute(
                conversations.update()
                .where(
                    conversations.c.id == reply.conversation_id, conversations.c.active_message_id == reply.parent_id
                )
                .values(active_message_id=reply.id, message_count=reply.depth + 1)
            )
        else:
            connection.execute(messages.delete().where(messages.c.id == reply.id))
            failure = {"error": NEVER_BEGAN, "code": RECOVERED_CODE, "at": now().isoformat()}
            connection.execute(messages.update().where(messages.c.id == reply.parent_id).values(reply_error=failure))
    return len(leftovers)
