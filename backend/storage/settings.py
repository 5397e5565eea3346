"""Settings that belong to no one conversation: the defaults new conversations start with, and
named presets a conversation can take. Same database, same engines as the conversations."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa

from storage.database import Database
from storage.ids import new_id, now
from storage.records import SETTINGS_FIELDS, PresetRecord
from storage.rows import preset_record
from storage.schema import app_settings, presets

DEFAULTS = "defaults"


class DuplicatePresetName(ValueError):
    """Another preset already has this name."""


DEFAULTS_VALUE = sa.select(app_settings.c.value).where(app_settings.c.name == DEFAULTS)
BY_NAME = sa.select(presets).order_by(sa.func.lower(presets.c.name), presets.c.pk)
ONE_PRESET = sa.select(presets).where(presets.c.id == sa.bindparam("preset_id"))


def _put_defaults(connection: sa.Connection, value: dict) -> None:
    updated = connection.execute(app_settings.update().where(app_settings.c.name == DEFAULTS).values(value=value))
    if updated.rowcount == 0:
        connection.execute(app_settings.insert().values(name=DEFAULTS, value=value))


def _check_name_free(connection: sa.Connection, name: str, other_than: str | None = None) -> None:
    # Names are compared without case: "Coding" and "coding" in one list would be a puzzle.
    query = sa.select(presets.c.id).where(sa.func.lower(presets.c.name) == name.lower())
    if other_than is not None:
        query = query.where(presets.c.id != other_than)
    if connection.execute(query).first() is not None:
        raise DuplicatePresetName(name)


def _get_preset(connection: sa.Connection, preset_id: str) -> PresetRecord | None:
    row = connection.execute(ONE_PRESET, {"preset_id": preset_id}).first()
    return preset_record(row) if row else None


def _create_preset(connection: sa.Connection, name: str, row: dict) -> PresetRecord:
    _check_name_free(connection, name)
    connection.execute(presets.insert().values(name=name, **row))
    return _get_preset(connection, row["id"])


def _update_preset(connection: sa.Connection, preset_id: str, values: dict) -> PresetRecord | None:
    if "name" in values:
        _check_name_free(connection, values["name"], other_than=preset_id)
    updated = connection.execute(presets.update().where(presets.c.id == preset_id).values(updated_at=now(), **values))
    return _get_preset(connection, preset_id) if updated.rowcount else None


class SettingsStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    # ---- defaults for new conversations ---------------------------------------------------

    async def get_defaults(self) -> dict:
        """Every setting a new conversation starts with (None: LM Studio's own)."""
        value = await self.database.read(lambda connection: connection.execute(DEFAULTS_VALUE).scalar()) or {}
        return {name: value.get(name) for name in SETTINGS_FIELDS}

    async def put_defaults(self, defaults: dict) -> dict:
        value = {name: defaults.get(name) for name in SETTINGS_FIELDS}
        await self.database.write(partial(_put_defaults, value=value))
        return value

    # ---- presets --------------------------------------------------------------------------

    async def list_presets(self) -> list[PresetRecord]:
        rows = await self.database.read(lambda connection: connection.execute(BY_NAME).all())
        return [preset_record(row) for row in rows]

    async def get_preset(self, preset_id: str) -> PresetRecord | None:
        return await self.database.read(partial(_get_preset, preset_id=preset_id))

    async def create_preset(self, name: str, settings: dict) -> PresetRecord:
        created = now()
        row = {
            "id": new_id(),
            "created_at": created,
            "updated_at": created,
            **{field: settings.get(field) for field in SETTINGS_FIELDS},
        }
        try:
            return await self.database.write(partial(_create_preset, name=name, row=row))
        except sa.exc.IntegrityError:  # the same name, created at the same moment elsewhere
            raise DuplicatePresetName(name) from None

    async def update_preset(self, preset_id: str, changes: dict) -> PresetRecord | None:
        """Apply the fields given (name and settings); the updated preset, or None if unknown."""
        values = {field: changes[field] for field in ("name", *SETTINGS_FIELDS) if field in changes}
        try:
            return await self.database.write(partial(_update_preset, preset_id=preset_id, values=values))
        except sa.exc.IntegrityError:
            raise DuplicatePresetName(values["name"]) from None

    async def delete_preset(self, preset_id: str) -> bool:
        delete = presets.delete().where(presets.c.id == preset_id)
        return await self.database.write(lambda connection: connection.execute(delete).rowcount > 0)
