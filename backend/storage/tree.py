"""The message tree: paths, siblings, leaves and the active branch, each read in one query.

Every message has a parent (none for a first message); a conversation shows the path from a
root to its active leaf. Walks are recursive CTEs, so a 1,000-message path costs one query, not
a thousand. A reply still being written is part of the tree but of no path, sibling list or leaf.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import conversations, messages

VISIBLE = sa.or_(messages.c.status.is_(None), messages.c.status != "streaming")


def _path_cte(leaf_id: str) -> sa.CTE:
    """(id, parent_id, depth) from `leaf_id` up to its root; depth 0 is the leaf."""
    path = (
        sa.select(messages.c.id, messages.c.parent_id, sa.literal(0).label("depth"))
        .where(messages.c.id == leaf_id)
        .cte("path", recursive=True)
    )
    parent = messages.alias("parent")
    return path.union_all(
        sa.select(parent.c.id, parent.c.parent_id, path.c.depth + 1).where(parent.c.id == path.c.parent_id)
    )


async def path_to(connection: AsyncConnection, leaf_id: str | None) -> list[sa.Row]:
    """The messages from the root down to `leaf_id`, in order."""
    if leaf_id is None:
        return []
    path = _path_cte(leaf_id)
    query = sa.select(messages).join(path, path.c.id == messages.c.id).order_by(path.c.depth.desc())
    return list(await connection.execute(query))


async def path_length(connection: AsyncConnection, leaf_id: str | None) -> int:
    if leaf_id is None:
        return 0
    path = _path_cte(leaf_id)
    return (await connection.execute(sa.select(sa.func.count()).select_from(path))).scalar_one()


async def siblings_of(connection: AsyncConnection, conversation_id: str, rows: list[sa.Row]) -> dict:
    """For each parent on a path (None for the roots): the ids of its children, oldest first."""
    if not rows:
        return {}
    parents = sorted({row.parent_id for row in rows if row.parent_id is not None})
    under_a_parent = messages.c.parent_id.in_(parents) if parents else sa.false()
    query = (
        sa.select(messages.c.id, messages.c.parent_id)
        .where(messages.c.conversation_id == conversation_id, VISIBLE)
        .where(sa.or_(under_a_parent, messages.c.parent_id.is_(None)))
        .order_by(messages.c.pk)
    )
    children: dict[str | None, list[str]] = {}
    for row in await connection.execute(query):
        children.setdefault(row.parent_id, []).append(row.id)
    return children


async def newest_leaf(connection: AsyncConnection, message_id: str) -> str:
    """The newest message below `message_id` (or itself): where its branch was last continued.
    Messages are numbered in the order they were written, so the newest one has no children."""
    below = sa.select(messages.c.id, messages.c.pk).where(messages.c.id == message_id).cte("below", recursive=True)
    child = messages.alias("child")
    below = below.union_all(
        sa.select(child.c.id, child.c.pk).where(
            child.c.parent_id == below.c.id, sa.or_(child.c.status.is_(None), child.c.status != "streaming")
        )
    )
    return (await connection.execute(sa.select(below.c.id).order_by(below.c.pk.desc()).limit(1))).scalar_one()


async def newest_leaf_in(connection: AsyncConnection, conversation_id: str) -> str | None:
    """The newest visible message of a whole conversation (a leaf), or None when it is empty."""
    query = (
        sa.select(messages.c.id)
        .where(messages.c.conversation_id == conversation_id, VISIBLE)
        .order_by(messages.c.pk.desc())
        .limit(1)
    )
    return (await connection.execute(query)).scalar()


async def descendant_ids(connection: AsyncConnection, message_id: str) -> list[str]:
    """`message_id` and every message below it."""
    below = sa.select(messages.c.id).where(messages.c.id == message_id).cte("subtree", recursive=True)
    child = messages.alias("child")
    below = below.union_all(sa.select(child.c.id).where(child.c.parent_id == below.c.id))
    return list((await connection.execute(sa.select(below.c.id))).scalars())


async def activate(connection: AsyncConnection, conversation_id: str, leaf_id: str | None) -> int:
    """Make `leaf_id` the conversation's active leaf; returns the active path's length."""
    length = await path_length(connection, leaf_id)
    await connection.execute(
        conversations.update()
        .where(conversations.c.id == conversation_id)
        .values(active_message_id=leaf_id, message_count=length)
    )
    return length
