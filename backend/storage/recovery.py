"""After a crash: replies the previous run left "streaming" are ended as it would have ended them.
With several backends (cluster/), the same for the replies of a backend that died, one by one,
while the replies the others are writing are left alone.

One that had written something becomes an interrupted reply (and the active leaf, if the user's
message it answers still is); one that had written nothing goes, and its user message keeps the
failure, so the page offers Retry there.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial

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


async def recover_interrupted(
    database: Database, *, only: Collection[str] | None = None, keep: Collection[str] = ()
) -> int:
    """End the replies left unfinished (`only` these, when given; never those in `keep`, which a
    running backend is writing); returns how many."""
    query = LEFTOVERS
    if only is not None:
        query = query.where(messages.c.id.in_(list(only)))
    if keep:
        query = query.where(messages.c.id.not_in(list(keep)))
    return await database.write(partial(_recover, query=query))


def _recover(connection: sa.Connection, query: sa.Select) -> int:
    leftovers = connection.execute(query).all()
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
