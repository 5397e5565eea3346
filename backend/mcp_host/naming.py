"""The names the model calls tools by: unique across servers, and what OpenAI's function format
takes (^[a-zA-Z0-9_-]{1,64}$).

A tool keeps its own name when no other server's tool has it and it is already valid. Otherwise
every tool sharing the name is called "<server>__<tool>" (no tool gets the bare name, so which
server was configured first never decides which tool the model reaches), with characters the
format refuses made "_"; when that is too long, or still taken, it is shortened and a hash of the
server id and tool name is added. The result depends only on the set of tools, not on the order
servers connected in.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

VALID_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")  # used with fullmatch: "$" would let a final "\n" by
MAX_NAME_CHARS = 64
HASH_CHARS = 8
NOT_ALLOWED = re.compile(r"[^a-zA-Z0-9_-]")

ToolKey = tuple[str, str, str]  # (server id, server name, the tool's own name)


def model_names(tools: Iterable[ToolKey]) -> dict[tuple[str, str], str]:
    """{(server id, tool): the name the model sees} for every tool given."""
    tools = sorted(set(tools), key=lambda key: (key[1], key[0], key[2]))
    how_many = Counter(tool for _, _, tool in tools)
    names: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for server_id, _, tool in tools:
        if how_many[tool] == 1 and VALID_NAME.fullmatch(tool):
            names[(server_id, tool)] = tool
            taken.add(tool)
    for server_id, server, tool in tools:
        if (server_id, tool) in names:
            continue
        name = NOT_ALLOWED.sub("_", f"{server}__{tool}")
        if len(name) > MAX_NAME_CHARS or name in taken:
            name = _with_hash(name, server_id, tool)
        names[(server_id, tool)] = name
        taken.add(name)
    return names


def _with_hash(name: str, server_id: str, tool: str) -> str:
    digest = hashlib.sha256(f"{server_id}\0{tool}".encode()).hexdigest()
    return f"{name[: MAX_NAME_CHARS - HASH_CHARS - 1]}_{digest[:HASH_CHARS]}"
