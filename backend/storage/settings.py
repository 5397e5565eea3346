"""Settings that belong to no one conversation: the defaults new conversations start with, and
named presets a conversation can take. Same database, same engines as the conversations."""

from __future__ import annotations

import sqlalchemy as sa

from storage.database import Database
from storage.ids import new_id, now
from storage.records import SETTINGS_FIELDS, PresetRecord
from storage.rows import preset_record
from storage.schema import app_settings, presets

DEFAULTS = "defaults"


class DuplicatePresetName(ValueError):
    """Another preset already has this name."""


class SettingsStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    # ---- defaults for new conversations ---------------------------------------------------

    async def get_defaults(self) -> dict:
        """Every setting a new conversation starts with (None: LM Studio's own)."""
        async with self.database.reader.connect() as connection:
            query = sa.select(app_settings.c.value).where(app_settings.c.name == DEFAULTS)
            value = (await connection.execute(query)).scalar() or {}
        return {name: value.get(name) for name in SETTINGS_FIELDS}

    async def put_defaults(self, defaults: dict) -> dict:
        value = {name: defaults.get(name) for name in SETTINGS_FIELDS}
        async with self.database.writer.begin() as connection:
            updated = await connection.execute(
                app_settings.update().where(app_settings.c.name == DEFAULTS).values(value=value)
            )
            if updated.rowcount == 0:
                await connection.execute(app_settings.insert().values(name=DEFAULTS, value=value))
        return value

    # ---- presets --------------------------------------------------------------------------

    async def list_presets(self) -> list[PresetRecord]:
        async with self.database.reader.connect() as connection:
            rows = await connection.execute(sa.select(presets).order_by(sa.func.lower(presets.c.name), presets.c.pk))
        return [preset_record(row) for row in rows]

    async def get_preset(self, preset_id: str) -> PresetRecord | None:
        async with self.database.reader.connect() as connection:
            row = (await connection.execute(sa.select(presets).where(presets.c.id == preset_id))).first()
        return preset_record(row) if row else None

    async def create_preset(self, name: str, settings: dict) -> PresetRecord:
        created = now()
        values = {field: settings.get(field) for field in SETTINGS_FIELDS}
        row_id = new_id()
        try:
            async with self.database.writer.begin() as connection:
                await self._check_name_free(connection, name)
                await connection.execute(
                    presets.insert().values(id=row_id, name=name, created_at=created, updated_at=created, **values)
                )
                row = (await connection.execute(sa.select(presets).where(presets.c.id == row_id))).one()
        except sa.exc.IntegrityError:  # the same name, created at the same moment elsewhere
            raise DuplicatePresetName(name) from None
        return preset_record(row)

    async def update_preset(self, preset_id: str, changes: dict) -> PresetRecord | None:
        """Apply the fields given (name and settings); the updated preset, or None if unknown."""
        values = {field: changes[field] for field in ("name", *SETTINGS_FIELDS) if field in changes}
        try:
            async with self.database.writer.begin() as connection:
                if "name" in values:
                    await self._check_name_free(connection, values["name"], other_than=preset_id)
                updated = await connection.execute(
                    presets.update().where(presets.c.id == preset_id).values(updated_at=now(), **values)
                )
                if updated.rowcount == 0:
                    return None
                row = (await connection.execute(sa.select(presets).where(presets.c.id == preset_id))).one()
        except sa.exc.IntegrityError:
            raise DuplicatePresetName(values["name"]) from None
        return preset_record(row)

    async def delete_preset(self, preset_id: str) -> bool:
        async with self.database.writer.begin() as connection:
            deleted = await connection.execute(presets.delete().where(presets.c.id == preset_id))
        return deleted.rowcount > 0

    @staticmethod
    async def _check_name_free(connection, name: str, other_than: str | None = None) -> None:
        # Names are compared without case: "Coding" and "coding" in one list would be a puzzle.
        query = sa.select(presets.c.id).where(sa.func.lower(presets.c.name) == name.lower())
        if other_than is not None:
            query = query.where(presets.c.id != other_than)
        if (await connection.execute(query)).first() is not None:
            raise DuplicatePresetName(name)
