"""Reconciling feedback with the report that answers it: which feedback problems a rectification report
answers, with a measure or without, which it leaves unanswered, and what it reports beyond them.

A feedback document (巡察反馈意见, 审计报告, 督查通报, 问题清单) lists problems; the rectification report(s)
answering it restate them in their own words, often naming only the case a feedback title stands over ("往来款
长期挂账" → "三年以上其他应收款未及时清理"). Each feedback problem is compared with each problem of the reports
by TF-IDF cosine over character bigrams and trigrams and jieba words — each problem by its own text, and by
its text with its details (:func:`details_of`: the rest of its line, or the paragraph under a title on a line
of its own — the figures and cases the text gives of it) and, for a report problem, the measures the ledger
links to it; a pair's score is the best of these. Then one report problem is given to each feedback problem so
that the matched pairs' total score is greatest (an assignment: :func:`scipy.optimize.linear_sum_assignment`),
among the pairs at or above the threshold — so a general title does not take the report problem that answers
another feedback problem better — and a report problem already taken answers a second feedback problem only
when the two are clearly similar, above 0.3. Then every feedback problem is

* ``answered`` — matched to a report problem the ledger answers with measures;
* ``answered_without_measure`` — matched to a report problem no measure answers;
* ``not_answered`` — no report problem is similar enough;

and report problems that no feedback problem matched are listed as ``extra``. Scores are shown, rounded to
three places, and the assignment is made on them in exact integer thousandths, so the result is the same on
every machine.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

__all__ = ["DEFAULT_THRESHOLD", "Match", "ProblemText", "Reconciliation", "reconcile", "reconcile_records"]

DEFAULT_THRESHOLD = 0.1
SHARED_ABOVE = 0.3  # a report problem answers a second feedback problem only above this


@dataclass(frozen=True)
class ProblemText:
    """A problem of one document: its text, span, (for reports) the measures that answer it, and its details
    (:func:`details_of`)."""

    doc: str
    text: str
    span: tuple[int, int]
    measures: tuple[str, ...] = ()
    id: str | None = None
    details: str = ""


MAX_DETAILS = 300  # characters of a problem's details compared


def details_of(text: str, span: tuple[int, int], stops: Sequence[int] = ()) -> str:
    """What the text says of a problem right after it: the rest of its line ("4.科研经费管理不规范。抽查的60项
    ……"), or, when nothing but punctuation follows it there (a title on a line of its own), the next paragraph
    that holds words — none when that paragraph opens with a list number (it is the list's next entry) — up to
    the next of ``stops`` (the starts of the document's other problems: the next entry of a list is not this
    one's detail; a problem opening the paragraph under a title is), at most :data:`MAX_DETAILS` characters."""
    start, end = _details_span(text, span, stops)
    return text[start:end]


def _details_span(text: str, span: tuple[int, int], stops: Sequence[int]) -> tuple[int, int]:
    """Where :func:`details_of` finds a problem's details: ``[start, end)``, empty when there are none."""
    start = span[1]
    end = _line_end(text, start)
    below = not text[start:end].strip(_BARE)  # a title on a line of its own: the paragraph under it
    if below:
        at = start
        while at < len(text) and not text[at:end].strip(_BARE):  # the next line that holds words
            at = end + 1
            end = _line_end(text, at)
        start = min(at, len(text))
        opening = _LINE_OPENING.match(text, start, end)
        if opening is not None and opening.group("number"):
            return start, start  # the next entry of a list, not this one's details
    # a problem that opens the paragraph under a title is one of its details
    later = [s for s in stops if span[1] <= s < end and not (below and s == start)]
    if later:
        end = min(later)
    return start, max(start, min(end, start + MAX_DETAILS))


_BARE = " \t\u3000\r。；;：:，,、.．"  # what a title may end its line with


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


@dataclass
class Match:
    feedback: ProblemText
    status: str  # answered | answered_without_measure | not_answered
    score: float
    report: ProblemText | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "score": self.score,
            "feedback": _problem_dict(self.feedback),
            "report": _problem_dict(self.report) if self.report is not None else None,
        }


def _problem_dict(p: ProblemText) -> dict[str, Any]:
    return {"doc": p.doc, "id": p.id, "text": p.text, "span": list(p.span), "measures": list(p.measures)}


@dataclass
class Reconciliation:
    threshold: float
    matches: list[Match] = field(default_factory=list)
    extra: list[ProblemText] = field(default_factory=list)

    def by_status(self, status: str) -> list[Match]:
        return [m for m in self.matches if m.status == status]

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "summary": {
                "feedback_problems": len(self.matches),
                "answered": len(self.by_status("answered")),
                "answered_without_measure": len(self.by_status("answered_without_measure")),
                "not_answered": len(self.by_status("not_answered")),
                "extra": len(self.extra),
            },
            "matches": [m.to_dict() for m in self.matches],
            "extra": [_problem_dict(p) for p in self.extra],
        }


def _analyzer(segmenter: Any):
    from .items.cues import CUES

    shortfall = CUES["shortfall"]

    def analyze(text: str) -> list[str]:
        # what a problem is about, not how every problem is worded: words of shortfall (不到位, 不规范,
        # 滞后 …) and the report's stock words are left out of the comparison
        text = _GENERIC.sub(" ", shortfall.sub(" ", text))
        chars = [c for c in text if "\u4e00" <= c <= "\u9fff" or c.isalnum()]
        grams = ["".join(chars[k : k + n]) for n in (2, 3) for k in range(len(chars) - n + 1)]
        words = [f"w:{w}" for w in segmenter.lcut(text) if len(w) > 1 and not w.isspace()]
        return grams + words

    return analyze


_GENERIC = regex.compile(
    r"问题|整改|工作|存在|部分|个别|情况|方面|进一步|加强|落实|有效|严格|违规|现象|有的|一些|较多|时有发生|仍然|仍|还"
)


def reconcile(
    feedback: Sequence[ProblemText],
    report: Sequence[ProblemText],
    threshold: float = DEFAULT_THRESHOLD,
    segmenter: Any = None,
) -> Reconciliation:
    """Match feedback problems with report problems (see the module docstring)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .segment import get_segmenter

    result = Reconciliation(threshold=threshold)
    if not feedback:
        result.extra = list(report)
        return result
    if not report:
        result.matches = [Match(f, "not_answered", 0.0) for f in feedback]
        return result
    texts = [
        *(f.text for f in feedback),
        *(f.text + f.details for f in feedback),
        *(r.text for r in report),
        *("".join((r.text, r.details, *r.measures)) for r in report),
    ]
    vectorizer = TfidfVectorizer(analyzer=_analyzer(segmenter or get_segmenter()), sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)  # rows l2-normalized: a dot product is the cosine
    n_f, n_r = len(feedback), len(report)
    sides_f = (matrix[:n_f], matrix[n_f : 2 * n_f])
    sides_r = (matrix[2 * n_f : 2 * n_f + n_r], matrix[2 * n_f + n_r :])
    scores = np.zeros((n_f, n_r))
    for a in sides_f:  # each pair's best reading: own texts, or with details (and measures)
        for b in sides_r:
            scores = np.maximum(scores, (a @ b.T).toarray())
    rounded = [[round(float(s), 3) for s in row] for row in scores]
    best: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    # the pairs whose total similarity is greatest (in thousandths: exact), one report problem for one feedback
    # problem, among pairs at or above the threshold: a general feedback title ("专项资金管理不规范") does not take
    # the report problem that answers another feedback problem better, as taking the most similar pair first did
    gain = np.array([[round(v * 1000) if v >= threshold else 0 for v in row] for row in rounded], dtype=np.int64)
    rows, cols = linear_sum_assignment(gain, maximize=True)
    for i, j in zip(rows.tolist(), cols.tolist()):
        if gain[i, j] > 0:
            best[i] = (j, rounded[i][j])
            used.add(j)
    # a report problem already taken answers a second feedback problem only when clearly similar (ties: the
    # earlier report problem)
    for i in range(n_f):
        if i in best:
            continue
        j = max(range(n_r), key=lambda k: (rounded[i][k], -k))
        if rounded[i][j] >= SHARED_ABOVE:
            best[i] = (j, rounded[i][j])
    for i, f in enumerate(feedback):
        if i in best:
            j, score = best[i]
            r = report[j]
            status = "answered" if r.measures else "answered_without_measure"
            result.matches.append(Match(f, status, score, r))
        else:
            result.matches.append(Match(f, "not_answered", max(rounded[i])))
    result.extra = [r for j, r in enumerate(report) if j not in used]
    return result


def problems_of(record: Any, doc_name: str, text: str | None = None) -> list[ProblemText]:
    """A record's problems, each with the texts of the measures its ledger entry links to it and, given the
    document's text (or a record written with it), its details (:func:`details_of`).

    With the text, a problem that opens its line (after a list number) is an entry's title, and the problems
    found in its details — the figures and cases under "（三）选人用人工作不规范", which the problems extractor
    finds as problems of their own — are its details, not entries: they are folded into it (their measures
    with its), so that the title is matched (and answered) as the one problem the entry states."""
    fields = record.fields
    text = text if text is not None else getattr(record, "text", None)
    measures = {m.id: m.text for m in fields.get("measures", [])}
    answered = {e.problem: tuple(measures.get(i, "") for i in e.measures) for e in fields.get("ledger", [])}
    problems = sorted(fields.get("problems", []), key=lambda p: (p.span[0], p.span[1]))
    if text is None:
        return [ProblemText(doc_name, p.text, (p.span[0], p.span[1]), answered.get(p.id, ()), p.id) for p in problems]
    titles = [k for k, p in enumerate(problems) if _opens_line(text, p.span[0])]
    title_set = set(titles)
    # entries of their own, which end a title's details: the titles, and problems a list marker introduces
    listed = {
        j for j, q in enumerate(problems) if _ENUMERATED.search(text, max(0, q.span[0] - 8), q.span[0]) is not None
    }
    stops = [problems[k].span[0] for k in sorted(title_set | listed)]
    starts = [q.span[0] for q in problems]
    out: list[ProblemText] = []
    folded: set[int] = set()
    for k in titles:
        if k in folded:  # it opens the paragraph under an earlier title: one of that title's details
            continue
        p = problems[k]
        d_start, d_end = _details_span(text, (p.span[0], p.span[1]), stops)
        details = text[d_start:d_end]
        found = range(bisect_left(starts, d_start), bisect_left(starts, d_end))
        inside = [j for j in found if j != k and j not in listed]
        folded.update(inside)
        folded_measures = tuple(m for j in inside for m in answered.get(problems[j].id, ()))
        out.append(
            ProblemText(
                doc_name, p.text, (p.span[0], p.span[1]), (*answered.get(p.id, ()), *folded_measures), p.id, details
            )
        )
    for j, q in enumerate(problems):
        if j in folded or j in title_set:  # folded, or a title (given above)
            continue
        details = details_of(text, (q.span[0], q.span[1]), starts)
        out.append(ProblemText(doc_name, q.text, (q.span[0], q.span[1]), answered.get(q.id, ()), q.id, details))
    return sorted(out, key=lambda p: (p.span[0], p.span[1]))


# what may stand before an entry's title on its line: indentation and a list number (一、 （三） 3. ① 第二，)
_LINE_OPENING = regex.compile(
    r"[ \t\u3000]*(?P<number>(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}[、.．]|[\u2460-\u2473]"
    r"|第[一二三四五六七八九十\d]{1,3}[，、是]?)[ \t\u3000]*)?"
)


# an entry of its own inside a title's details: "一是…；二是…", "（1）…", "①…" just before the problem
_ENUMERATED = regex.compile(
    r"(?:[一二三四五六七八九十]是|其[一二三四五六七八九十]|第[一二三四五六七八九十\d]{1,3}[，、]?|[（(]\d{1,2}[）)]"
    r"|[\u2460-\u2473]|(?<![\d.])\d{1,2}[、.．](?!\d))[ \t\u3000]*$"
)


def _opens_line(text: str, start: int) -> bool:
    """Whether the problem at ``start`` opens its line (after indentation and a list number)."""
    line = text.rfind("\n", 0, start) + 1
    m = _LINE_OPENING.match(text, line, start)
    return m is not None and m.end() == start


def reconcile_records(
    feedback: Any,
    reports: Sequence[tuple[str, Any]],
    threshold: float = DEFAULT_THRESHOLD,
    feedback_name: str = "",
    texts: dict[str, str] | None = None,
) -> Reconciliation:
    """Reconcile a feedback record with report records (``(name, record)`` pairs); ``texts`` (name -> the
    document's text) gives the problems their details when the records do not hold their text."""
    texts = texts or {}
    report_problems = [p for name, record in reports for p in problems_of(record, name, texts.get(name))]
    return reconcile(problems_of(feedback, feedback_name, texts.get(feedback_name)), report_problems, threshold)


# -- views ---------------------------------------------------------------------------------------------

_STATUS_ZH = {"answered": "已整改（有措施）", "answered_without_measure": "有回应、无措施", "not_answered": "未回应"}
_STATUS_COLOR = {"answered": "#198038", "answered_without_measure": "#b28600", "not_answered": "#da1e28"}


def _marked(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """``text`` escaped, with ``<mark id=… class=…>`` over each (start, end, id, status) span (no overlaps)."""
    import html

    out, pos = [], 0
    for start, end, anchor, status in sorted(spans):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark id="{anchor}" class="{status}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def to_html(result: Reconciliation, texts: dict[str, str], title: str = "reportkit reconcile") -> str:
    """One self-contained page: the matches in a table, the feedback and the reports side by side with each
    problem marked and linked to its match (pointing at a row lights both)."""
    import html

    esc = html.escape
    feedback_doc = result.matches[0].feedback.doc if result.matches else ""
    f_spans: list[tuple[int, int, str, str]] = []
    r_spans: dict[str, list[tuple[int, int, str, str]]] = {}
    rows = []
    report_anchor: dict[tuple[str, tuple[int, int]], str] = {}
    for k, m in enumerate(result.matches, 1):
        f_spans.append((*m.feedback.span, f"f{k}", m.status))
        r_cell = ""
        if m.report is not None:
            key = (m.report.doc, m.report.span)
            anchor = report_anchor.setdefault(key, f"r{len(report_anchor) + 1}")
            r_spans.setdefault(m.report.doc, []).append((*m.report.span, anchor, m.status))
            measures = "；".join(m.report.measures)
            r_cell = f'<a href="#{anchor}">{esc(m.report.text)}</a>' + (
                f'<div class="measures">{esc(measures)}</div>' if measures else ""
            )
        rows.append(
            f'<tr data-f="f{k}" data-r="{report_anchor.get((m.report.doc, m.report.span), "") if m.report else ""}">'
            f'<td>{k}</td><td><a href="#f{k}">{esc(m.feedback.text)}</a></td>'
            f'<td class="{m.status}">{esc(_STATUS_ZH[m.status])}</td><td>{m.score:.3f}</td><td>{r_cell}</td></tr>'
        )
    for n, p in enumerate(result.extra, 1):
        r_spans.setdefault(p.doc, []).append((*p.span, f"x{n}", "extra"))
    summary = result.to_dict()["summary"]
    reports = "".join(
        f"<h3>{esc(doc)}</h3><pre>{_marked(texts.get(doc, ''), spans)}</pre>" for doc, spans in sorted(r_spans.items())
    )
    extra = "".join(
        f'<li><a href="#x{n}">{esc(p.text)}</a> <small>{esc(p.doc)}</small></li>' for n, p in enumerate(result.extra, 1)
    )
    colors = "".join(f".{s}{{background:{c}22;border-bottom:2px solid {c}}}" for s, c in _STATUS_COLOR.items())
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>
body{{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:1.5em;color:#161616}}
table{{border-collapse:collapse;width:100%;margin:1em 0}}td,th{{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}}
.cols{{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}}pre{{white-space:pre-wrap;font:inherit;line-height:1.7}}
{colors}.extra{{background:#8a3ffc22;border-bottom:2px solid #8a3ffc}}.measures{{color:#555;font-size:.9em}}
mark{{color:inherit}}mark.lit,tr.lit td{{outline:3px solid #0f62fe}}
</style></head><body>
<h1>{esc(title)}</h1>
<p>反馈问题 {summary["feedback_problems"]} 个：已整改（有措施） {summary["answered"]}，有回应、无措施
{summary["answered_without_measure"]}，未回应 {summary["not_answered"]}；报告中另有 {summary["extra"]} 个问题不对应反馈问题。
相似度阈值 {result.threshold:g}。</p>
<table><thead><tr><th>#</th><th>反馈问题</th><th>状态</th><th>相似度</th><th>报告中的问题及措施</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
{"<h2>报告中不对应反馈问题的内容</h2><ul>" + extra + "</ul>" if extra else ""}
<div class="cols"><div><h2>反馈：{esc(feedback_doc)}</h2><pre>{_marked(texts.get(feedback_doc, ""), f_spans)}</pre></div>
<div><h2>整改报告</h2>{reports}</div></div>
<script>
document.querySelectorAll("tr[data-f]").forEach(function (row) {{
  var ids = [row.dataset.f, row.dataset.r].filter(Boolean);
  function light(on) {{
    row.classList.toggle("lit", on);
    ids.forEach(function (id) {{ var el = document.getElementById(id); if (el) el.classList.toggle("lit", on); }});
  }}
  row.addEventListener("mouseenter", function () {{ light(true); }});
  row.addEventListener("mouseleave", function () {{ light(false); }});
}});
</script>
</body></html>
"""


def to_xlsx(result: Reconciliation, path: Any) -> None:
    """The matches as a workbook: one row per feedback problem, and the report's extra problems."""
    from openpyxl import Workbook

    from .output.xlsx import safe_cell, save_workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("对账")
    sheet.freeze_panes = "A2"
    sheet.append(["序号", "反馈问题", "状态", "相似度", "报告中的问题", "整改措施", "报告文件"])
    for k, m in enumerate(result.matches, 1):
        r = m.report
        sheet.append(
            [
                k,
                safe_cell(m.feedback.text),
                _STATUS_ZH[m.status],
                m.score,
                safe_cell(r.text) if r else None,
                safe_cell("；".join(r.measures)) if r else None,
                safe_cell(r.doc) if r else None,
            ]
        )
    extra = book.create_sheet("报告另有")
    extra.append(["报告中的问题", "整改措施", "报告文件"])
    for p in result.extra:
        extra.append([safe_cell(p.text), safe_cell("；".join(p.measures)), safe_cell(p.doc)])
    save_workbook(book, path)
