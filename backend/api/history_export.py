"""GET /api/export?format=zip: every conversation (all branches), the files they carry, the
defaults and presets, as one zip that POST /api/import restores (exports/archive.py)."""

from __future__ import annotations

import os
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from api.deps import CurrentStore
from exports.archive import write_archive

router = APIRouter(prefix="/api/export", tags=["import and export"])


@router.get("", response_class=FileResponse, responses={200: {"content": {"application/zip": {}}}})
async def export_everything(
    store: CurrentStore,
    format: Annotated[
        Literal["zip"], Query(description="zip: the whole history, restorable by POST /api/import")
    ] = "zip",
):
    """Download the whole history as a zip that POST /api/import restores."""
    path, filename = await write_archive(store)
    return FileResponse(
        path,
        media_type="application/zip",
        filename=filename,
        background=BackgroundTask(os.unlink, path),
    )
