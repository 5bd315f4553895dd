"""Writers for records: JSON Lines (default), a JSON array, CSV and SQLite.

All writers take records one at a time (``write``) and are closed once (``close``, or use them as
context managers). JSON is UTF-8 with Chinese unescaped; CSV is UTF-8 with a byte-order mark so Excel
shows Chinese correctly.

=========  ==========================================================================================
format     what is written
=========  ==========================================================================================
jsonl      one record per line, flushed per input: a killed run leaves whole lines plus at most one
           partial line, which ``--resume`` repairs
json       one JSON array, written atomically: records go to a temporary file beside the target as they
           come (so a full disk or a missing permission shows at once, not after the run), renamed over
           the target on close
csv        one row per document (type, confidence, per-extractor counts), or with ``field`` one row
           per finding of that extractor
sqlite     tables ``documents``, ``findings`` and ``errors`` (see :mod:`reportkit.output.sqlite`);
           rerunning upserts by source instead of duplicating
=========  ==========================================================================================

A missing folder of the output is created. Anything the operating system refuses — no permission, a
full disk, a database another run is writing — raises :class:`~reportkit.errors.OutputError` naming the
file and the cause.

Resuming (``resume=True``, jsonl/csv/sqlite): the writer reads what is already there, repairs a
half-written last line, drops the records of an input that was cut off midway (only the last input can
be) and those of inputs whose worker process died (jsonl, sqlite: they are tried again), and reports
in :attr:`Writer.done` the inputs that are complete, so the run skips them. Inputs are compared by
:func:`input_key` (the absolute, normalised path), so ``./R/a.txt`` and ``R/a.txt`` are one input.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence, Sized
from pathlib import Path
from typing import IO, Protocol

from ..errors import OutputError, ReportkitError
from ..record import Record, path_of

__all__ = ["Writer", "JsonlWriter", "JsonWriter", "open_writer", "WRITER_FORMATS", "format_for_path", "input_key"]

WRITER_FORMATS = ("jsonl", "json", "csv", "sqlite", "xlsx")


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


def findings_per_extractor(fields: Mapping[str, Sized], extractors: Sequence[str]) -> list[int | None]:
    """How many findings each extractor gave a record (its ``fields``, or a record dict's), or None where it did
    not run (a type it does not apply to, a file that could not be read): the documents' n_<extractor> columns
    of the CSV, the workbook and Dask's dataframe."""
    return [len(fields[name]) if name in fields else None for name in extractors]


def output_failed(path: Path | str | None, exc: BaseException) -> OutputError:
    """The :class:`OutputError` for an ``OSError`` (or a database error) met while writing ``path``."""
    cause = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return OutputError(path, cause.splitlines()[0])


def open_for_output(path: Path, mode: str, **kwargs) -> IO[str]:
    """``open(path, mode)`` after creating its folder; an OS refusal becomes an :class:`OutputError`."""
    try:
        make_parent(path)
        return open(path, mode, **kwargs)
    except OSError as exc:
        raise output_failed(path, exc) from exc


def make_parent(path: Path) -> None:
    """Create the folder ``path`` goes in when it does not exist yet (as ``reportkit show`` does)."""
    if str(path.parent) in ("", "."):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:  # a file where a folder should be
        blocker = next((p for p in (path.parent, *path.parent.parents) if p.exists() and not p.is_dir()), path.parent)
        raise NotADirectoryError(errno.ENOTDIR, f"{blocker} is a file, not a folder") from exc


class _StreamBase(_Base):
    """A writer over a text stream ``_fh``: the file at ``path``, or stdout when ``path`` is None."""

    path: Path | None
    _fh: IO[str]

    def _put(self, text: str) -> None:
        try:
            self._fh.write(text)
        except OSError as exc:
            if self.path is None:
                raise  # stdout: a closed pipe is the reader's business (click handles it)
            raise output_failed(self.path, exc) from exc

    def flush(self) -> None:
        try:
            self._fh.flush()
        except OSError as exc:
            if self.path is None:
                raise
            raise output_failed(self.path, exc) from exc

    def close(self) -> None:
        if not self.path:
            self._fh.flush()
            return
        try:
            self._fh.close()  # flushes first; the file is closed even when that fails
        except OSError as exc:
            raise output_failed(self.path, exc) from exc


STDIN_KEY = "-"


def input_key(path: str | None) -> str:
    """How resuming compares inputs: the absolute, normalised path (``./R/a.txt`` and ``R/a.txt`` are
    one input), ``-`` for stdin."""
    if path is None or path == STDIN_KEY:
        return STDIN_KEY
    return os.path.abspath(path)


def worker_died(errors) -> bool:
    """Whether a record's ``errors`` (dicts) say a worker process died on it (``--resume`` retries it)."""
    return any(
        isinstance(e, dict) and (e.get("type") == "WorkerDied" or "worker process died" in str(e.get("message", "")))
        for e in errors or ()
    )


def _lines(data: bytes):
    """Complete lines of ``data`` as ``(start, end, line)``, and where the complete part ends."""
    end = data.rfind(b"\n") + 1  # a half-written last line is cut off
    units, offset = [], 0
    for line in data[:end].split(b"\n")[:-1]:
        units.append((offset, offset + len(line) + 1, line))
        offset += len(line) + 1
    return units, end


def repair_tail(path: Path, key_of, units_of=_lines) -> set[str]:
    """Resume support for line formats: cut a partial last record, drop an input cut off midway, drop
    the records of inputs whose worker died (so that the run does them again, once).

    :param key_of: parses one complete record into ``(input key, part, parts, worker died)``, or None
        for a header
    :param units_of: splits the file's bytes into complete records ``(start, end, bytes)`` and returns
        them with the offset where the complete part ends (default: lines)
    :returns: the keys of the inputs whose records are all present
    """
    with open(path, "rb+") as fh:
        data = fh.read()
        units, end = units_of(data)
        seen: dict[str, int] = {}
        expected: dict[str, int] = {}
        first_offset: dict[str, int] = {}
        died: set[str] = set()
        spans: dict[str, list[tuple[int, int]]] = {}
        order: list[str] = []
        for start, stop, unit in units:
            key = key_of(unit)
            if key is not None:
                source, _part, parts, dead = key
                if source not in seen:
                    order.append(source)
                    first_offset[source] = start
                seen[source] = seen.get(source, 0) + 1
                expected[source] = parts or 1
                spans.setdefault(source, []).append((start, stop))
                if dead:
                    died.add(source)
        if order and seen[order[-1]] < expected[order[-1]]:
            end = first_offset[order[-1]]  # the last input was cut off between its parts
            order.pop()
        if not died:
            fh.truncate(end)
    if died:  # cut those records out: the file is rewritten whole, atomically
        drop = sorted(span for source in died for span in spans[source] if span[1] <= end)
        kept, at = [], 0
        for start, stop in drop:
            kept.append(data[at:start])
            at = stop
        kept.append(data[at:end])
        _replace_bytes(path, b"".join(kept))
    return {s for s in order if seen[s] >= expected[s] and s not in died}


def _replace_bytes(path: Path, payload: bytes) -> None:
    import shutil

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class JsonlWriter(_StreamBase):
    """One JSON object per line. ``path=None`` writes to stdout."""

    def __init__(self, path: str | os.PathLike[str] | None = None, resume: bool = False) -> None:
        self.path = Path(path) if path else None
        self.done: set[str] = set()
        if resume and self.path and self.path.exists():
            self.done = repair_tail(self.path, _jsonl_key)
        # line-buffered: every record reaches the file as a whole line as soon as it is written
        self._fh: IO[str] = (
            open_for_output(self.path, "a" if resume else "w", encoding="utf-8", newline="\n", buffering=1)
            if self.path
            else sys.stdout
        )

    def write(self, record: Record) -> None:
        self._put(record.to_json() + "\n")


def _jsonl_key(line: bytes):
    try:
        record = json.loads(line)
        source = record["source"]
        return (
            input_key(path_of(source.get("path"), source.get("path_bytes"))),
            source.get("part"),
            source.get("parts"),
            worker_died(record.get("errors")),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


class JsonWriter(_Base):
    """A JSON array of records, written atomically. ``path=None`` writes to stdout.

    The records go to a temporary file beside ``path`` as they come, and the file is renamed over
    ``path`` on close: a reader never sees half an array, and a folder that cannot be written or a
    full disk stops the run at the first record instead of losing all of them at the end. Should the
    rename itself fail, the temporary file is kept and the error says where it is.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path else None
        self.done: set[str] = set()
        self._n = 0
        self._failed = False
        self._tmp: str | None = None
        if self.path is None:
            self._fh: IO[str] = sys.stdout
            return
        if self.path.exists() and not self.path.is_file():  # /dev/stdout, a named pipe: nothing to rename
            self._fh = open_for_output(self.path, "w", encoding="utf-8")
            return
        try:
            make_parent(self.path)
            fd, self._tmp = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent if str(self.path.parent) else "."
            )
            self._fh = os.fdopen(fd, "w", encoding="utf-8")
        except OSError as exc:
            raise output_failed(self.path, exc) from exc

    def write(self, record: Record) -> None:
        # the same bytes as json.dumps(records, ensure_ascii=False, indent=1), one record at a time
        item = json.dumps(record.to_dict(), ensure_ascii=False, indent=1).replace("\n", "\n ")
        self._put(("[\n " if self._n == 0 else ",\n ") + item)
        self._n += 1

    def _put(self, text: str) -> None:
        try:
            self._fh.write(text)
            self._fh.flush()  # a full disk shows at the record that does not fit
        except OSError as exc:
            if self.path is None:
                raise
            self._failed = True
            raise output_failed(self.path, exc) from exc

    def flush(self) -> None:
        pass

    def abandon(self) -> None:
        """End an interrupted run: the temporary file is removed and ``path`` left as it was (an array is
        written whole or not at all); stdout or a device gets the array closed on what it holds."""
        if self._tmp is None or self._fh is None:
            self.close()
            return
        fh, self._fh = self._fh, None  # type: ignore[assignment]
        _discard(fh, self._tmp)

    def close(self) -> None:
        if self._fh is None:
            return
        fh, self._fh = self._fh, None  # type: ignore[assignment]
        end = "[]\n" if self._n == 0 else "\n]\n"
        if self._tmp is None:  # stdout or a device: written straight through
            try:
                if not self._failed:
                    fh.write(end)
                if self.path is None:
                    fh.flush()
                else:
                    fh.close()
            except OSError as exc:
                if self.path is None:
                    raise
                raise output_failed(self.path, exc) from exc
            return
        try:
            if not self._failed:
                fh.write(end)
                fh.flush()
                os.fsync(fh.fileno())
            fh.close()
        except OSError as exc:
            self._failed = True
            _discard(fh, self._tmp)
            raise output_failed(self.path, exc) from exc
        if self._failed:  # a write failed: what is there is not the whole array
            _discard(fh, self._tmp)
            return
        assert self.path is not None
        try:
            os.chmod(self._tmp, 0o666 & ~_umask())
            os.replace(self._tmp, self.path)
        except OSError as exc:
            raise OutputError(self.path, f"{exc.strerror or exc}; the records are in {self._tmp}") from exc


def _discard(fh: IO[str], tmp: str) -> None:
    try:
        fh.close()
    except OSError:
        pass
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def format_for_path(path: str | None, fmt: str | None) -> str:
    """The output format: as given, else from the file name (.sqlite/.db, .csv, .json, .xlsx), else jsonl."""
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower() if path else ""
    return {
        ".sqlite": "sqlite",
        ".sqlite3": "sqlite",
        ".db": "sqlite",
        ".csv": "csv",
        ".json": "json",
        ".xlsx": "xlsx",
    }.get(suffix, "jsonl")


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
    if resume and (fmt in ("json", "xlsx") or path is None):
        raise ReportkitError(
            "--resume needs -o FILE in jsonl, csv or sqlite format (a JSON array or a workbook is written whole)"
        )
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
    if fmt == "xlsx":
        if path is None:
            raise ReportkitError("--format xlsx needs -o FILE")
        from .xlsx import XlsxWriter

        return XlsxWriter(path, extractors=extractors or [])
    raise ReportkitError(f"unknown output format {fmt!r}; choose one of {', '.join(WRITER_FORMATS)}")
