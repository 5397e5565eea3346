"""The message tree: paths, siblings, leaves and the active branch, each read in one query.

Every message has a parent (none for a first message) and knows its depth; a conversation shows
the path from a root to its active leaf, and its message_count is that leaf's depth + 1. Walks
are recursive CTEs, so a 1,000-message path costs one query, not a thousand. A reply still being
written is part of the tree but of no path, sibling list or leaf. Statements are built once, at
import: building them anew on every call cost more than running them.
"""

from __future__ import annotations

import sqlalchemy as sa

from storage.schema import conversations, message_attachments, messages

VISIBLE = sa.or_(messages.c.status.is_(None), messages.c.status != "streaming")


def _walk_up() -> sa.CTE:
    """(id, parent_id, step) from the message :leaf_id up to its root; step 0 is the leaf."""
    path = (
        sa.select(messages.c.id, messages.c.parent_id, sa.literal_column("0").label("step"))
        .where(messages.c.id == sa.bindparam("leaf_id"))
        .cte("path", recursive=True)
    )
    parent = messages.alias("parent")
    return path.union_all(
        sa.select(parent.c.id, parent.c.parent_id, path.c.step + 1).where(parent.c.id == path.c.parent_id)
    )


_PATH = _walk_up()
# Each message of the path, and whether it carries files (so their descriptions are read only
# when some do).
HAS_FILES = sa.exists().where(message_attachments.c.message_id == messages.c.id).label("has_files")
PATH_TO = (
    sa.select(messages, HAS_FILES)
    .join(_PATH, _PATH.c.id == messages.c.id)
    .where(messages.c.conversation_id == sa.bindparam("conversation_id"))
    .order_by(_PATH.c.step.desc())
)

_CHILD = messages.alias("child")
_BELOW = (
    sa.select(messages.c.id, messages.c.pk)
    .where(messages.c.id == sa.bindparam("message_id"))
    .cte("below", recursive=True)
)
_BELOW = _BELOW.union_all(
    sa.select(_CHILD.c.id, _CHILD.c.pk).where(
        _CHILD.c.parent_id == _BELOW.c.id, sa.or_(_CHILD.c.status.is_(None), _CHILD.c.status != "streaming")
    )
)
# Messages are numbered in the order they were written, so the newest one below has no children.
NEWEST_LEAF = sa.select(_BELOW.c.id).order_by(_BELOW.c.pk.desc()).limit(1)

_SUBTREE = sa.select(messages.c.id).where(messages.c.id == sa.bindparam("message_id")).cte("subtree", recursive=True)
_SUBTREE = _SUBTREE.union_all(sa.select(_CHILD.c.id).where(_CHILD.c.parent_id == _SUBTREE.c.id))
SUBTREE_IDS = sa.select(_SUBTREE.c.id)

DEPTH_OF = sa.select(messages.c.depth).where(messages.c.id == sa.bindparam("message_id"))
ACTIVATE = (
    conversations.update()
    .where(conversations.c.id == sa.bindparam("target_conversation"))
    .values(active_message_id=sa.bindparam("leaf_id"), message_count=sa.bindparam("path_length"))
)


def path_to(connection: sa.Connection, conversation_id: str, leaf_id: str | None) -> list[sa.Row]:
    """The messages from the root down to `leaf_id`, in order, each with `has_files`."""
    if leaf_id is None:
        return []
    return list(connection.execute(PATH_TO, {"leaf_id": leaf_id, "conversation_id": conversation_id}))


def siblings_of(connection: sa.Connection, conversation_id: str, rows: list[sa.Row]) -> dict:
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
    for row in connection.execute(query):
        children.setdefault(row.parent_id, []).append(row.id)
    return children


def newest_leaf(connection: sa.Connection, message_id: str) -> str:
    """The newest message below `message_id` (or itself): where its branch was last continued."""
    return connection.execute(NEWEST_LEAF, {"message_id": message_id}).scalar_one()


def subtree_ids(connection: sa.Connection, message_id: str) -> list[str]:
    """`message_id` and every message below it."""
    return list(connection.execute(SUBTREE_IDS, {"message_id": message_id}).scalars())


def activate(connection: sa.Connection, conversation_id: str, leaf_id: str | None) -> int:
    """Make `leaf_id` the conversation's active leaf; returns the active path's length."""
    length = 0
    if leaf_id is not None:
        length = connection.execute(DEPTH_OF, {"message_id": leaf_id}).scalar_one() + 1
    set_active_leaf(connection, conversation_id, leaf_id, length)
    return length


def set_active_leaf(connection: sa.Connection, conversation_id: str, leaf_id: str | None, length: int) -> None:
    """Make `leaf_id` (whose path is `length` messages long) the conversation's active leaf."""
    connection.execute(ACTIVATE, {"target_conversation": conversation_id, "leaf_id": leaf_id, "path_length": length})
