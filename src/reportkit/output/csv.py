"""CSV for spreadsheets: UTF-8 with a byte-order mark (Excel then shows Chinese), one header row.

* documents (default): ``path, part, parts, id, title, doc_type, doc_type_zh, confidence, uncertain,
  chars, errors`` and ``n_<extractor>`` — how many findings each extractor made;
* findings (``--field counts``): ``path, part, parts, id, doc_type, start, end, text`` and the fields of
  that extractor's findings (lists and objects as JSON), one row per finding; ``--field ledger`` gives one
  row per ledger entry with its measures, units, deadline and status as text
  (:mod:`reportkit.output.ledger`).

Text cells that a spreadsheet would run as a formula — those starting with ``=``, ``+``, ``-``, ``@``, a
tab or a line break (or their full-width forms) — get a leading apostrophe, as OWASP advises against CSV
injection; so does a text cell that already starts with an apostrophe, so that removing one leading
apostrophe always gives the value back (``--resume`` does, to read the paths already written). Numbers
are written as numbers.

Both end with ``path_bytes``: empty, except for a file name that is not valid UTF-8, which ``path``
shows decoded with replacement and ``path_bytes`` holds as base64 (as in the JSON record).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import IO, Any

from ..record import Record, path_of, printable
from . import _StreamBase, findings_per_extractor, input_key, open_for_output, output_failed, repair_tail
from .ledger import ledger_rows

DOC_COLUMNS = [
    "path",
    "part",
    "parts",
    "id",
    "title",
    "doc_type",
    "doc_type_zh",
    "confidence",
    "uncertain",
    "chars",
    "errors",
]
FINDING_COLUMNS = ["path", "part", "parts", "id", "doc_type", "start", "end", "text"]
LAST_COLUMN = "path_bytes"  # last, so that every other column keeps its place
_SKIP = {"text", "span"}


class CsvWriter(_StreamBase):
    """Documents or findings as CSV rows."""

    def __init__(
        self, path: str | os.PathLike[str] | None, extractors: list[str], field: str | None = None, resume: bool = False
    ) -> None:
        self.path = Path(path) if path else None
        self.field = field
        self.extractors = list(extractors)
        self.done: set[str] = set()
        self._columns: list[str] | None = None
        if resume and field is not None:
            from ..errors import ReportkitError

            # an input without findings leaves no row, so a per-finding file cannot tell what is done
            raise ReportkitError("--resume works with the per-document CSV, not with --field")
        appending = bool(resume and self.path and self.path.exists() and self.path.stat().st_size > 0)
        if appending:
            assert self.path is not None
            header = _csv_header(self.path)
            if header:
                self._columns = header
                self.done = repair_tail(self.path, lambda row: _csv_key(row, header), _csv_rows)
            else:  # not even a whole header: start again
                appending = False
        if self.path:
            self._fh: IO[str] = open_for_output(self.path, "a" if appending else "w", encoding="utf-8", newline="")
            if not appending:
                self._put("\ufeff")
        else:
            self._fh = sys.stdout
        self._writer = csv.writer(self._fh)
        if self.field is None and self._columns is None:
            self._columns = DOC_COLUMNS + [f"n_{name}" for name in self.extractors] + [LAST_COLUMN]
            self._row(self._columns)

    def _row(self, values: list[Any]) -> None:
        try:
            self._writer.writerow(values)
        except OSError as exc:
            if self.path is None:
                raise
            raise output_failed(self.path, exc) from exc

    def write(self, record: Record) -> None:
        base = {
            "path": None if record.source.path is None else printable(record.source.path),
            "path_bytes": record.source.path_bytes,
            "part": record.source.part,
            "parts": record.source.parts,
            "id": record.id,
            "doc_type": record.doc_type.label if record.doc_type else None,
        }
        if self.field is None:
            row = {
                **base,
                "title": record.title,
                "doc_type_zh": record.doc_type.label_zh if record.doc_type else None,
                "confidence": record.doc_type.confidence if record.doc_type else None,
                "uncertain": record.doc_type.uncertain if record.doc_type else None,
                "chars": record.chars,
                "errors": len(record.errors),
                **dict(
                    zip(
                        (f"n_{name}" for name in self.extractors),
                        findings_per_extractor(record.fields, self.extractors),
                    )
                ),
            }
            self._row([_cell(row.get(c)) for c in self._columns or []])
            return
        if self.field == "ledger":
            findings = [
                {
                    **{k: v for k, v in row.items() if k not in ("problem", "problem_start", "problem_end")},
                    "span": (row["problem_start"], row["problem_end"]),
                    "text": row["problem"],
                }
                for row in ledger_rows(record)
            ]
        else:
            # the finding's own id (problems/3) gets a column of its own: "id" is the record's, as in every CSV row
            findings = [
                {("finding_id" if k == "id" else k): v for k, v in f.model_dump().items()}
                for f in record.fields.get(self.field, [])
            ]
        if self._columns is None:
            extra: list[str] = []
            for f in findings:
                extra.extend(k for k in f if k not in _SKIP and k not in extra)
            if not findings:
                return  # the header waits for the first finding that shows the columns
            self._columns = FINDING_COLUMNS + [c for c in extra if c != LAST_COLUMN] + [LAST_COLUMN]
            self._row(self._columns)
        if not findings and record.errors:
            return
        for f in findings:
            row = {**base, "start": f["span"][0], "end": f["span"][1], **f}
            self._row([_cell(row.get(c)) for c in self._columns])


# what makes Excel, LibreOffice and Google Sheets read a cell as a formula (OWASP, CSV injection), the
# full-width forms too; and the apostrophe itself, so that the escape can always be undone
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20'")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in _FORMULA_START:
        return "'" + value
    return value


def _uncell(text: str) -> str:
    """A text cell's value: the apostrophe :func:`_cell` put in front of it removed."""
    return text[1:] if text.startswith("'") else text


def _csv_rows(data: bytes):
    """Complete CSV records of ``data`` as ``(start, end, row)`` — a quoted field may hold line breaks,
    so a record is not a line — and the offset where the complete part ends. A record cut off (in a
    quoted field, or mid-character) is not complete."""
    end = data.rfind(b"\n") + 1
    lines = data[:end].split(b"\n")[:-1]
    consumed = [0]

    def feed():
        for i, line in enumerate(lines):
            consumed[0] += len(line) + 1
            text = line.decode("utf-8", "replace") + "\n"
            yield text.lstrip("\ufeff") if i == 0 else text

    units, start = [], 0
    for row in csv.reader(feed()):
        units.append((start, consumed[0], row))
        start = consumed[0]
    # the reader takes a record cut off inside a quoted field as ending at the end of the data; such a
    # record has an odd number of quote characters (a whole one has them in pairs)
    if units and data[units[-1][0] : units[-1][1]].count(b'"') % 2:
        start = units.pop()[0]
    return units, start


def _csv_header(path: Path) -> list[str] | None:
    with open(path, "rb") as fh:
        first = fh.readline()
    if not first.endswith(b"\n"):
        return None
    return next(csv.reader([first.decode("utf-8", "replace").lstrip("\ufeff")]), None)


def _csv_key(row: list[str], header: list[str]):
    if row == header or len(row) < 3:
        return None
    values = dict(zip(header, row))
    parts = values.get("parts") or None
    try:
        n_parts = int(parts) if parts else None
    except ValueError:
        return None
    path = path_of(_uncell(values.get("path") or "") or None, values.get("path_bytes") or None)
    return input_key(path), values.get("part"), n_parts, False  # no error types in CSV: no retry
