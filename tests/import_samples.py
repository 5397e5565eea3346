"""Exports to import in tests, shaped as the apps write them: ChatGPT's conversations.json
entries (a `mapping` of nodes) and zips around them."""

from __future__ import annotations

import io
import json
import stat
import zipfile


def chatgpt_message(node_id: str, role: str, text, moment: float, **metadata) -> dict:
    content = {"content_type": "text", "parts": [text]} if isinstance(text, str) else text
    return {
        "id": node_id,
        "author": {"role": role, "name": None, "metadata": {}},
        "create_time": moment,
        "update_time": None,
        "content": content,
        "status": "finished_successfully",
        "end_turn": True if role == "assistant" else None,
        "weight": 1.0,
        "metadata": metadata,
        "recipient": "all",
        "channel": None,
    }


def chatgpt_conversation(conversation_id: str, title: str, turns: list[tuple], current: str) -> dict:
    """`turns`: (node id, parent id, role, text or content) under a hidden system message; the
    mapping as ChatGPT writes it, with `children` filled in."""
    start = 1_733_000_000.0
    root, system = f"{conversation_id}-root", f"{conversation_id}-system"
    mapping = {
        root: {"id": root, "message": None, "parent": None, "children": [system]},
        system: {
            "id": system,
            "message": chatgpt_message(system, "system", "", None, is_visually_hidden_from_conversation=True),
            "parent": root,
            "children": [],
        },
    }
    for index, (node_id, parent, role, text) in enumerate(turns):
        extra = {"model_slug": "gpt-4o"} if role == "assistant" else {}
        mapping[node_id] = {
            "id": node_id,
            "message": chatgpt_message(node_id, role, text, start + index * 10, **extra),
            "parent": parent or system,
            "children": [],
        }
        mapping[parent or system]["children"].append(node_id)
    return {
        "title": title,
        "create_time": start,
        "update_time": start + 1000,
        "mapping": mapping,
        "moderation_results": [],
        "current_node": current,
        "conversation_id": conversation_id,
        "id": conversation_id,
        "default_model_slug": "gpt-4o",
    }


def branching_chatgpt(conversation_id: str = "c0ffee00-0000-4000-8000-000000000001") -> dict:
    """A question answered twice (regenerated); the second answer is the current one."""
    return chatgpt_conversation(
        conversation_id,
        "Tea or coffee",
        [
            ("q1", None, "user", "Tea or coffee?"),
            ("a1", "q1", "assistant", "Tea."),
            ("a2", "q1", "assistant", "Coffee."),
        ],
        current="a2",
    )


def as_bytes(value) -> bytes:
    return json.dumps(value).encode()


def zipped(members: dict[str, bytes], *, links: tuple[str, ...] = ()) -> bytes:
    """A zip of these members; those named in `links` are stored as symbolic links."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
    return out.getvalue()
