"""What LM Studio is sent for a reply: the system prompt, then the history, each user message
with the files it carries. Documents become delimited blocks of text after the message's words,
each naming its file; images become OpenAI content parts after the text part, as data URLs, in
every later turn too (a vision model sees them again each time). A reply that called tools is sent
as the turns it took: its calls, their results and its text (tool_messages.py)."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Iterable

from lm_studio.tool_messages import steps_as_messages
from storage import MessageRecord, StoredFile

# Asked after a reply that stopped short, so that the model writes on from where it stopped. Sent
# as a user turn rather than by leaving the reply open: servers differ in whether they continue a
# trailing assistant turn, and every chat template takes a user turn.
CONTINUE_INSTRUCTION = (
    "Continue your last reply exactly where it stopped, as if you had not been interrupted. Do not "
    "repeat anything you already wrote, do not summarise it, and do not add any preamble."
)

# Reads the stored files with these ids (storage's AttachmentStore.contents).
ReadFiles = Callable[[Iterable[str]], Awaitable[dict[str, StoredFile]]]


def document_block(name: str, text: str) -> str:
    return f"--- Attached file: {name} ---\n{text}\n--- End of {name} ---"


def with_documents(words: str, documents: list[StoredFile]) -> str:
    """The message's words followed by each document's text, delimited and named."""
    blocks = [document_block(document.info.name, document.text or "") for document in documents]
    return "\n\n".join([words, *blocks] if words.strip() else blocks)


def image_part(image: StoredFile) -> dict:
    encoded = base64.b64encode(image.data).decode("ascii")
    return {"type": "image_url", "image_url": {"url": f"data:{image.info.media_type};base64,{encoded}"}}


def message_content(message: MessageRecord, files: dict[str, StoredFile]) -> str | list[dict]:
    """A message as LM Studio reads it: a string, or content parts when it carries images."""
    carried = [files[info.id] for info in message.attachments or () if info.id in files]
    documents = [file for file in carried if file.info.kind == "document"]
    images = [file for file in carried if file.info.kind == "image"]
    text = with_documents(message.content, documents) if documents else message.content
    if not images:
        return text
    parts = [{"type": "text", "text": text}] if text.strip() else []
    return parts + [image_part(image) for image in images]


async def lm_studio_messages(
    system_prompt: str | None, history: list[MessageRecord], read_files: ReadFiles
) -> list[dict]:
    """The system prompt and the history, with the files its messages carry (read only when
    some message carries one)."""
    wanted = [info.id for m in history for info in m.attachments or ()]
    files = await read_files(wanted) if wanted else {}
    messages = [{"role": "system", "content": system_prompt}] if system_prompt else []
    for m in history:
        if m.role == "assistant" and m.steps:
            messages += steps_as_messages(m.steps)
        elif m.content or m.attachments:
            messages.append({"role": m.role, "content": message_content(m, files)})
    return messages


def continuing(messages: list[dict], written: str, steps: list[dict] | None = None) -> list[dict]:
    """`messages` (a history ending with the question) followed by the reply written so far (the
    turns it took, when it called tools) and the request to go on from it."""
    so_far = steps_as_messages(steps) if steps else [{"role": "assistant", "content": written}]
    return [*messages, *so_far, {"role": "user", "content": CONTINUE_INSTRUCTION}]
