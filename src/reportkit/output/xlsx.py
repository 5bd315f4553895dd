"""Excel output (``-o 台账.xlsx``): the rectification ledger as offices keep it, and the documents.

Two sheets, written with openpyxl in write-only mode (rows stream to the file; a run of any size keeps
one row in memory):

* **整改台账** — one row per ledger entry, in the conventional columns 序号, 问题, 整改措施, 责任单位, 整改时限,
  整改状态, 来源文件, 位置 (the problem's ``[start, end)`` in the document's text), then the deadline's date
  and the entry's score;
* **文档** — one row per document: path, part, title, type, confidence, characters, errors and the number
  of findings of each extractor.

Header rows are frozen and columns sized for Chinese text. Like a JSON array, the workbook is written to
a temporary file beside the target and renamed over it at the end, and cannot be resumed.

The same records give a byte-identical workbook (:func:`save_workbook`): openpyxl stamps the file's
properties and zipfile every member with the time of writing, so the properties carry no dates and the
members the zip format's first date, 1980-01-01.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from ..errors import ReportkitError
from ..record import Record, printable
from . import _Base, _umask, findings_per_extractor, make_parent, output_failed
from .ledger import LEDGER_HEADINGS_ZH, STATUS_ZH, ledger_rows

__all__ = ["XlsxWriter", "safe_cell", "save_workbook"]

LEDGER_SHEET = "整改台账"
DOCUMENTS_SHEET = "文档"
_LEDGER_WIDTHS = [6, 40, 60, 20, 16, 12, 30, 14, 12, 8]
_DOC_HEADINGS = ["来源文件", "部分", "标题", "类型", "类型（中文）", "置信度", "字数", "错误"]
_DOC_WIDTHS = [30, 6, 40, 14, 10, 8, 8, 6]


class XlsxWriter(_Base):
    """Records into an Excel workbook (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str], extractors: list[str]) -> None:
        try:
            from openpyxl import Workbook
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise ReportkitError("writing .xlsx needs openpyxl: pip install openpyxl") from exc
        self.path = Path(path)
        self.extractors = list(extractors)
        self.done: set[str] = set()  # a workbook is written whole: nothing to resume
        self._closed = False
        try:
            make_parent(self.path)
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            os.close(fd)
            os.chmod(self._tmp, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's 0600
        except OSError as exc:
            raise output_failed(self.path, exc) from exc
        self.book = Workbook(write_only=True)
        self.ledger = self.book.create_sheet(LEDGER_SHEET)
        self.documents = self.book.create_sheet(DOCUMENTS_SHEET)
        for sheet, widths in ((self.ledger, _LEDGER_WIDTHS), (self.documents, _DOC_WIDTHS + [10] * len(extractors))):
            sheet.freeze_panes = "A2"
            for k, width in enumerate(widths):
                sheet.column_dimensions[_column(k)].width = width
        self.ledger.append([*LEDGER_HEADINGS_ZH, "时限日期", "置信度"])
        self.documents.append([*_DOC_HEADINGS, *(f"{name}数" for name in self.extractors)])
        self._entries = 0

    def write(self, record: Record) -> None:
        src = record.source
        where = printable(src.path) if src.path else "<stdin>"
        if src.part is not None:
            where += f"#{src.part}"
        dt = record.doc_type
        self.documents.append(
            [
                safe_cell(where),
                src.part,
                safe_cell(record.title),
                dt.label if dt else None,
                dt.label_zh if dt else None,
                dt.confidence if dt else None,
                record.chars,
                len(record.errors),
                *findings_per_extractor(record.fields, self.extractors),
            ]
        )
        for row in ledger_rows(record):
            self._entries += 1
            status = row["status"]
            self.ledger.append(
                [
                    self._entries,
                    safe_cell(row["problem"]),
                    safe_cell(row["measures"]),
                    safe_cell(row["units"]),
                    safe_cell(row["deadline"]),
                    STATUS_ZH.get(status, "") if status else None,
                    safe_cell(where),
                    f"{row['problem_start']}-{row['problem_end']}",
                    row["deadline_date"],
                    row["score"],
                ]
            )

    def flush(self) -> None:
        """Nothing to flush: the workbook is written whole when the writer closes."""

    def abandon(self) -> None:
        """End an interrupted run: nothing is saved and ``path`` is left as it was (a workbook is written whole
        or not at all)."""
        if self._closed:
            return
        self._closed = True
        try:
            os.unlink(self._tmp)
        except OSError:
            pass

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            save_workbook(self.book, self._tmp)
            os.replace(self._tmp, self.path)
        except OSError as exc:
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            raise output_failed(self.path, exc) from exc


#: the date every member of a written workbook carries: the first a zip file can hold
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_CORE = "docProps/core.xml"
_CORE_DATES = re.compile(rb"<dcterms:(created|modified)\b[^>]*?(?:/>|>[^<]*</dcterms:\1>)")


def save_workbook(book: Any, path: str | os.PathLike[str]) -> None:
    """Save an openpyxl workbook so that the same rows give the same bytes: openpyxl's save, then its
    members written again in their order, each dated :data:`_ZIP_EPOCH`, and the core properties without
    the created and modified dates that openpyxl sets to the time of saving."""
    book.properties.creator = "reportkit"
    book.save(path)
    with zipfile.ZipFile(path) as zin:
        members = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in members:
            if info.filename == _CORE:
                data = _CORE_DATES.sub(b"", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            zout.writestr(fixed, data)


def _column(k: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(k + 1))


# a formula only if the text says so: cells never start with "=" for Excel (OWASP, as the CSV output)
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def safe_cell(value: Any) -> Any:
    """A cell's value as a workbook may hold it: control characters (which XML cannot hold) dropped, and
    text that Excel would read as a formula (``=``, ``+``, ``-``, ``@`` …) quoted with ``'``."""
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)  # XML cannot hold controls
        if value[:1] in _FORMULA_START:
            return "'" + value
    return value
