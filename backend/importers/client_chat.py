"""This app's own exports, read back: the whole-history zip (exports/archive.py) and one
conversation's JSON (GET /api/conversations/{id}/export?format=json).

Both keep their ids, so a restore gives back the same conversations, branches and links, and
importing the same export twice skips what is already here. What an archive says is checked
before it is written, as any upload is: a message belongs to the conversation it is listed in
(never to another one already here), a parent is a message of the same conversation listed
before it, depths and the active path's length are recomputed, and a file is linked only when
its bytes are in the archive or it is already stored here. A conversation that fails a check is
skipped with a sentence; the others are restored.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import anyio
import sqlalchemy as sa
from pydantic import ValidationError

from exports.archive import ATTACHMENTS, CONVERSATIONS, FILES_FOLDER, FORMAT, MANIFEST, VERSION
from models import Conversation, Message, is_id
from storage import Store

# The keys of one conversation's JSON export that no other app's export has together.
CONVERSATION_EXPORT_KEYS = {"id", "title", "messages", "active_message_id", "created_at"}
ROLES = {"user", "assistant", "system"}


class DamagedConversation(ValueError):
    """Why an archived conversation cannot be restored, as a sentence's end."""


def _readable_by_the_api(model, values: dict, what: str) -> None:
    """Refuse values the API could not show later (a page reading them would fail)."""
    try:
        model.model_validate(values)
    except ValidationError as error:
        where = ".".join(str(part) for part in error.errors()[0]["loc"])
        raise DamagedConversation(f"{what} {where} is not valid") from None


@dataclass
class Restored:
    """What a restore did: the conversations written (id, title), how many were already here,
    and sentences about what was left out."""

    conversations: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)


def is_archive(archive: zipfile.ZipFile) -> bool:
    return MANIFEST in archive.namelist()


def is_conversation_export(document: object) -> bool:
    return isinstance(document, dict) and CONVERSATION_EXPORT_KEYS <= document.keys()


def _title_of(conversation: dict) -> str:
    title = conversation.get("title")
    return title if isinstance(title, str) and title.strip() else "(untitled)"


def checked(conversation: dict, files_here: Callable[[str], bool]) -> tuple[dict, list[str]]:
    """The conversation as storage restores it, and the files it carries that cannot be linked
    (by name). DamagedConversation when it cannot be restored at all."""
    conversation_id = conversation.get("id")
    if not isinstance(conversation_id, str) or not is_id(conversation_id):
        raise DamagedConversation("it has no valid id")
    listed = conversation.get("messages")
    if not isinstance(listed, list):
        raise DamagedConversation("its messages are not a list")
    depths: dict[str, int] = {}
    missing_files: list[str] = []
    messages = []
    for message in listed:
        if not isinstance(message, dict):
            raise DamagedConversation("a message is not an object")
        message_id, parent_id = message.get("id"), message.get("parent_id")
        if not isinstance(message_id, str) or not is_id(message_id) or message_id in depths:
            raise DamagedConversation("a message has no valid id, or the same id as another")
        if parent_id is not None and parent_id not in depths:
            raise DamagedConversation("a message follows one that is not listed before it")
        if message.get("role") not in ROLES or not isinstance(message.get("content"), str):
            raise DamagedConversation("a message has no role or no text")
        _readable_by_the_api(Message, {**message, "attachments": None}, "a message's")
        depths[message_id] = 0 if parent_id is None else depths[parent_id] + 1
        carried = []
        for attachment in message.get("attachments") or []:
            attachment_id = attachment.get("id") if isinstance(attachment, dict) else attachment
            if isinstance(attachment_id, str) and is_id(attachment_id) and files_here(attachment_id):
                carried.append(attachment_id)
            else:
                name = attachment.get("name") if isinstance(attachment, dict) else None
                missing_files.append(str(name or attachment_id))
        messages.append(
            {**message, "conversation_id": conversation_id, "depth": depths[message_id], "attachments": carried}
        )
    _readable_by_the_api(Conversation, {**conversation, "messages": []}, "its")
    active = conversation.get("active_message_id")
    if active is not None and active not in depths:
        raise DamagedConversation("its active message is not one of its messages")
    restored = {
        **conversation,
        "title": _title_of(conversation),
        "messages": messages,
        "message_count": depths[active] + 1 if active else 0,
    }
    return restored, missing_files


async def _restore_one(
    store: Store, conversation: dict, files: dict[str, dict], folder_ids: dict[str, str], done: Restored
) -> None:
    """Restore one conversation (files: the archive's file rows, by id, each with its bytes;
    folder_ids: the archive's folder ids -> the folders here that take their conversations)."""
    if not isinstance(conversation, dict):
        done.warnings.append("A line of the archive is not a conversation; it was left out.")
        return
    folder_id = conversation.get("folder_id")
    conversation = {**conversation, "folder_id": folder_ids.get(folder_id) if isinstance(folder_id, str) else None}
    title = _title_of(conversation)
    try:
        here = await store.attachments.infos(
            [
                attachment_id
                for message in conversation.get("messages") or []
                if isinstance(message, dict)
                for attachment_id in (
                    a.get("id") if isinstance(a, dict) else a for a in message.get("attachments") or []
                )
                if isinstance(attachment_id, str) and is_id(attachment_id)
            ]
        )
        restored, missing = checked(conversation, lambda attachment_id: attachment_id in files or attachment_id in here)
        written = await store.backup.restore_conversation(restored, files)
    except DamagedConversation as damage:
        done.warnings.append(f"“{title}” was left out: {damage}.")
        return
    except (sa.exc.SQLAlchemyError, TypeError, ValueError, KeyError, AttributeError):
        done.warnings.append(f"“{title}” was left out: some of its values are not what this app stores.")
        return
    if not written:
        done.skipped += 1
        return
    done.conversations.append((restored["id"], restored["title"]))
    if missing:
        done.warnings.append(
            f"“{title}”: {len(missing)} attached file(s) were not in the export and are left out "
            f"({', '.join(missing[:3])}{'…' if len(missing) > 3 else ''})."
        )


def _json_lines(archive: zipfile.ZipFile, name: str) -> Iterator[object]:
    """Each line of a member as a value (None for a line that is not JSON)."""
    with archive.open(name) as member:
        for line in member:
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError:
                    yield None


def _file_rows(archive: zipfile.ZipFile, names: set[str]) -> dict[str, dict]:
    rows = {}
    if ATTACHMENTS in names:
        for row in _json_lines(archive, ATTACHMENTS):
            if isinstance(row, dict) and isinstance(row.get("id"), str) and FILES_FOLDER + row["id"] in names:
                rows[row["id"]] = row
    return rows


def _with_bytes(archive: zipfile.ZipFile, rows: dict[str, dict], conversation: object) -> dict[str, dict]:
    """The archive's files this conversation carries, each with its bytes (read now, so only one
    conversation's files are in memory at a time)."""
    wanted = set()
    if isinstance(conversation, dict) and isinstance(conversation.get("messages"), list):
        for message in conversation["messages"]:
            if isinstance(message, dict) and isinstance(message.get("attachments"), list):
                wanted.update(a for a in message["attachments"] if isinstance(a, str) and a in rows)
    return {
        attachment_id: {**rows[attachment_id], "data": archive.read(FILES_FOLDER + attachment_id)}
        for attachment_id in wanted
    }


def _manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DamagedConversation(f"{MANIFEST} is not a client-chat archive's description")
    if not isinstance(manifest.get("version"), int) or manifest["version"] > VERSION:
        raise DamagedConversation(
            f"the archive was written by a newer release (format version {manifest.get('version')}); "
            "update client-chat to restore it"
        )
    return manifest


async def restore_archive(store: Store, archive: zipfile.ZipFile) -> Restored:
    """Restore a whole-history zip: settings this database has not set, presets, and every
    conversation not already here. DamagedConversation when the zip is not one we can read."""
    done = Restored()
    manifest = await anyio.to_thread.run_sync(_manifest, archive)
    names = set(archive.namelist())
    if CONVERSATIONS not in names:
        raise DamagedConversation(f"the archive has no {CONVERSATIONS}")
    app_settings = manifest.get("app_settings") if isinstance(manifest.get("app_settings"), dict) else {}
    presets = [p for p in manifest.get("presets") or [] if isinstance(p, dict) and isinstance(p.get("id"), str)]
    try:
        done.warnings += await store.backup.restore_settings(app_settings, presets)
    except (sa.exc.SQLAlchemyError, TypeError, ValueError, KeyError):
        done.warnings.append("The archive's settings and presets are damaged; they were not restored.")
    archived_folders = [
        f
        for f in manifest.get("folders") or []
        if isinstance(f, dict) and isinstance(f.get("id"), str) and f.get("name")
    ]
    try:
        folder_ids = await store.backup.restore_folders(archived_folders)
    except (sa.exc.SQLAlchemyError, TypeError, ValueError, KeyError):
        folder_ids = {}
        done.warnings.append("The archive's folders are damaged; its conversations were restored outside folders.")
    files = await anyio.to_thread.run_sync(_file_rows, archive, names)
    lines = _json_lines(archive, CONVERSATIONS)
    while True:
        conversation = await anyio.to_thread.run_sync(next, lines, StopIteration)
        if conversation is StopIteration:
            break
        carried = await anyio.to_thread.run_sync(_with_bytes, archive, files, conversation)
        await _restore_one(store, conversation, carried, folder_ids, done)
    return done


async def restore_conversation_export(store: Store, document: dict) -> Restored:
    """Restore one conversation's JSON export (its files, which that export names but does not
    hold, are linked when they are still stored here)."""
    done = Restored()
    folder_ids = {folder.id: folder.id for folder in await store.folders.list()}  # only folders still here
    await _restore_one(store, document, {}, folder_ids, done)
    return done
