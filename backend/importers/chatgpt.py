"""ChatGPT's data export: each conversation of conversations.json, as we read it.

    {"title", "create_time": epoch s, "update_time", "conversation_id", "id",
     "default_model_slug", "current_node": node id,
     "mapping": {node id: {"id", "parent": node id | null, "children": [node ids],
                           "message": null | {"id", "author": {"role": system|user|assistant|tool},
                                              "create_time", "recipient", "metadata": {...},
                                              "content": {"content_type", "parts" | "text" | ...}}}}}

The mapping is the whole tree: an edited question or a regenerated answer is a second child of
the same node, and `current_node` is the leaf the person last looked at. Much of it is not a
message anyone wrote: the root has no message; a system message, anything marked
`is_visually_hidden_from_conversation`, and the user's custom instructions
(`user_editable_context`, `model_editable_context`) are ChatGPT's own context; `thoughts` and
`reasoning_recap` are a reasoning model's thinking (the thoughts become the `reasoning` of the
answer below them); tool messages, calls to a tool (`recipient` other than "all") and their
output (`code`, `execution_output`, browsing displays…) are steps we cannot show. Those are left
out and what followed them follows the nearest message kept. Images (`multimodal_text` parts
with an `image_asset_pointer` like "file-service://file-AbC123" or "sediment://file_00…") are
found in the zip by that id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from importers.records import CHATGPT, ImportedConversation, ImportedFile, ImportedMessage
from importers.tree_order import moment, parents_first, text_or_none

CONTEXT_TYPES = {"user_editable_context", "model_editable_context"}
THINKING_TYPES = {"thoughts", "reasoning_recap"}
TEXT_TYPES = {"text", "multimodal_text"}
STEP_NAMES = {
    "code": "code the model ran",
    "execution_output": "code output",
    "tether_browsing_display": "web browsing",
    "tether_quote": "web quotes",
    "system_error": "tool errors",
}
IMAGE_PART = "image_asset_pointer"


def is_chatgpt(item: dict) -> bool:
    # An entry that lost its mapping is still ChatGPT's (and is left out with a sentence).
    return "mapping" in item or ("conversation_id" in item and "create_time" in item)


def _thoughts(content: dict) -> str:
    thoughts = content.get("thoughts")
    if not isinstance(thoughts, list):
        return ""
    pieces = []
    for thought in thoughts:
        if isinstance(thought, dict):
            pieces += [
                text for text in (thought.get("summary"), thought.get("content")) if isinstance(text, str) and text
            ]
    return "\n\n".join(pieces)


def _pointer_id(pointer: object) -> str | None:
    """ "file-service://file-AbC123" -> "file-AbC123"."""
    if not isinstance(pointer, str) or "://" not in pointer:
        return None
    return pointer.split("://", 1)[1] or None


def _text_and_files(content: dict, find_file, missing: Counter) -> tuple[str, list[ImportedFile]]:
    parts = content.get("parts")
    if not isinstance(parts, list):
        text = content.get("text")
        return (text if isinstance(text, str) else ""), []
    texts, files = [], []
    for part in parts:
        if isinstance(part, str):
            if part:
                texts.append(part)
        elif isinstance(part, dict) and part.get("content_type") == IMAGE_PART:
            pointer = _pointer_id(part.get("asset_pointer"))
            found = find_file(pointer) if pointer else None
            if found is None:
                missing["image"] += 1
            else:
                files.append(found)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):  # e.g. an audio transcription
            texts.append(part["text"])
    return "\n".join(texts), files


def read_chatgpt(
    item: dict, find_file: Callable[[str], ImportedFile | None], warn: Callable[[str], None]
) -> ImportedConversation:
    title = item.get("title") if isinstance(item.get("title"), str) and item["title"].strip() else "Untitled"
    listed = item.get("mapping")
    mapping = {key: node for key, node in listed.items() if isinstance(node, dict)} if isinstance(listed, dict) else {}
    if not mapping:
        raise ValueError(f"“{title}” was left out: its export holds no messages.")
    parent_of = {key: text_or_none(node.get("parent")) for key, node in mapping.items()}
    children_of = {key: node.get("children") for key, node in mapping.items()}
    default_model = text_or_none(item.get("default_model_slug"))

    kept_as: dict[str, str | None] = {}  # node -> the nearest kept message at or above it
    reasoning_below: dict[str, str] = {}  # node -> thinking not yet given to an answer
    messages: list[ImportedMessage] = []
    left_out: Counter = Counter()
    for key, parent in parents_first(mapping, parent_of, children_of):
        above = kept_as.get(parent) if parent is not None else None
        kept_as[key] = above
        pending = reasoning_below.get(parent, "") if parent is not None else ""
        reasoning_below[key] = pending
        message = mapping[key].get("message")
        if not isinstance(message, dict):
            continue
        author = message.get("author") if isinstance(message.get("author"), dict) else {}
        role = author.get("role")
        content = message.get("content") if isinstance(message.get("content"), dict) else {}
        kind = content.get("content_type")
        metadata = message.get("metadata") if isinstance(message.get("metadata"), dict) else {}
        if kind in THINKING_TYPES:
            thought = _thoughts(content)
            reasoning_below[key] = "\n\n".join(text for text in (pending, thought) if text)
            continue
        if role == "system" or metadata.get("is_visually_hidden_from_conversation") or kind in CONTEXT_TYPES:
            continue
        if role not in ("user", "assistant") or message.get("recipient", "all") != "all" or kind not in TEXT_TYPES:
            if role in ("user", "assistant", "tool"):
                left_out[STEP_NAMES.get(kind, "tool steps")] += 1
            continue
        text, files = _text_and_files(content, find_file, left_out)
        if not text.strip() and not files:
            continue
        model, extra = None, {}
        if role == "assistant":
            model = text_or_none(metadata.get("model_slug")) or default_model
            finish = metadata.get("finish_details")
            if isinstance(finish, dict) and finish.get("type") == "interrupted":
                extra["status"] = "interrupted"  # stopped while ChatGPT wrote it
        messages.append(
            ImportedMessage(
                key=key,
                parent_key=above,
                role=role,
                content=text,
                timestamp=moment(message.get("create_time")),
                model=model,
                reasoning=(pending or None) if role == "assistant" else None,
                files=files,
                extra=extra,
            )
        )
        kept_as[key] = key
        if role == "assistant":
            reasoning_below[key] = ""
    if not messages:
        raise ValueError(f"“{title}” was left out: it has no message we can show.")
    if left_out:
        what = ", ".join(
            f"{count} {name}" if name != "image" else f"{count} image(s) not in the export"
            for name, count in left_out.items()
        )
        warn(f"“{title}”: left out {what}.")
    current = text_or_none(item.get("current_node"))
    source_id = text_or_none(item.get("conversation_id")) or text_or_none(item.get("id"))
    if not source_id:
        source_id = f"{title}@{item.get('create_time')}"
    return ImportedConversation(
        source=CHATGPT,
        source_id=source_id[:200],
        title=title,
        messages=messages,
        active_key=kept_as.get(current) if current in kept_as else None,
        created_at=moment(item.get("create_time")),
        updated_at=moment(item.get("update_time")),
    )
