"""Files attached to messages: POST /api/attachments uploads one (multipart, field `file`),
GET /api/attachments/{id} serves it back. A message carries them by id (ChatRequest.attachments)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

import anyio
from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from api.deps import CurrentSettings, CurrentStore
from models import AttachmentInfo, is_id
from uploads import UploadRefused, process_upload, receive_upload

router = APIRouter(prefix="/api/attachments", tags=["attachments"])

AttachmentId = Annotated[str, PathParam(max_length=100, description="The attachment's id")]
NOT_FOUND = "Attachment not found"
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@router.post(
    "",
    status_code=201,
    response_model=AttachmentInfo,
    openapi_extra=UPLOAD_BODY,
    responses={413: {"description": "Over CHAT_MAX_UPLOAD_BYTES"}, 415: {"description": "Not a type we take"}},
)
async def upload_attachment(request: Request, store: CurrentStore, settings: CurrentSettings):
    """Upload one file to attach to a message: an image (normalised: upright, at most
    CHAT_MAX_IMAGE_SIDE px, PNG or JPEG) or a document (text or PDF, read to text)."""
    try:
        received = await receive_upload(request, settings.max_upload_bytes)
        try:
            processed = await anyio.to_thread.run_sync(
                process_upload, received.path, received.name, received.size, settings.max_image_side
            )
        finally:
            received.discard()
    except UploadRefused as refusal:
        raise HTTPException(refusal.status, refusal.sentence) from None
    stored = await store.attachments.add(
        name=processed.name,
        kind=processed.kind,
        media_type=processed.media_type,
        data=processed.data,
        width=processed.width,
        height=processed.height,
        text=processed.text,
    )
    return AttachmentInfo.model_validate(stored, from_attributes=True)


def content_disposition(kind: str, name: str) -> str:
    """Images inline (shown), documents as downloads; the name quoted so it cannot break out."""
    fallback = "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in name)
    disposition = "inline" if kind == "image" else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@router.get("/{attachment_id}", responses={200: {"content": {"application/octet-stream": {}}}})
async def get_attachment(attachment_id: AttachmentId, store: CurrentStore):
    """The file as stored, with the type its bytes proved."""
    stored = await store.attachments.get(attachment_id) if is_id(attachment_id) else None
    if stored is None:
        raise HTTPException(404, NOT_FOUND)
    return Response(
        stored.data,
        media_type=stored.info.media_type,
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": content_disposition(stored.info.kind, stored.info.name),
            # Opened on its own, a file can run nothing (a document is never HTML, but still).
            "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
            "Cache-Control": "private, max-age=31536000, immutable",  # a file never changes
        },
    )
