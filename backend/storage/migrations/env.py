"""Alembic's environment: runs the revisions on the connection the backend hands over at
start-up, or, from the command line (`alembic upgrade head`), on the database CHAT_DB names."""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context

from config import load_settings
from storage.database import open_database
from storage.legacy import adopt_first_release
from storage.schema import metadata

config = context.config


def run_migrations(connection) -> None:
    adopt_first_release(connection)
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def run_from_command_line() -> None:
    database = await open_database(load_settings().db_path)
    try:
        await database.write(run_migrations)
    finally:
        await database.close()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported: run them against the database.")
elif (connection := config.attributes.get("connection")) is not None:
    run_migrations(connection)
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    asyncio.run(run_from_command_line())
