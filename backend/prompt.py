"""What LM Studio is sent for a reply: the system prompt, then the history, each user message
with the files it carries (§8). Documents become delimited blocks of text after the message's
words, each naming its file; images become OpenAI content parts after the text part, as data
URLs, in every later turn too (a vision model sees them again each time)."""

from __future__ import annotations

import base64

import history_fit
from models import Conversation, Message
from storage.attachments import AttachmentStore, StoredFile


def document_block(name: str, text: str) -> str:
    return f"--- Attached file: {name} ---\n{text}\n--- End of {name} ---"


def with_documents(words: str, documents: list[StoredFile]) -> str:
    """The message's words followed by each document's text, delimited and named."""
    blocks = [document_block(document.info.name, document.text or "") for document in documents]
    return "\n\n".join([words, *blocks] if words.strip() else blocks)


def image_part(image: StoredFile) -> dict:
    encoded = base64.b64encode(image.data).decode("ascii")
    return {"type": "image_url", "image_url": {"url": f"data:{image.info.media_type};base64,{encoded}"}}


def message_content(message: Message, files: dict[str, StoredFile]) -> str | list[dict]:
    """A message as LM Studio reads it: a string, or content parts when it carries images."""
    carried = [files[info.id] for info in message.attachments or [] if info.id in files]
    documents = [file for file in carried if file.info.kind == "document"]
    images = [file for file in carried if file.info.kind == "image"]
    text = with_documents(message.content, documents) if documents else message.content
    if not images:
        return text
    parts = [{"type": "text", "text": text}] if text.strip() else []
    return parts + [image_part(image) for image in images]


def message_chars(message: Message) -> int:
    """A stored message's size as the model will read it (for estimates): its words, its
    documents' text and each image's share (history_fit.IMAGE_CHARS)."""
    extra = sum(
        (info.chars or 0) + len(document_block(info.name, "")) if info.kind == "document" else history_fit.IMAGE_CHARS
        for info in message.attachments or []
    )
    return len(message.content) + extra


async def lm_studio_messages(
    conversation: Conversation, history: list[Message], attachments: AttachmentStore
) -> list[dict]:
    """The system prompt and the history, with the files its messages carry."""
    files = await attachments.contents(info.id for m in history for info in m.attachments or [])
    messages = [{"role": "system", "content": conversation.system_prompt}] if conversation.system_prompt else []
    messages += [{"role": m.role, "content": message_content(m, files)} for m in history if m.content or m.attachments]
    return messages
