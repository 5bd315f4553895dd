"""Writers for records: JSON Lines (default) and a JSON array.

All writers take records one at a time (``write``) and are closed once (``close``, or use them as
context managers). JSON is UTF-8 with Chinese unescaped.

* :class:`JsonlWriter` writes and flushes one line per record, so a killed run leaves whole lines
  (plus at most one partial last line, which ``--resume`` repairs).
* :class:`JsonWriter` writes a single JSON array atomically: to a temporary file beside the target,
  renamed over it on close, so readers never see half an array.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Protocol

from ..record import Record

__all__ = ["Writer", "JsonlWriter", "JsonWriter", "open_writer", "WRITER_FORMATS"]


class Writer(Protocol):
    def write(self, record: Record) -> None: ...
    def close(self) -> None: ...


class _Base:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class JsonlWriter(_Base):
    """One JSON object per line. ``path=None`` writes to stdout."""

    def __init__(self, path: str | os.PathLike[str] | None = None, append: bool = False) -> None:
        self.path = path
        self._fh: IO[str] = (
            open(path, "a" if append else "w", encoding="utf-8", newline="\n") if path else sys.stdout
        )

    def write(self, record: Record) -> None:
        self._fh.write(record.to_json() + "\n")
        self._fh.flush()

    def close(self) -> None:
        if self.path:
            self._fh.close()
        else:
            self._fh.flush()


class JsonWriter(_Base):
    """A JSON array of records, written atomically on close. ``path=None`` writes to stdout."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path else None
        self._records: list[dict] = []

    def write(self, record: Record) -> None:
        self._records.append(record.to_dict())

    def close(self) -> None:
        payload = json.dumps(self._records, ensure_ascii=False, indent=1)
        if self.path is None:
            sys.stdout.write(payload + "\n")
            sys.stdout.flush()
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent or ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


WRITER_FORMATS = ("jsonl", "json")


def open_writer(path: str | os.PathLike[str] | None, fmt: str = "jsonl") -> Writer:
    """A writer for ``fmt`` (``jsonl`` or ``json``) to ``path`` (None: stdout)."""
    if fmt == "jsonl":
        return JsonlWriter(path)
    if fmt == "json":
        return JsonWriter(path)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(WRITER_FORMATS)}")
