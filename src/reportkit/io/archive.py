""".zip archives: their members read as documents of their own.

Government sites publish a report's attachments, and offices pass batches of reports around, as .zip
files. A member is named by the archive's path and its name in the archive, as Python's ``zipimport``
names modules: ``downloads/附件.zip/整改报告.docx``. Such a path is a path reportkit reads
(:func:`reportkit.read`, ``reportkit show``); :func:`reportkit.io.iter_inputs` turns an archive, named or
found in a folder, into the paths of its members.

* **Member names.** An archive written on Chinese Windows stores names in GBK without the flag that says
  UTF-8, and :mod:`zipfile` then decodes them as code page 437 (``╒√╕─▒¿╕µ.docx``). A name without the flag
  is decoded as UTF-8 when its bytes are UTF-8 (some tools leave the flag out), else as GB18030.
* **Which members.** Members of the types reportkit reads, in the archive's order; folders, hidden files
  (``.DS_Store``, ``__MACOSX/``) and Office lock files (``~$…``) are passed over as in a folder walk; other
  types, archives inside the archive, and a second member of a name already read are listed as skipped.
* **Bombs.** A member is read only when it declares at most :data:`MAX_MEMBER_BYTES` and inflates at most
  :data:`~reportkit.io.docx.MAX_RATIO` times (members over 1 MiB); :mod:`zipfile` reads no more than a member
  declares and checks its CRC, so a member whose header lies fails. Encrypted members are refused.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from ..errors import InputError, LimitExceededError
from .docx import MAX_RATIO, inflation

__all__ = ["MAX_MEMBER_BYTES", "MAX_MEMBERS", "Member", "archive_of", "is_archive", "members", "read_member"]

#: the largest member read, in bytes (inflated)
MAX_MEMBER_BYTES = 256 * 1024 * 1024
#: the most members an archive may list
MAX_MEMBERS = 100_000
_SUFFIX = ".zip"


def is_archive(path: str) -> bool:
    """Whether ``path`` names a .zip archive (by its suffix)."""
    return path.lower().endswith(_SUFFIX)


def archive_of(path: str) -> tuple[str, str] | None:
    """``(archive, member name)`` when ``path`` names a member of an archive (``a/b.zip/c/d.docx``): the
    longest leading part of it that ends in .zip and is a file; None otherwise, and for a path that exists."""
    if os.path.exists(path):
        return None
    parts = path.split("/")
    for k in range(len(parts) - 1, 0, -1):
        head = "/".join(parts[:k])
        if is_archive(head) and os.path.isfile(head):
            return head, "/".join(parts[k:])
    return None


def _name(info: zipfile.ZipInfo) -> str:
    """The member's name as its writer meant it (module docstring)."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:  # not decoded by zipfile as cp437: keep it
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


@dataclass(frozen=True, slots=True)
class Member:
    """A member of an archive: its name (as decoded), the path that reads it, and its zip entry."""

    name: str
    path: str
    info: zipfile.ZipInfo = field(repr=False)


def _passed_over(name: str) -> bool:
    """Folders, hidden files and lock files: left out silently, as in a folder walk. A name that climbs (``../a.txt``,
    ``a/../b.txt``) is no hidden file: it is read (nothing is written to disk), under the name as stored."""
    parts = PurePosixPath(name).parts
    return (
        name.endswith("/")
        or any((p.startswith(".") and p not in (".", "..")) or p == "__MACOSX" for p in parts)
        or parts[-1].startswith("~$")
    )


class _Archive:
    """An archive's directory, held open: a batch reads its members one by one, and parsing the directory of
    thousands of members for each would cost more than reading them."""

    def __init__(self, path: str) -> None:
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise InputError(path, f"damaged or not a zip archive ({type(exc).__name__}: {exc})") from exc
        if len(infos) > MAX_MEMBERS:
            raise LimitExceededError(path, f"refused: the archive lists {len(infos):,} members (limit {MAX_MEMBERS:,})")
        self.members = []
        for info in infos:
            name = _name(info)
            if not _passed_over(name):
                self.members.append(Member(name, f"{path}/{name}", info))
        self.by_name: dict[str, Member] = {}
        for m in self.members:
            self.by_name.setdefault(m.name, m)  # the first of a name, as the folder walk reads it


@lru_cache(maxsize=4)
def _opened(path: str, mtime_ns: int, size: int, pid: int) -> _Archive:
    # per process: a worker forked from a process that had the archive open would share its file offset
    return _Archive(path)


def _archive(path: str) -> _Archive:
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    return _opened(path, st.st_mtime_ns, st.st_size, os.getpid())  # a changed file is opened again


def members(path: str) -> list[Member]:
    """Every member of the archive at ``path`` that is not passed over (folders, hidden and lock files), in
    the archive's order.

    :raises InputError: when the archive cannot be read
    """
    return list(_archive(path).members)


def read_member(archive: str, name: str) -> bytes:
    """The bytes of member ``name`` of ``archive`` (the first of that name; checked as the module docstring
    says).

    :raises InputError: naming the member's path, when it is not there or cannot be read safely
    """
    path = f"{archive}/{name}"
    opened = _archive(archive)
    member = opened.by_name.get(name)
    if member is None:
        raise InputError(path, f"no member {name!r} in {archive}")
    info = member.info
    if info.flag_bits & 0x1:
        raise InputError(path, "an encrypted member of a zip archive; extract it with its password first")
    if info.file_size > MAX_MEMBER_BYTES:
        raise LimitExceededError(path, f"{info.file_size:,} bytes inflated, over the limit of {MAX_MEMBER_BYTES:,}")
    ratio = inflation(info)
    if ratio is not None:
        raise LimitExceededError(
            path, f"refused: it would inflate {ratio:.0f}x (limit {MAX_RATIO}x); possibly a zip bomb"
        )
    try:
        with opened.zip.open(info) as fh:
            # zipfile reads no more than the member declares, and checks its CRC: a header that lies fails
            return fh.read()
    except Exception as exc:  # zipfile's errors, zlib.error, an unsupported compression method …
        raise InputError(path, f"damaged member of a zip archive ({type(exc).__name__}: {exc})") from exc
