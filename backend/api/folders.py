"""Folders conversations are sorted into: list, create, rename or move, delete (its
conversations stay). A conversation goes into one with PATCH /api/conversations/{id} {folder_id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Response
from fastapi import Path as PathParam

from api.deps import CurrentStore
from models import Folder, FolderCreate, FolderUpdate, is_id
from storage.folders import DuplicateFolderName

router = APIRouter(prefix="/api/folders", tags=["folders"])

FolderId = Annotated[str, PathParam(max_length=100, description="The folder's id")]
NOT_FOUND = "Folder not found"


def name_taken(name: str) -> HTTPException:
    return HTTPException(409, f"A folder named {name!r} already exists (names are compared without case).")


@router.get("", response_model=list[Folder])
async def list_folders(store: CurrentStore):
    """Every folder, in the order they were put."""
    return await store.folders.list()


@router.post("", status_code=201, response_model=Folder)
async def create_folder(body: FolderCreate, store: CurrentStore):
    """A new folder, at `position` or after the others."""
    try:
        return await store.folders.create(body.name, body.position)
    except DuplicateFolderName:
        raise name_taken(body.name) from None


@router.patch("/{folder_id}", response_model=Folder)
async def update_folder(folder_id: FolderId, body: FolderUpdate, store: CurrentStore):
    """Rename a folder, or move it to `position` (the others shift)."""
    if not is_id(folder_id):
        raise HTTPException(404, NOT_FOUND)
    try:
        updated = await store.folders.update(folder_id, name=body.name, position=body.position)
    except DuplicateFolderName:
        raise name_taken(body.name) from None
    if updated is None:
        raise HTTPException(404, NOT_FOUND)
    return updated


@router.delete("/{folder_id}", status_code=204)
async def delete_folder(folder_id: FolderId, store: CurrentStore):
    """Delete a folder; its conversations stay, in no folder."""
    if not is_id(folder_id) or not await store.folders.delete(folder_id):
        raise HTTPException(404, NOT_FOUND)
    return Response(status_code=204)
