"""The rectification ledger as rows: one per entry, in the columns offices keep their 整改台账 in.

Shared by the CSV (``--field ledger``), SQLite (the ``ledger`` table) and Excel (the 台账 sheet) outputs,
so the three show the same rows. An entry names its problem and measures by finding id; here they are
resolved to their texts, measures joined with "；", units with "、".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..record import Record

__all__ = ["LEDGER_COLUMNS", "LEDGER_HEADINGS_ZH", "ledger_rows"]

#: the columns of a ledger row (CSV, SQLite)
LEDGER_COLUMNS = [
    "entry",
    "problem",
    "problem_start",
    "problem_end",
    "measures",
    "measure_ids",
    "units",
    "deadline",
    "deadline_date",
    "deadline_kind",
    "status",
    "status_text",
    "score",
]
#: the conventional headings of an Excel 整改台账, for the ledger sheet
LEDGER_HEADINGS_ZH = ["序号", "问题", "整改措施", "责任单位", "整改时限", "整改状态", "来源文件", "位置"]
STATUS_ZH = {"done": "已完成", "in_progress": "正在整改", "ongoing": "持续整改", "planned": "计划整改"}


def _get(finding: Any, key: str) -> Any:
    return finding.get(key) if isinstance(finding, dict) else getattr(finding, key, None)


def ledger_rows(record: Record) -> Iterator[dict[str, Any]]:
    """The ledger entries of ``record`` as flat rows (see :data:`LEDGER_COLUMNS`)."""
    fields = record.fields
    measures = {_get(f, "id"): _get(f, "text") for f in fields.get("measures", [])}
    for n, entry in enumerate(fields.get("ledger", []), 1):
        span = _get(entry, "span")
        deadline = _get(entry, "deadline")
        status = _get(entry, "status")
        ids = list(_get(entry, "measures") or [])
        yield {
            "entry": n,
            "problem": _get(entry, "text"),
            "problem_start": span[0],
            "problem_end": span[1],
            "measures": "；".join(str(measures.get(i, "")) for i in ids),
            "measure_ids": ids,
            "units": "、".join(_get(u, "text") for u in _get(entry, "units") or []),
            "deadline": _get(deadline, "text") if deadline else None,
            "deadline_date": _get(deadline, "date") if deadline else None,
            "deadline_kind": _get(deadline, "kind") if deadline else None,
            "status": _get(status, "value") if status else None,
            "status_text": _get(status, "text") if status else None,
            "score": _get(entry, "score"),
        }
