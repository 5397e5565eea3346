"""What the three foreign formats share: their messages form a tree by parent links (ChatGPT's
`mapping`, Open WebUI's `history.messages`, LibreChat's `parentMessageId`), written in no
particular order. Storage wants parents before children, and siblings in the order the source
lists them (the oldest first), without trusting the links: a parent that is missing makes a root,
a loop is broken where it closes, and each message comes once."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from datetime import UTC, datetime

# Epoch numbers above this are milliseconds (10^12 s is the year 33658).
MILLISECONDS_FROM = 1e12


def parents_first(
    keys: Iterable[Hashable], parent_of: dict, children_of: dict | None = None
) -> list[tuple[Hashable, Hashable | None]]:
    """(key, parent key or None) for every key, each parent before its children. `children_of`
    gives the source's own order of a node's children, where it has one."""
    keys = list(dict.fromkeys(keys))
    known = set(keys)
    below: dict = {key: [] for key in keys}
    for key in keys:
        parent = parent_of.get(key)
        if parent in known and parent != key:
            below[parent].append(key)
    if children_of:
        for key, listed in children_of.items():
            if key in below and isinstance(listed, list):
                order = {child: index for index, child in enumerate(listed) if isinstance(child, Hashable)}
                below[key].sort(key=lambda child: order.get(child, len(order)))
    ordered, placed = [], set()

    def walk(root):
        stack = [(root, None)]
        while stack:
            key, parent = stack.pop()
            if key in placed:
                continue
            placed.add(key)
            ordered.append((key, parent))
            stack.extend((child, key) for child in reversed(below[key]) if child not in placed)

    for key in keys:
        if parent_of.get(key) not in known or parent_of.get(key) == key:
            walk(key)
    for key in keys:  # what only a loop reaches: broken where it closes
        if key not in placed:
            walk(key)
    return ordered


def moment(value) -> datetime | None:
    """An epoch time in seconds or milliseconds, or ISO 8601 text, as an aware UTC datetime."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value) and value > 0:
        seconds = value / 1000 if value > MILLISECONDS_FROM else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def text_or_none(value) -> str | None:
    return value if isinstance(value, str) else None
