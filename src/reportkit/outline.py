"""The outline of a Chinese report: numbered headings as a tree of sections with exact spans.

Heading styles, from the usual top of the hierarchy down (full- and half-width forms both count)::

    part     第一部分 / 第一章 / 第一篇      section  第一节        article  第一条
    cn       一、 一． 一.                   pcn      （一） (一) ㈠
    ar       1. 1、 1．  (not 1.5)           par      （1） (1) 1) ⑴
    circ     ① … ⑳                          enum     一是… 二是…, 首先… 其次…, 第一，… 第二，…

Levels follow the standard hierarchy of Chinese official documents (GB/T 9704) rather than a fixed
depth per style: a heading closes every open section of its own or a lower rank and opens a child of
what remains. A document that starts at （一）, leaves out a level (一、 then 1.) or skips and restarts
numbers (1、3、4, then 1、 again) still gets a sensible tree.

Headings are found at the start of a line, and also inside a line after a sentence end (。；：！？) —
flattened copies and OCR text have no line breaks — but there only when the number continues the
sequence of its style (or starts one at 1), so "…共有：3.…" in running text does not make a heading.
Enumerations (一是…二是…) are found anywhere in a paragraph when at least two follow each other; each
item ends at the next item or at the end of its line.

A heading's ``heading`` span runs from its marker to the first sentence end (。；：！？), the start of an
enumeration, or the end of the line; the section's ``span`` runs to the start of the next heading that
is not inside it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import regex

from .normalize import cell_table_lines, fold
from .textutil import FIELD_LABEL, INDEX_COLUMNS, cn_ordinal, quoted_cells
from .textutil import compiled as _re

__all__ = ["Section", "parse_outline", "detect_title", "STYLE_RANK"]

# Rank of each style in the standard hierarchy (GB/T 9704: 一、 > （一） > 1. > （1）).
STYLE_RANK = {"part": 0, "section": 1, "article": 2, "cn": 3, "pcn": 4, "ar": 5, "par": 6, "circ": 7, "enum": 8}

_CN = "一二三四五六七八九十"
_INDENT = r"[ \t\u3000\r]*"
# Line-start markers, tried in order on the folded text (full-width forms already half-width).
_LINE_MARKERS: list[tuple[str, regex.Pattern[str]]] = [
    ("part", regex.compile(rf"{_INDENT}(?P<m>第(?P<n>[{_CN}\d]{{1,3}})(?:部分|章|篇))(?:[ 、.:]|(?=\p{{Han}}|$))")),
    ("section", regex.compile(rf"{_INDENT}(?P<m>第(?P<n>[{_CN}\d]{{1,3}})节)(?:[ 、.:]|(?=\p{{Han}}|$))")),
    ("article", regex.compile(rf"{_INDENT}(?P<m>第(?P<n>[{_CN}\d]{{1,3}})条)(?:[ 、.:]|(?=\p{{Han}}|$))")),
    ("cn", regex.compile(rf"{_INDENT}(?P<m>(?P<n>[{_CN}]{{1,3}})(?:、|\.(?!\d)))")),
    ("pcn", regex.compile(rf"{_INDENT}(?P<m>\((?P<n>[{_CN}]{{1,3}})\)|(?P<n>[\u3220-\u3229]))")),
    ("par", regex.compile(rf"{_INDENT}(?P<m>\((?P<n>\d{{1,2}})\)|(?P<n>\d{{1,2}})\)(?!\d)|(?P<n>[\u2474-\u2487]))")),
    ("ar", regex.compile(rf"{_INDENT}(?P<m>(?P<n>\d{{1,2}})(?:、|\.(?![\d%])))")),
    ("circ", regex.compile(rf"{_INDENT}(?P<m>(?P<n>[\u2460-\u2473]))")),
]
# "5.3个…": a numbered entry whose text opens with a number (a marker only where it continues the list)
_AR_BEFORE_DIGIT = regex.compile(rf"{_INDENT}(?P<m>(?P<n>\d{{1,2}})\.)(?=\d)")
# an inline marker: right after the end of a sentence (。;:!?, or one of them and a closing quote)
_INLINE_BODY = (
    rf" *(?P<m>(?P<n>[{_CN}]{{1,3}})(?:、|\.(?!\d))"
    rf"|\((?P<n>[{_CN}]{{1,3}})\)|\((?P<n>\d{{1,2}})\)|(?P<n>\d{{1,2}})(?:、|\.(?![\d%]))|(?P<n>[\u2460-\u2473]))"
)
_INLINE_AFTER = "[。;:!?]|[。;:!?][”’\"')]"  # what must come right before one (a look-behind)
_INLINE_AT = regex.compile(_INLINE_BODY)
_CLOSING = frozenset("”’\"')")
_ENUM = regex.compile(
    rf"(?P<m>(?P<n>[{_CN}])是|第(?P<n>[{_CN}])(?=[,，、:]))|(?P<m>(?P<w>首先|其次|再次|最后)(?=[,，:]))"
)
_ENUM_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 9}
# what a line-start marker can start with, after its indent (and any decimal digit): a cheap test
# that spares most lines the eight patterns
_INDENT_CHARS = " \t\u3000\r"
_MARKER_FIRST = frozenset("第(" + _CN + "".join(map(chr, [*range(0x3220, 0x322A), *range(0x2460, 0x2488)])))
_SENTENCE_END = regex.compile(r"[。;:!?]")  # where an inline marker can follow
# or after a gap that ends a heading with no stop, in a copy whose lines were run together ("二、检查发现的问题
# (一)部分学校…"): spaces after a Han character or a closing bracket or quote, before what may be a marker
_GAP_AFTER = r"[\p{Han})”\"] "  # (a look-behind: what must come right before one)
_GAP_BEFORE_MARKER = regex.compile(r"(?<=[\p{Han})”\"]) (?= *[(\d一二三四五六七八九十\u2460-\u2473])")
_HEADING_END = regex.compile(r"[。;!?:]")


@dataclass
class Section:
    """A node of the outline.

    :ivar style: marker style (``root`` for the whole document; see the module docstring)
    :ivar number: the list number of the marker (1 for 一、/（一）/1./①/一是; None for the root)
    :ivar marker: the marker as written (``"（一）"``, ``"1．"``, ``"一是"``)
    :ivar heading_span: ``[start, end)`` of marker plus heading text in ``Document.text``
    :ivar span: ``[start, end)`` of the whole section, its heading and body
    :ivar heading: the heading as written (``Document.text[heading_span]``)
    :ivar title: the heading without its marker
    """

    style: str
    number: int | None
    marker: str
    heading_span: tuple[int, int]
    span: tuple[int, int]
    heading: str = ""
    title: str = ""
    depth: int = 0
    children: list[Section] = field(default_factory=list)

    @property
    def body_span(self) -> tuple[int, int]:
        """The section without its heading."""
        return self.heading_span[1], self.span[1]

    def walk(self):
        """This section and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict:
        """A JSON-friendly tree (what ``reportkit outline --format json`` prints)."""
        return {
            "style": self.style,
            "number": self.number,
            "marker": self.marker,
            "heading": self.heading,
            "heading_span": list(self.heading_span),
            "span": list(self.span),
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class _Mark:
    style: str
    number: int
    start: int  # marker start
    marker_end: int
    line_end: int


def _number(m: regex.Match[str]) -> int | None:
    for value in m.captures("n"):
        if value:
            return cn_ordinal(value)
    return None


def _line_spans(text: str):
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            yield pos, n
            return
        yield pos, nl
        pos = nl + 1


def _find_marks(folded: str) -> tuple[list[_Mark], list[_Mark]]:
    """Heading marks (line-start and inline) and enumeration marks, in text order."""
    headings: list[_Mark] = []
    enums: list[_Mark] = []
    last: dict[str, int] = {}
    # the lines inside a quoted cell of a table copied as text ("1.加装报警器；⏎2.开展培训"): a cell's lines, not
    # headings
    inside = quoted_cells(folded)
    inside_starts = [s for s, _ in inside]
    # the lines of a table copied one cell a line (序号⏎问题⏎…⏎1⏎<cells>), whose cells may number their entries
    # ("1.台账不全；2.未公示"): cells, not headings
    tabled = (
        cell_table_lines([ln.strip() for ln in folded.split("\n")])
        if any(name in folded for name in INDEX_COLUMNS)
        else set()
    )
    for k_line, (ls, le) in enumerate(_line_spans(folded)):
        line = folded[ls:le]
        if not line.strip() or k_line in tabled:
            continue
        k = bisect_right(inside_starts, ls - 1) - 1
        if k >= 0 and ls < inside[k][1]:
            continue
        first_end = 0
        first = line.lstrip(_INDENT_CHARS)[:1]
        for style, pattern in _LINE_MARKERS if first in _MARKER_FIRST or first.isdecimal() else ():
            m = pattern.match(line)
            if m:
                number = _number(m)
                if number is not None:
                    headings.append(_Mark(style, number, ls + m.start("m"), ls + m.end("m"), le))
                    last[style] = number
                    first_end = m.end("m")
                break
        if not first_end and first.isdecimal():
            # "5.3个子公司…" after entry 4.: the entry's number, then a count its text opens with — read as a
            # decimal (5.3) only when it does not continue the list
            m = _AR_BEFORE_DIGIT.match(line)
            if m is not None and last.get("ar") == (entry := int(m.group("n"))) - 1:
                headings.append(_Mark("ar", entry, ls + m.start("m"), ls + m.end("m"), le))
                last["ar"] = entry
                first_end = m.end("m")
        for m in _inline_markers(line, first_end):
            number = _number(m)
            if number is None:
                continue
            style = _inline_style(m.group("m"))
            prev = last.get(style)
            if number == 1 or (prev is not None and 0 < number - prev <= 2):
                headings.append(_Mark(style, number, ls + m.start("m"), ls + m.end("m"), le))
                last[style] = number
        enums.extend(_enum_candidates(line, ls, le))
    return headings, _enum_runs(enums, headings)


def _inline_markers(line: str, pos: int) -> list[regex.Match[str]]:
    """What ``regex.finditer("(?<=" + _INLINE_AFTER + "|" + _GAP_AFTER + ")" + _INLINE_BODY, line, pos)``
    finds, tried only where a sentence ends or a gap follows a word instead of at every position (a
    look-behind made the scan cost more than the rest of the outline)."""
    candidates: list[int] = []
    for end in _SENTENCE_END.finditer(line, max(0, pos - 2)):
        i = end.start()
        candidates.append(i + 1)
        if line[i + 1 : i + 2] in _CLOSING:
            candidates.append(i + 2)
    if " " in line:
        candidates.extend(gap.end() for gap in _GAP_BEFORE_MARKER.finditer(line, max(0, pos - 1)))
    found = []
    for at in sorted(set(candidates)):
        if at < pos:
            continue
        m = _INLINE_AT.match(line, at)
        if m:
            found.append(m)
            pos = m.end()
    return found


def _inline_style(marker: str) -> str:
    if marker[0] == "(":
        return "pcn" if marker[1] in _CN else "par"
    if marker[0] in _CN:
        return "cn"
    if "\u2460" <= marker[0] <= "\u2473":
        return "circ"
    return "ar"


def _enum_candidates(line: str, ls: int, le: int) -> list[_Mark]:
    """Enumeration markers (一是, 首先, 第一，) that start a clause in one line."""
    found = []
    for m in _ENUM.finditer(line):
        word = m.group("w")
        number = _ENUM_WORDS[word] if word else _number(m)
        if number is None:
            continue
        # a marker must start a clause: at the line start or after punctuation/space — except the
        # first one, which flattened text often runs straight into a heading ("…制度体系不断完善一是…")
        before = line[: m.start()].rstrip(" ")
        if before and before[-1] not in "。;:,，!?、”\"'）)" and number != 1:
            continue
        found.append(_Mark("enum", number, ls + m.start("m"), ls + m.end("m"), le))
    return found


def _enum_runs(candidates: list[_Mark], headings: list[_Mark]) -> list[_Mark]:
    """Ascending runs of at least two markers starting at 1 (首先 = 1), within a line or across
    consecutive paragraphs ("一是…\n二是…"), never across a heading."""
    heading_starts = sorted(h.start for h in headings)
    runs: list[list[_Mark]] = []
    for mark in candidates:
        if runs:
            last = runs[-1][-1]
            i = bisect_right(heading_starts, last.start)  # the first heading after the last marker
            between = i < len(heading_starts) and heading_starts[i] < mark.start
            if (
                mark.number > last.number
                and mark.number - last.number <= 8
                and not between
                and mark.start - last.line_end < 1500
            ):
                runs[-1].append(mark)
                continue
        if mark.number == 1:
            runs.append([mark])
    return [mark for run in runs if len(run) >= 2 for mark in run]


# (not the spaces a writer or a converter puts around a number or a Latin word: "教室现有 6 个", "保证 2018 年 7
# 月底前完成", "使用 APP 办理" — a number or word with a space on both sides continues the sentence)
_TITLE_GAP = regex.compile(r"(?<=\p{Han}|[”\")])[ \t]+(?=\S)(?![0-9A-Za-z.%]+[ \t]+\p{Han})")


def _heading_end(folded: str, start: int, line_end: int, enum_starts: list[int]) -> int:
    m = _HEADING_END.search(folded, start, line_end)
    end = m.start() if m else line_end
    # "一、基本情况 为摸清底数，…": a gap after the heading text ends it too
    title_start = start
    while title_start < end and folded[title_start] in " \t":
        title_start += 1
    gap = _TITLE_GAP.search(folded, title_start + 2, end)
    if gap:
        end = gap.start()
    i = bisect_right(enum_starts, start)  # the first enumeration marker after start
    if i < len(enum_starts) and enum_starts[i] < end:
        end = enum_starts[i]
    while end > start and folded[end - 1] in " \t\r":
        end -= 1
    return end


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def parse_outline(text: str, folded: str | None = None) -> Section:
    """Parse ``text`` into its outline; the root section spans the whole text.

    :param folded: ``fold(text)`` when the caller has it already
    """
    folded = fold(text) if folded is None else folded
    marks, enums = _find_marks(folded)
    enum_starts = sorted(m.start for m in enums)
    root = Section("root", None, "", (0, 0), (0, len(text)), depth=0)
    stack: list[Section] = [root]
    for k, mark in enumerate(marks):
        rank = STYLE_RANK[mark.style]
        while len(stack) > 1 and STYLE_RANK[stack[-1].style] >= rank:
            closed = stack.pop()
            closed.span = (closed.span[0], _trim_end(text, closed.span[0], mark.start))
        parent = stack[-1]
        h_end = _heading_end(folded, mark.marker_end, mark.line_end, enum_starts)
        if k + 1 < len(marks) and marks[k + 1].start < h_end:
            # a marker in the same line ends the heading ("一、产　二、…", a title too short for its gap)
            h_end = _trim_end(folded, mark.marker_end, marks[k + 1].start)
        section = Section(
            style=mark.style,
            number=mark.number,
            marker=text[mark.start : mark.marker_end],
            heading_span=(mark.start, max(h_end, mark.marker_end)),
            span=(mark.start, len(text)),
            depth=parent.depth + 1,
        )
        parent.children.append(section)
        stack.append(section)
    for open_section in stack[1:]:
        open_section.span = (open_section.span[0], _trim_end(text, open_section.span[0], len(text)))
    _end_one_line_lists(root, text, folded)
    _attach_enums(root, enums, text, folded)
    for s in root.walk():
        if s.style != "root":
            s.heading = text[s.heading_span[0] : s.heading_span[1]]
            s.title = text[s.heading_span[0] + len(s.marker) : s.heading_span[1]].strip(" \t\u3000")
    return root


_ENTRY_END = tuple("。；;！？!?")


def _one_line_entry(folded: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` is one line of its own that says what it says in a sentence or more ("2.集体资产
    登记不全，…。"): a list entry, not a heading over a body (nor an entry run into a line with others:
    "整改措施：1.…；2.…；3.…。", whose fields on the lines after are read with the last). (``folded``: the
    outline's text, where a hard-wrapped paragraph is one line.)"""
    line = folded[start:end].rstrip()
    return (
        not folded[folded.rfind("\n", 0, start) + 1 : start].strip()  # it starts its line
        and "\n" not in line
        and line.rstrip("”’\"')）").endswith(_ENTRY_END)
    )


_SENTENCE_CLOSE = regex.compile(r"[。！？!?][”’\"')）]*")
_SENTENCE_INSIDE = regex.compile(r"[。！？!?]")
# a labelled field after an entry ("（3）…。⏎责任部门：教务处"): the entry's, which the outline cannot end before it
_FIELD_NEXT = regex.compile(rf"\s*(?:{FIELD_LABEL})[ \u3000]*[:：]")


def _one_sentence_entry(folded: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` is one sentence, or one ；-clause, of a list ("2、厕所蹲位少；"): no sentence ends
    inside it, and it ends as an entry does."""
    core = folded[start:end].rstrip().rstrip("”’\"')）")
    return core.endswith(_ENTRY_END) and not _SENTENCE_INSIDE.search(core, 0, len(core) - 1)


def _restarts(before: Section, after: Section) -> bool:
    """Whether ``after`` starts a list of its own at 1 ("…现报告如下：1、…"), not the entry after ``before``."""
    return after.number == 1 and before.number is not None and before.number >= 1


def _end_one_line_lists(node: Section, text: str, folded: str) -> None:
    """End the last entry of a list of one-line entries at its line: "1.<problem>。⏎2.<problem>。⏎3.<problem>。⏎
    针对以上问题，…：⏎一是…" — the paragraphs after the list are not the body of its last entry (which no later
    marker of its rank closes) but its parent's, as the entries before it, with nothing under them, have none. A
    last entry with sections under it, or whose first line is a title rather than a sentence, keeps its body; so
    does one a labelled field follows (责任部门：…, the entry's). The same list run into one paragraph ("…：1、…；
    2、…；3、…。针对以上问题，…", each entry one sentence or clause) ends at its last entry's first sentence end.
    A list that starts again at 1 is a list of its own."""
    for child in node.children:
        _end_one_line_lists(child, text, folded)
    kids = node.children
    i = 0
    while i < len(kids):
        j = i
        while j + 1 < len(kids) and kids[j + 1].style == kids[i].style and not _restarts(kids[j], kids[j + 1]):
            j += 1
        last = kids[j]
        if j > i and not last.children and all(not s.children and _one_line_entry(folded, *s.span) for s in kids[i:j]):
            line_end = folded.find("\n", last.heading_span[1])
            if (
                0 <= line_end < last.span[1]
                and _one_line_entry(folded, last.span[0], line_end)
                and not _FIELD_NEXT.match(folded, line_end)
            ):
                last.span = (last.span[0], _trim_end(text, last.span[0], line_end))
        if (
            j > i
            and not last.children
            and all(not s.children and _one_sentence_entry(folded, *s.span) for s in kids[i:j])
        ):
            # the same list run into one paragraph, as a web page reposts it ("问题如下：1、…；2、…；3、…。针对以上
            # 问题，…"): entries of one sentence or clause each, the last ending at the first sentence end of its line
            line_end = folded.find("\n", last.span[0], last.span[1])
            line_end = last.span[1] if line_end < 0 else line_end
            end = _SENTENCE_CLOSE.search(folded, last.heading_span[0], line_end)
            if end is not None and folded[end.end() : line_end].strip() and not _FIELD_NEXT.match(folded, end.end()):
                last.span = (last.span[0], end.end())
        i = j + 1


def _attach_enums(root: Section, enums: list[_Mark], text: str, folded: str) -> None:
    headings: dict[int, tuple[list[Section], list[int]]] = {}  # per node: its heading children and starts
    for i, mark in enumerate(enums):
        nxt = enums[i + 1] if i + 1 < len(enums) else None
        if nxt is not None and nxt.line_end == mark.line_end and nxt.number > mark.number:
            end = nxt.start
        elif nxt is not None and nxt.line_end == mark.line_end:
            # a new run starts later in the line ("…六是X。针对上述问题，采取以下措施：一是…"): the entry ends
            # with its last sentence before it, and what follows (the new run's lead-in) is not part of it
            last = max(folded.rfind(c, mark.marker_end, nxt.start) for c in "。！？!?")
            end = last + 1 if last >= 0 else nxt.start
        else:
            end = mark.line_end
        parent = _innermost(root, mark.start, headings)
        end = _trim_end(text, mark.start, min(end, parent.span[1]))
        h_end = _heading_end(folded, mark.marker_end, end, [])
        section = Section(
            style="enum",
            number=mark.number,
            marker=text[mark.start : mark.marker_end],
            heading_span=(mark.start, max(h_end, mark.marker_end)),
            span=(mark.start, end),
            depth=parent.depth + 1,
        )
        # keep children in document order
        idx = len(parent.children)
        while idx > 0 and parent.children[idx - 1].span[0] > mark.start:
            idx -= 1
        parent.children.insert(idx, section)


def _innermost(root: Section, pos: int, headings: dict[int, tuple[list[Section], list[int]]]) -> Section:
    """The deepest heading section containing ``pos`` (sibling headings do not overlap, so the one that
    starts last at or before ``pos`` is the only candidate at each level)."""
    node = root
    while True:
        known = headings.get(id(node))
        if known is None:
            kids = [c for c in node.children if c.style != "enum"]
            known = headings[id(node)] = (kids, [c.span[0] for c in kids])
        kids, starts = known
        i = bisect_right(starts, pos) - 1
        if i >= 0 and kids[i].span[0] <= pos < kids[i].span[1]:
            node = kids[i]
        else:
            return node


# ---------------------------------------------------------------------------------------------
# Title

_GENRE = regex.compile(
    r"(?:报告|方案|总结|简报|计划|通知|意见|汇报|通报|纪要|讲话|发言|说明|办法|要点|预案|规划|调查|调研|"
    r"情况|分析|材料|请示|批复|函|倡议书|决定|公告|通告|规定|细则|快报|专报|动态|信息|体会|事迹)"
)
# words that end the title of a document of its own (for titles run into the body)
_DOC_GENRE = r"(?:报告|方案|总结|简报|计划|通知|意见|汇报|通报|纪要|讲话|说明|办法|要点|预案|规划|请示|批复|决定)"
_NOT_TITLE = regex.compile(
    r"^(?:.*文件$|.*〔\d{4}〕.*|.*签发人.*|第\s*\d+\s*期.*|.*\(总第.*|内部资料.*|.*注意保存.*|"
    r"\d{4}\s*年\s*\d{1,2}\s*月.*|[\d\-./年月日 ]+$|.*:$|.*：$|"
    # a web page's furniture: 来源：…　发布时间：…　【字体：大 中 小】, 浏览次数
    r"(?:信息|文章|稿件)?来源\s*[:：].*|(?:发布|发表|更新)(?:时间|日期)\s*[:：].*|.*【字体.*|.*(?:浏览|阅读|点击)(?:次数|量)\s*[:：].*)"
)
MAX_TITLE = 60
# a line that opens as running text does (根据…, 按照…, 为深入贯彻…, 近日, 今年以来): the body has begun — an
# excerpt cut from a page often starts so, with no title
_RUNNING_TEXT = regex.compile(
    r"^(?:根据|按照|依据|依照|遵照|近日|日前|今年以来|截至|截止|"
    r"为(?:深入|认真|全面|进一步|切实|贯彻|落实|加强|推动|推进|做好|确保|坚决|扎实|有效|加快|规范|巩固))"
)
# a byline ("省审计厅厅长　罗建平": a post and a name) is no title
_BYLINE = regex.compile(
    r"^\S{1,24}(?:长|书记|主任|主席|委员|部长|厅长|局长|院长|校长)\s+\p{Han}{1,3}(?:\s\p{Han}{1,2})?$"
)
# a subtitle line ("——在县人大常委会第十次会议上") is no title, unless it names the genre ("——…倡议书")
_SUBTITLE = regex.compile(r"^(?:——|--|—)")
# a web page's breadcrumb trail (当前位置：首页 > 通知公告 > 正文, 首页 >> 工作动态): navigation, not a title
_BREADCRUMB = regex.compile(
    r"^(?:(?:当前|您的|您现在的|你的|你现在的|现在的|所在)?位置\s*:|.*首页\s*(?:>|»|›|→|/|\|)|.*(?:>|»|›)\s*正文\s*$)"
)


def _wrapped(line: str, next_line: str) -> bool:
    """Whether ``line`` and ``next_line`` look like two lines of one hard-wrapped paragraph."""
    n = len(line)
    return n >= 15 and 0.8 * n <= len(next_line) <= 1.25 * n and next_line[-1:] not in "。;!?"


_TITLE_SUFFIX = r"(?:\((?:草案|征求意见稿|试行|节选|摘要|修订稿|\d{4}年?)\))?"
_NOT_AFTER_GENRE = "及和与暨的之会书表单人稿"


def _run_in_title(line: str) -> tuple[int, int] | None:
    """A title run into the body of a flattened copy: "…整改报告 青川县…", "…工作计划2011年以来…" — not
    running text that names another document ("根据《关于…的通知》要求，…")."""
    if _RUNNING_TEXT.match(line.lstrip()):
        return None
    m = _re(rf"\s*(\S.{{3,{MAX_TITLE}}}?{_DOC_GENRE}{_TITLE_SUFFIX})(?=\s)").match(line)
    if m:
        return m.start(1), m.end(1)
    # no space after it: the last genre word in the opening that the body does not continue
    start = len(line) - len(line.lstrip())
    best = None
    for g in _re(rf"{_DOC_GENRE}{_TITLE_SUFFIX}").finditer(line[: start + MAX_TITLE]):
        nxt = line[g.end() : g.end() + 1]
        if g.end() - start >= 6 and nxt and nxt not in _NOT_AFTER_GENRE:
            best = (start, g.end())
    return best


def detect_title(text: str, folded: str | None = None) -> tuple[int, int] | None:
    """Span of the document's title: the first heading-like line among the first few, or None.

    A title line is short (≤ 60 characters), does not end a sentence or open a list, and is not a
    masthead line (文件, 〔2021〕1号, 签发人, 第3期, a date) or a web page's breadcrumb trail (当前位置：首页 >
    …). When the first line is long running text (a
    flattened copy), a leading run ending in a genre word (…报告, …方案) and a space is taken instead.
    """
    folded = fold(text[:4000]) if folded is None else folded
    seen = 0
    candidates: list[tuple[int, int]] = []
    lines = list(_line_spans(folded[:4000]))
    for i, (ls, le) in enumerate(lines):
        line = folded[ls:le]
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > 4:
            break
        start = ls + (len(line) - len(line.lstrip()))
        end = ls + len(line.rstrip())
        if len(stripped) > MAX_TITLE:
            if seen == 1:
                span = _run_in_title(line)
                if span:
                    return ls + span[0], ls + span[1]
            break
        if (
            _NOT_TITLE.match(stripped)
            or _BREADCRUMB.match(stripped)
            or (_SUBTITLE.match(stripped) and not _GENRE.search(stripped))
            or _BYLINE.match(stripped)
            or not _re(r"\p{Han}").search(stripped)
        ):
            continue  # masthead, salutation, date, decoration, breadcrumb trail, subtitle, byline
        if _RUNNING_TEXT.match(stripped):
            break  # running text: the body has begun
        if stripped[-1] in "。;,!?":
            break  # a sentence: the body has begun
        if any(p.match(line) for _s, p in _LINE_MARKERS) or _ENUM.match(stripped):
            break  # the body has begun
        genre = _GENRE.search(stripped)
        if not genre and i + 1 < len(lines) and _wrapped(stripped, folded[lines[i + 1][0] : lines[i + 1][1]].strip()):
            break  # the first line of a hard-wrapped paragraph, not a title
        candidates.append((start, end))
        if genre:
            return start, end
    return candidates[0] if candidates else None
