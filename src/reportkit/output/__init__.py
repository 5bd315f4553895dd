"""Writers for records: JSON Lines (default), a JSON array, CSV and SQLite.

All writers take records one at a time (``write``) and are closed once (``close``, or use them as
context managers). JSON is UTF-8 with Chinese unescaped; CSV is UTF-8 with a byte-order mark so Excel
shows Chinese correctly.

=========  ==========================================================================================
format     what is written
=========  ==========================================================================================
jsonl      one record per line, flushed per input: a killed run leaves whole lines plus at most one
           partial line, which ``--resume`` repairs
json       one JSON array, written atomically (a temporary file renamed over the target on close)
csv        one row per document (type, confidence, per-extractor counts), or with ``field`` one row
           per finding of that extractor
sqlite     tables ``documents``, ``findings`` and ``errors`` (see :mod:`reportkit.output.sqlite`);
           rerunning upserts by source instead of duplicating
=========  ==========================================================================================

Resuming (``resume=True``, jsonl/csv/sqlite): the writer reads what is already there, repairs a
half-written last line, drops the records of an input that was cut off midway (only the last input can
be), and reports in :attr:`Writer.done` the inputs that are complete, so the run skips them.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Protocol

from ..errors import ReportkitError
from ..record import Record

__all__ = ["Writer", "JsonlWriter", "JsonWriter", "open_writer", "WRITER_FORMATS", "format_for_path"]

WRITER_FORMATS = ("jsonl", "json", "csv", "sqlite")


class Writer(Protocol):
    done: set[str]

    def write(self, record: Record) -> None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> Writer: ...
    def __exit__(self, *exc: object) -> None: ...


class _Base:
    done: set[str]

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        raise NotImplementedError


class _StreamBase(_Base):
    """A writer over a text stream ``_fh``: the file at ``path``, or stdout when ``path`` is None."""

    path: Path | None
    _fh: IO[str]

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        self._fh.flush()
        if self.path:
            self._fh.close()


def repair_tail(path: Path, key_of) -> set[str]:
    """Resume support for line formats: truncate a partial last line, drop an input cut off midway.

    :param key_of: parses one complete line into ``(input path, part, parts)`` or None for a header
    :returns: the input paths whose records are all present
    """
    with open(path, "rb+") as fh:
        data = fh.read()
        end = data.rfind(b"\n") + 1  # a half-written last line is cut off
        lines = data[:end].split(b"\n")[:-1]
        seen: dict[str, int] = {}
        expected: dict[str, int] = {}
        first_offset: dict[str, int] = {}
        offset = 0
        order: list[str] = []
        for line in lines:
            key = key_of(line)
            if key is not None:
                source, _part, parts = key
                if source not in seen:
                    order.append(source)
                    first_offset[source] = offset
                seen[source] = seen.get(source, 0) + 1
                expected[source] = parts or 1
            offset += len(line) + 1
        if order and seen[order[-1]] < expected[order[-1]]:
            end = first_offset[order[-1]]  # the last input was cut off between its parts
            order.pop()
        fh.truncate(end)
    return {s for s in order if seen[s] >= expected[s]}


class JsonlWriter(_StreamBase):
    """One JSON object per line. ``path=None`` writes to stdout."""

    def __init__(self, path: str | os.PathLike[str] | None = None, resume: bool = False) -> None:
        self.path = Path(path) if path else None
        self.done: set[str] = set()
        if resume and self.path and self.path.exists():
            self.done = repair_tail(self.path, _jsonl_key)
        # line-buffered: every record reaches the file as a whole line as soon as it is written
        self._fh: IO[str] = (
            open(self.path, "a" if resume else "w", encoding="utf-8", newline="\n", buffering=1)
            if self.path
            else sys.stdout
        )

    def write(self, record: Record) -> None:
        self._fh.write(record.to_json() + "\n")


def _jsonl_key(line: bytes):
    try:
        source = json.loads(line)["source"]
    except (ValueError, KeyError, TypeError):
        return None
    return source.get("path") or "-", source.get("part"), source.get("parts")


class JsonWriter(_Base):
    """A JSON array of records, written atomically on close. ``path=None`` writes to stdout."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path else None
        self.done: set[str] = set()
        self._records: list[dict] = []

    def write(self, record: Record) -> None:
        self._records.append(record.to_dict())

    def flush(self) -> None:
        pass

    def close(self) -> None:
        payload = json.dumps(self._records, ensure_ascii=False, indent=1)
        if self.path is None:
            sys.stdout.write(payload + "\n")
            sys.stdout.flush()
            return
        atomic_write(self.path, payload + "\n")


def atomic_write(path: Path, payload: str) -> None:
    """Write ``payload`` to a temporary file beside ``path`` and rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def format_for_path(path: str | None, fmt: str | None) -> str:
    """The output format: as given, else from the file name (.sqlite/.db, .csv, .json), else jsonl."""
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower() if path else ""
    return {".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite", ".csv": "csv", ".json": "json"}.get(
        suffix, "jsonl"
    )


def open_writer(
    path: str | os.PathLike[str] | None,
    fmt: str = "jsonl",
    *,
    resume: bool = False,
    extractors: list[str] | None = None,
    field: str | None = None,
) -> Writer:
    """A writer for ``fmt`` to ``path`` (None: stdout, for jsonl/json/csv).

    :param resume: continue an interrupted run (jsonl, csv, sqlite)
    :param extractors: extractor names, for the per-extractor columns of CSV
    :param field: CSV only: one row per finding of this extractor
    """
    if resume and (fmt == "json" or path is None):
        raise ReportkitError("--resume needs -o FILE in jsonl, csv or sqlite format (a JSON array is written whole)")
    if field is not None and fmt != "csv":
        raise ReportkitError("--field goes with --format csv")
    if fmt == "jsonl":
        return JsonlWriter(path, resume=resume)
    if fmt == "json":
        return JsonWriter(path)
    if fmt == "csv":
        from .csv import CsvWriter

        return CsvWriter(path, extractors=extractors or [], field=field, resume=resume)
    if fmt == "sqlite":
        if path is None:
            raise ReportkitError("--format sqlite needs -o FILE")
        from .sqlite import SqliteWriter

        return SqliteWriter(path, resume=resume)
    raise ReportkitError(f"unknown output format {fmt!r}; choose one of {', '.join(WRITER_FORMATS)}")
