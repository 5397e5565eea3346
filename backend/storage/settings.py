"""Settings that belong to no one conversation: the defaults new conversations start with, and
named presets a conversation can take. Same database, same engines as the conversations."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa

from storage.database import Database
from storage.ids import new_id, now
from storage.owners import owned_by
from storage.records import SETTINGS_FIELDS, PresetRecord
from storage.rows import preset_record
from storage.schema import app_settings, presets

DEFAULTS = "defaults"


def defaults_name(owner: str | None) -> str:
    """The app_settings row holding an account's defaults ("defaults" with accounts off)."""
    return DEFAULTS if owner is None else f"{DEFAULTS}:{owner}"


class DuplicatePresetName(ValueError):
    """Another preset already has this name."""


BY_NAME = sa.select(presets).order_by(sa.func.lower(presets.c.name), presets.c.pk)


def _put_defaults(connection: sa.Connection, name: str, value: dict) -> None:
    updated = connection.execute(app_settings.update().where(app_settings.c.name == name).values(value=value))
    if updated.rowcount == 0:
        connection.execute(app_settings.insert().values(name=name, value=value))


def _check_name_free(connection: sa.Connection, owner: str | None, name: str, other_than: str | None = None) -> None:
    # Names are compared without case: "Coding" and "coding" in one list would be a puzzle.
    query = owned_by(sa.select(presets.c.id).where(sa.func.lower(presets.c.name) == name.lower()), presets, owner)
    if other_than is not None:
        query = query.where(presets.c.id != other_than)
    if connection.execute(query).first() is not None:
        raise DuplicatePresetName(name)


def _get_preset(connection: sa.Connection, owner: str | None, preset_id: str) -> PresetRecord | None:
    row = connection.execute(owned_by(sa.select(presets).where(presets.c.id == preset_id), presets, owner)).first()
    return preset_record(row) if row else None


def _create_preset(connection: sa.Connection, owner: str | None, name: str, row: dict) -> PresetRecord:
    _check_name_free(connection, owner, name)
    connection.execute(presets.insert().values(name=name, owner_id=owner, **row))
    return _get_preset(connection, owner, row["id"])


def _update_preset(connection: sa.Connection, owner: str | None, preset_id: str, values: dict) -> PresetRecord | None:
    if _get_preset(connection, owner, preset_id) is None:
        return None
    if "name" in values:
        _check_name_free(connection, owner, values["name"], other_than=preset_id)
    connection.execute(presets.update().where(presets.c.id == preset_id).values(updated_at=now(), **values))
    return _get_preset(connection, owner, preset_id)


def _delete_preset(connection: sa.Connection, owner: str | None, preset_id: str) -> bool:
    return connection.execute(owned_by(presets.delete().where(presets.c.id == preset_id), presets, owner)).rowcount > 0


class SettingsStore:
    """`owner`: the account whose defaults and presets these are (None: accounts are off)."""

    def __init__(self, database: Database, owner: str | None = None) -> None:
        self.database = database
        self.owner = owner

    # ---- defaults for new conversations ---------------------------------------------------

    async def get_defaults(self) -> dict:
        """Every setting a new conversation starts with (None: LM Studio's own)."""
        query = sa.select(app_settings.c.value).where(app_settings.c.name == defaults_name(self.owner))
        value = await self.database.read(lambda connection: connection.execute(query).scalar()) or {}
        return {name: value.get(name) for name in SETTINGS_FIELDS}

    async def put_defaults(self, defaults: dict) -> dict:
        value = {name: defaults.get(name) for name in SETTINGS_FIELDS}
        await self.database.write(partial(_put_defaults, name=defaults_name(self.owner), value=value))
        return value

    # ---- presets --------------------------------------------------------------------------

    async def list_presets(self) -> list[PresetRecord]:
        query = owned_by(BY_NAME, presets, self.owner)
        rows = await self.database.read(lambda connection: connection.execute(query).all())
        return [preset_record(row) for row in rows]

    async def get_preset(self, preset_id: str) -> PresetRecord | None:
        return await self.database.read(partial(_get_preset, owner=self.owner, preset_id=preset_id))

    async def create_preset(self, name: str, settings: dict) -> PresetRecord:
        created = now()
        row = {
            "id": new_id(),
            "created_at": created,
            "updated_at": created,
            **{field: settings.get(field) for field in SETTINGS_FIELDS},
        }
        try:
            return await self.database.write(partial(_create_preset, owner=self.owner, name=name, row=row))
        except sa.exc.IntegrityError:  # the same name, created at the same moment elsewhere
            raise DuplicatePresetName(name) from None

    async def update_preset(self, preset_id: str, changes: dict) -> PresetRecord | None:
        """Apply the fields given (name and settings); the updated preset, or None if unknown."""
        values = {field: changes[field] for field in ("name", *SETTINGS_FIELDS) if field in changes}
        try:
            return await self.database.write(
                partial(_update_preset, owner=self.owner, preset_id=preset_id, values=values)
            )
        except sa.exc.IntegrityError:
            raise DuplicatePresetName(values["name"]) from None

    async def delete_preset(self, preset_id: str) -> bool:
        return await self.database.write(partial(_delete_preset, owner=self.owner, preset_id=preset_id))
