"""Opening an uploaded zip only when it is safe to read.

An export is read member by member from the zip itself (nothing is extracted to disk), yet a
zip is still refused up front when it could not be an export: a member named with an absolute
path or `..` (written out by any other tool, it lands outside its folder), a symbolic link, more
than MAX_MEMBERS members, or members that would expand to more than MAX_EXPANSION times the
zip's size (a zip bomb). zipfile checks, as it reads, that no member gives more than its
declared size, so the sizes checked here are the sizes that can come out.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import PurePosixPath

from importers.errors import ImportRefused

MAX_EXPANSION = 100
MAX_MEMBERS = 100_000


def _unsafe_name(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def _is_link(member: zipfile.ZipInfo) -> bool:
    return member.create_system == 3 and stat.S_ISLNK(member.external_attr >> 16)


def open_zip(path: str, name: str) -> zipfile.ZipFile:
    """The zip at `path`, checked; ImportRefused (422) with a sentence naming `name` when it is
    damaged or unsafe."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRefused(
            422, f"{name} is not a zip file that can be read (it may be damaged or cut short)."
        ) from None
    try:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise ImportRefused(422, f"{name} holds {len(members):,} files; an export holds far fewer.")
        for member in members:
            if _unsafe_name(member.filename):
                raise ImportRefused(
                    422, f"{name} is unsafe: it names a file outside its own folder ({member.filename[:100]})."
                )
            if _is_link(member):
                raise ImportRefused(422, f"{name} is unsafe: it holds a link ({member.filename[:100]}).")
        expanded = sum(member.file_size for member in members)
        if expanded > MAX_EXPANSION * max(1, os.path.getsize(path)):
            raise ImportRefused(
                422,
                f"{name} would expand to more than {MAX_EXPANSION} times its size; an export does not, "
                "so it is not read.",
            )
    except BaseException:
        archive.close()
        raise
    return archive
