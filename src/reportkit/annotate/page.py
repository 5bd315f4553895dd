"""``reportkit annotate``: review pages that write gold.

A page holds its documents' texts, reportkit's findings (or the gold's annotations) as a starting state,
and a script that lets a reviewer accept, reject, add and edit them and export the result in the gold
format (docs/gold.md, with spans and the document's SHA-256). Like the show pages it is one
self-contained file: inline CSS and JavaScript, nothing fetched; the document text travels as JSON
inside a ``<script type="application/json">`` element (``<`` escaped) and is put into the page with
``textContent``, so no document can inject markup.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError, InputError
from ..review.page import _script_json, page_assets
from .gold import check_source, initial_state

__all__ = ["AnnotatedDoc", "DEFAULT_LABELS", "collect", "render_annotate_page", "render_index", "write_annotation"]

DEFAULT_LABELS = ("rectification", "work_plan", "briefing", "survey", "summary", "other")


def _asset(name: str) -> str:
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


@dataclass
class AnnotatedDoc:
    """One document of an annotation set: its text, what reportkit found, its gold entry, its start state."""

    id: str
    path: str
    text: str
    sha256: str
    title: str | None = None
    record: dict[str, Any] | None = None
    gold: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    key: str = ""

    def prepare(self) -> None:
        self.state = initial_state(self.text, self.record, (self.id, self.gold) if self.gold is not None else None)
        blob = json.dumps([self.id, self.sha256, self.state], ensure_ascii=False, sort_keys=True)
        self.key = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]

    def page_data(self) -> dict[str, Any]:
        doc_type = (self.record or {}).get("doc_type") or {}
        return {
            "id": self.id,
            "key": self.key,
            "path": self.path,
            "sha256": self.sha256,
            "title": self.title,
            "text": self.text,
            "predicted": {"label": doc_type.get("label"), "confidence": doc_type.get("confidence")}
            if doc_type.get("label")
            else None,
            "notes": self.notes,
            "initial": self.state,
        }


def collect(
    paths: Iterable[str],
    *,
    pipeline: Any = None,
    records: Mapping[str, dict[str, Any]] | None = None,
    gold: Mapping[str, Any] | None = None,
    gold_path: str | None = None,
    on_error: Any = None,
) -> list[AnnotatedDoc]:
    """The documents at ``paths`` (files or folders), each with its start state.

    :param pipeline: runs on each document for reportkit's findings (unless ``records`` is given)
    :param records: SHA-256 of a file -> its record (``--from results.jsonl``)
    :param gold: document id -> gold entry; those documents start from their gold
    :param on_error: called with one line for a file that cannot be read (it is left out)
    :raises GoldFormatError: a gold entry made on another version of its file, or quoting text that is
        not in it; two documents with one id (the gold format keys documents by file name)
    """
    from ..io import Skipped, iter_inputs, read_parts

    out: list[AnnotatedDoc] = []
    seen: dict[str, str] = {}
    for path in iter_inputs(paths):
        if isinstance(path, Skipped):
            continue
        try:
            doc = (pipeline.read(path) if pipeline is not None else read_parts(path))[0]
        except InputError as exc:
            if on_error is not None:
                on_error(str(exc))
            continue
        doc_id = Path(path).stem if path != "-" else "stdin"
        if doc_id in seen:
            raise GoldFormatError(
                f"{path} and {seen[doc_id]} would both be document {doc_id!r}: the gold format keys documents "
                "by file name without its suffix; annotate them in separate runs"
            )
        seen[doc_id] = path
        item = AnnotatedDoc(doc_id, path, doc.text, doc.source.sha256 or "", title=doc.title)
        if records is not None:
            item.record = records.get(item.sha256)
            if item.record is None:
                item.notes.append("no record of this file in the results: nothing of reportkit's is shown")
        elif pipeline is not None:
            item.record = pipeline.analyze(doc).to_dict()
        if item.record is not None and item.record.get("errors"):
            item.notes.extend(
                f"reportkit: {e.get('stage')} {e.get('type')}: {e.get('message')}" for e in item.record["errors"]
            )
        if gold is not None and doc_id in gold:
            check_source(doc_id, gold[doc_id], path, item.sha256)
            item.gold = dict(gold[doc_id])
        try:
            item.prepare()
        except GoldFormatError as exc:
            raise GoldFormatError(f"{gold_path or 'gold'}: {exc} ({path})") from exc
        out.append(item)
    return out


def labels_for(docs: Iterable[AnnotatedDoc], model_classes: Iterable[str] | None = None) -> list[str]:
    """The document types a reviewer can choose: the classifier's (given, or else the one whose scores the
    records carry, or else the built-in labels), then any other the gold or records use."""
    docs = list(docs)
    recorded = sorted({label for d in docs for label in ((d.record or {}).get("doc_type") or {}).get("scores") or {}})
    labels = list(model_classes or recorded or DEFAULT_LABELS)
    extra: set[str] = set(recorded)
    for d in docs:
        for source in (d.gold or {}, d.state):
            for key in ("doc_type",):
                if isinstance(source.get(key), str):
                    extra.add(source[key])
            extra.update(x for x in source.get("doc_type_also") or [] if isinstance(x, str))
    return labels + sorted(extra - set(labels))


def _set_entry(d: AnnotatedDoc, page: str | None) -> dict[str, Any]:
    return {"id": d.id, "key": d.key, "title": d.title or d.id, "path": d.path, "page": page}


_HELP = [
    ("j / k (↓ / ↑)", "next / previous finding"),
    ("a / r", "accept / reject the selected finding (then the next one)"),
    ("select text, then p m c g", "add it as a problem, measure, count or group"),
    ("select text, then 1 2 3 4 5", "in the selected group: a leader, deputy, member, its office, its name"),
    (
        "select text, then 6 7 8",
        "for the selected problem's ledger: a responsible unit, the deadline, the status words",
    ),
    ("[ ] / { }", "move the selected finding's start / end by one character (or drag its handles)"),
    ("1 … 9 (nothing selected)", "set the document type"),
    ("d", "mark the document done (it goes into the gold) and open the next one"),
    ("N / P (PageDown / PageUp)", "next / previous document"),
    ("u (Ctrl+Z)", "undo"),
    ("E", "export the gold file (every document marked done)"),
    ("Esc", "clear the selection; ? shows this help"),
]


def render_annotate_page(
    docs: list[AnnotatedDoc],
    *,
    labels: list[str],
    title: str | None = None,
    set_docs: list[dict[str, Any]] | None = None,
    export_name: str = "gold.json",
    gold_name: str | None = None,
    index: str | None = None,
) -> str:
    """One annotation page with ``docs`` (all of a set, or one of a folder of pages, ``set_docs`` then
    listing every document of the set so that progress and export cover them all)."""
    if title is None:
        title = (docs[0].title or docs[0].id) if len(docs) == 1 else f"{len(docs)} documents"
    data = {
        "v": 1,
        "labels": labels,
        "docs": [d.page_data() for d in docs],
        "set": set_docs if set_docs is not None else [_set_entry(d, None) for d in docs],
        "export_name": export_name,
        "gold_name": gold_name,
    }
    help_rows = "".join(f"<tr><td><kbd>{html.escape(k)}</kbd></td><td>{html.escape(v)}</td></tr>" for k, v in _HELP)
    back = f'<a href="{html.escape(index)}">all documents</a>' if index else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="reportkit annotate"><title>{html.escape(title)} · reportkit annotate</title>'
        f"<style>{page_assets('base.css')}\n{_asset('annotate.css')}</style></head><body>"
        '<header class="top"><span class="brand">reportkit annotate</span>'
        f"{back}"
        '<span class="progress"><span class="bar"><span id="progress-bar"></span></span><span id="progress"></span></span>'
        '<button type="button" id="export">export gold <kbd>E</kbd></button>'
        '<button type="button" id="help-btn">keys <kbd>?</kbd></button>'
        '<span id="status" role="status"></span></header>'
        '<div class="layout"><nav class="side"><label class="small"><input type="checkbox" id="only-dis"> '
        'only where reportkit disagrees</label><ol id="doclist"></ol></nav>'
        '<main class="main"><header class="doc-head"><h1 id="doc-title"></h1><p class="meta" id="doc-meta"></p>'
        '<div class="row"><select id="doc-type" aria-label="document type"></select><span id="doc-pred"></span>'
        '<span id="doc-also"></span><button type="button" id="doc-done"></button></div>'
        '<textarea id="doc-note" placeholder="why this type (doc_type_note)" aria-label="doc_type_note"></textarea>'
        '<div class="chips" id="doc-chips"></div><ul id="doc-notes" hidden></ul></header>'
        '<div id="text" lang="zh-CN"></div></main>'
        '<aside class="panel" id="panel"></aside></div>'
        '<div id="toolbar" class="toolbar" hidden></div>'
        '<div id="handle-s" class="handle" hidden title="drag to move the start"></div>'
        '<div id="handle-e" class="handle" hidden title="drag to move the end"></div>'
        f'<div id="help" class="help" hidden><h2>keys</h2><table>{help_rows}</table>'
        "<p>Work is kept in this browser (localStorage) as you go; export writes every document marked done "
        "as gold. A finding you neither accept nor reject stays as it started: reportkit's findings in, "
        "suggestions where the gold disagrees out.</p></div>"
        f'<script type="application/json" id="rk-data">{_script_json(data)}</script>'
        f"<script>{_asset('annotate.js')}</script></body></html>\n"
    )


def render_index(set_docs: list[dict[str, Any]], *, title: str, export_name: str = "gold.json") -> str:
    """The index of a folder of annotation pages: each document with its page and whether it is done
    (read from this browser's storage, where the pages keep their work), and the export of them all."""
    rows = "".join(
        f'<tr data-key="{html.escape(d["key"])}"><td class="tick"></td><td><a href="{html.escape(d["page"])}">'
        f"{html.escape(d['id'])}</a></td><td>{html.escape(d['title'] or '')}</td></tr>"
        for d in set_docs
    )
    data = {"set": set_docs, "export_name": export_name}
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="generator" content="reportkit annotate"><title>{html.escape(title)} · reportkit annotate</title>'
        f"<style>{page_assets('base.css')}\n{_asset('annotate.css')}</style></head><body>"
        '<header class="top"><span class="brand">reportkit annotate</span><span class="progress"><span class="bar">'
        '<span id="progress-bar"></span></span><span id="progress"></span></span>'
        '<button type="button" id="export">export gold <kbd>E</kbd></button><span id="status"></span></header>'
        f'<main class="index"><h1>{html.escape(title)}</h1><table><thead><tr><th></th><th>document</th><th>title</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></main>"
        f'<script type="application/json" id="rk-data">{_script_json(data)}</script>'
        f"<script>{_asset('index.js')}</script></body></html>\n"
    )


def _atomic_write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)


def write_annotation(
    docs: list[AnnotatedDoc],
    output: str | os.PathLike[str],
    *,
    labels: list[str],
    title: str | None = None,
    folder: bool = False,
    gold_name: str | None = None,
) -> list[str]:
    """Write one page (``folder`` False) or a folder of pages with ``index.html``; the files written,
    relative to the folder the pages are in (the first is the one to open)."""
    from ..review.build import PageNamer

    output = Path(output)
    export_name = Path(gold_name).name if gold_name else "gold.json"
    if not folder:
        _atomic_write(
            output, render_annotate_page(docs, labels=labels, title=title, export_name=export_name, gold_name=gold_name)
        )
        return [output.name]
    namer = PageNamer()
    namer("index")  # index.html is the index; a document called index gets index-2.html
    names = [namer(d.id) for d in docs]
    set_docs = [_set_entry(d, name) for d, name in zip(docs, names)]
    for d, name in zip(docs, names):
        page = render_annotate_page(
            [d], labels=labels, set_docs=set_docs, export_name=export_name, gold_name=gold_name, index="index.html"
        )
        _atomic_write(output / name, page)
    _atomic_write(
        output / "index.html", render_index(set_docs, title=title or f"{len(docs)} documents", export_name=export_name)
    )
    return ["index.html", *names]
