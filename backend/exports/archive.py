"""The whole history as one zip (GET /api/export?format=zip): the backup POST /api/import restores.

    client-chat-archive.json   what this is (format, version, when), application settings,
                               presets, folders
    conversations.jsonl        one conversation per line: its row and every message's row, with
                               the ids of the files each message carries
    attachments.jsonl          one file's row per line (name, type, size, a document's text…)
    attachments/<id>           each file's bytes

Rows are kept column by column (storage/backup.py), so a restore into an empty database gives
back exactly what was here. One conversation per line, rather than one big JSON array, lets a
restore read a conversation at a time with the standard json module and skip a damaged line
without losing the rest. The zip is written to a temporary file a page of conversations at a
time, the compression in a worker thread, so neither memory nor the event loop carry the whole
history. MCP servers are not part of it: a server runs a command on this machine, and adding
one is kept to this machine's own page and API.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from datetime import datetime

import anyio

from storage import Store
from storage.ids import now

FORMAT = "client-chat-archive"
VERSION = 1
MANIFEST = "client-chat-archive.json"
CONVERSATIONS = "conversations.jsonl"
ATTACHMENTS = "attachments.jsonl"
FILES_FOLDER = "attachments/"
CONVERSATIONS_PER_PAGE = 100
ATTACHMENT_INFOS_PER_READ = 500
# Files that are already compressed gain nothing from deflate and cost its time.
COMPRESSED_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf")


def archive_filename(moment: datetime) -> str:
    return f"client-chat-{moment:%Y-%m-%d}.zip"


def _member(name: str) -> zipfile.ZipInfo:
    """A member written as it streams, dated now (zipfile would date it 1980)."""
    info = zipfile.ZipInfo(name, date_time=now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _json_line(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _write_lines(member, rows: list[dict]) -> None:
    member.write(b"".join(_json_line(row) for row in rows))


async def _write_conversations(store: Store, archive: zipfile.ZipFile) -> tuple[int, list[str]]:
    """Every conversation, a page at a time; how many, and the files their messages carry."""
    count, carried, seen = 0, [], set()
    with archive.open(_member(CONVERSATIONS), "w", force_zip64=True) as member:
        after = 0
        while True:
            after, page = await store.backup.conversation_page(after, CONVERSATIONS_PER_PAGE)
            if not page:
                break
            await anyio.to_thread.run_sync(_write_lines, member, page)
            count += len(page)
            for conversation in page:
                for message in conversation["messages"]:
                    for attachment_id in message["attachments"]:
                        if attachment_id not in seen:
                            seen.add(attachment_id)
                            carried.append(attachment_id)
    return count, carried


async def _write_attachments(store: Store, archive: zipfile.ZipFile, attachment_ids: list[str]) -> int:
    infos: list[dict] = []
    with archive.open(_member(ATTACHMENTS), "w", force_zip64=True) as member:
        for start in range(0, len(attachment_ids), ATTACHMENT_INFOS_PER_READ):
            batch = await store.backup.attachment_infos(attachment_ids[start : start + ATTACHMENT_INFOS_PER_READ])
            await anyio.to_thread.run_sync(_write_lines, member, batch)
            infos += [{"id": info["id"], "media_type": info["media_type"]} for info in batch]
    for info in infos:
        data = await store.backup.attachment_data(info["id"])
        if data is None:  # deleted while the archive was being written
            continue
        kind = zipfile.ZIP_STORED if info["media_type"] in COMPRESSED_TYPES else zipfile.ZIP_DEFLATED
        await anyio.to_thread.run_sync(
            lambda name=FILES_FOLDER + info["id"], data=data, kind=kind: archive.writestr(name, data, kind)
        )
    return len(infos)


async def write_archive(store: Store) -> tuple[str, str]:
    """The whole history zipped into a temporary file: its path (the caller deletes it) and the
    name to download it as."""
    exported_at = now()
    handle, path = tempfile.mkstemp(prefix="chat-export-", suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            conversations, carried = await _write_conversations(store, archive)
            files = await _write_attachments(store, archive, carried)
            app_settings, presets = await store.backup.settings_and_presets()
            folders = await store.backup.folders()
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "exported_at": exported_at.isoformat(),
                "conversations": conversations,
                "attachments": files,
                "app_settings": app_settings,
                "presets": presets,
                "folders": folders,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    except BaseException:
        os.unlink(path)
        raise
    return path, archive_filename(exported_at)
