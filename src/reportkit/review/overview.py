"""``reportkit report``: a whole run at a glance, from its results file.

:class:`Overview` takes records one at a time (a run of 100,000 documents is never held in memory:
each record leaves behind one table row and some counters) and renders one self-contained page:
documents by type, the confidence distribution, errors by kind, findings by extractor, the most
frequent count units and subjects with totals, the documents with the most problems, and a sortable,
filterable table of every document linking to its ``show`` page.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .page import _class_key, _script_json, extractor_color, page_assets
from .svg import hbars, histogram

__all__ = ["Overview"]

BINS = 20
#: units whose values are rates: their sum means nothing, so the overview shows their mean
RATE_UNITS = {"%", "‰", "个百分点", "成"}
TOP = 15
MAX_ERROR_LINES = 200


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _amount(unit: str, findings: float, total: float) -> str:
    """``total 3,520 人次``, or for a rate ``mean 86.5%`` (adding percentages means nothing)."""
    if unit in RATE_UNITS:
        return f"mean {_fmt(round(total / max(findings, 1), 2))}{unit}"
    return f"total {_fmt(total)} {unit}"


@dataclass
class _Row:
    n: int
    id: str
    path: str
    title: str
    label: str | None
    label_zh: str | None
    confidence: float | None
    uncertain: bool
    findings: dict[str, int]
    errors: list[str]
    href: str | None
    page_problem: str | None


@dataclass
class Overview:
    """Aggregates of a run, fed record by record (``add``) and rendered once (``render``)."""

    title: str = "reportkit run"
    threshold: float = 0.5
    rows: list[_Row] = field(default_factory=list)
    types: Counter = field(default_factory=Counter)
    uncertain: Counter = field(default_factory=Counter)
    confidence_bins: list[int] = field(default_factory=lambda: [0] * BINS)
    errors: Counter = field(default_factory=Counter)
    error_lines: list[tuple[str, str, str]] = field(default_factory=list)
    per_extractor: Counter = field(default_factory=Counter)
    docs_with: Counter = field(default_factory=Counter)
    units: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0, 0.0, 0, 0]))
    subjects: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(lambda: [0, 0.0, 0]))
    files: set[str] = field(default_factory=set)
    chars: int = 0
    parts: int = 0
    versions: Counter = field(default_factory=Counter)
    models: Counter = field(default_factory=Counter)

    def add(self, record: dict[str, Any], href: str | None = None, page_problem: str | None = None) -> None:
        """Count one record; ``href`` links its row to its show page."""
        source = record.get("source") or {}
        path = source.get("path") or "<stdin>"
        self.files.add(path)
        self.chars += int(record.get("chars") or 0)
        if source.get("part"):
            self.parts += 1
        if record.get("reportkit_version"):
            self.versions[record["reportkit_version"]] += 1
        doc_type = record.get("doc_type") or None
        if doc_type:
            label = str(doc_type.get("label"))
            conf = float(doc_type.get("confidence") or 0.0)
            self.types[label] += 1
            if doc_type.get("uncertain"):
                self.uncertain[label] += 1
            self.confidence_bins[min(BINS - 1, int(conf * BINS))] += 1
            if doc_type.get("model"):
                self.models[doc_type["model"]] += 1
        elif not record.get("errors"):
            self.types["(not classified)"] += 1
        errors = []
        for err in record.get("errors") or []:
            kind = f"{err.get('stage')}: {err.get('type')}"
            self.errors[kind] += 1
            errors.append(kind)
            if len(self.error_lines) < MAX_ERROR_LINES:
                self.error_lines.append((path, kind, str(err.get("message", ""))))
        findings = {}
        for extractor, items in (record.get("fields") or {}).items():
            findings[extractor] = len(items)
            self.per_extractor[extractor] += len(items)
            if items:
                self.docs_with[extractor] += 1
        self._counts((record.get("fields") or {}).get("counts") or [])
        self.rows.append(
            _Row(
                n=len(self.rows) + 1,
                id=str(record.get("id")),
                path=path,
                title=str(record.get("title") or path.replace("\\", "/").rsplit("/", 1)[-1]),
                label=doc_type.get("label") if doc_type else None,
                label_zh=doc_type.get("label_zh") if doc_type else None,
                confidence=float(doc_type["confidence"])
                if doc_type and doc_type.get("confidence") is not None
                else None,
                uncertain=bool(doc_type and doc_type.get("uncertain")),
                findings=findings,
                errors=errors,
                href=href,
                page_problem=page_problem,
            )
        )

    def _counts(self, counts: list[dict[str, Any]]) -> None:
        seen_units = set()
        for c in counts:
            unit, value = c.get("unit"), c.get("value")
            if not isinstance(unit, str) or not isinstance(value, (int, float)):
                continue
            u = self.units[unit]
            u[0] += 1
            if c.get("range") != "to":  # a range (2至3个) adds its lower end once
                u[1] += value
            if c.get("approx"):
                u[3] += 1
            if unit not in seen_units:
                u[2] += 1
                seen_units.add(unit)
            subject = c.get("subject")
            if isinstance(subject, str) and subject:
                s = self.subjects[(subject, unit)]
                s[0] += 1
                if c.get("range") != "to":
                    s[1] += value
                s[2] += 1 if c.get("approx") else 0

    # -- rendering -------------------------------------------------------------------------------
    def render(self) -> str:
        extractors = sorted(self.per_extractor, key=lambda k: (-self.per_extractor[k], k))
        colors = {k: extractor_color(k) for k in extractors}
        css_vars = "\n".join(f".x-{_class_key(k)}{{--c:{c}}}" for k, c in colors.items())
        n_docs = len(self.rows)
        n_err = sum(1 for r in self.rows if r.errors)
        cards = [
            ("documents", f"{n_docs:,}"),
            ("files", f"{len(self.files):,}"),
            ("parts", f"{self.parts:,}"),
            ("characters", f"{self.chars:,}"),
            ("with errors", f"{n_err:,}"),
            ("uncertain type", f"{sum(self.uncertain.values()):,}"),
        ]
        types = sorted(self.types.items(), key=lambda kv: (-kv[1], kv[0]))
        type_chart = hbars(
            [(k, (n - self.uncertain[k], self.uncertain[k])) for k, n in types],
            title="documents by type",
            colors=("#0f62fe", "#a6c8ff"),
            series=("confident", f"uncertain (< {self.threshold:g})"),
        )
        conf_chart = histogram(
            self.confidence_bins,
            lo=0.0,
            hi=1.0,
            title="confidence of the document type",
            marker=self.threshold,
            marker_label=f"uncertain below {self.threshold:g}",
        )
        error_chart = (
            hbars([(k, (n,)) for k, n in self.errors.most_common(TOP)], title="errors by kind", colors=("#da1e28",))
            if self.errors
            else '<p class="nodata">no errors</p>'
        )
        ext_chart = hbars(
            [(k, (self.per_extractor[k],)) for k in extractors],
            title="findings by extractor",
            colors=("#6f6f6f",),
            note=[f"in {self.docs_with[k]:,} docs" for k in extractors],
        )
        units = sorted(self.units.items(), key=lambda kv: (-kv[1][0], kv[0]))[:TOP]
        unit_chart = hbars(
            [(u, (v[0],)) for u, v in units],
            title="most frequent count units",
            colors=(extractor_color("counts"),),
            note=[_amount(u, v[0], v[1]) for u, v in units],
        )
        subjects = sorted(self.subjects.items(), key=lambda kv: (-kv[1][0], kv[0]))[:TOP]
        top_problems = sorted(
            (r for r in self.rows if r.findings.get("problems")), key=lambda r: (-r.findings["problems"], r.n)
        )[:TOP]
        table_head = "".join(f'<th data-k="n" class="num">{_e(k)}</th>' for k in extractors)
        body_rows = "".join(self._row_html(r, extractors) for r in self.rows)
        sections = [
            f'<section class="cards">{"".join(f"<div class=card><b>{v}</b><span>{_e(k)}</span></div>" for k, v in cards)}</section>',
            '<section class="grid">',
            f"<figure><figcaption>Documents by type</figcaption>{type_chart}</figure>",
            f"<figure><figcaption>Confidence distribution</figcaption>{conf_chart}</figure>",
            f"<figure><figcaption>Errors by kind</figcaption>{error_chart}</figure>",
            f"<figure><figcaption>Findings by extractor</figcaption>{ext_chart}</figure>",
            f"<figure><figcaption>Most frequent count units (findings; totals)</figcaption>{unit_chart}"
            '<p class="fine">Totals add every count of the unit, approximate ones (余, 约 …) included; a range adds its '
            "lower end; rates (%, 个百分点) show their mean.</p></figure>",
            f"<figure><figcaption>Most frequent counted subjects</figcaption>{self._subjects_html(subjects)}</figure>",
            "</section>",
            f"<section><h2>Documents with the most problems</h2>{self._problems_html(top_problems)}</section>",
            f"<section><h2>Errors</h2>{self._errors_html()}</section>",
            '<section><h2>All documents</h2><p><input id="filter" type="search" placeholder="filter: path, title, type …" '
            'size="40"> <span id="shown"></span></p>'
            '<table id="docs"><thead><tr><th data-k="n" class="num">#</th><th data-k="s">document</th>'
            '<th data-k="s">type</th><th data-k="n" class="num">confidence</th>'
            f'{table_head}<th data-k="s">errors</th></tr></thead><tbody>{body_rows}</tbody></table></section>',
        ]
        meta = []
        if self.versions:
            meta.append("reportkit " + ", ".join(self.versions))
        if self.models:
            meta.append("model " + ", ".join(self.models))
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="generator" content="reportkit report"><title>{_e(self.title)} · reportkit</title>'
            f"<style>{page_assets('base.css')}\n{page_assets('report.css')}\n{css_vars}</style></head>"
            f'<body><header class="top"><span class="brand">reportkit</span><span>{_e(self.title)}</span>'
            f'<span class="hint">{_e(" · ".join(meta))}</span></header><main>{"".join(sections)}</main>'
            f'<script type="application/json" id="rk-meta">{_script_json({"documents": n_docs})}</script>'
            f"<script>{page_assets('report.js')}</script></body></html>\n"
        )

    @staticmethod
    def _link(row: _Row, text: str) -> str:
        if row.href:
            return f'<a href="{_e(row.href)}">{_e(text)}</a>'
        tip = f' title="no page: {_e(row.page_problem)}"' if row.page_problem else ""
        return f"<span{tip}>{_e(text)}</span>"

    def _row_html(self, r: _Row, extractors: list[str]) -> str:
        conf = "" if r.confidence is None else f"{r.confidence:.2f}"
        label = "" if r.label is None else f"{r.label_zh or ''} {r.label}".strip()
        cells = "".join(f'<td class="num">{r.findings.get(k, "")}</td>' for k in extractors)
        flag = ' <span class="flag">?</span>' if r.uncertain else ""
        return (
            f'<tr><td class="num">{r.n}</td><td>{self._link(r, r.title)}<div class="path">{_e(r.path)}</div></td>'
            f'<td>{_e(label)}{flag}</td><td class="num">{conf}</td>{cells}'
            f'<td class="err">{_e("; ".join(r.errors))}</td></tr>'
        )

    def _subjects_html(self, subjects: list[tuple[tuple[str, str], list[float]]]) -> str:
        if not subjects:
            return '<p class="nodata">no counted subjects</p>'
        rows = "".join(
            f'<tr><td>{_e(s)}</td><td>{_e(u)}</td><td class="num">{int(v[0]):,}</td>'
            f'<td class="num">{_e(_amount(u, v[0], v[1]))}</td></tr>'
            for (s, u), v in subjects
        )
        return (
            '<table class="small"><thead><tr><th>subject</th><th>unit</th><th class="num">findings</th>'
            f'<th class="num">total or mean</th></tr></thead><tbody>{rows}</tbody></table>'
        )

    def _problems_html(self, rows: list[_Row]) -> str:
        if not rows:
            return '<p class="nodata">no problems found</p>'
        body = "".join(
            f'<tr><td class="num">{r.findings["problems"]}</td><td>{self._link(r, r.title)}<div class="path">{_e(r.path)}</div></td>'
            f"<td>{_e(r.label_zh or r.label or '')}</td></tr>"
            for r in rows
        )
        return f'<table class="small"><thead><tr><th class="num">problems</th><th>document</th><th>type</th></tr></thead><tbody>{body}</tbody></table>'

    def _errors_html(self) -> str:
        if not self.error_lines:
            return '<p class="nodata">no errors</p>'
        body = "".join(f"<tr><td>{_e(k)}</td><td>{_e(m)}</td></tr>" for _, k, m in self.error_lines)
        more = sum(self.errors.values()) - len(self.error_lines)
        tail = f'<p class="fine">and {more:,} more (see the results file)</p>' if more > 0 else ""
        return f'<table class="small"><thead><tr><th>kind</th><th>message</th></tr></thead><tbody>{body}</tbody></table>{tail}'

    def to_dict(self) -> dict[str, Any]:
        """The aggregates as plain data (what the charts show)."""
        return json.loads(
            json.dumps(
                {
                    "documents": len(self.rows),
                    "files": len(self.files),
                    "parts": self.parts,
                    "characters": self.chars,
                    "types": dict(self.types),
                    "uncertain": dict(self.uncertain),
                    "confidence_bins": self.confidence_bins,
                    "errors": dict(self.errors),
                    "findings": dict(self.per_extractor),
                    "units": {
                        u: {"findings": v[0], "total": v[1], "documents": v[2], "approx": v[3]}
                        for u, v in self.units.items()
                    },
                }
            )
        )
