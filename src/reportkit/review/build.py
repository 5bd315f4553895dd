"""Writing review pages to disk: one page, a folder of pages, or an overview linked to its pages."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .overview import Overview
from .page import render_page
from .source import Item, items_from_records, load_records

__all__ = ["PageNamer", "write_page", "write_pages", "build_report", "ReportResult"]


class PageNamer:
    """File names for show pages: the record id, made unique (one file read twice gives the same id)."""

    def __init__(self) -> None:
        self._used: Counter[str] = Counter()

    def __call__(self, record_id: object) -> str:
        stem = re.sub(r"[^0-9A-Za-z_.-]", "_", str(record_id or "document"))[:80] or "document"
        self._used[stem] += 1
        n = self._used[stem]
        return f"{stem}.html" if n == 1 else f"{stem}-{n}.html"


def _atomic_write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)


def write_page(items: Iterable[Item], output: str | os.PathLike[str], title: str | None = None) -> list[Item]:
    """All ``items`` on one page at ``output``; returns them."""
    items = list(items)
    _atomic_write(Path(output), render_page(items, title=title))
    return items


def write_pages(items: Iterable[Item], folder: str | os.PathLike[str]) -> Iterator[tuple[Item, str]]:
    """One page per item in ``folder``; yields each item with its file name."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    namer = PageNamer()
    for item in items:
        name = namer(item.record.get("id"))
        _atomic_write(folder / name, render_page([item]))
        yield item, name


@dataclass
class ReportResult:
    documents: int = 0
    pages: int = 0
    without_text: list[str] = field(default_factory=list)  # one line each: path and why


def build_report(
    results: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    pages: str | os.PathLike[str] | None = None,
    docs_root: str | os.PathLike[str] | None = None,
    title: str | None = None,
    on_record: Callable[[], None] | None = None,
) -> ReportResult:
    """Write the overview of ``results`` to ``output`` and, unless ``pages`` is None, a show page per document.

    Records are streamed: the results file is read once, each record's page written as it comes.
    """
    output = Path(output)
    overview = Overview(title=title or Path(results).name)
    result = ReportResult()
    records = load_records(results)
    if pages is None:
        for record in records:
            overview.add(record)
            result.documents += 1
            if on_record:
                on_record()
    else:
        pages = Path(pages)
        rel = Path(os.path.relpath(pages, output.parent if str(output.parent) else "."))
        items = items_from_records(records, results_dir=Path(results).parent, docs_root=docs_root)
        for item, name in write_pages(items, pages):
            result.documents += 1
            result.pages += 1
            if item.problem:
                result.without_text.append(f"{item.record.get('source', {}).get('path')}: {item.problem}")
            overview.add(item.record, href=(rel / name).as_posix(), page_problem=item.problem)
            if on_record:
                on_record()
    _atomic_write(output, overview.render())
    return result
