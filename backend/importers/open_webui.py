"""Open WebUI's chat export ("Export All Chats": a list of these; one chat's export: one), as we
read it.

    {"id", "title", "created_at": epoch s, "updated_at", "chat": {
        "title", "models": [...], "timestamp": epoch ms,
        "history": {"currentId": message id,
                    "messages": {id: {"id", "parentId": id | null, "childrenIds": [ids],
                                      "role": user|assistant|system, "content", "model",
                                      "timestamp": epoch s, "files": [...]}}}}}

`history.messages` is the whole tree (a regenerated answer is another child of the question) and
`currentId` the leaf shown; the flat `chat.messages` list is only that branch, so it is not read.
A reasoning model's thinking is kept inside the answer's text as
`<details type="reasoning" done="true" duration="3"><summary>Thought for 3 seconds</summary>
> quoted thinking</details>`: it becomes the message's `reasoning`, unquoted. Images the user
sent are stored in the export as data URLs and come in as attached files.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Callable

from importers.records import OPEN_WEBUI, ImportedConversation, ImportedFile, ImportedMessage
from importers.tree_order import moment, parents_first, text_or_none

REASONING = re.compile(r"<details\s+type=\"reasoning\"[^>]*>(.*?)</details>\s*", re.DOTALL | re.IGNORECASE)
# A tool's call and result, shown folded in Open WebUI; the model's words around it are kept.
TOOL_CALLS = re.compile(
    r"<details\s+type=\"(?:tool_calls|code_interpreter)\"[^>]*>.*?</details>\s*", re.DOTALL | re.IGNORECASE
)
SUMMARY = re.compile(r"<summary>.*?</summary>", re.DOTALL | re.IGNORECASE)
DATA_URL = re.compile(r"^data:([\w.+-]+/[\w.+-]+)?(;[^,]*)?;base64,(.*)$", re.DOTALL)
ROLES = ("user", "assistant", "system")


def _chat_of(item: dict) -> dict | None:
    chat = item.get("chat") if isinstance(item.get("chat"), dict) else item
    history = chat.get("history")
    if isinstance(history, dict) and isinstance(history.get("messages"), dict):
        return chat
    return None


def is_open_webui(item: dict) -> bool:
    return _chat_of(item) is not None


def split_reasoning(content: str) -> tuple[str, str | None]:
    """The answer without its reasoning blocks, and their thinking (unquoted) or None."""
    thoughts = []

    def keep(found: re.Match) -> str:
        inner = html.unescape(SUMMARY.sub("", found.group(1))).strip("\n")
        lines = [line[2:] if line.startswith("> ") else line.removeprefix(">") for line in inner.split("\n")]
        thoughts.append("\n".join(lines).strip())
        return ""

    answer = REASONING.sub(keep, content)
    thinking = "\n\n".join(thought for thought in thoughts if thought)
    return answer.strip() if thoughts else answer, thinking or None


def _output_texts(output: list, kind: str) -> str:
    """The text of the newer `output` list's items of one kind ("reasoning" or "message")."""
    texts = []
    for entry in output:
        if isinstance(entry, dict) and entry.get("type") == kind and isinstance(entry.get("content"), list):
            texts += [
                part["text"]
                for part in entry["content"]
                if isinstance(part, dict) and isinstance(part.get("text"), str)
            ]
    return "\n\n".join(text for text in texts if text)


def _image(file: object) -> ImportedFile | None:
    if not isinstance(file, dict) or file.get("type") != "image" or not isinstance(file.get("url"), str):
        return None
    found = DATA_URL.match(file["url"])
    if not found:
        return None
    try:
        data = base64.b64decode(found.group(3), validate=False)
    except (binascii.Error, ValueError):
        return None
    return ImportedFile(name=text_or_none(file.get("name")) or "image", data=data)


def read_open_webui(item: dict, warn: Callable[[str], None]) -> ImportedConversation:
    chat = _chat_of(item)
    title = next((t for t in (item.get("title"), chat.get("title")) if isinstance(t, str) and t.strip()), "Untitled")
    listed = {key: m for key, m in chat["history"]["messages"].items() if isinstance(m, dict)}
    parent_of = {key: text_or_none(m.get("parentId")) for key, m in listed.items()}
    children_of = {key: m.get("childrenIds") for key, m in listed.items()}
    messages, files_left_out, tool_steps = [], 0, 0
    for key, parent in parents_first(listed, parent_of, children_of):
        message = listed[key]
        role, content = message.get("role"), message.get("content")
        if role not in ROLES or not isinstance(content, str):
            continue
        reasoning = None
        if role == "assistant":
            content, reasoning = split_reasoning(content)
            content, calls = TOOL_CALLS.subn("", content)
            tool_steps += calls
            output = message.get("output")
            if isinstance(output, list):  # newer Open WebUI: the same, as plain text
                reasoning = _output_texts(output, "reasoning") or reasoning
                content = _output_texts(output, "message") or content
        files = []
        for file in message.get("files") if isinstance(message.get("files"), list) else []:
            image = _image(file)
            if image is None:
                files_left_out += 1
            else:
                files.append(image)
        messages.append(
            ImportedMessage(
                key=key,
                parent_key=parent,
                role=role,
                content=content,
                timestamp=moment(message.get("timestamp")),
                model=text_or_none(message.get("model")) if role == "assistant" else None,
                reasoning=reasoning,
                files=files,
            )
        )
    if not messages:
        raise ValueError(f"“{title}” was left out: it has no message we can show.")
    if files_left_out:
        warn(f"“{title}”: left out {files_left_out} attached file(s) the export names but does not hold.")
    if tool_steps:
        warn(f"“{title}”: left out {tool_steps} tool call(s) (the answers that used them are kept).")
    source_id = text_or_none(item.get("id")) or text_or_none(chat.get("id")) or f"{title}@{chat.get('timestamp')}"
    return ImportedConversation(
        source=OPEN_WEBUI,
        source_id=source_id[:200],
        title=title,
        messages=messages,
        active_key=text_or_none(chat["history"].get("currentId")),
        created_at=moment(item.get("created_at")) or moment(chat.get("timestamp")),
        updated_at=moment(item.get("updated_at")),
    )
