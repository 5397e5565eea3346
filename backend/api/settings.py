"""Settings beyond one conversation: the defaults new conversations start with (GET/PUT
/api/settings) and named presets a conversation can take (/api/presets; PATCH a conversation
with {"preset_id"} to apply one)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam

from api.deps import CurrentStore
from api.shapes import preset_shape
from models import ConversationSettings, Preset, PresetCreate, PresetUpdate, SettingsInput, is_id
from storage.settings import DuplicatePresetName

defaults_router = APIRouter(prefix="/api/settings", tags=["settings"])
router = APIRouter(prefix="/api/presets", tags=["settings"])

PresetId = Annotated[str, PathParam(max_length=100, description="The preset's id")]
PRESET_NOT_FOUND = "Preset not found"


def duplicate_name(name: str) -> HTTPException:
    return HTTPException(409, f"A preset named {name!r} already exists; choose another name.")


@defaults_router.get("", response_model=ConversationSettings)
async def get_defaults(store: CurrentStore):
    """What a new conversation starts with: system prompt, model, sampling (null: LM Studio's own)."""
    return await store.settings.get_defaults()


@defaults_router.put("", response_model=ConversationSettings)
async def put_defaults(defaults: SettingsInput, store: CurrentStore):
    """Replace the defaults for new conversations (a field left out is cleared); existing
    conversations keep their own settings."""
    return await store.settings.put_defaults(defaults.model_dump(mode="json"))


@router.get("", response_model=list[Preset])
async def list_presets(store: CurrentStore):
    """Every preset, by name."""
    return [preset_shape(preset) for preset in await store.settings.list_presets()]


@router.post("", response_model=Preset, status_code=201)
async def create_preset(preset: PresetCreate, store: CurrentStore):
    """A new named preset."""
    try:
        created = await store.settings.create_preset(preset.name, preset.model_dump(exclude={"name"}))
    except DuplicatePresetName:
        raise duplicate_name(preset.name) from None
    return preset_shape(created)


@router.get("/{preset_id}", response_model=Preset)
async def get_preset(preset_id: PresetId, store: CurrentStore):
    found = await store.settings.get_preset(preset_id) if is_id(preset_id) else None
    if found is None:
        raise HTTPException(404, PRESET_NOT_FOUND)
    return preset_shape(found)


@router.patch("/{preset_id}", response_model=Preset)
async def update_preset(preset_id: PresetId, changes: PresetUpdate, store: CurrentStore):
    """Rename a preset or change its settings (a field left out is unchanged; null clears it).
    Conversations that took it earlier keep the values they copied."""
    fields = changes.model_dump(include=changes.model_fields_set)
    if "name" in fields and fields["name"] is None:
        raise HTTPException(422, "name cannot be null; send a new name or leave the field out")
    try:
        updated = await store.settings.update_preset(preset_id, fields) if is_id(preset_id) else None
    except DuplicatePresetName:
        raise duplicate_name(fields["name"]) from None
    if updated is None:
        raise HTTPException(404, PRESET_NOT_FOUND)
    return preset_shape(updated)


@router.delete("/{preset_id}")
async def delete_preset(preset_id: PresetId, store: CurrentStore):
    if not (is_id(preset_id) and await store.settings.delete_preset(preset_id)):
        raise HTTPException(404, PRESET_NOT_FOUND)
    return {"status": "deleted"}
