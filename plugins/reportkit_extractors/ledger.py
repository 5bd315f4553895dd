"""ledger: the rectification ledger (整改台账) — each problem the text answers, with its measures, owners,
deadline and status; and progress: the document's own progress figures.

Built on the ``problems`` and ``measures`` extractors (``requires``) and the items layer: a problem and
the measures that answer it are read from the structure the report gives them —

* one list entry, table row or labelled block holds both ("（一）问题…。整改措施：…", a row of 问题 / 整改措施 /
  责任单位 / 时限 cells, "问题：… 整改措施：…" lines, a "关于“…”的问题" heading and its body): the measures
  after a problem in the block answer it (problems listed one after another share the measures that follow);
* one sentence: "针对A的问题，B";
* a heading that names again a problem listed before, in another part ("一、存在的问题" lists them; "二、整改
  情况" answers them under "（二）关于非税收入滞留问题"): its steps answer the listed problem;
* across the document (a 存在问题 section, then a 整改措施 section): a measure that names the problem by its
  number ("针对第二个问题", in it or before it on its line); N problems listed and then N measure entries, in
  order; or a measure that shares enough of a problem's words — these last ones only in a report the
  classifier reads as a rectification report, a survey or a summary (a survey's suggestions and a summary's next
  steps take up the problems it found, by topic more than by order; a work plan's background is not answered by
  its tasks).

Each entry names its problem and measures by finding id (``problems/2``, ``measures/5``); ``units``
(责任单位 / 牵头单位 / 配合单位 / 责任人), ``deadline`` (words, kind and ISO date) and ``status`` (done /
in_progress / ongoing / planned, with the words that say it) come from the entry's labelled fields and
table cells first, then from the words of its block; units also from the body a measure names as acting or
gives the step to, or the label of the problem's paragraph; a deadline also from one the report's opening sets
for all its problems.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache, partial

import regex
from pydantic import Field

from reportkit.document import Document
from reportkit.extract.base import Extractor, Finding, Mention, finding_span
from reportkit.extract.context import Context
from reportkit.items.cues import DETAILS_LABEL
from reportkit.items.layer import Item
from reportkit.outline import Section
from reportkit.textutil import FULL_WIDTH_DIGITS, cn_ordinal, start_before

from ._deadline import (
    COUNT,
    DONE_ACT,
    REMAINDER,
    StatusHit,
    document_date,
    find_actor,
    find_deadline,
    find_given_to,
    find_label_unit,
    find_status,
    find_units,
    find_units_in_value,
    status_order,
)
from .counts import parse_number

__all__ = ["Deadline", "LedgerEntry", "LedgerExtractor", "Progress", "ProgressExtractor", "Status"]


class Deadline(Mention):
    """A time limit as written, and what it pins."""

    kind: str = Field(
        description="by_date (2023年6月底前), immediate (立行立改), long_term (长期坚持), within (两周内, 限期)"
    )
    date: str | None = Field(None, description="the last day the words allow, ISO 8601, when they pin one")


class Status(Mention):
    """Where the rectification stands, and the words that say so."""

    value: str = Field(description="done (已整改), in_progress (正在整改), ongoing (持续整改), planned (拟/将)")


class LedgerEntry(Finding):
    """One problem the text answers; ``text``/``span`` are the problem's."""

    problem: str = Field(description="the problem's finding id (problems/<n>)")
    measures: list[str] = Field(default_factory=list, description="finding ids of the measures that answer it")
    units: list[Mention] = Field(default_factory=list, description="责任单位 / 牵头单位 / 配合单位 / 责任人")
    deadline: Deadline | None = None
    status: Status | None = None


# -- pairing problems with measures ------------------------------------------------------------------

_NTH = regex.compile(
    r"(?:针对|对于|关于|就)(?:上述|以上|反馈的?)?第(?P<n>[一二三四五六七八九十0-9]{1,3})(?:个|项|条|方面)?问题"
)
_STOP_BIGRAMS = frozenset(
    {"问题", "整改", "工作", "进一步", "加强", "落实", "存在", "情况", "开展", "部分", "不够", "到位"}
)
_SIMILAR = 0.2  # cosine of bigrams and words above which a measure answers a problem across sections
_NEARBY = 40  # how many of the problems before a measure it is compared with
# within a run of problems, a measure answers the one it shares clearly most words with (half again as much as
# any other) once it shares any at all: the run's problems are its only candidates. Chosen on corpus/ (pairing
# alone 0.817 -> 0.840 against the 0.2 used across sections; 0.15, 0.1, 0.05, 0 tried) and the y round
_RUN_SIMILAR = 0.05
# across sections, a measure that shares less than _SIMILAR with any problem still answers the one it shares
# twice as much as with any other, once that is at least _MARGIN_SIMILAR and the two share two character pairs
# (a thing named alike, not one common word): a measures list answering a problems list in its own order and
# words. Chosen on corpus/ (pairing alone 0.829 -> 0.835; 0.05/0.08/0.1, 1.5/2/3 and one/two/three pairs tried)
# and the held-out set (0.881 -> 0.882)
_MARGIN_SIMILAR = 0.1
_MARGIN = 2.0
_WINDOW = 400  # characters before and after an entry within which its blocks' fields are looked for


def _reach(text: str, at: int, n: int) -> int:
    """The offset ``n`` characters after ``at`` (before it when ``n`` is negative), line breaks not counted: a
    copy with CRLF line ends or a blank line after every paragraph reaches as far in its text as the file does."""

    def breaks(lo: int, hi: int) -> int:
        return text.count("\n", lo, hi) + text.count("\r", lo, hi)

    # step over the reach, then again over as many characters as line breaks were in the last step
    if n >= 0:
        end = min(len(text), at + n)
        more = breaks(at, end)
        while more and end < len(text):
            nxt = min(len(text), end + more)
            end, more = nxt, breaks(end, nxt)
        return end
    start = max(0, at + n)
    more = breaks(start, at)
    while more and start > 0:
        nxt = max(0, start - more)
        start, more = nxt, breaks(nxt, start)
    return start


def _bigrams(text: str) -> Counter[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    grams = Counter(a + b for a, b in itertools.pairwise(chars))
    for stop in _STOP_BIGRAMS:
        grams.pop(stop, None)
    return grams


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = math.fsum(a[k] * b[k] for k in a.keys() & b.keys())
    if dot == 0:
        return 0.0
    return dot / math.sqrt(math.fsum(v * v for v in a.values()) * math.fsum(v * v for v in b.values()))


def _blocks_of(items: Sequence[Item]) -> frozenset[int]:
    return frozenset(it.block for it in items)


# a heading that names a problem (关于“X”的问题, X问题的整改) in another part of the report than the problems
# listed before it restates one of them when this share of its character pairs are that problem's: the report
# answers the problems it listed under headings that name them again, shorter and in its own order. Chosen on
# corpus/: of the named headings there, those that restate a problem listed in another part have 0.6 to 1 of
# their pairs in it (three 0.3 to 0.4), those that are a problem of their own at most 0.23
_RESTATES = 0.5


# what joins the names of several problems in one heading: 关于A和B的问题, A、B问题, A及B (not the 及 of 不及时,
# 涉及, 普及, nor the 与 of 参与)
_NAMES_JOINED = regex.compile(r"以及|(?<![不涉普危波])及(?![时格])|(?<!参)与|[和、]")


def _restating(pairs: Counter[str], listed: dict[int, Counter[str]]) -> list[int]:
    """The problems (of ``listed``: index -> character pairs) that hold :data:`_RESTATES` of ``pairs``."""
    return [p for p, grams in listed.items() if sum(1 for k in pairs if k in grams) >= _RESTATES * len(pairs)]


def restated(
    doc: Document,
    problems: Sequence[tuple[int, int, frozenset[int]]],
    problem_texts: Sequence[str],
    problem_vector: Callable[[int], Counter[str]],
    problem_items: Sequence[Sequence[Item]],
    measures: Sequence[tuple[int, int]],
    measure_vector: Callable[[int], Counter[str]],
) -> tuple[dict[int, list[int]], frozenset[int]]:
    """The problems a report answers under headings that name them again ("一、审计发现的问题" lists them; "二、
    整改情况" answers them under "（二）关于非税收入滞留问题"), as (for each measure in the section or paragraph of
    such a heading, the problems it answers; the problems that are such a heading's own words, found again).

    A named heading restates the problems listed before it, in another part of the report that is not itself
    one named problem ("一、关于“X”的问题" parts are problems of their own), that hold most of its words
    (:data:`_RESTATES`) and are (in) a list entry (:func:`_in_entry`: not an opening's summary, "存在A、B等问题",
    whose problems the parts after it tell in full) — unless a problem is told again under it. A measure under
    it answers those; of several, or of one told in parts in its entry ("（四）固定资产管理不规范。一是…；二是…"),
    the one its words point at clearly, else the restated ones."""
    items = doc.items()
    named = [it for it in items if it.label == "关于…的问题"]
    if not named or not problems or not measures:
        return {}, frozenset()
    sections = list(doc.outline.walk())
    parts = sorted(sec.span for sec in sections if sec.depth == 1)
    part_starts = [s for s, _ in parts]

    def part_of(at: int) -> int:
        i = bisect_right(part_starts, at) - 1
        return i if i >= 0 and at < parts[i][1] else -1

    named_parts = {
        part_of(h.start) for h in named if h.kind == "heading" and not h.path
    }  # parts a named heading opens: each a problem of its own
    # what each named heading governs: its section, or the rest of its paragraph
    headed = [(sec.heading_span, sec.span[1]) for sec in sections if sec.heading_span is not None]
    block_ends: dict[int, int] = {}
    first_of_block: dict[int, Item] = {}
    for it in items:
        block_ends[it.block] = max(block_ends.get(it.block, 0), it.end)
        first_of_block.setdefault(it.block, it)
    regions = []
    for h in named:
        end = block_ends[h.block]
        if h.kind == "heading":
            end = min((e for (s, t), e in headed if s <= h.start < t), default=end)
        regions.append((h.end, end))
    starts = [s for s, _, _ in problems]
    targets: dict[int, list[int]] = {}  # named item's index -> the problems it names again
    again: set[int] = set()
    for h, (lo, hi) in zip(named, regions):
        part = part_of(h.start)
        pairs = _bigrams(h.text)
        if not pairs:
            continue
        own = [p for p in range(len(problems)) if problems[p][0] < h.end and h.start < problems[p][1]]
        if any(p not in own for p in range(bisect_left(starts, lo), bisect_left(starts, hi))):
            continue  # the problem is told again under it: its measures answer that, as they follow it
        listed = {
            p: _bigrams(problem_texts[p])
            for p in range(bisect_left(starts, h.start))
            if problems[p][1] <= h.start
            and p not in again
            and part_of(problems[p][0]) != part
            and part_of(problems[p][0]) not in named_parts
            and _in_entry(doc.text, problems[p][0], problem_items[p], first_of_block)
        }
        similar = _restating(pairs, listed)
        if not similar:
            # a heading that names several of them ("（四）关于轮换不及时和账实不符的问题"): each name restates one
            names = [_bigrams(name) for name in _NAMES_JOINED.split(h.text)]
            if len(names) > 1 and all(len(name) >= 2 for name in names):
                each = [_restating(name, listed) for name in names]
                similar = sorted(set().union(*each)) if all(each) else []
        if similar:
            targets[h.index] = similar
            again.update(own)
    if not targets:
        return {}, frozenset()
    fixed: dict[int, list[int]] = {}
    innermost_first = list(zip(named, regions))[::-1]
    for m in range(len(measures)):
        at = measures[m][0]
        # the innermost named heading whose section or paragraph the measure lies in
        heading = next((h for h, (lo, hi) in innermost_first if lo <= at < hi), None)
        if heading is None or heading.index not in targets:
            continue
        named_again = targets[heading.index]
        # with the other problems of their entries ("（一）预检分诊：<problem>；<problem>")
        told = sorted(
            {
                p
                for q in named_again
                for p in range(bisect_left(starts, heading.start))
                if p not in again and problems[p][2] & problems[q][2]
            }
        )
        answered = _answered_in_run(measure_vector(m), told, problem_vector)
        if len(answered) == 1 or told == named_again:
            fixed[m] = answered
        # else the words do not say which of an entry's problems it answers: the steps of pair() read it
    return fixed, frozenset(again)


# a problem named where the steps for it begin: "针对库存账实不符问题，…", "对于“…”的问题，…", and at the start of a
# clause "对会计科目使用不规范问题，…", "就…问题，…" (not the 对 of 核对, 面对, 应对)
_AIMED_BEFORE = regex.compile(r"(?:针对|对于|(?<=^|[\n，,。；;：:][ \t\u3000]*)(?:对|就))[“”\"'‘]?$")


def aimed_again(
    text: str,
    problems: Sequence[tuple[int, int, frozenset[int]]],
    problem_texts: Sequence[str],
    measures: Sequence[tuple[int, int, frozenset[int]]],
    again: frozenset[int],
) -> tuple[dict[int, list[int]], frozenset[int]]:
    """The problems a report names again where it begins their steps ("巡察发现，A；B；C。" then "针对A问题，…"), as
    (for each step after such a name, up to the next problem or the end of its paragraph, the listed problem it
    answers; the names).

    A problem that opens its clause with 针对/对于 (or 对/就 at the clause's start) names again an earlier problem
    (not itself such a name) that holds half or more of its character pairs (:data:`_RESTATES`), the nearest of
    those that hold the most; its steps (to the next problem or the end of its paragraph) are that problem's, and
    the name is no entry of its own."""
    fixed: dict[int, list[int]] = {}
    names: set[int] = set()
    starts = [s for s, _, _ in problems]
    measure_starts = [s for s, _, _ in measures]
    for k, (start, end, blocks) in enumerate(problems):
        if k in again or not _AIMED_BEFORE.search(text, max(0, start - 4), start):
            continue
        pairs = _bigrams(problem_texts[k])
        if not pairs:
            continue
        best, best_share = None, 0.0
        for q in range(k):
            if q in again or q in names or problems[q][1] > start:
                continue
            listed = _bigrams(problem_texts[q])
            share = sum(1 for b in pairs if b in listed) / sum(pairs.values())
            if share >= _RESTATES and share >= best_share:
                best, best_share = q, share
        if best is None:
            continue
        names.add(k)
        # its steps: up to the next problem or the end of its paragraph, what follows being the next one's
        following = next((starts[j] for j in range(k + 1, len(problems)) if j not in again), len(text))
        line_end = text.find("\n", end)
        if line_end >= 0:
            following = min(following, line_end)
        for m in range(bisect_left(measure_starts, end), bisect_left(measure_starts, following)):
            if measures[m][2] & blocks:
                fixed.setdefault(m, [best])
    return fixed, frozenset(names)


def pair(
    problems: Sequence[tuple[int, int, frozenset[int]]],
    measures: Sequence[tuple[int, int, frozenset[int]]],
    texts: tuple[Sequence[str], Sequence[str]],
    words: tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]] | None = None,
    paths: tuple[Sequence[tuple[str, ...]], Sequence[tuple[str, ...]]] | None = None,
    named: Callable[[int], int | None] | None = None,
    answering: bool = True,
    leads: Callable[[int], str] | None = None,
    outlook: Callable[[int], int] | None = None,
    own_entry: Callable[[int], bool] | None = None,
    found: Callable[[int], bool] | None = None,
    fixed: dict[int, list[int]] | None = None,
    again: frozenset[int] = frozenset(),
    details: Callable[[int, int], bool] | None = None,
    order_by_words: bool = False,
) -> list[list[int]]:
    """For each problem (start, end, blocks), the indices of the measures that answer it.

    In this order, each step for what the ones before left:

    1. measures after a run of problems in the same block answer the problems of the run (as many measures
       as problems: each the problem in its place; else each the one problem of the run it shares clearly
       most words with, a measure whose words say nothing the same as the measure before it, and the
       measures before any such all the problems of the run) — but, in a document that answers problems,
       when the run is the details or causes told of a problem that titles them (the heading of their
       section, or the numbered entry the run opens with: "1.<problem>。<details>。经查，<cause>。针对这一问题，…"),
       the steps answer that problem — also a step whose words repeat one detail: the entry is the problem
       its title names (docs/gold.md), as a 台账 keeps one row for it;
    2. a measure that names a problem by its number ("针对第二个问题") answers it — or, with ``named`` (given
       a measure's index, the number of the problem named before it in its line: "针对第二个问题，我们…"; asked
       only of the measures this step reads), the problem its line names;
    3. with ``paths`` (each item's heading path), a measure answers the problem before it when that problem
       stands alone (no other problem right before it, only measures between them) and the measure lies in
       the problem's section, or when the measure lies in the section the problem heads — a numbered
       problem followed by its steps in their own paragraphs or 一是/二是 entries; when the problem before it
       lies in the body of a section a problem titles (the problem is most of the heading: "二、<problem>的问题。"
       then how it came about, then the steps), the measure answers the title's problem, as in step 1;
    4. a list of N problems and, after them, N measure entries (blocks) answer each other in order, unless
       the words say the order is another — with ``order_by_words`` (a survey, whose suggestions go by topic
       and seldom one to a problem in its order), only when more of the entries that share words with a
       problem share most with the one in their place than with another;
    5. a measure answers the earlier problem it shares most words with, when it shares enough
       (:data:`_SIMILAR`), or, sharing less, twice as much as with any other (:data:`_MARGIN_SIMILAR`) — its
       words and, with ``leads`` (given a measure's index, the words that lead up to it in its clause:
       "垃圾收集点问题，村里已…", :func:`lead_in`), those;
    6. what the steps above gave a detail or a cause told after a numbered problem in its entry, before its
       steps (with ``details``: whether a problem is told in another's entry, in a later sentence), or in the
       body of a section a problem titles, goes to that problem: the entry is the problem its number or heading
       names, as a 台账 keeps one row for it (docs/gold.md).

    Steps 3 to 5 read a document as one that answers problems, as a rectification report does, and pass over
    the measures ``outlook`` marks (given a measure's index, whether it is the report's 下一步…, for the work at
    large: :func:`looks_ahead`); step 1 passes over those of a paragraph that opens the outlook. ``named``,
    ``leads`` and ``outlook`` are asked only of the measures the steps read; ``own_entry`` (given a problem's index,
    whether it is an entry of its own: numbered, or labelled 问题：) and ``found`` (whether it is introduced as
    found: "“回头看”发现，…") keep steps 1 and 3 from giving to a section's title the steps of its sub-problems
    or of a problem found after the title's own steps. With
    ``answering`` False (a work plan, a briefing …) only the first two are taken: there a problem is
    linked only to the measures its own entry, block or words tie to it, so a plan's background (or a problem
    read by mistake) is not given every task of its section.
    """
    links: list[list[int]] = [[] for _ in problems]
    used: set[int] = set()
    for m, answered in sorted((fixed or {}).items()):
        # a measure under a heading that names again problems listed before (:func:`restated`)
        for p in answered:
            links[p].append(m)
        used.add(m)
    vectors_p: dict[int, Counter[str]] = {}

    def problem_vector(p: int) -> Counter[str]:
        if p not in vectors_p:
            vectors_p[p] = _vector(texts[0][p], words[0][p] if words else ())
        return vectors_p[p]

    def heads(p: int, path: tuple[str, ...]) -> bool:
        # problem p is the title of a section the path lies in ("二、<problem>的问题" over its paragraphs)
        assert paths is not None
        own = paths[0][p]
        return path[: len(own)] == own and len(path) > len(own) and texts[0][p] in path[len(own)]

    titles: dict[int, int | None] = {}
    measure_starts = sorted(s for s, _, _ in measures)

    def title_of(p: int) -> int | None:
        """The problem that titles the section problem p is told in, when p is a detail or a cause told in its
        body ("二、<problem>的问题。" then how it came about): the problem is most of the heading, not a theme
        it names ("关于落实“两个责任”方面" over problems of their own), p is no entry of its own (numbered,
        labelled 问题：), nor found anew after the title's steps ("“回头看”发现，…", with ``found``)."""
        if p not in titles:
            titles[p] = None
            if paths is not None and answering and not (own_entry is not None and own_entry(p)):
                path = paths[0][p]
                h = next(
                    (
                        h
                        for h in range(p - 1, max(-1, p - 1 - _NEARBY), -1)
                        if heads(h, path) and 2 * len(texts[0][h]) >= len(path[len(paths[0][h])])
                    ),
                    None,
                )
                if h is not None and not (
                    found is not None
                    and bisect_left(measure_starts, problems[p][0]) > bisect_left(measure_starts, problems[h][1])
                    and found(p)
                ):
                    titles[p] = h
        return titles[p]

    events = sorted(
        [(s, 0, k) for k, (s, _, _) in enumerate(problems)] + [(s, 1, k) for k, (s, _, _) in enumerate(measures)]
    )
    by_block: dict[int, list[tuple[int, int]]] = {}  # each block's problems (0) and measures (1), in text order
    for _, what, k in events:
        if (what == 0 and k in again) or (what == 1 and k in used):
            continue
        for block in sorted((problems if what == 0 else measures)[k][2]):
            by_block.setdefault(block, []).append((what, k))
    for block in sorted(by_block):
        # runs of the block: problems, then the measures that follow them
        runs: list[tuple[list[int], list[int]]] = []
        for what, k in by_block[block]:
            if what == 0:
                if not runs or runs[-1][1]:
                    runs.append(([], []))
                runs[-1][0].append(k)
            elif runs and not (outlook is not None and outlook(k) == _OUTLOOK_PARAGRAPH):
                runs[-1][1].append(k)
        for run_problems, run_measures in runs:
            fresh = [m for m in run_measures if m not in used]
            run_titles = {title_of(p) for p in run_problems}
            title = run_titles.pop() if len(run_titles) == 1 else None
            if (
                title is None
                and answering
                and own_entry is not None
                and len(run_problems) >= 2
                and own_entry(run_problems[0])
                and not any(own_entry(p) for p in run_problems[1:])
            ):
                # a numbered entry whose details and causes follow in its paragraph ("1.<problem>。<details>。
                # 经查，<cause>。针对这一问题，…", often a flattened copy where the entry is no heading)
                title = run_problems[0]
            if title is not None:
                # details or causes told in the body of a section its problem titles, then the steps in the
                # same paragraph ("…原因是…。针对这一问题，…"): the steps answer the title
                links[title].extend(m for m in run_measures if m not in links[title])
            elif len(run_problems) >= 2 and len(fresh) == len(run_problems) == len(run_measures):
                # as many measures as problems, after them in one entry ("问题：A；B；C。整改措施：a；b；c"):
                # each answers the problem in its place
                for p, m in zip(run_problems, run_measures):
                    links[p].append(m)
            else:
                # problems listed one after another share the measures that follow them, unless the words
                # say which one a measure answers ("区农业农村局…滞留未拨付；…" then "区农业农村局已将滞留资金…");
                # a measure whose words say nothing goes on answering the one before it
                carried: list[int] | None = None
                answers = [
                    _answered_in_run(_vector(texts[1][m], words[1][m] if words else ()), run_problems, problem_vector)
                    for m in run_measures
                ]
                # most of the steps name their problem: the list answers the problems one by one
                pointed = 2 * sum(1 for a in answers if len(a) == 1) >= len(answers) >= 2
                for m, answered in zip(run_measures, answers):
                    if len(answered) == 1:
                        carried = answered
                    elif carried is not None:
                        answered = carried
                    elif pointed and len(run_problems) >= 3 and answered is run_problems:  # (it shares none)
                        # a general step ahead of steps that mostly name their problem ("针对上述问题：一是加强组织
                        # 领导…；二是<a problem's step>…"), sharing words with none of three or more: it answers none
                        answered = []
                    for p in answered:
                        if m not in links[p]:
                            links[p].append(m)
            used.update(run_measures)
    for m in range(len(measures)):
        if m in used:
            continue
        nth = _NTH.search(texts[1][m])
        n = parse_number(nth.group("n")) if nth is not None else named(m) if named is not None else None
        if n is not None and 1 <= n <= len(problems):
            links[int(n) - 1].append(m)
            used.add(m)
    if not answering:
        return [sorted(x, key=lambda m: measures[m][0]) for x in links]
    if outlook is not None:
        # the report's outlook (下一步…) is for the work at large: only its own entry or a number ties it to one
        used.update([m for m in range(len(measures)) if m not in used and outlook(m)])
    # (3) the steps after a lone problem, in its section
    if paths is not None:
        last, alone, since_measure = -1, False, 0  # the last problem; whether it was the only one of its run
        for _, what, k in events:
            if what == 0 and k in again:
                # a heading naming again a problem listed before: what follows is no earlier problem's
                last, since_measure = -1, 0
                continue
            if what == 0:
                last, since_measure = k, since_measure + 1
                alone = since_measure == 1
                continue
            since_measure = 0
            if last < 0 or k in used:
                continue
            own = paths[0][last]
            inside = paths[1][k][: len(own)] == own
            # the measure lies in the section the problem heads ("1.<problem>" with its 一是/二是 under it):
            # the problem's, whatever problems came right before it
            if heads(last, paths[1][k]):
                links[last].append(k)
                used.add(k)
                continue
            # the last problem is a detail or a cause told in the body of a section its problem titles
            # ("二、<problem>的问题。" then why it arose, then the steps): the steps answer the section's problem
            title = title_of(last)
            if title is not None and heads(title, paths[1][k]):
                links[title].append(k)
                used.add(k)
            elif alone and inside:
                links[last].append(k)
                used.add(k)
    # (4) problems listed, then as many measure entries after them: in order
    open_problems = [p for p in range(len(problems)) if not links[p] and p not in again]
    if len(open_problems) >= 2:
        after = problems[open_problems[0]][0]
        entries: list[list[int]] = []
        last_block: int | None = None
        for m in range(len(measures)):
            if m in used or measures[m][0] <= after:
                continue
            block = min(measures[m][2]) if measures[m][2] else -m
            if entries and block == last_block:
                entries[-1].append(m)
            else:
                entries.append([m])
            last_block = block
        if (
            len(entries) == len(open_problems)
            and all(problems[p][0] < measures[e[0]][0] for p, e in zip(open_problems, entries))
            and _order_holds(open_problems, entries, texts, words, problem_vector, strict=order_by_words)
        ):
            for p, entry in zip(open_problems, entries):
                links[p].extend(entry)
                used.update(entry)
    # (5) shared words, with the problems not too far before (a long document stays linear)
    starts = [s for s, _, _ in problems]
    for m, (ms, _, _) in enumerate(measures):
        if m in used:
            continue
        vector = _vector(texts[1][m], words[1][m] if words else ())
        lead = leads(m) if leads is not None else ""
        if lead:
            vector.update(_vector(lead, ()))
        before = bisect_left(starts, ms)  # the problems before the measure, the nearest _NEARBY of them
        scored = sorted(
            (-_cosine(problem_vector(p), vector), p) for p in range(max(0, before - _NEARBY), before) if p not in again
        )
        if not scored:
            continue
        best_score, best = -scored[0][0], scored[0][1]
        second = -scored[1][0] if len(scored) > 1 else 0.0
        if best_score > _SIMILAR or (
            best_score >= _MARGIN_SIMILAR
            and best_score >= _MARGIN * second
            and sum(1 for k in problem_vector(best).keys() & vector.keys() if not k.startswith("w:")) >= 2
        ):
            links[best].append(m)
    # (6) a detail or a cause told in a numbered problem's entry ("（二）<problem>。<detail>。") or in the body of
    # a section a problem titles is no entry of its own: a step that answers it (found by the words it repeats,
    # by the order of the lists, or by where it stands) answers the problem that titles it
    for p, h in sorted(_entry_heads(problems, measure_starts, by_block, own_entry, title_of, details).items()):
        if links[p]:
            links[h].extend(m for m in links[p] if m not in links[h])
            links[p] = []
    return [sorted(x, key=lambda m: measures[m][0]) for x in links]


def _to_all(
    text: str,
    problems: Sequence[Finding],
    measures: Sequence[Finding],
    links: list[list[int]],
    words: Callable[[Finding], list[str]],
) -> list[list[int]]:
    """In a briefing or a news item (a meeting's 会议指出…, then 会议要求，一要…；二要…): a requirement told after the
    problems, in a sentence of its own, speaks to everyone (docs/gold.md: requirements that speak to all the units
    at once answer no problem) — wherever the structure put it, it answers only the problem before it that it shares
    most words with, once it shares any (:data:`_RUN_SIMILAR`, as in a run: 二要对超期未办结的信访件逐件督办 after
    信访件办理超期). A requirement in the problem's own sentence (…不熟练，要加强培训) is its answer."""
    out: list[list[int]] = [[] for _ in links]
    vectors: dict[tuple[str, int], Counter[str]] = {}

    def vector(kind: str, n: int) -> Counter[str]:
        if (kind, n) not in vectors:
            f = problems[n] if kind == "p" else measures[n]
            vectors[(kind, n)] = _vector(f.text, words(f))
        return vectors[(kind, n)]

    for k, answered in enumerate(links):
        for m in answered:
            at = measures[m].span[0]
            # its clause opens with the requirement (一要 is a list marker the measure's text leaves out)
            to_all = _REQUIREMENT.match(text, start_before(text, at, _CLAUSE_STOPS, _WINDOW)) is not None
            if not to_all or _sentence_start(text, at) <= problems[k].span[0]:
                out[k].append(m)
                continue
            before = [p for p in range(len(problems)) if problems[p].span[0] < at]
            scored = sorted((-_cosine(vector("p", p), vector("m", m)), p) for p in before)
            if scored and -scored[0][0] >= _RUN_SIMILAR and m not in out[scored[0][1]]:
                out[scored[0][1]].append(m)
    return [sorted(x, key=lambda m: measures[m].span[0]) for x in out]


def _entry_heads(
    problems: Sequence[tuple[int, int, frozenset[int]]],
    measure_starts: Sequence[int],
    by_block: dict[int, list[tuple[int, int]]],
    own_entry: Callable[[int], bool] | None,
    title_of: Callable[[int], int | None],
    details: Callable[[int, int], bool] | None = None,
) -> dict[int, int]:
    """For each problem that is a detail of another, that problem: the numbered (or 问题-labelled) problem it
    follows in its block with no other such problem between and no step (a problem found after the steps —
    "“回头看”发现，…" — is one of its own) — with ``details`` (given two problems' indices, whether the second
    is told after the first in the first's entry: :func:`_told_after`), only where it says so — or the problem
    that titles its section (``measure_starts``: where the measures start, in order)."""
    heads: dict[int, int] = {}
    if own_entry is not None:
        for block in sorted(by_block):
            head: int | None = None
            for what, k in by_block[block]:
                if what != 0:
                    continue
                if own_entry(k):
                    head = k
                elif (
                    head is not None
                    and min(problems[k][2]) == block
                    and bisect_left(measure_starts, problems[k][0]) == bisect_left(measure_starts, problems[head][1])
                    and (details is None or details(head, k))
                ):
                    heads[k] = head
    for p in range(len(problems)):
        if p not in heads:
            title = title_of(p)
            if title is not None and title != p:
                heads[p] = title
    # a head that is itself a detail: the head of its head (a title over numbered problems is no head of theirs:
    # those are entries of their own, so they never become details here)
    for p in sorted(heads):
        h = heads[p]
        while h in heads and heads[h] != p:
            h = heads[h]
        heads[p] = h
    return heads


# a list marker or a problem label at an entry's start: "（二）", "2.", "二、", "①", "问题3："
_ENTRY_MARK = regex.compile(
    r"(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、)）]|[\u2460-\u2473]|"
    r"问题[一二三四五六七八九十\d]{0,3}[:：])[ \u3000]*"
)


_SENTENCE_END = regex.compile(r"[。！？!?]")
# the opening of a sentence that enumerates causes: "这些问题的产生，一是…", "究其原因，一是…"
_CAUSES_LEAD = regex.compile(r"原因|根源|究其|(?:问题|现象)的?产生")


def _own_entry(text: str, start: int, items: Sequence[Item], every: Sequence[Item] | None = None) -> bool:
    """Whether the problem at ``start`` is an entry of its own: its item has a list marker (not causes enumerated
    after a problem) or a 问题 label (not one that tells the details of the problem named before it: 问题描述, 具体
    表现; with ``every``, the document's items, only the first sentence of the field, the rest being its details),
    or its words start with one or follow one (a flattened "。（二）关于“…”的问题"). Without ``every`` every sentence
    of a 问题 field counts: what :func:`_in_entry` asks (told in an entry)."""
    if items and items[0].role == "problem" and items[0].label and DETAILS_LABEL.search(items[0].label):
        return False
    if items and items[0].marker is not None:
        # causes enumerated after the problem ("这些问题的产生，一是…；二是…") tell its details: no entries of their own
        return not (items[0].kind == "enum" and _CAUSES_LEAD.search(text, _sentence_start(text, start), start))
    if items and items[0].role == "problem":
        # the first item under its 问题 label, or one in that item's sentence ("问题：A；B"); the sentences after
        # it tell its details ("问题1：<problem>。巡察发现，<details>。")
        first = opening = items[0]
        k = first.index - 1
        while every is not None and k >= 0 and every[k].block == first.block and every[k].label == first.label:
            opening, k = every[k], k - 1
        return not _SENTENCE_END.search(text, opening.end, first.start)
    if _ENTRY_MARK.match(text, start) is not None:
        return True
    return any(m.end() == start for m in _ENTRY_MARK.finditer(text, max(0, start - 8), start))


def _told_after(text: str, items: Sequence[Item], head: Sequence[Item], detail: Sequence[Item]) -> bool:
    """Whether the problem of items ``detail`` is told after the problem of items ``head`` in its entry: in a
    later sentence ("（二）<problem>。<detail>。" — not a problem beside it in a list: "发现以下问题：A，B；C"), with
    no other entry begun between them (二是, （三）: whether or not that entry's own problem was found)."""
    if not head or not detail or detail[0].start < head[-1].end:
        return False
    if not _SENTENCE_END.search(text, head[-1].end, detail[0].start):
        return False
    return all(it.marker is None for it in items[head[-1].index + 1 : detail[0].index + 1])


def _in_entry(text: str, start: int, items: Sequence[Item], first_of_block: dict[int, Item]) -> bool:
    """Whether the problem at ``start`` is a list entry or told in one: an entry of its own, or in a block
    that opens with a list marker ("（一）预检分诊：<problem>；<problem>")."""
    return _own_entry(text, start, items) or any(first_of_block[it.block].marker is not None for it in items)


# a problem introduced as found: "“回头看”发现，…", "抽查中发现", "经查，"
_FOUND = regex.compile(r"(?:发现|查出|查实|经查|指出)[，,：:]?[ \u3000]*$")


def _found_anew(text: str, start: int) -> bool:
    """Whether the words just before the problem at ``start``, in its sentence, say it was found."""
    return _FOUND.search(text, max(0, start - 12), start) is not None


def _answered_in_run(vector: Counter[str], run: list[int], problem_vector: Callable[[int], Counter[str]]) -> list[int]:
    """The problems of a run a measure (its ``vector``) after it answers: the one it shares clearly most
    words with, when there is one (at least :data:`_RUN_SIMILAR`, and half again as much as any other); else
    the few it shares about as much with (within that factor of the most); else, sharing none, all of them — ``run``
    itself, which a caller tells from a list of all of them by identity."""
    if len(run) < 2:
        return run
    scores = [_cosine(problem_vector(p), vector) for p in run]
    ranked = sorted(range(len(run)), key=lambda j: (-scores[j], j))
    best, second = scores[ranked[0]], scores[ranked[1]]
    if best >= _RUN_SIMILAR and best >= 1.5 * second:
        return [run[ranked[0]]]
    if best >= _RUN_SIMILAR:
        # a few share its words about as much ("学生宿舍人均面积小" / "部分宿舍住10人"): those, not the others
        return [p for p, score in zip(run, scores) if 1.5 * score > best]
    return run  # itself: it shares none


def _order_holds(
    problems: list[int],
    entries: list[list[int]],
    texts: tuple[Sequence[str], Sequence[str]],
    words: tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]] | None,
    problem_vector: Callable[[int], Counter[str]],
    strict: bool = False,
) -> bool:
    """Whether the words do not gainsay pairing a list of problems and as many measure entries in order:
    of the entries that share enough words with some problem, no more point at another problem than at
    the one in their place (a report that answers its problems in another order is paired by words); with
    ``strict``, whether the words bear it out: more point at the one in their place."""
    vectors = [problem_vector(p) for p in problems]
    agree = disagree = 0
    for i, entry in enumerate(entries):
        vector: Counter[str] = Counter()
        for m in entry:
            vector.update(_vector(texts[1][m], words[1][m] if words else ()))
        scores = [_cosine(v, vector) for v in vectors]
        best = max(range(len(scores)), key=lambda j: (scores[j], -j))
        if scores[best] < _SIMILAR:
            continue
        if best == i:
            agree += 1
        else:
            disagree += 1
    return disagree < agree if strict else disagree <= agree


def _vector(text: str, words: Sequence[str]) -> Counter[str]:
    """Character bigrams and words (longer than one character) of a text, without the words every
    problem and measure shares."""
    grams = _bigrams(text)
    for w in words:
        if len(w) > 1 and w not in _STOP_BIGRAMS:
            grams["w:" + w] += 1
    return grams


class LedgerExtractor(Extractor):
    """The rectification ledger: each problem the text answers, with its measures, owners, deadline, status."""

    name = "ledger"
    version = "1.0.0"
    output_model = LedgerEntry
    requires = ("measures", "problems")
    description = (
        "rectification ledger: problem → measures, 责任单位, 整改时限, 整改状态 (builds on problems and measures)"
    )

    def extract(self, doc: Document, context: Context | None = None) -> list[LedgerEntry]:
        if context is None:
            context = Context.default(doc)
        problems = list(context.findings.get("problems") or [])
        measures = list(context.findings.get("measures") or [])
        if "problems" not in context.findings or "measures" not in context.findings:
            # called on its own, outside a pipeline: read them as the problems and measures extractors do
            problems, measures = _own_findings(doc, context)
        if not problems or not measures:
            return []
        items = doc.items()
        by_span = {(f.start, f.end): f for f in context.item_findings()}

        def items_of(f: Finding) -> Sequence[Item]:
            """The items of a finding's run, or, for a finding from elsewhere, the items it overlaps."""
            found = by_span.get((f.span[0], f.span[1]))
            if found is not None and found.items:
                return found.items
            return [it for it in items if it.start < f.span[1] and f.span[0] < it.end]

        p_items = [items_of(p) for p in problems]
        m_items = [items_of(m) for m in measures]
        p_info = [(p.span[0], p.span[1], _blocks_of(its)) for p, its in zip(problems, p_items)]
        m_info = [(m.span[0], m.span[1], _blocks_of(its)) for m, its in zip(measures, m_items)]

        def words(f: Finding) -> list[str]:
            return [w for w, _, _ in doc.words_in(f.span[0], f.span[1])]

        finding_ends = sorted(f.span[1] for f in (*problems, *measures))
        problem_texts = [p.text for p in problems]
        fixed, again = restated(
            doc,
            p_info,
            problem_texts,
            lambda p: _vector(problems[p].text, words(problems[p])),  # asked only under a heading that restates
            p_items,
            [(m.span[0], m.span[1]) for m in measures],
            lambda m: _vector(measures[m].text, words(measures[m])),
        )
        aimed, names = aimed_again(doc.text, p_info, problem_texts, m_info, again)
        fixed = {**aimed, **fixed}
        again = again | names
        # a survey's suggestions take up the problems it found, and a summary's next steps those it admits
        # (docs/gold.md): by topic more than by order
        by_topic = context.label in ("survey", "summary")
        links = pair(
            p_info,
            m_info,
            (problem_texts, [m.text for m in measures]),
            ([words(p) for p in problems], [words(m) for m in measures]),
            ([its[0].path if its else () for its in p_items], [its[0].path if its else () for its in m_items]),
            lambda m: _named_before(doc.text, measures[m].span[0]),
            answering=context.label in (None, "rectification") or by_topic,
            order_by_words=by_topic,
            leads=lambda m: lead_in(doc.text, finding_ends, measures[m].span[0]),
            # in a survey or a summary the suggestions or next steps are what answers (下一步工作建议, 下一步打算)
            outlook=None
            if by_topic
            else lambda m: looks_ahead(doc.text, measures[m].span[0], m_items[m][0].path if m_items[m] else ()),
            own_entry=lambda p: _own_entry(doc.text, problems[p].span[0], p_items[p], items),
            found=lambda p: _found_anew(doc.text, problems[p].span[0]),
            fixed=fixed,
            again=again,
            details=lambda h, p: _told_after(doc.text, items, p_items[h], p_items[p]),
        )
        if context.label in ("briefing", "other"):
            links = _to_all(doc.text, problems, measures, links, words)
        written = document_date(doc.text)
        # a text that orders the units it checked (an inspection notice, not a report of one's own steps): the unit
        # an order names is responsible, and 立即 or 限期整改 in it is a time limit (docs/gold.md)
        orders = context.label not in (None, "rectification")
        # an order or a notice to one unit (整改通知书, 指令书: "你单位…"): the unit it is addressed to answers for
        # each problem whose own words name no other (docs/gold.md)
        to = addressee(doc.text) if orders else None
        items_of_block: dict[int, list[Item]] = {}
        for it in items:
            items_of_block.setdefault(it.block, []).append(it)
        starts_of_block = {block: [it.start for it in its] for block, its in items_of_block.items()}
        block_sets = [
            p_info[k][2] | frozenset().union(*(m_info[m][2] for m in links[k])) if links[k] else frozenset()
            for k in range(len(problems))
        ]
        # the lines right after an entry's numbered steps, in the same section, are its own: its fields
        # ("1.…；2.…；3.…。⏎责任部门：…；完成时间：…") or a sentence closing it ("该件由…负责，已整改到位。") — the block
        # the next item after its last measure opens, when it holds no problem or measure and no heading
        item_starts = [it.start for it in items]
        finding_blocks = frozenset().union(*(info[2] for info in (*p_info, *m_info)))
        for k in range(len(problems)):
            if not links[k]:
                continue
            last = max(links[k], key=lambda m: m_info[m][1])
            after = bisect_left(item_starts, m_info[last][1])
            if after < len(items) and m_items[last]:
                block = items[after].block
                if (
                    block not in finding_blocks
                    and items[after].path == m_items[last][-1].path
                    and all(it.kind != "heading" for it in items_of_block.get(block, ()))
                ):
                    block_sets[k] = block_sets[k] | {block}
        # the document's sections (start, -depth, end, where the heading starts), by start
        sections = sorted(
            (sec.span[0], -sec.depth, sec.span[1], sec.heading_span[0])
            for sec in doc.outline.walk()
            if sec.depth > 0 and sec.heading_span is not None
        )
        section_starts = [sec[0] for sec in sections]

        def heading_starts(at: int) -> list[int]:
            # where the headings of the sections holding ``at`` start, the innermost first (of the 50
            # sections that start last before it)
            last = bisect_right(section_starts, at)
            holding = [(sections[i][1], sections[i][3]) for i in range(max(0, last - 50), last) if sections[i][2] > at]
            return [h for _, h in sorted(holding)]

        # where each problem and measure starts (problems numbered first, then measures), in text order
        firsts = sorted((f.span[0], i) for i, f in enumerate((*problems, *measures)))
        first_chars = [at for at, _ in firsts]
        first_owner = [i for _, i in firsts]
        owners: dict[int, int] = {}  # block -> how many entries it belongs to
        for block_set in block_sets:
            for block in block_set:
                owners[block] = owners.get(block, 0) + 1
        linked = {len(problems) + m for ms in links for m in ms}  # the measures some entry holds, as in firsts
        out = []
        for k, problem in enumerate(problems):
            if not links[k]:
                continue
            answer = [measures[m] for m in links[k]]
            block_set = block_sets[k]
            # the items of its blocks near it (a flattened document is one block: its fields are not all of them)
            lo = _reach(doc.text, min(problem.span[0], *(m.span[0] for m in answer)), -_WINDOW)
            hi = _reach(doc.text, max(problem.span[1], *(m.span[1] for m in answer)), _WINDOW)
            scope = [
                it
                for block in sorted(block_set)
                for it in items_of_block.get(block, ())[
                    bisect_left(starts_of_block.get(block, []), lo) : bisect_left(starts_of_block.get(block, []), hi)
                ]
            ]
            # other entries in the same blocks: then a time limit in the blocks' running text may be any one's,
            # and is not taken for this one
            shared = any(owners[block] > 1 for block in block_set)
            own = {k, *(len(problems) + m for m in links[k])}

            def others(
                lo: int, hi: int, own: set[int] = own, *, held_only: bool = False, problems_only: bool = False
            ) -> bool:
                # whether another entry's problem or measure starts in [lo, hi]; ``held_only``: not counting a
                # measure no entry holds (it is no other entry's); ``problems_only``: problems alone
                return any(
                    first_owner[t] not in own
                    and (
                        first_owner[t] < len(problems)
                        or (not problems_only and (not held_only or first_owner[t] in linked))
                    )
                    for t in range(bisect_left(first_chars, lo), bisect_right(first_chars, hi))
                )

            def claimed(at: int) -> bool:
                # whether ``at`` lies in the sentence of another entry's problem or measure, from where that
                # one starts: status words there are that entry's
                return others(_sentence_start(doc.text, at), at)

            first = min(m.span[0] for m in answer)
            # a report that lists its problems, then answers them: others' entries between (where its steps start)
            apart = first if first > problem.span[1] and others(problem.span[1], first) else None

            units, deadline, status = self._fields(
                doc,
                problem,
                answer,
                scope,
                written,
                shared,
                claimed,
                heading_starts,
                apart,
                orders,
                partial(others, held_only=True),
            )
            if any(_SECOND_PERSON.fullmatch(u.text) for u in units):
                # "责令你公司…": the unit is the one addressed, as its salutation names it (none when unknown)
                units = [u for u in units if not _SECOND_PERSON.fullmatch(u.text)]
                if to is not None and all(u.span != to for u in units):
                    units.insert(0, Mention(**finding_span(doc, *to)))
            if not units and to is not None:
                units = [Mention(**finding_span(doc, *to))]
            out.append(
                LedgerEntry(
                    **finding_span(doc, *problem.span),
                    problem=problem.id or "",
                    measures=[m.id or "" for m in answer],
                    units=units,
                    deadline=deadline,
                    status=status,
                    score=round(min([problem.score, *(m.score for m in answer)]), 4),
                    explanation="ledger: "
                    + ("same entry" if any(p_info[k][2] & m_info[m][2] for m in links[k]) else "named or similar"),
                )
            )
        measure_start = {m.id: m.span[0] for m in measures}
        last_parts = [max(e.span[0], *(measure_start[i] for i in e.measures)) for e in out]
        first_problem = min(p.span[0] for p in problems)
        _said_by_number(doc, out)
        _said_of_several(doc, out, last_parts)
        _said_of_all_before(doc, out, first_problem)
        _said_by_heading(doc, out)
        measures_by_id = {m.id: m for m in measures}
        _told_done(doc, out, measures_by_id)
        if by_topic:
            _planned_ahead(doc, out, measures_by_id)
        _deadline_of_several(doc, out, last_parts, written)
        if any(e.deadline is None for e in out):
            # the time limit the report sets, before its problems, for all of them
            overall = _overall_deadline(doc, first_problem, written)
            for e in out:
                e.deadline = e.deadline or overall
        return out

    def _fields(
        self,
        doc: Document,
        problem: Finding,
        answer: list[Finding],
        scope: list[Item],
        written: tuple[int, int] | None,
        shared: bool = False,
        claimed: Callable[[int], bool] | None = None,
        heading_starts: Callable[[int], list[int]] | None = None,
        apart: int | None = None,
        orders: bool = False,
        another_entry: Callable[..., bool] | None = None,
    ) -> tuple[list[Mention], Deadline | None, Status | None]:
        text = doc.text
        # where to look: the entry's labelled fields first, then its problem's and measures' own sentences or
        # lines, then the rest of its blocks (never the text between its problem and its measures, which holds
        # other entries when a report lists its problems first)
        start = problem.span[0]
        end = max([problem.span[1], *(m.span[1] for m in answer), *(it.end for it in scope if it.start >= start)])
        fields = {role: [it for it in scope if it.role == role] for role in ("unit", "deadline", "status")}
        units: list[Mention] = []
        for it in fields["unit"]:
            units.extend(Mention(**finding_span(doc, s, e)) for s, e in find_units_in_value(text, it.start, it.end))
        if not units:
            if apart is not None:
                # a report that lists its problems, then answers them (``apart``: where its first measure starts,
                # other entries between): the problem's sentence and the measures' from where the first one's
                # starts, not the other entries between them
                ranges = [
                    (start, _end_at(text, problem.span[1], apart, "。！？\n")),
                    (_sentence_start(text, apart), end),
                ]
            else:
                ranges = [(start, end)]
            named_units = sorted({span for lo, hi in ranges for span in find_units(text, lo, hi, orders=orders)})
            units = [Mention(**finding_span(doc, s, e)) for s, e in named_units]
        if not units:
            # the body its measures name as acting (县医保中心已…) — where the measure starts, or where its
            # ；-clause or sentence does (镇财政所对…进行了补正；组织…) — or give the step to (由医务科每月抽查…);
            # and the one its sentence, paragraph or section is labelled with when the report goes unit by
            # unit (东岭乡：…; 护理部：…。药学部：… in one line)
            spans = {span for m in answer for span in _acting(text, *m.span)}
            for at in (
                _sentence_start(text, problem.span[0]),
                text.rfind("\n", 0, problem.span[0]) + 1,
                *(heading_starts(problem.span[0]) if heading_starts else ()),
            ):
                span = find_label_unit(text, at)
                if span is not None:
                    spans.add(span)
                    break
            units = [Mention(**finding_span(doc, s, e)) for s, e in sorted(spans)]
        deadline = None
        # a time-limit field; else the ；-clauses, then the sentences, of the entry's problem and measures (in a
        # sentence, not a time limit that stands in another entry's part of it); else, when no other problem
        # shares the block, the rest of it
        own = [problem, *answer]

        def past_another(at: int) -> bool:
            # whether another entry's problem starts between the entry's last part before ``at`` and ``at``: a
            # field there is that one's ("（整改期限：…）" closing the next problem's steps); a record's field after
            # the steps of all its problems ("①…②…⏎整改期限：…") is each one's
            before = [f.span[0] for f in own if f.span[0] <= at]
            return bool(before) and another_entry is not None and another_entry(max(before), at, problems_only=True)

        deadline_ranges = [(it.start, it.end, True) for it in fields["deadline"] if not past_another(it.start)]
        own_blocks = [(it.start, it.end) for it in scope]

        def own_ranges(marks: str) -> list[tuple[int, int]]:
            # each of its problem's and measures' sentences ("。！？\n") or lines ("\n"), from where it starts, at
            # most _WINDOW characters past its end (a flattened document is one line)
            return [(f.span[0], _end_at(text, f.span[1], min(end, f.span[1] + _WINDOW), marks)) for f in own]

        own_clauses, own_sentences = own_ranges("。！？；;\n"), own_ranges("。！？\n")
        deadline_ranges += [(lo, hi, False) for lo, hi in own_clauses]
        clauses_read = len(deadline_ranges)
        deadline_ranges += [(lo, hi, False) for lo, hi in own_sentences]
        if not shared:  # the entry's own blocks, not the text between its problem and its measures
            deadline_ranges += [(lo, hi, False) for lo, hi in own_blocks]
        # blocks shared with other entries: the text after the entry's own sentences, up to where another
        # entry's problem or measure starts ("…。目前正在施工，2018年12月底前完成。" closing the last entry of a
        # paragraph, or the problems one step answers)
        last = max(f.span[0] for f in own)
        tail = max(hi for lo, hi in own_sentences)
        shared_tail = len(deadline_ranges)
        if shared and another_entry is not None:
            deadline_ranges += [(max(lo, tail), hi, False) for lo, hi in own_blocks if hi > tail]
        for r, (lo, hi, in_field) in enumerate(deadline_ranges):
            hit = find_deadline(text, lo, hi, written, field=in_field, orders=orders)
            if hit is None or (r >= clauses_read and claimed is not None and claimed(hit.start)):
                continue  # none, or in another entry's part of the sentence: that one's
            if r >= shared_tail and another_entry is not None and another_entry(last, hit.start):
                continue  # past another entry's problem or measure: that one's
            deadline = Deadline(**finding_span(doc, hit.start, hit.end), kind=hit.kind, date=hit.date)
            break
        status = None
        # a status field; else the ；-clauses, then the sentences (and a sentence closing the entries before it:
        # 以上问题已整改完成), then the lines, of the entry's problem and measures from where each starts (a
        # report often closes each measure's line with 已整改。 or 正在整改，…); else the entry's blocks. Status
        # words in its sentences that stand in another entry's part of them are that entry's, and so, where
        # other entries share its blocks, are those past its own sentences, unless they speak of all
        # ("以上问题均已整改完成"); a sentence of their own ("已整改完成。" closing a unit's paragraph) is every
        # entry's of the block
        closing = [r for f in own for r in _closing(text, f.span[1])]
        promised: StatusHit | None = None  # 拟/将 in the entry's own words: its status when nothing wider says one
        for status_ranges, everyone, in_field, own_words in (
            ([(it.start, it.end) for it in fields["status"]], False, True, True),
            ([*own_clauses, *closing], False, False, True),
            ([*own_sentences, *closing], True, False, True),
            (own_ranges("\n"), shared, False, False),
            (own_blocks, shared, False, False),
        ):
            hits = [
                h
                for lo, hi in status_ranges
                if (h := find_status(text, lo, hi, field=in_field)) is not None
                and (not everyone or _speaks_of_all(text, h.start) or claimed is None or not claimed(h.start))
                and not _closes_the_above(text, h.start, start)
                # past its own sentences, a tally ("共发现问题10个，已整改8个") counts problems, and is no one's
                and (own_words or _TALLY.match(text, h.end) is None)
                # nor, in an entry whose blocks no other shares, what stands outside them: a paragraph that runs
                # several numbered entries together is one line ("1、…；2、…。现报告如下：1、…已完成；2、…")
                and (own_words or shared or any(lo <= h.start < hi for lo, hi in own_blocks))
            ]
            if deadline is not None and len(hits) > 1:
                # the words of its time limit (整改时限：长期坚持) say when, not how far, where other words say how
                # far (整改情况：正在推进)
                hits = [h for h in hits if not deadline.span[0] <= h.start < deadline.span[1]] or hits
            if hits:
                found = min(hits, key=status_order)
                if found.value == "planned" and not in_field:
                    # a step's 拟于…/将… says what is to come, not how far the rectification is: a status stated
                    # in the entry's wider text ("…，正在推进。") comes first (planned is the least of them anyway)
                    promised = promised or found
                    continue
                status = Status(**finding_span(doc, found.start, found.end), value=found.value)
                break
        if status is None and promised is not None:
            status = Status(**finding_span(doc, promised.start, promised.end), value=promised.value)
        return units, deadline, status


# a status said once of several problems: "以上问题均已整改完成", "以上两项已整改到位", "巡察反馈的8个问题已全部整改
# 完成", "这方面问题已全部整改到位", "其余问题均已整改到位" — the words before its status words name problems in
# the plural (以上, 上述, 这些, 这方面, 其余问题 …) or say all of them (问题均/都/全部); not "两处护栏均已更换", one
# problem's several things
_SEVERAL = regex.compile(
    r"以上|上述|前述|所有|这些|这方面|该方面|(?:其余|其他|其它|全部|各项)(?:问题|事项|隐患)|"
    r"(?:问题|事项|隐患|[个项条])[^，,。；;！？!?\n]{0,10}?(?:均|都|全部)"
)
_TALLY = regex.compile(rf"了?{COUNT}(?:个|项|件|条|批|处|宗|户|家|起|台|所)")
# how many it speaks of, when it says: "以上6项问题", "以上两项", "反馈的8个问题"
_HOW_MANY = regex.compile(
    r"(?:(?:以上|上述|前述)(?P<a>\d{1,3}|[一二三四五六七八九十两]{1,3})(?:个|项|条|处)"
    r"|(?P<b>\d{1,3}|[一二三四五六七八九十两]{1,3})(?:个|项|条|处)(?:具体|反馈)?(?:问题|事项|隐患))"
)


# a status said of problems by their list numbers, as a review line gives it: "复查情况：第1、2、4项已整改完毕；第3项
# 正在整改", "第1至3项已销号", "第一项、第三项已完成整改" — the numbers, then the status in the same clause
_NUMBER = r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})"
_NUMBER_SEP = regex.compile(r"[、，,和及与]")
_RANGE_SIGN = regex.compile(r"至|到|[-—~～]")
_BY_NUMBER = regex.compile(
    rf"第(?P<nums>{_NUMBER}(?:(?:{_NUMBER_SEP.pattern}|{_RANGE_SIGN.pattern})第?{_NUMBER})*)(?:项|个|条|处)"
    r"(?:问题|隐患|事项)?"
)


def _numbers(nums: str) -> list[int]:
    """The list numbers "1、2、4" / "1至3" / "一、三" name, in order."""
    out: list[int] = []
    for part in _NUMBER_SEP.split(nums):
        ends = [cn_ordinal(x.lstrip("第")) or 0 for x in _RANGE_SIGN.split(part)]
        if len(ends) == 2 and 0 < ends[0] <= ends[1] <= ends[0] + 50:
            out.extend(range(ends[0], ends[1] + 1))
        elif len(ends) == 1 and ends[0] > 0:
            out.append(ends[0])
    return out


def _said_by_number(doc: Document, entries: list[LedgerEntry]) -> None:
    """Give the entries the text gives no status of their own the status a clause after them states of their
    list numbers ("第1、2、4项已整改完毕；第3项正在整改"): an entry's number is that of the innermost numbered
    section holding its problem (a problem in the second clause of "5.…，…" is the fifth). A number that several
    lists of the document share is skipped (which list it means is not said)."""
    if not entries or all(e.status is not None for e in entries):
        return
    text = doc.text
    numbered: dict[int, list[int]] = {}  # list number -> entries
    lists: dict[int, set[tuple[int, int]]] = {}  # list number -> the parents (lists) its sections stand in
    for k, e in enumerate(entries):
        # the innermost numbered section holding the problem, and the list (its parent) it stands in
        chain = [doc.outline, *doc.ancestors(e.span[0], include_enum=True)]
        j = next((j for j in range(len(chain) - 1, 0, -1) if chain[j].number), 0)
        n = chain[j].number
        if not n:
            continue
        numbered.setdefault(n, []).append(k)
        lists.setdefault(n, set()).add(chain[j - 1].span)
    if not numbered:
        return
    first = min(e.span[0] for e in entries)
    matches = list(_BY_NUMBER.finditer(text, first))
    clauses = []  # (start, end, the numbers it names, the status it states)
    for i, m in enumerate(matches):
        # the clause it opens: to the next ；, 。 or line end, or to the next "第…项" of the same clause
        end = _end_at(text, m.end(), len(text), "；;。\n")
        if i + 1 < len(matches) and matches[i + 1].start() < end:
            end = matches[i + 1].start()
        clauses.append((m.start(), end, _numbers(m.group("nums")), find_status(text, m.end(), end)))
    number_of = {k: n for n, ks in numbered.items() for k in ks}
    clause_starts = [c[0] for c in clauses]
    for k, e in enumerate(entries):
        # status words the entry took from a clause that names other entries by their numbers are theirs (the
        # review line right after the last entry: "第2项正在整改" is not the third's) — not from one whose
        # numbers are no entry's here (第14项 of a feedback's own numbering)
        if e.status is not None and k in number_of:
            at = e.status.span[0]
            i = bisect_right(clause_starts, at) - 1  # the clause it lies in, if any (clauses do not overlap)
            if i >= 0 and at < clauses[i][1]:
                names = clauses[i][2]
                if names and number_of[k] not in names and all(n in numbered for n in names):
                    e.status = None
    for start, _, names, hit in clauses:
        if hit is None:
            continue
        status = Status(**finding_span(doc, hit.start, hit.end), value=hit.value)
        for n in names:
            if len(lists.get(n, ())) != 1:
                continue
            for k in numbered[n]:
                if entries[k].status is None and entries[k].span[0] < start:
                    entries[k].status = status


def _said_of_several(doc: Document, entries: list[LedgerEntry], last_parts: list[int]) -> None:
    """Give the entries the text gives no status of their own the status of a sentence that speaks of several
    problems after them (docs/gold.md: a closing sentence of a paragraph or section, or one that speaks of all):
    a sentence within a paragraph closes the entries of that paragraph before it; a paragraph of its own closes
    those of its section before it — of the section's parent too when it is the last paragraph of a last
    subsection, which a closing paragraph cannot be told apart from; a number (以上两项) takes that many of the
    last. An entry lies before it when the last of its problem and measures starts before it (``last_parts``);
    each is closed by the first such sentence after it."""
    if not entries or all(e.status is not None for e in entries):
        return
    text = doc.text
    lo = entries[0].span[0]
    parts = [e.span[0] for e in entries] + last_parts
    claimed: set[int] = set()
    for sentence in doc.sentences_in(lo, len(text)):
        several = _SEVERAL.search(text, sentence.start, sentence.end)
        if several is None:
            continue
        start = _sentence_start(text, several.start())
        end = _end_at(text, several.end(), len(text), "。！？\n")
        hit = find_status(text, start, end)
        how_many = _HOW_MANY.search(text, start, hit.start) if hit is not None else None
        if (
            hit is None
            or hit.end <= several.start()
            or hit.value == "planned"  # a promise about several ("其余问题将继续想办法解决") says where none stands
            # problems named with 均/全部 have their status right there ("问题均已整改"), not in another clause
            or (several.group().endswith(("均", "都", "全部")) and hit.start > several.end() + 1)
            # a tally, not one status of them all: "以上8处隐患中，已整改完成7处", "已整改完成4项，2项正在整改"
            or _TALLY.search(text, max(several.end(), how_many.end() if how_many else 0), end) is not None
        ):
            continue
        status = Status(**finding_span(doc, hit.start, hit.end), value=hit.value)
        closed = _closed_by(doc, start, how_many, parts, last_parts, claimed)
        if not closed and how_many is None and _ALL_ABOVE.search(text, start, hit.end) is not None:
            # "以上问题均已整改完成" in a section of its own after the problems' (三、整改成效): it speaks of all
            # of them, not of its section's
            closed = [k for k, at in enumerate(last_parts) if at < start and k not in claimed]
            claimed.update(closed)
        for k in closed:
            if entries[k].status is None:
                entries[k].status = status


# the words for problems, and 均/都/全部 after them in their clause: what says all of them stand alike
_PROBLEMS = r"(?:问题|事项|隐患)"
_EACH_OF_THEM = r"[^，,。；;！？!?\n]{0,6}?(?:均|都|全部)"
# the problems above, all of them: "以上问题均已整改完成", "上述反馈问题已全部整改到位"
_ALL_ABOVE = regex.compile(rf"(?:以上|上述|前述)(?:各项|所有|全部)?(?:反馈|巡察|检查|审计)?{_PROBLEMS}{_EACH_OF_THEM}")


# a sentence that says all the problems stand alike: "反馈的11个问题已全部整改完毕", "所有问题均已整改到位",
# "各项问题均已销号", "12项已全部销号" — the problems named (not 问题线索, cases handed over), then 均/都/全部
# right before the status words; not "款项已全部退还" (项 without a number is no count of problems)
_OF_ALL = regex.compile(
    rf"(?:所有|全部|各项){_PROBLEMS}(?!线索)|{_PROBLEMS}(?!线索){_EACH_OF_THEM}|{COUNT}(?:个|项|条)已?(?:均|都|全部)"
)


def _said_of_all_before(doc: Document, entries: list[LedgerEntry], first_problem: int) -> None:
    """Give the entries the text gives no status of their own the status a sentence before the first problem
    states of all of them (docs/gold.md: one that speaks of all) — "截至目前，反馈的11个问题已全部整改完毕" in a
    report's opening. Not a tally ("已整改9个，其余2个正在整改"), not a promise, and only a sentence of the
    opening or of a section that holds every entry (a section's "该方面问题已全部整改" is that section's)."""
    if not entries or all(e.status is not None for e in entries):
        return
    text = doc.text
    last = max(e.span[0] for e in entries)
    limit = min(first_problem, _OPENING)
    for sentence in doc.sentences_in(0, limit):
        for several in _OF_ALL.finditer(text, sentence.start, min(sentence.end, limit)):
            end = _end_at(text, several.end(), min(sentence.end, limit), "。！？；;\n")
            hit = find_status(text, several.start(), end)
            if (
                hit is None
                or hit.value == "planned"
                or hit.start > several.end() + 1  # the status right after 均/全部 or the problems named
                or _TALLY.search(text, several.end(), end) is not None
                or any(not (s.span[0] <= last < s.span[1]) for s in doc.ancestors(several.start()))
            ):
                continue
            status = Status(**finding_span(doc, hit.start, hit.end), value=hit.value)
            for e in entries:
                if e.status is None:
                    e.status = status
            return


# a section that holds the problems of one status: "一、已完成整改的问题（4个）", "（二）正在整改的问题",
# "三、需长期坚持的问题" — its title opens on how far they are and ends on what it holds
_STATUS_HEADING = regex.compile(
    r"(?P<status>(?:已|正在|基本|尚未|未|需要?|仍需|持续|长期|阶段性)\p{Han}{1,10}?)的?"
    r"(?:问题|事项|隐患|整改事项|整改任务|整改项目)(?:[（(][^）)]{0,12}[）)])?[：:。]?$"
)


def _said_by_heading(doc: Document, entries: list[LedgerEntry]) -> None:
    """Give the entries the text gives no status of their own the status the title of a section holding them
    states of every problem under it ("一、已完成整改的问题（4个）", "二、正在整改的问题"), the innermost such
    section's: a report that groups its problems by how far their rectification is."""
    text = doc.text
    for e in entries:
        if e.status is not None:
            continue
        for sec in reversed(doc.ancestors(e.span[0])):
            title_start = sec.heading_span[1] - len(sec.title)
            if sec.heading_span[1] > e.span[0] or text[title_start : sec.heading_span[1]] != sec.title:
                continue  # the entry's own heading, not one over it
            found = _STATUS_HEADING.match(text, title_start, sec.heading_span[1])
            if found is None:
                continue
            hit = find_status(text, found.start("status"), found.end("status"))
            if hit is not None:
                e.status = Status(**finding_span(doc, hit.start, hit.end), value=hit.value)
                break


# the sentence that opens a survey's or a summary's outlook and says its steps will be taken: "下半年，我们将…",
# "2024年，我局将重点抓好以下工作：", "县气象局计划…" — a body (not 已将/并将/要将/建议将: 将 as 把) then 将, 拟 or 计划
_PLANNED_OPENER = regex.compile(
    r"(?<=^|[。！？；;：:\n，,]\s*)"
    r"(?:(?P<when>下一步|今后|下阶段|下步|下半年|下学期|明年|来年|新的一年|20\d\d年)\s*[，,]\s*)?"
    r"(?!建议)(?P<who>[\p{Han}“”\"]{1,10}?)(?<![已并也还又再均都要需把应须可议])(?:将|拟|计划)(?=\p{Han}|[：:])"
)


def _planned_ahead(doc: Document, entries: list[LedgerEntry], measures: dict[str | None, Finding]) -> None:
    """In a survey or a summary, whose suggestions and next steps answer its problems: give an entry the text gives
    no status of the status ``planned`` when the sentence that opens its steps' part says they will be taken
    ("下半年，我们将围绕…，重点抓好以下工作：", "2024年，我局将…"; docs/gold.md: 拟/将/计划) — in the part's
    heading's section, before its first step, in a part of the outlook (下一步打算) or opening with its time."""
    text = doc.text
    for e in entries:
        if e.status is not None or not e.measures or e.measures[0] not in measures:
            continue
        at = measures[e.measures[0]].span[0]
        # the part the steps are in: the innermost section over them that names the outlook (下一步打算), else the
        # outermost (a step's own numbered title is a section too)
        sections = doc.ancestors(at)
        outlooks = [sec for sec in sections if _OUTLOOK_HEADING.search(sec.title)]
        part = outlooks[-1] if outlooks else sections[0] if sections else None
        start = part.heading_span[1] if part is not None and part.heading_span[1] <= at else _line_start(text, at)
        hit = None
        for m in _PLANNED_OPENER.finditer(text, max(start, at - _WINDOW), at):
            if outlooks or m.group("when"):
                hit = m
        if hit is not None:
            e.status = Status(**finding_span(doc, hit.start("who"), hit.end()), value="planned")


def _told_done(doc: Document, entries: list[LedgerEntry], measures: dict[str | None, Finding]) -> None:
    """Give the entries the text gives no status of — no word of the rectification's own status in their parts,
    none said of them by number, of several or of all — the status of a step of theirs told as done
    (``DONE_ACT``: "已督促企业补办手续", "当场更换", "验收合格"), in the step's own ；-clause or sentence — not one
    done in part, its sentence saying what remains (``REMAINDER``: "已关停29家，剩余2家…")."""
    text = doc.text
    for e in entries:
        if e.status is not None:
            continue
        for m in (measures[i] for i in e.measures if i in measures):
            end = _end_at(text, m.span[1], min(len(text), m.span[1] + _WINDOW), "。！？；;\n")
            act = DONE_ACT.search(text, m.span[0], end)
            if act is None:
                continue
            sentence_end = _end_at(text, act.end(), min(len(text), act.end() + _WINDOW), "。！？\n")
            if REMAINDER.search(text, act.end(), sentence_end) is None:  # not done in part, the rest still to do
                e.status = Status(**finding_span(doc, act.start(), act.end()), value="done")
            break


def _closed_by(
    doc: Document,
    start: int,
    how_many: regex.Match[str] | None,
    parts: list[int],
    last_parts: list[int],
    claimed: set[int],
) -> list[int]:
    """The entries a sentence about several problems starting at ``start`` closes (see :func:`_said_of_several`):
    those whose last part (``last_parts``) lies in the text it closes and no earlier such sentence claimed, the
    last ``how_many`` of them when it says how many; they are added to ``claimed``."""
    scope_start = _closed_from(doc, start, parts)
    before = [k for k, at in enumerate(last_parts) if scope_start <= at < start and k not in claimed]
    if how_many is not None:
        n = cn_ordinal(how_many.group("a") or how_many.group("b") or "") or 0
        before = before[-n:] if n > 0 else before
    claimed.update(before)
    return before


# a time limit said once of several problems: "以上长期坚持。", "上述问题力争年底前整改到位", "（本部分完成时限：
# 2018年12月底前）"
_SEVERAL_LIMIT = regex.compile(rf"(?:{_SEVERAL.pattern})|本部分|本方面|该部分|此部分")
_BARE_LIMIT = 10  # characters: a limit this short after 以上 is all its sentence says ("以上长期坚持")
# a clause that turns to some of the problems: 第4项, 其余, 其中, 另有, 剩余, 尚有
_SOME_OF_THEM = regex.compile(r"[，,；;]\s*(?:第|其余|其中|另|剩余|尚有|还有)")


def _deadline_of_several(
    doc: Document, entries: list[LedgerEntry], last_parts: list[int], written: tuple[int, int] | None
) -> None:
    """Give the entries the text gives no time limit of their own the one a sentence after them says of several
    problems (docs/gold.md), as :func:`_said_of_several` does for statuses: the entries it closes are those of
    its paragraph before it, or of its section when it is a paragraph of its own; a number (以上两项) takes
    that many of the last."""
    if not entries or all(e.deadline is not None for e in entries):
        return
    text = doc.text
    parts = [e.span[0] for e in entries] + last_parts
    claimed: set[int] = set()
    for sentence in doc.sentences_in(entries[0].span[0], len(text)):
        several = _SEVERAL_LIMIT.search(text, sentence.start, sentence.end)
        if several is None:
            continue
        start = _sentence_start(text, several.start())
        end = _end_at(text, several.end(), len(text), "。！？\n")
        rest = text[several.end() : end].strip(" \u3000，,：:")
        # a bare limit after the words that name the problems is the sentence's value (以上长期坚持)
        hit = find_deadline(text, several.end(), end, written, field=0 < len(rest) <= _BARE_LIMIT)
        if (
            hit is None
            or (hit.kind == "within" and text.startswith("限期", hit.start))
            # in a clause about some of them it is theirs ("以上第1、2项已整改完毕，第3项正在协调，预计开学前完成")
            or _SOME_OF_THEM.search(text, several.end(), hit.start) is not None
        ):
            continue
        deadline = Deadline(**finding_span(doc, hit.start, hit.end), kind=hit.kind, date=hit.date)
        for k in _closed_by(doc, start, _HOW_MANY.search(text, start, hit.start), parts, last_parts, claimed):
            if entries[k].deadline is None:
                entries[k].deadline = deadline


def _closed_from(doc: Document, start: int, parts: list[int]) -> int:
    """Where the text a closing sentence starting at ``start`` closes begins: its paragraph's start when text of
    the paragraph comes before it, else the start of its section — or of the parent's, while the section is its
    parent's last and no entry's problem or measure (``parts``, their starts) follows the sentence in it (a
    sign-off may)."""
    text = doc.text
    line = text.rfind("\n", 0, start) + 1
    if text[line:start].strip(" \u3000\t"):
        return line
    path = [doc.outline, *doc.ancestors(start)]
    k = len(path) - 1
    while k > 0 and _last_section(path[k - 1]) is path[k] and not any(start < at < path[k].span[1] for at in parts):
        k -= 1
    return path[k].span[0]


def _last_section(section: Section) -> Section | None:
    headed = [child for child in section.children if child.style != "enum"]
    return headed[-1] if headed else None


_ALL = regex.compile(r"以上|上述|均|所有|各项|这些|全部问题")
_CLAUSE_STOPS = "，,。；;！？!?\n"
_CLAUSE_END = regex.compile(f"[{_CLAUSE_STOPS}]")


def _named_before(text: str, at: int) -> int | None:
    """The number of the problem the line holding ``at`` names before it ("针对第二个问题，我们…"), the
    nearest such mention, at most :data:`_WINDOW` characters back; None when it names none."""
    mentions = list(_NTH.finditer(text, _line_start(text, at), at))
    if not mentions:
        return None
    found = mentions[-1]
    n = parse_number(found.group("n"))
    return int(n) if n is not None and n == int(n) else None


_FOR_ALL = regex.compile(r"整改|销号")
_OPENING = 3000  # characters: how far into a report its opening may set a time limit for all its problems


def _overall_deadline(doc: Document, first_problem: int, written: tuple[int, int] | None) -> Deadline | None:
    """The time limit a report sets for the whole rectification before it states its first problem ("要求6月30日
    前完成整改", "整改时限为2023年底前"): a dated or within deadline in a sentence about the rectification."""
    text = doc.text
    limit = min(first_problem, _OPENING)
    pos = 0
    for stop in [*(m.start() for m in _marks_pattern("。！？\n").finditer(text, 0, limit)), limit]:
        hit = find_deadline(text, pos, stop, written)
        if hit is not None and hit.kind in ("by_date", "within") and _FOR_ALL.search(text, pos, stop) is not None:
            return Deadline(**finding_span(doc, hit.start, hit.end), kind=hit.kind, date=hit.date)
        pos = stop + 1
    return None


def _acting(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The bodies a measure at ``text[start:end]`` names as acting — where it starts, or where its ；-clause or
    sentence does — else the bodies it gives the step to (由医务科…), else the actor after its topic."""
    clause = _clause_start(text, start)
    return (
        find_actor(text, start)
        or find_actor(text, clause)
        or find_actor(text, _sentence_start(text, start))
        or find_given_to(text, clause, end)
        or _actor_after_topic(text, start, end)
    )


def _actor_after_topic(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The actor of a measure that opens with its topic: "先施工后招标问题涉及面较广，区发改局牵头对…" — at
    the start of its second comma clause."""
    comma = _marks_pattern("，,").search(text, start, end)
    return find_actor(text, comma.end()) if comma is not None else []


# the second person of an order to one unit: 你单位, 你公司, 你站, 你院 … (not 你们, a speech's)
_SECOND_PERSON = regex.compile(
    r"你(?:单位|公司|企业|站|院|校|园|所|中心|厂|场|店|部|项目部|局|处|馆|社|村|队|矿|矿山|医院|学校|酒店|宾馆|超市|商场)"
)
# a salutation line: a name and its colon, alone on its line ("澄溪区康宁颐养院：")
_SALUTATION = regex.compile(
    r"^[ \t\u3000]*(?P<u>[^\s：:，,。；;、！？!?“”\"]{2,40}?)[ \t\u3000]*[：:][ \t\u3000\r]*$", regex.M
)
_NOT_ADDRESSEE = regex.compile(r"以下|如下|下列|问题|情况|发现|检查|要求|意见|措施|时间|地点|附件|编号|日期|联系")


def addressee(text: str) -> tuple[int, int] | None:
    """Where the one unit an order or a notice is addressed to is named (its salutation, before the body's first
    sentence), when the text speaks to it in the second person ("责令你单位…"); None for a report, which addresses
    the office it reports to and speaks of itself, and for a notice to several units (its salutation lists them)."""
    if _SECOND_PERSON.search(text) is None:
        return None
    body = _SENTENCE_END.search(text)
    limit = body.start() if body is not None else len(text)
    m = _SALUTATION.search(text, 0, limit)
    if m is None or _NOT_ADDRESSEE.search(m.group("u")) is not None:
        return None
    return m.span("u")


def lead_in(text: str, ends: Sequence[int], start: int) -> str:
    """The words before a measure at ``start`` in its ；-clause that no finding covers (``ends``: where the
    document's problems and measures end, sorted): the topic a prose report names its step by
    ("垃圾收集点问题，村里已申请增配垃圾桶" answers the collection points; "对散养农户，由村干部上门宣传" the
    free-ranging livestock)."""
    lo = _clause_start(text, start)
    before = bisect_right(ends, start)
    if before and ends[before - 1] > lo:
        lo = ends[before - 1]
    return text[lo:start]


def lead_ins(text: str, problems: Sequence[tuple[int, int]], measures: Sequence[tuple[int, int]]) -> list[str]:
    """:func:`lead_in` of each measure (start, end), with these problems and measures."""
    ends = sorted(e for _, e in (*problems, *measures))
    return [lead_in(text, ends, start) for start, _ in measures]


_OUTLOOK = regex.compile(r"\s*(?:下一步|下步|今后|下阶段|接下来)")
_OUTLOOK_HEADING = regex.compile(r"下一步|下步|今后|下阶段|打算|展望")
_OUTLOOK_SENTENCE, _OUTLOOK_PARAGRAPH = 1, 2


def looks_ahead(text: str, start: int, path: Sequence[str]) -> int:
    """Whether the measure at ``start`` is part of the report's outlook — steps for the work at large, not for
    one problem: 2 when its paragraph opens with 下一步/今后/下阶段… (a closing paragraph, even in the block of
    the last entry's body), 1 when its sentence does or its section is the 下一步工作打算 (one that does not
    also hold the problems: 存在的问题和下一步打算), else 0."""
    if _OUTLOOK.match(text, _line_start(text, start)):
        return _OUTLOOK_PARAGRAPH
    if _OUTLOOK.match(text, _sentence_start(text, start)):
        return _OUTLOOK_SENTENCE
    if any(_OUTLOOK_HEADING.search(h) and not _PROBLEM_HEADING.search(h) for h in path):
        return _OUTLOOK_SENTENCE
    return 0


# a requirement's opening: 一要/二要…, 要 (not 要求, 要点), 必须, 务必
_REQUIREMENT = regex.compile(r"\s*(?:[一二三四五六七八九十]要|要(?!求|是|点)|必须|务必)")
_PROBLEM_HEADING = regex.compile(r"问题|不足|困难|差距|短板")


def _line_start(text: str, at: int) -> int:
    """Where the line holding ``at`` starts, at most :data:`_WINDOW` characters back."""
    return start_before(text, at, "\n", _WINDOW)


def _clause_start(text: str, at: int) -> int:
    """Where the ；-clause holding ``at`` starts (after 。！？； or a line break, at most :data:`_WINDOW` back)."""
    return start_before(text, at, "。！？；;\n", _WINDOW)


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``at`` starts: after the last 。！？ or line break before it, at most
    :data:`_WINDOW` characters back (a 1 MB paragraph without a full stop is not read back to its start)."""
    return start_before(text, at, "。！？\n", _WINDOW)


def _speaks_of_all(text: str, at: int) -> bool:
    """Whether the clause around ``at`` speaks of all the problems: 以上问题均已整改, 上述问题全部销号."""
    start = start_before(text, at, _CLAUSE_STOPS, _WINDOW)
    end = _CLAUSE_END.search(text, at)
    return _ALL.search(text, start, end.start() if end else len(text)) is not None


_ABOVE = regex.compile(r"以上|上述|前述")


def _closes_the_above(text: str, at: int, problem_start: int) -> bool:
    """Whether status words at ``at``, before an entry's problem, stand in a sentence about what came above
    (以上问题已完成整改。…整改工作虽然取得阶段性成效，但<problem>…): they close the problems before them, not one
    told after them."""
    return at < problem_start and _ABOVE.search(text, _sentence_start(text, at), at) is not None


# 以上问题已整改完成, 以上三项已整改到位, 以上已整改完成 (a sentence without status words gives none)
_CLOSING = regex.compile(r"[ \u3000]*(?:以上|上述)[^。！？\n]{0,40}?[。！？\n]")


def _closing(text: str, end: int) -> list[tuple[int, int]]:
    """The sentence right after the one a finding ends in, when it closes the entries before it ("…加装防撞柱。
    以上问题已整改完成。"): its status is theirs."""
    after = _end_at(text, end, min(len(text), end + _WINDOW), "。！？\n") + 1
    m = _CLOSING.match(text, after)
    return [(m.start(), m.end())] if m is not None else []


def _end_at(text: str, pos: int, limit: int, marks: str) -> int:
    """Where the first of ``marks`` after ``pos`` stands — the end of its line ("\\n") or sentence
    ("。！？\\n") — at most ``limit`` (or ``pos`` when ``limit`` lies before it)."""
    limit = max(pos, limit)
    found = _marks_pattern(marks).search(text, pos, limit)
    return found.start() if found is not None else limit


@lru_cache(maxsize=16)
def _marks_pattern(marks: str) -> regex.Pattern[str]:
    return regex.compile("[" + regex.escape(marks) + "]")


def _own_findings(doc: Document, context: Context) -> tuple[list[Finding], list[Finding]]:
    from .problems import item_findings

    out = []
    for label, name in (("problem", "problems"), ("measure", "measures")):
        found = item_findings(doc, context, label, Finding)
        for n, f in enumerate(found, 1):
            f.id = f"{name}/{n}"
        out.append(found)
    return out[0], out[1]


# -- progress figures ---------------------------------------------------------------------------------


class Figure(Mention):
    """A progress figure as written, and its value."""

    value: float


class Progress(Finding):
    """The document's progress figures (once per document); ``text``/``span`` are the sentence holding the first."""

    total: Figure | None = Field(None, description="共反馈N个问题")
    done: Figure | None = Field(None, description="已整改M个")
    in_progress: Figure | None = Field(None, description="正在整改K个")
    rate: Figure | None = Field(None, description="完成率X%")


_N = r"(?P<n>[0-9０-９]{1,5}|[一二两三四五六七八九十百]{1,5})"
_FIGURES = {
    "total": regex.compile(
        rf"(?:共|合计|累计)?(?:反馈|交办|梳理|查摆|发现|查出|排查出?|指出|移交)(?:了)?(?:问题|具体问题)?{_N}(?:个|项|条)(?:具体)?(?:问题)?"
        rf"|(?:反馈|交办|指出)的{_N}(?:个|项|条)(?:具体)?问题"
    ),
    "done": regex.compile(
        rf"(?:已(?:完成)?(?:整改|销号|办结)(?:完成|到位)?|完成整改|整改完成|已完成){_N}(?:个|项|条)"
        rf"|{_N}(?:个|项|条)(?:问题)?(?:已|均已)(?:完成)?(?:整改|销号|办结)(?:完成|到位)?"
    ),
    "in_progress": regex.compile(
        rf"(?:正在(?:整改|推进|办理)|基本完成|阶段性完成|持续整改|未完成){_N}(?:个|项|条)"
        rf"|{_N}(?:个|项|条)(?:问题)?(?:正在|仍在)(?:整改|推进)"
    ),
    "rate": regex.compile(r"(?:整改|完成|销号|办结)率(?:为|达|达到|已达)?(?P<n>[0-9０-９]{1,3}(?:\.[0-9]+)?)[%％]"),
}


class ProgressExtractor(Extractor):
    """共反馈N个问题 / 已整改M个 / 正在整改K个 / 完成率X%: the document's progress, once."""

    name = "progress"
    version = "1.0.0"
    output_model = Progress
    description = "progress figures of a rectification report: total, done, in progress, completion rate"

    def extract(self, doc: Document) -> list[Progress]:
        text = doc.text
        figures: dict[str, Figure] = {}
        for key, pattern in _FIGURES.items():
            for m in pattern.finditer(text):
                value = parse_number(m.group("n").translate(FULL_WIDTH_DIGITS))
                if value is None:
                    continue
                figures[key] = Figure(**finding_span(doc, m.start(), m.end()), value=value)
                break
        if not figures:
            return []
        first = min(f.span[0] for f in figures.values())
        sentence = doc.sentence_at(first)
        s, e = (sentence.start, sentence.end) if sentence is not None else (first, first + 1)
        return [Progress(**finding_span(doc, s, e), score=1.0, explanation="progress: figures", **figures)]
