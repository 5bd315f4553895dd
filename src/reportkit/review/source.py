"""Where a review page gets its records and texts: a pipeline run, or a results file plus the files.

A page needs the record *and* the text its spans point into. Running the pipeline gives both. A
results file (JSON Lines, or a JSON array from ``--format json``) holds records only, unless the run
used ``--include-text``; then the text is read again from ``source.path`` with reportkit's readers —
reading, not re-running: the spans shown are the recorded ones — and checked against the record
(file hash, part, length), so a page never highlights a file that changed since the run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, ReportkitError
from ..io import Skipped, iter_inputs, read_parts
from ..io.archive import archive_of
from ..record import path_of, printable

__all__ = ["Item", "ResultsError", "is_results_file", "load_records", "items_from_records", "items_from_paths"]

RESULTS_SUFFIXES = (".jsonl", ".ndjson", ".json")


class ResultsError(ReportkitError):
    """A results file that cannot be read as reportkit records."""


@dataclass
class Item:
    """One document for a page: its record (as JSON data) and its text.

    :ivar text: the document text, or None when it cannot be shown (``problem`` says why)
    """

    record: dict[str, Any]
    text: str | None
    problem: str | None = None

    def __post_init__(self) -> None:
        if self.problem is not None:
            self.problem = printable(self.problem)  # it names the file, which may not be valid UTF-8


def is_results_file(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in RESULTS_SUFFIXES


def load_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Records of a results file, streamed for JSON Lines.

    :raises ResultsError: naming the file (and line) when something is not a record
    """
    path = Path(path)
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise ResultsError(f"{path}: cannot open ({exc.strerror or exc})") from exc
    with fh:
        first = ""
        while not first.strip():
            first = fh.read(1)
            if not first:
                return  # an empty file: no records
        if first == "[":  # a JSON array (reportkit extract --format json)
            try:
                data = json.loads(first + fh.read())
            except json.JSONDecodeError as exc:
                raise ResultsError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
            for n, record in enumerate(data, 1):
                yield _checked(record, f"{path}: item {n}")
            return
        for n, line in enumerate(_lines(first, fh), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ResultsError(
                    f"{path}:{n}: not a JSON record ({exc.msg}); is this a reportkit results file?"
                ) from exc
            yield _checked(record, f"{path}:{n}")


def _lines(first: str, fh: Iterable[str]) -> Iterator[str]:
    it = iter(fh)
    yield first + next(it, "")
    yield from it


def _checked(record: Any, where: str) -> dict[str, Any]:
    if not isinstance(record, dict) or "source" not in record or "fields" not in record:
        raise ResultsError(f"{where}: not a reportkit record (no source/fields); is this a reportkit results file?")
    return record


def items_from_records(
    records: Iterable[dict[str, Any]],
    *,
    results_dir: str | os.PathLike[str] | None = None,
    docs_root: str | os.PathLike[str] | None = None,
) -> Iterator[Item]:
    """Attach each record's text: its own ``text`` (``--include-text``), or the file read again.

    :param results_dir: folder of the results file; relative paths are also looked up there
    :param docs_root: where relative ``source.path`` values live, if not the current folder
    """
    cache: tuple[tuple[str, bool], list[Any] | InputError] | None = None
    for record in records:
        if record.get("text") is not None:
            yield Item(record, record["text"])
            continue
        source = record.get("source") or {}
        if source.get("path") is None:
            yield Item(
                record, None, "no file to read the text from (stdin or in-memory text); run extract with --include-text"
            )
            continue
        if any(e.get("stage") == "read" for e in record.get("errors") or []):
            yield Item(record, None, "the file could not be read during the run")
            continue
        path = _locate(path_of(source["path"], source.get("path_bytes")) or source["path"], results_dir, docs_root)
        if path is None:
            where = f" under {docs_root}" if docs_root else ""
            yield Item(record, None, f"{source['path']}: file not found{where} (use --docs-root)")
            continue
        key = (path, source.get("parts") is not None)
        if cache is None or cache[0] != key:
            try:
                cache = (key, read_parts(path, split=key[1]))
            except InputError as exc:
                cache = (key, exc)
        docs = cache[1]
        if isinstance(docs, InputError):
            yield Item(record, None, str(docs))
            continue
        yield _match(record, source, path, docs)


def _locate(recorded: str, results_dir: Any, docs_root: Any) -> str | None:
    """Where the file a record names is now: under ``docs_root`` first — the path as recorded when relative, else
    its tail, the longest that is there (``/old/run/docs/a.txt`` under ``/new/docs`` is ``/new/docs/a.txt``: a
    folder moved after a run over absolute paths) — then as recorded, then beside the results file."""
    candidates: list[Path] = []
    if docs_root is not None:
        parts = Path(recorded).parts
        tails = [Path(*parts[k:]) for k in range(1 if Path(recorded).is_absolute() else 0, len(parts))]
        candidates.extend(Path(docs_root) / tail for tail in tails)
    candidates.append(Path(recorded))
    if results_dir is not None and not Path(recorded).is_absolute():
        candidates.append(Path(results_dir) / recorded)
    for candidate in candidates:
        if candidate.is_file() or archive_of(str(candidate)) is not None:  # a file, or a member of an archive
            return str(candidate)
    return None


def _match(record: dict[str, Any], source: dict[str, Any], path: str, docs: list[Any]) -> Item:
    part = source.get("part")
    doc = next((d for d in docs if d.source.part == part), None)
    if doc is None:
        return Item(record, None, f"{path}: part {part} not found when the file was read again")
    sha = source.get("sha256")
    if sha and doc.source.sha256 and sha != doc.source.sha256:
        return Item(record, None, f"{path}: the file changed since the run (SHA-256 differs); extract it again")
    chars = record.get("chars")
    if chars and chars != len(doc.text):
        return Item(record, None, f"{path}: read again it has {len(doc.text):,} characters, the record says {chars:,}")
    return Item(record, doc.text)


def items_from_paths(
    pipeline: Any, paths: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> Iterator[Item]:
    """Run ``pipeline`` over documents and pair each record with its text."""
    from ..pipeline import error_record

    for path in iter_inputs(paths, include, exclude):
        if isinstance(path, Skipped):
            continue
        try:
            docs = pipeline.read(path)
        except InputError as exc:
            yield Item(error_record(path, exc, "read").to_dict(), None, str(exc))
            continue
        for doc in docs:
            try:
                record = pipeline.analyze(doc)
            except Exception as exc:  # as in Pipeline.process_path: one odd document is an error record
                if pipeline.strict:
                    raise
                record = error_record(doc.source.path, exc, "analyze", doc.source.format)
            yield Item(record.to_dict(), doc.text)
