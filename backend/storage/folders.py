"""Folders people sort conversations into: named (no two alike, whatever the case), in the order
they put them (positions 0, 1, 2… with no gaps: moving one shifts those between). Deleting a
folder keeps its conversations; they are simply in no folder any more."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import sqlalchemy as sa

from storage.database import Database
from storage.ids import new_id, now
from storage.owners import owned_by
from storage.schema import conversations, folders

IN_ORDER = sa.select(folders.c.id, folders.c.name, folders.c.position).order_by(folders.c.position, folders.c.pk)


def _mine(query, owner: str | None):
    """Only `owner`'s folders: each account names and numbers its own."""
    return owned_by(query, folders, owner)


def folder_exists(connection: sa.Connection, folder_id: str, owner: str | None) -> bool:
    return (
        connection.execute(_mine(sa.select(folders.c.id).where(folders.c.id == folder_id), owner)).first() is not None
    )


@dataclass(frozen=True, slots=True)
class FolderRecord:
    id: str
    name: str
    position: int


class DuplicateFolderName(ValueError):
    """Another folder already has this name."""


def _all(connection: sa.Connection, owner: str | None) -> list[FolderRecord]:
    return [FolderRecord(row.id, row.name, row.position) for row in connection.execute(_mine(IN_ORDER, owner))]


def _check_name_free(connection: sa.Connection, owner: str | None, name: str, other_than: str | None = None) -> None:
    query = _mine(sa.select(folders.c.id).where(sa.func.lower(folders.c.name) == name.lower()), owner)
    if other_than is not None:
        query = query.where(folders.c.id != other_than)
    if connection.execute(query).first() is not None:
        raise DuplicateFolderName(name)


def _place(connection: sa.Connection, owner: str | None, order: list[str]) -> None:
    """Number the folders 0, 1, 2… in this order (only those whose position changes)."""
    current = {record.id: record.position for record in _all(connection, owner)}
    for position, folder_id in enumerate(order):
        if current.get(folder_id) != position:
            connection.execute(folders.update().where(folders.c.id == folder_id).values(position=position))


def _moved(order: list[str], folder_id: str, position: int | None) -> list[str]:
    if position is None:
        return order
    rest = [other for other in order if other != folder_id]
    rest.insert(min(max(position, 0), len(rest)), folder_id)
    return rest


def _create(connection: sa.Connection, owner: str | None, name: str, position: int | None) -> FolderRecord:
    _check_name_free(connection, owner, name)
    order = [record.id for record in _all(connection, owner)]
    folder_id = new_id()
    connection.execute(
        folders.insert().values(id=folder_id, name=name, position=len(order), created_at=now(), owner_id=owner)
    )
    _place(connection, owner, _moved([*order, folder_id], folder_id, position))
    return next(record for record in _all(connection, owner) if record.id == folder_id)


def _update(
    connection: sa.Connection, owner: str | None, folder_id: str, name: str | None, position: int | None
) -> FolderRecord | None:
    order = [record.id for record in _all(connection, owner)]
    if folder_id not in order:
        return None
    if name is not None:
        _check_name_free(connection, owner, name, other_than=folder_id)
        connection.execute(folders.update().where(folders.c.id == folder_id).values(name=name))
    _place(connection, owner, _moved(order, folder_id, position))
    return next(record for record in _all(connection, owner) if record.id == folder_id)


def _delete(connection: sa.Connection, owner: str | None, folder_id: str) -> bool:
    if not folder_exists(connection, folder_id, owner):
        return False
    connection.execute(conversations.update().where(conversations.c.folder_id == folder_id).values(folder_id=None))
    deleted = connection.execute(folders.delete().where(folders.c.id == folder_id)).rowcount > 0
    _place(connection, owner, [record.id for record in _all(connection, owner)])
    return deleted


class FolderStore:
    """`owner`: the account whose folders these are (None: accounts are off, all of them)."""

    def __init__(self, database: Database, owner: str | None = None) -> None:
        self.database = database
        self.owner = owner

    async def list(self) -> list[FolderRecord]:
        return await self.database.read(partial(_all, owner=self.owner))

    async def get(self, folder_id: str) -> FolderRecord | None:
        return next((record for record in await self.list() if record.id == folder_id), None)

    async def create(self, name: str, position: int | None = None) -> FolderRecord:
        """A new folder at `position` (None: after the others); DuplicateFolderName when taken."""
        return await self.database.write(partial(_create, owner=self.owner, name=name, position=position))

    async def update(
        self, folder_id: str, *, name: str | None = None, position: int | None = None
    ) -> FolderRecord | None:
        """Rename or move a folder; None for an unknown id; DuplicateFolderName when taken."""
        return await self.database.write(
            partial(_update, owner=self.owner, folder_id=folder_id, name=name, position=position)
        )

    async def delete(self, folder_id: str) -> bool:
        """Delete a folder; its conversations stay, in no folder."""
        return await self.database.write(partial(_delete, owner=self.owner, folder_id=folder_id))
