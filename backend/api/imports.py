"""POST /api/import: conversations from ChatGPT, Open WebUI, LibreChat or this app's own exports
(multipart, field `file`: a .json or a .zip), received as attachments are (streamed to disk,
stopped at CHAT_MAX_IMPORT_BYTES) and read by importers/run.py."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from api.attachments import UPLOAD_BODY
from api.deps import CurrentSettings, CurrentStore
from importers.errors import ImportRefused
from importers.run import import_file
from models import ImportResult
from uploads import UploadRefused, receive_upload

router = APIRouter(prefix="/api/import", tags=["import and export"])


@router.post(
    "",
    response_model=ImportResult,
    openapi_extra=UPLOAD_BODY,
    responses={
        413: {"description": "Over CHAT_MAX_IMPORT_BYTES"},
        415: {"description": "Neither JSON nor a zip"},
        422: {"description": "Not a format we read, or an unsafe zip"},
    },
)
async def import_conversations(request: Request, store: CurrentStore, settings: CurrentSettings):
    """Import every conversation of an export, with all its branches; one already imported is skipped."""
    try:
        received = await receive_upload(request, settings.max_import_bytes, limit_name="CHAT_MAX_IMPORT_BYTES")
        try:
            summary = await import_file(
                store,
                received.path,
                received.name,
                max_image_side=settings.max_image_side,
                max_file_bytes=settings.max_upload_bytes,
            )
        finally:
            received.discard()
    except (UploadRefused, ImportRefused) as refusal:
        raise HTTPException(refusal.status, refusal.sentence) from None
    return ImportResult(
        imported=len(summary.conversations),
        skipped=summary.skipped,
        conversations=[{"id": i, "title": t, "source": s} for i, t, s in summary.conversations],
        warnings=summary.warnings,
    )
