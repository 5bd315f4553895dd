"""``reportkit show``: documents with every finding highlighted in place.

One self-contained HTML file: inline CSS and JavaScript, no network, system fonts. Each document
shows its type, confidence and evidence at the top, its outline beside the text, headings styled by
level, and each extractor's findings in its own colour (legend with switches). Pointing at a
highlight shows every finding under the pointer — innermost first — with all its fields; a click
pins the panel. Without JavaScript the page still shows everything, with a ``title`` tooltip per
highlight.

Highlights are ``<mark data-f="…">`` elements over the exact characters of ``text[start:end]``; see
:mod:`reportkit.review.markup` for how crossing spans are cut into fragments.
"""

from __future__ import annotations

import html
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..document import Document
from .markup import Layer, nesting_heights, render
from .source import Item

__all__ = ["render_page", "extractor_color", "PALETTE", "page_assets"]

#: colours of the built-in extractors; others get one from PALETTE by a hash of their name
BUILTIN_COLORS = {
    "counts": "#1f6fd1",
    "leadership_groups": "#8a3ffc",
    "problems": "#da1e28",
    "measures": "#198038",
}
PALETTE = ["#b28600", "#007d79", "#d02670", "#8a5a00", "#0072c3", "#6929c4", "#9f1853", "#005d5d", "#570408"]

#: fields not repeated in the details (they are shown as the highlight itself)
_SPAN_KEYS = {"text", "span"}


def extractor_color(name: str) -> str:
    """A stable colour for an extractor (the same on every page and in every run)."""
    return BUILTIN_COLORS.get(name) or PALETTE[zlib.crc32(name.encode("utf-8")) % len(PALETTE)]


def page_assets(name: str) -> str:
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _class_key(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def _script_json(data: Any) -> str:
    """JSON safe inside ``<script>``: no ``</script>`` or ``<!--`` can end or confuse the element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def summary_of(extractor: str, finding: dict[str, Any]) -> str:
    """One line for the ``title`` tooltip: the extractor and the finding's scalar fields."""
    parts = []
    for key, value in finding.items():
        if key in _SPAN_KEYS or key in ("score", "explanation") or value in (None, [], {}):
            continue
        if _scalar(value):
            parts.append(f"{key}={value}")
        elif isinstance(value, list) and all(isinstance(v, dict) and "text" in v for v in value):
            parts.append(f"{key}=" + "、".join(str(v["text"]) for v in value))
        elif isinstance(value, dict) and "text" in value:
            parts.append(f"{key}={value['text']}")
    score = finding.get("score")
    if isinstance(score, (int, float)) and score < 1:
        parts.append(f"score={score:g}")
    return f"{extractor}: " + ("; ".join(parts) if parts else str(finding.get("text", ""))[:40])


def _mentions(value: Any, role: str | None) -> Iterable[tuple[str, dict[str, Any]]]:
    """Nested ``{text, span}`` objects of a finding (leaders, members, office …) with their field name."""
    if isinstance(value, dict):
        if role is not None and isinstance(value.get("text"), str) and isinstance(value.get("span"), (list, tuple)):
            yield role, value
        for key, sub in value.items():
            if isinstance(sub, (dict, list)):
                yield from _mentions(sub, key)
    elif isinstance(value, list):
        for sub in value:
            yield from _mentions(sub, role)


def _valid(text: str, piece: Any, span: Any) -> bool:
    if not (isinstance(piece, str) and isinstance(span, (list, tuple)) and len(span) == 2):
        return False
    start, end = span
    return (
        isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text) and text[start:end] == piece
    )


@dataclass
class _Prepared:
    html: str
    findings: dict[str, dict[str, Any]]
    counts: dict[str, int]
    mismatched: list[str]
    outline: list[tuple[int, str, str]]  # (depth, anchor, heading)


def _prepare(d: int, item: Item) -> _Prepared:
    record, text = item.record, item.text or ""
    layers: list[Layer] = []
    findings: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    mismatched: list[str] = []
    spans: list[tuple[int, int]] = []
    finding_layers: list[Layer] = []
    for extractor, items in (record.get("fields") or {}).items():
        counts[extractor] = len(items)
        for k, finding in enumerate(items):
            fid = f"d{d}-{_class_key(extractor)}-{k}"
            if not _valid(text, finding.get("text"), finding.get("span")):
                mismatched.append(f"{extractor} #{k + 1}: {str(finding.get('text'))[:30]!r} at {finding.get('span')}")
                continue
            start, end = finding["span"]
            findings[fid] = {"x": extractor, "f": finding}
            layer = Layer(
                start,
                end,
                "mark",
                {
                    "class": f"f x-{_class_key(extractor)}",
                    "data-f": fid,
                    "data-x": extractor,
                    "title": summary_of(extractor, finding),
                    "tabindex": "0",
                },
                rank=1,
            )
            layers.append(layer)
            finding_layers.append(layer)
            spans.append((start, end))
            nested = _mentions({k2: v for k2, v in finding.items() if k2 not in _SPAN_KEYS}, None)
            for m, (role, mention) in enumerate(nested):
                if _valid(text, mention["text"], mention["span"]):
                    ms, me = mention["span"]
                    layers.append(
                        Layer(
                            ms,
                            me,
                            "span",
                            {
                                "class": f"m role-{_class_key(role)}",
                                "data-m": f"{fid}.{m}",
                                "data-of": fid,
                                "data-role": role,
                            },
                            rank=2,
                        )
                    )
    for layer, height in zip(finding_layers, nesting_heights(spans)):
        layer.attrs["style"] = f"--h:{height}"
    _link_ledger(findings)
    outline: list[tuple[int, str, str]] = []
    if text:
        title_span = record.get("title_span")
        if title_span and 0 <= title_span[0] < title_span[1] <= len(text):
            layers.append(Layer(title_span[0], title_span[1], "span", {"class": "doc-title-line"}, rank=-1))
        for h, section in enumerate(Document(text).sections):
            s, e = section.heading_span
            if e <= s:
                continue
            anchor = f"d{d}-h{h}"
            enum = section.style == "enum"
            layers.append(
                Layer(
                    s,
                    e,
                    "span",
                    {
                        "class": f"hd hd-{min(section.depth, 4)}" + (" hd-enum" if enum else ""),
                        "id": anchor,
                        "data-h": str(h),
                    },
                    rank=0,
                )
            )
            if not enum:
                outline.append((section.depth, anchor, section.heading))
    return _Prepared(render(text, layers), findings, counts, mismatched, outline)


def _link_ledger(findings: dict[str, dict[str, Any]]) -> None:
    """Pointing at a problem lights up its ledger entry — its measures, owners and deadline — and pointing at
    the entry lights up its problem and measures: each gets the page ids of the others as ``links``."""
    page_id = {(v["x"], v["f"].get("id")): fid for fid, v in findings.items() if v["f"].get("id")}
    for fid, v in findings.items():
        if v["x"] != "ledger":
            continue
        entry = v["f"]
        problem = page_id.get(("problems", entry.get("problem")))
        measures = [page_id[("measures", m)] for m in entry.get("measures") or [] if ("measures", m) in page_id]
        v["links"] = [x for x in [problem, *measures] if x]
        if problem:
            findings[problem].setdefault("links", []).extend([fid, *measures])


def _doc_type_html(doc_type: dict[str, Any] | None) -> str:
    if not doc_type:
        return '<div class="type none">not classified</div>'
    conf = float(doc_type.get("confidence") or 0)
    label = html.escape(str(doc_type.get("label")))
    zh = html.escape(str(doc_type.get("label_zh") or ""))
    flag = '<span class="flag">uncertain</span>' if doc_type.get("uncertain") else ""
    scores = sorted((doc_type.get("scores") or {}).items(), key=lambda kv: -kv[1])
    score_rows = "".join(
        f'<div class="score"><span class="lbl">{html.escape(k)}</span>'
        f'<span class="bar"><span style="width:{v * 100:.1f}%"></span></span><span class="num">{v:.2f}</span></div>'
        for k, v in scores
    )
    evidence = "".join(
        f'<li class="{"pos" if e["weight"] >= 0 else "neg"}" title="{html.escape(str(e["feature"]))}">'
        f"{html.escape(str(e.get('label') or e['feature']))}"
        f' <span class="num">{e["weight"]:+.2f}</span></li>'
        for e in doc_type.get("evidence") or []
    )
    model = html.escape(str(doc_type.get("model") or ""))
    return (
        f'<div class="type"><div class="label"><b>{zh}</b> <span class="en">{label}</span> '
        f'<span class="conf" title="calibrated confidence">{conf:.0%}</span> {flag}</div>'
        f'<div class="scores">{score_rows}</div>'
        + (f'<div class="evidence"><span class="cap">evidence</span><ul>{evidence}</ul></div>' if evidence else "")
        + (f'<div class="model">model {model}</div>' if model else "")
        + "</div>"
    )


def _article(d: int, item: Item) -> tuple[str, dict[str, Any], dict[str, int]]:
    record = item.record
    source = record.get("source") or {}
    prepared = _prepare(d, item) if item.text is not None else None
    path = source.get("path") or "<stdin>"
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    title = record.get("title") or name
    meta = [html.escape(path)]
    if source.get("part"):
        meta.append(f"part {source['part']} of {source.get('parts')}")
    for key in ("format", "encoding"):
        if source.get(key):
            meta.append(html.escape(str(source[key])))
    meta.append(f"{record.get('chars', 0):,} characters")
    meta.append(f"id {html.escape(str(record.get('id')))}")
    errors = "".join(
        f"<li><b>{html.escape(e.get('stage', ''))}</b> {html.escape(e.get('type', ''))}: {html.escape(e.get('message', ''))}</li>"
        for e in record.get("errors") or []
    )
    problems = []
    if item.problem:
        problems.append(f"text not shown: {item.problem}")
    if prepared and prepared.mismatched:
        problems.extend(f"span does not match the text, not highlighted: {m}" for m in prepared.mismatched)
    notes = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
    counts = prepared.counts if prepared else {k: len(v) for k, v in (record.get("fields") or {}).items()}
    chips = "".join(
        f'<span class="chip x-{_class_key(k)}"><i></i>{html.escape(k)} <b>{n}</b></span>' for k, n in counts.items()
    )
    toc = ""
    if prepared and prepared.outline:
        toc = (
            '<nav class="toc"><div class="cap">outline</div><ol>'
            + "".join(
                f'<li class="lv-{min(depth, 4)}"><a href="#{a}">{html.escape(h[:60])}</a></li>'
                for depth, a, h in prepared.outline
            )
            + "</ol></nav>"
        )
    body = (
        f'<div class="body{" with-toc" if toc else ""}">{toc}'
        f'<div class="doc-text" lang="zh-CN" data-doc="{d}">{prepared.html}</div></div>'
        if prepared
        else ""
    )
    out = (
        f'<article class="doc" id="d{d}" data-id="{html.escape(str(record.get("id")))}">'
        f'<header class="doc-head"><div class="what"><h1>{html.escape(title)}</h1>'
        f'<p class="meta">{" · ".join(meta)}</p><div class="chips">{chips}</div>'
        + (f'<ul class="errors">{errors}</ul>' if errors else "")
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + f"</div>{_doc_type_html(record.get('doc_type'))}</header>{body}</article>"
    )
    return out, (prepared.findings if prepared else {}), counts


def render_page(items: Iterable[Item], *, title: str | None = None) -> str:
    """One HTML page showing ``items`` (one or more documents)."""
    articles: list[str] = []
    findings: dict[str, Any] = {}
    totals: dict[str, int] = {}
    items = list(items)
    for d, item in enumerate(items):
        article, found, counts = _article(d, item)
        articles.append(article)
        findings.update(found)
        for k, n in counts.items():
            totals[k] = totals.get(k, 0) + n
    colors = {name: extractor_color(name) for name in totals}
    css_vars = "\n".join(
        ".x-{k}{{--c:{c};--bg:rgba({r},{g},{b},.13);--bg2:rgba({r},{g},{b},.30)}}".format(
            k=_class_key(name), c=color, r=_rgb(color)[0], g=_rgb(color)[1], b=_rgb(color)[2]
        )
        for name, color in colors.items()
    )
    hide = "\n".join(
        f"body.hide-{_class_key(n)} mark.x-{_class_key(n)}{{background:none;border-color:transparent}}" for n in totals
    )
    legend = "".join(
        f'<label class="chip x-{_class_key(n)}"><input type="checkbox" checked data-x="{html.escape(n)}">'
        f"<i></i>{html.escape(n)} <b>{totals[n]}</b></label>"
        for n in totals
    )
    if title is None:
        first = items[0].record if items else {}
        title = (
            (first.get("title") or (first.get("source") or {}).get("path") or "reportkit")
            if len(items) == 1
            else f"{len(items)} documents"
        )
    data = {"findings": findings, "colors": colors}
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="reportkit show"><title>{html.escape(title)} · reportkit</title>'
        f"<style>{page_assets('base.css')}\n{page_assets('show.css')}\n{css_vars}\n{hide}</style></head>"
        f'<body><header class="top"><span class="brand">reportkit</span><span class="legend">{legend}</span>'
        '<span class="hint">point at a highlight (or Tab to it) for its fields · click or Enter to pin · Esc to unpin</span></header>'
        f"<main>{''.join(articles) or '<p class=empty>no documents</p>'}</main>"
        '<aside id="detail" class="detail" hidden></aside>'
        f'<script type="application/json" id="rk-data">{_script_json(data)}</script>'
        f"<script>{page_assets('show.js')}</script></body></html>\n"
    )
