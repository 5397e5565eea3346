"""One uploaded export, read and written, a conversation at a time.

The file is a zip or JSON, told apart by its first bytes, never by its name. A zip is this app's
own archive (restored by client_chat.py) or another app's download: ChatGPT's holds
conversations.json (or, split, conversations-000.json, conversations-001.json…) beside the
images its conversations show. JSON is read with ijson, one conversation of a list at a time, so
a 200 MB export never has to be in memory whole; a single object (LibreChat's export, one
conversation) is small enough to read at once.

Each conversation is recognised by its own shape (chatgpt.py, open_webui.py, librechat.py, or
this app's JSON export), read into importers/records.py's form in a worker thread, its images
processed as uploads are (upright, scaled, PNG or JPEG), and written in one transaction by
storage/imports.py. The event loop only hands work out and collects it, so replies streaming
meanwhile keep their pace. A conversation that cannot be read is left out with a sentence; the
rest are imported. A file with no conversation we can read at all is refused (422) with the
formats we do read.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

import anyio
import ijson
import sqlalchemy as sa

from importers import client_chat
from importers.chatgpt import is_chatgpt, read_chatgpt
from importers.errors import FORMATS_WE_READ, ImportRefused
from importers.librechat import is_librechat, read_librechat
from importers.open_webui import is_open_webui, read_open_webui
from importers.records import CHATGPT, CLIENT_CHAT, LIBRECHAT, OPEN_WEBUI, ImportedConversation, ImportedFile
from importers.zips import open_zip
from storage import Store
from storage.ids import new_id, now
from uploads import UploadRefused, process_upload

logger = logging.getLogger("client_chat.import")

ZIP_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"
SNIFF_BYTES = 4096
# ChatGPT's export: conversations.json, or since 2026 conversations-000.json, -001… in order.
CHATGPT_CONVERSATIONS = re.compile(r"(^|/)conversations(-\d+)?\.json$")
# An image's name in ChatGPT's zip starts with the id its message points at:
# file-AbC123-photo.png for "file-service://file-AbC123", file_00000000…-<uuid>.png for "sediment://file_00000000…".
CHATGPT_FILE_ID = re.compile(r"^(file[-_][A-Za-z0-9]+)")
MAX_WARNINGS = 100
END = object()  # no more conversations (an item can be null, so None cannot say it)


@dataclass
class ImportSummary:
    conversations: list[tuple[str, str, str]] = field(default_factory=list)  # (id, title, source)
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    recognised: int = 0  # conversations of a format we read, imported or not
    _more_warnings: int = 0

    def warn(self, sentence: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(sentence)
        else:
            self._more_warnings += 1

    def finished(self) -> ImportSummary:
        if self._more_warnings:
            self.warnings.append(f"… and {self._more_warnings:,} more warnings like these.")
            self._more_warnings = 0
        return self


@dataclass(frozen=True)
class Source:
    name: str
    recognises: Callable[[dict], bool]
    read: Callable[[dict, Callable[[str], ImportedFile | None], Callable[[str], None]], ImportedConversation]


SOURCES = (
    Source(CHATGPT, is_chatgpt, read_chatgpt),
    Source(OPEN_WEBUI, is_open_webui, lambda item, find_file, warn: read_open_webui(item, warn)),
    Source(LIBRECHAT, is_librechat, lambda item, find_file, warn: read_librechat(item, warn)),
)


def no_files(_pointer: str) -> ImportedFile | None:
    return None


class ZipImages:
    """The images of ChatGPT's zip, found by the id a message points at (read when asked)."""

    def __init__(self, archive: zipfile.ZipFile, max_bytes: int) -> None:
        self.archive = archive
        self.max_bytes = max_bytes
        self.by_id: dict[str, zipfile.ZipInfo] = {}
        for member in archive.infolist():
            found = CHATGPT_FILE_ID.match(os.path.basename(member.filename))
            if found and not member.is_dir():
                self.by_id.setdefault(found.group(1), member)

    def find(self, pointer: str) -> ImportedFile | None:
        member = self.by_id.get(pointer)
        if member is None or member.file_size > self.max_bytes:
            return None
        name = os.path.basename(member.filename)
        shown = name[len(pointer) :].lstrip("-_") or name  # "file-AbC-photo.png" -> "photo.png"
        return ImportedFile(name=shown, data=self.archive.read(member))


def _first_byte(head: bytes) -> bytes:
    return head.removeprefix(UTF8_BOM).lstrip()[:1]


def sniff(path: str, name: str) -> str:
    """ "zip" or "json", from the file's first bytes; ImportRefused otherwise."""
    with open(path, "rb") as file:
        head = file.read(SNIFF_BYTES)
    if not head:
        raise ImportRefused(422, f"{name} is empty.")
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if _first_byte(head) in (b"[", b"{"):
        return "json"
    raise ImportRefused(415, f"{name} is neither JSON nor a zip. Import {FORMATS_WE_READ}.")


def _items(opened: Callable[[], IO[bytes]], name: str) -> Iterator[object]:
    """The conversations of a JSON file: each item of a list (read as it streams), or the one
    object. Raises ImportRefused when it is not JSON, ValueError when it breaks off later."""
    with opened() as stream:
        first = _first_byte(stream.read(SNIFF_BYTES))
    if first == b"{":
        with opened() as stream:
            try:
                yield json.load(stream)
            except ValueError as error:
                raise ImportRefused(422, f"{name} is not valid JSON ({error}).") from None
        return
    if first != b"[":
        raise ImportRefused(422, f"{name} is not JSON. Import {FORMATS_WE_READ}.")
    with opened() as stream:
        yield from ijson.items(stream, "item", use_float=True)


def _read_one(items: Iterator[object], find_file, summary: ImportSummary):
    """The next conversation, read (in a worker thread): (source, ImportedConversation or this
    app's export as a dict, or None when unreadable), or None at the end."""
    item = next(items, END)
    if item is END:
        return None
    if client_chat.is_conversation_export(item):
        return CLIENT_CHAT, item
    for source in SOURCES:
        if isinstance(item, dict) and source.recognises(item):
            try:
                return source.name, source.read(item, find_file, summary.warn)
            except ValueError as error:
                summary.warn(str(error))
                return source.name, None
            except Exception:  # a shape no reader foresaw: that conversation is left out, not the file
                logger.exception("A %s conversation could not be read", source.name)
                summary.warn(f"A conversation from {source.name} was left out: part of it is not in the shape we read.")
                return source.name, None
    return "unknown", None


def _stored_file(file: ImportedFile, max_image_side: int) -> dict:
    """An image or document from an export as an attachment row (blocking: a worker thread)."""
    handle, path = tempfile.mkstemp(prefix="chat-import-file-")
    try:
        with os.fdopen(handle, "wb") as spool:
            spool.write(file.data)
        processed = process_upload(path, file.name, len(file.data), max_image_side)
    finally:
        os.unlink(path)
    return {
        "id": new_id(),
        "name": processed.name,
        "kind": processed.kind,
        "media_type": processed.media_type,
        "size": len(processed.data),
        "width": processed.width,
        "height": processed.height,
        "text": processed.text,
        "data": processed.data,
        "created_at": now(),
    }


async def _files_of(imported: ImportedConversation, max_image_side: int, summary: ImportSummary) -> dict:
    stored: dict[str, list[dict]] = {}
    for message in imported.messages:
        for file in message.files:
            try:
                row = await anyio.to_thread.run_sync(_stored_file, file, max_image_side)
            except UploadRefused as refusal:
                summary.warn(f"“{imported.title}”: a file was left out: {refusal.sentence}")
                continue
            stored.setdefault(message.key, []).append(row)
    return stored


async def _import_json(
    store: Store, opened: Callable[[], IO[bytes]], name: str, find_file, max_image_side: int, summary: ImportSummary
) -> None:
    items = _items(opened, name)
    unknown = 0
    while True:
        try:
            step = await anyio.to_thread.run_sync(_read_one, items, find_file, summary)
        except (ijson.JSONError, ValueError) as error:  # an ImportRefused (not JSON at all) goes up
            if summary.recognised == 0:
                raise ImportRefused(422, f"{name} is not valid JSON ({error}).") from None
            summary.warn(
                f"{name} breaks off after {summary.recognised:,} conversations ({error}); the rest was not read."
            )
            break
        if step is None:
            break
        source, read = step
        if source == "unknown":
            unknown += 1
            continue
        summary.recognised += 1
        if read is None:
            continue
        if source == CLIENT_CHAT:
            restored = await client_chat.restore_conversation_export(store, read)
            summary.conversations += [(i, t, CLIENT_CHAT) for i, t in restored.conversations]
            summary.skipped += restored.skipped
            for sentence in restored.warnings:
                summary.warn(sentence)
            continue
        files = await _files_of(read, max_image_side, summary)
        try:
            record = await store.imports.add(read, files)
        except (sa.exc.SQLAlchemyError, TypeError, ValueError) as error:
            logger.warning("An imported conversation could not be stored: %r", error)
            summary.warn(
                f"“{read.title}” could not be stored (its data is not what this app keeps); nothing of it was kept."
            )
            continue
        if record is None:
            summary.skipped += 1
        else:
            summary.conversations.append((record.id, record.title, source))
    if unknown and summary.recognised:
        summary.warn(f"{unknown:,} entries of {name} are not conversations this app can read; they were left out.")


def _unknown(name: str) -> ImportRefused:
    return ImportRefused(422, f"{name} holds no conversations in a format this app reads. Import {FORMATS_WE_READ}.")


async def import_file(store: Store, path: str, name: str, *, max_image_side: int, max_file_bytes: int) -> ImportSummary:
    """Import the export at `path` (uploaded as `name`); ImportRefused when it is refused whole."""
    summary = ImportSummary()
    if await anyio.to_thread.run_sync(sniff, path, name) == "json":
        await _import_json(store, lambda: open(path, "rb"), name, no_files, max_image_side, summary)
        if summary.recognised == 0:
            raise _unknown(name)
        return summary.finished()
    archive = await anyio.to_thread.run_sync(open_zip, path, name)
    with archive:
        if client_chat.is_archive(archive):
            try:
                restored = await client_chat.restore_archive(store, archive)
            except client_chat.DamagedConversation as damage:
                raise ImportRefused(422, f"{name} cannot be restored: {damage}.") from None
            summary.conversations = [(i, t, CLIENT_CHAT) for i, t in restored.conversations]
            summary.skipped = restored.skipped
            for sentence in restored.warnings:
                summary.warn(sentence)
            return summary.finished()
        names = [member.filename for member in archive.infolist() if not member.is_dir()]
        members = sorted(n for n in names if CHATGPT_CONVERSATIONS.search(n))
        members = members or sorted(n for n in names if n.lower().endswith(".json") and "/" not in n.strip("/"))
        images = ZipImages(archive, max_file_bytes)
        for member in members:
            await _import_json(
                store, lambda member=member: archive.open(member), member, images.find, max_image_side, summary
            )
    if summary.recognised == 0:
        raise _unknown(name)
    return summary.finished()
