"""Readers: files, folders and stdin -> :class:`~reportkit.document.Document`.

=============  ==========================================================================
suffix         reader
=============  ==========================================================================
.txt .md       :mod:`~reportkit.io.encoding` detects UTF-8(-BOM), GB18030/GBK/GB2312, Big5, UTF-16/32
.docx          :mod:`~reportkit.io.docx` (python-docx; paragraphs and tables in order)
.pdf           :mod:`~reportkit.io.pdf` (pypdf; text layer, broken lines re-joined)
.ofd           :mod:`~reportkit.io.ofd` (ofdkit; GB/T 33190 pages, broken lines re-joined)
.html .htm     :mod:`~reportkit.io.html` (lxml; visible text, boilerplate removed)
.mht .mhtml    :mod:`~reportkit.io.mhtml` (the email parser; its HTML part read as .html)
.doc .wps …    :mod:`~reportkit.io.legacy` (web pages and .docx in disguise read directly; else LibreOffice)
.zip           :mod:`~reportkit.io.archive` (each member of a type above a document of its own)
=============  ==========================================================================

Folders are walked recursively in sorted order; files of other types in a folder are skipped and
counted (:class:`Skipped`), while a file named explicitly always yields a document or an error. A .zip
archive, named or found in a folder, stands for its members, each named ``archive.zip/member`` — a path
that :func:`read` reads.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, overload

from ..document import Document, Source
from ..errors import InputError, LimitExceededError, UnsupportedFormatError
from .archive import archive_of, is_archive, members, read_member
from .split import Part, split_compilation
from .types import Extracted

__all__ = [
    "FORMATS",
    "read",
    "read_bytes",
    "read_parts",
    "iter_inputs",
    "left_alone",
    "path_matches",
    "Skipped",
    "Extracted",
    "split_compilation",
    "Part",
    "MAX_FILE_BYTES",
]

FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".ofd": "ofd",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".mht": "mhtml",
    ".mhtml": "mhtml",
    ".doc": "doc",
    ".wps": "wps",
    ".rtf": "rtf",
    ".odt": "odt",
    ".wpt": "wps",
    ".dot": "doc",
    ".zip": "zip",
}
MAX_FILE_BYTES = 512 * 1024 * 1024  # refuse before reading; --max-chars limits the text itself


def format_of(path: str | os.PathLike[str]) -> str | None:
    """The reportkit format name for a path's suffix, or None when it is not a supported type."""
    return FORMATS.get(Path(path).suffix.lower())


def extract_bytes(data: bytes, fmt: str, path: str | None = None) -> Extracted:
    """Run the reader for ``fmt`` on ``data``.

    :raises InputError: for every failure, whatever the library underneath raised (zlib's and
        zipfile's errors on a damaged archive, ``NotImplementedError`` for a compression method or a
        PDF filter nobody implemented …), with one line naming the file and the cause
    """
    try:
        return _extract_bytes(data, fmt, path)
    except InputError:
        raise
    except MemoryError as exc:
        raise LimitExceededError(path, f"not enough memory to read this .{fmt} file") from exc
    except Exception as exc:
        detail = " ".join(str(exc).split())
        kind = type(exc).__name__
        if kind == "error":  # zlib.error, struct.error …
            kind = f"{type(exc).__module__}.error"
        cause = f"{kind}: {detail}" if detail else kind
        raise InputError(path, f"damaged or unsupported .{fmt} file ({cause[:300]})") from exc


def _extract_bytes(data: bytes, fmt: str, path: str | None) -> Extracted:
    if fmt in ("docx", "pdf", "ofd"):
        # a file that is not what its name says: a saved error page, a renamed .doc, a protected .docx
        from .legacy import OLE_MAGIC, encrypted_ooxml, read_legacy_bytes, web_page_title

        title = web_page_title(data)
        if title is not None:
            named = f" (“{title}”)" if title else ""
            raise InputError(path, f"not a .{fmt} file but a web page{named}: probably a failed download")
        if fmt == "docx" and data.startswith(OLE_MAGIC):
            if encrypted_ooxml(data):
                raise InputError(path, "a password-protected .docx; save a copy without the password")
            try:
                extracted = read_legacy_bytes(data, path, ".doc")  # a Word 97-2003 file named .docx
            except UnsupportedFormatError as exc:
                raise UnsupportedFormatError(path, f"a Word 97-2003 (.doc) file named .docx: {exc.cause}") from exc
            extracted.metadata["read_as"] = "doc"
            return extracted
    if fmt in ("txt", "md", "text"):
        from .text import read_text_bytes

        return read_text_bytes(data, path)
    if fmt == "docx":
        from .docx import read_docx_bytes

        return read_docx_bytes(data, path)
    if fmt == "pdf":
        from .pdf import read_pdf_bytes

        return read_pdf_bytes(data, path)
    if fmt == "mhtml":
        from .mhtml import read_mhtml_bytes

        return read_mhtml_bytes(data, path)
    if fmt == "ofd":
        from .ofd import read_ofd_bytes

        return read_ofd_bytes(data, path)
    if fmt == "html":
        from .html import read_html_bytes

        return read_html_bytes(data, path)
    if fmt == "zip":  # bytes in memory (stdin, a Dask bag): its members are not files to name
        raise UnsupportedFormatError(
            path, "a zip archive read as one document; give its folder to `reportkit extract`, or unzip it first"
        )
    if fmt in ("doc", "wps", "rtf", "odt"):
        from .legacy import read_legacy_bytes

        suffix = Path(path).suffix.lower() if path else f".{fmt}"
        return read_legacy_bytes(data, path, suffix)
    raise UnsupportedFormatError(
        path, f"unsupported file type {fmt!r}; reportkit reads {', '.join(sorted(set(FORMATS)))}"
    )


def read_bytes(
    data: bytes, fmt: str = "txt", path: str | None = None, *, split: bool = False, max_chars: int | None = None
) -> list[Document]:
    """Documents from bytes already in memory (one, or one per part with ``split``).

    :param fmt: a format name (``txt``, ``docx``, ``pdf``, ``html`` …)
    :param path: used in error messages and recorded as the source
    :param max_chars: refuse texts longer than this (:class:`LimitExceededError`)
    """
    extracted = extract_bytes(data, fmt, path)
    text = extracted.text
    if max_chars is not None and len(text) > max_chars:
        raise LimitExceededError(path, f"{len(text):,} characters, over the limit of {max_chars:,} (--max-chars)")
    sha = hashlib.sha256(data).hexdigest()
    if not split:
        return [
            Document(
                text,
                Source(path=path, format=fmt, encoding=extracted.encoding, sha256=sha, metadata=extracted.metadata),
            )
        ]
    parts = split_compilation(text)
    if len(parts) == 1:
        return [
            Document(
                text,
                Source(path=path, format=fmt, encoding=extracted.encoding, sha256=sha, metadata=extracted.metadata),
            )
        ]
    return [
        Document(
            part.text,
            Source(
                path=path,
                part=part.index,
                parts=len(parts),
                part_heading=part.heading,
                offset=part.offset,
                format=fmt,
                encoding=extracted.encoding,
                sha256=sha,
                metadata=extracted.metadata,
            ),
        )
        for part in parts
    ]


def read_parts(
    path: str | os.PathLike[str], *, split: bool = False, max_chars: int | None = None, fmt: str | None = None
) -> list[Document]:
    """Read one file into a list of documents (one per part when ``split`` finds a compilation).

    :raises InputError: when the file cannot be read; the message names the file and the cause
    """
    path_str = str(path)
    fmt = fmt or format_of(path)
    if fmt == "zip":
        _refuse_archive(path_str)
    member = archive_of(path_str) if fmt is not None else None
    if fmt is not None and member is not None:  # archive.zip/member.docx
        return read_bytes(read_member(*member), fmt, path_str, split=split, max_chars=max_chars)
    if fmt is None:
        if os.path.isdir(path_str):
            raise InputError(path_str, "is a directory; read its files with reportkit.io.iter_inputs or Pipeline.run")
        if not path_str:
            raise InputError(path_str, "an empty path")
        suffix = Path(path).suffix or "(no suffix)"
        raise UnsupportedFormatError(
            path_str, f"unsupported file type {suffix}; reportkit reads {', '.join(sorted(set(FORMATS)))}"
        )
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
            # a named pipe would block the read for ever and a device (/dev/zero) never end it
            raise InputError(path_str, "not a regular file (a pipe, socket or device); save what it gives to a file")
        if st.st_size > MAX_FILE_BYTES:
            raise LimitExceededError(path_str, f"{st.st_size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)  # a file that says less than it holds stops at the limit too
        if len(data) > MAX_FILE_BYTES:
            raise LimitExceededError(path_str, f"over the limit of {MAX_FILE_BYTES:,} bytes")
    except InputError:
        raise
    except IsADirectoryError as exc:
        raise InputError(path_str, "is a directory") from exc
    except FileNotFoundError as exc:
        raise InputError(path_str, "no such file") from exc
    except PermissionError as exc:
        raise InputError(path_str, "permission denied") from exc
    except OSError as exc:
        raise InputError(path_str, f"cannot read: {exc.strerror or exc}") from exc
    return read_bytes(data, fmt, path_str, split=split, max_chars=max_chars)


def _refuse_archive(path: str) -> None:
    """A .zip archive is not one document: say what it holds and how to read it (raises InputError)."""
    if os.path.isdir(path):
        raise InputError(path, "is a directory")
    if not os.path.exists(path):
        raise InputError(path, "no such file")
    inside = members(path)
    readable = [m for m in inside if _a_document(m.name)]
    if not readable:
        raise UnsupportedFormatError(
            path, f"a zip archive with no document of a type reportkit reads ({len(inside)} members)"
        )
    raise InputError(
        path,
        f"a zip archive of {len(readable)} document{'s' if len(readable) != 1 else ''}: give it to "
        "`reportkit extract`, or read a member by its "
        f"path ({readable[0].path})",
    )


@overload
def read(path: str | os.PathLike[str], *, split: Literal[False] = ..., max_chars: int | None = ...) -> Document: ...
@overload
def read(path: str | os.PathLike[str], *, split: Literal[True], max_chars: int | None = ...) -> list[Document]: ...


def read(
    path: str | os.PathLike[str], *, split: bool = False, max_chars: int | None = None
) -> Document | list[Document]:
    """Read a file into a :class:`Document` — or, with ``split=True``, a list of its parts.

    >>> import reportkit
    >>> doc = reportkit.read("corpus/docs/rec_001.txt")  # doctest: +SKIP
    """
    docs = read_parts(path, split=split, max_chars=max_chars)
    return docs if split else docs[0]


def _a_document(name: str) -> bool:
    """Whether an archive member of this name is one reportkit reads (not another type, nor an archive)."""
    return format_of(name) not in (None, "zip")


def _archive_inputs(path: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[str | Skipped]:
    """The members of the archive at ``path`` to read, and those left out; the archive itself when it cannot be
    read or holds nothing to read (reading it then gives its error record)."""
    try:
        inside = members(path)
    except InputError:
        yield path
        return
    seen: set[str] = set()
    for m in inside:
        suffix = Path(m.name).suffix.lower()
        fmt = format_of(m.name)
        if m.name in seen:
            yield Skipped(m.path, "a second member of the same name", suffix)
        elif fmt == "zip":
            yield Skipped(m.path, "an archive inside an archive", suffix)
        elif exclude and path_matches(m.path, exclude):
            yield Skipped(m.path, "excluded", suffix)
        elif include and not path_matches(m.path, include):
            yield Skipped(m.path, "not included", suffix)
        elif fmt is None:
            yield Skipped(m.path, "unsupported", suffix or "(none)")
        else:
            yield m.path
        seen.add(m.name)
    if not any(_a_document(m.name) for m in inside):
        yield path  # nothing in it reportkit reads: its error record says so


@dataclass(frozen=True)
class Skipped:
    """A file left out of a folder walk, and why (``unsupported``, ``excluded``, ``symlink-loop`` …)."""

    path: str
    reason: str
    suffix: str = ""


def path_matches(path: str, patterns: Iterable[str]) -> bool:
    """Whether ``path`` matches one of the glob ``patterns`` — ``--include``/``--exclude`` of ``extract``
    and ``--match`` of ``show`` all use this: a pattern matches the whole path (as given or found in a
    folder walk) or just the file name, with :func:`fnmatch.fnmatch` (``*`` also crosses ``/``)."""
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(name, p) for p in patterns)


def iter_inputs(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Iterator[str | Skipped]:
    """Files to process, in a stable order: explicit files as given, folders walked recursively.

    Yields a path string for each file to read and a :class:`Skipped` for each file in a folder that
    is not read (unsupported type, excluded by a glob, unreadable directory, symlink loop). ``-``
    stands for stdin and is passed through.
    """
    include = tuple(include)
    exclude = tuple(exclude)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one path, not its characters
    for raw in paths:
        p = str(raw)
        if p == "-":
            yield p
            continue
        if not os.path.isdir(p):
            # an explicit file always yields a record (or an error record), even if excluded by type
            if is_archive(p) and os.path.isfile(p):
                yield from _archive_inputs(p, include, exclude)
            else:
                yield p
            continue
        seen_dirs: set[tuple[int, int]] = set()
        yield from _walk(p, include, exclude, seen_dirs)


def left_alone(name: str) -> bool:
    """Whether a folder walk leaves a file of this name alone: hidden (``.DS_Store``) or an Office lock file
    (``~$报告.docx``)."""
    return name.startswith((".", "~$"))


def _walk(
    folder: str, include: tuple[str, ...], exclude: tuple[str, ...], seen: set[tuple[int, int]]
) -> Iterator[str | Skipped]:
    try:
        st = os.stat(folder)
    except OSError as exc:
        yield Skipped(folder, f"unreadable folder ({exc.strerror})")
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        yield Skipped(folder, "symlink loop")
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(folder, f"unreadable folder ({exc.strerror})")
        return
    for entry in entries:
        path = entry.path
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name.startswith("."):
                continue  # .git, .work and other hidden folders
            yield from _walk(path, include, exclude, seen)
            continue
        if left_alone(entry.name):
            continue
        if not os.path.exists(path):
            yield Skipped(path, "broken symlink or symlink loop")
            continue
        try:
            regular = entry.is_file()  # FIFOs, sockets and devices would block or never end
        except OSError:
            regular = False
        if not regular:
            yield Skipped(path, "not a regular file")
            continue
        fmt = format_of(path)
        if exclude and path_matches(path, exclude):
            yield Skipped(path, "excluded", Path(path).suffix.lower())
        elif include and not path_matches(path, include):
            yield Skipped(path, "not included", Path(path).suffix.lower())
        elif fmt is None:
            yield Skipped(path, "unsupported", Path(path).suffix.lower() or "(none)")
        elif fmt == "zip":
            yield from _archive_inputs(path, include, exclude)
        else:
            yield path
