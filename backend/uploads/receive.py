"""Reading an upload (multipart/form-data, field `file`) from the request stream onto disk.

Starlette's request.form() would spool the file too, but only after reading all of it, and it
cannot say which file went over the limit. Here python-multipart's streaming parser (the one
Starlette uses) hands each piece to us as it arrives: the part's headers give the file's name,
its bytes go to a temporary file in a worker thread, and the upload stops at the first byte over
CHAT_MAX_UPLOAD_BYTES with a sentence naming the file. Nothing but one chunk is ever in memory.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field

import anyio
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from uploads.errors import UploadRefused, megabytes

FILE_FIELD = "file"
NOT_MULTIPART = "Send the file as multipart/form-data, in the form field 'file'."


@dataclass
class Received:
    """The uploaded file on disk; the caller deletes it (discard())."""

    name: str
    path: str
    size: int

    def discard(self) -> None:
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    header_name: bytes = b""
    header_value: bytes = b""
    is_file: bool = False


class _Collector:
    """python-multipart's callbacks: remember the file part's name, queue its bytes."""

    def __init__(self) -> None:
        self.part = _Part()
        self.name: str | None = None
        self.pending: list[bytes] = []  # the file's bytes parsed from the latest chunk
        self.files = 0

    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.part.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.part.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.part.headers[self.part.header_name.lower()] = self.part.header_value
        self.part.header_name = self.part.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.part.headers.get(b"content-disposition", b""))
        if options.get(b"name", b"").decode("utf-8", "replace") != FILE_FIELD or b"filename" not in options:
            return  # another field: ignored
        self.files += 1
        if self.files > 1:
            raise UploadRefused(422, "Send one file per upload (several files: one request each).")
        self.part.is_file = True
        self.name = safe_name(options[b"filename"].decode("utf-8", "replace"))

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.part.is_file:
            self.pending.append(data[start:end])

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
        }


def safe_name(name: str) -> str:
    """The file's own name (no folders, no control characters), at most 200 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:200] or "file"


async def receive_upload(request: Request, limit: int, limit_name: str = "CHAT_MAX_UPLOAD_BYTES") -> Received:
    """The request's file, on disk; UploadRefused when it is missing or over `limit` bytes (the
    setting `limit_name`)."""
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in params:
        raise UploadRefused(415, NOT_MULTIPART)
    collector = _Collector()
    parser = MultipartParser(params[b"boundary"], collector.callbacks())
    handle, path = tempfile.mkstemp(prefix="chat-upload-")
    size = 0
    try:
        with os.fdopen(handle, "wb") as spool:
            async for chunk in request.stream():
                parser.write(chunk)
                if not collector.pending:
                    continue
                data = b"".join(collector.pending)
                collector.pending.clear()
                size += len(data)
                if size > limit:
                    raise UploadRefused(
                        413,
                        f"{collector.name} is larger than the upload limit of {megabytes(limit)} ({limit_name}).",
                    )
                await anyio.to_thread.run_sync(spool.write, data)
            parser.finalize()
        if collector.name is None:
            raise UploadRefused(422, "The request has no file: send it in the form field 'file'.")
        return Received(collector.name, path, size)
    except MultipartParseError:
        os.unlink(path)
        raise UploadRefused(422, "The upload is not valid multipart/form-data.") from None
    except ClientDisconnect:
        os.unlink(path)  # the client went away mid-upload: nothing is kept, nothing to log
        raise UploadRefused(400, "The upload was interrupted before the whole file arrived.") from None
    except BaseException:
        os.unlink(path)
        raise
