"""The items layer: every candidate item of a report, with its exact span and where it came from.

An *item* is the smallest piece of a report that can state one problem, one measure or one field: a
numbered heading, an enumeration entry (一是…), a sentence or ；-clause of free text, the value of a
labelled field ("整改措施：…", "责任单位：…"), a table cell, one entry of an inline list ("存在A、B等问题"),
or one half of a "针对…问题，…" sentence. :func:`build_items` finds them all; the item model
(:mod:`reportkit.items.model`) then says which are problems and which are measures, and the ledger reads
the structure (``block``, ``role``) to link them.

How the text is read:

1. The outline is walked (:attr:`Document.outline`). A heading gives a ``heading`` item (its marker
   stripped); a heading that quotes a problem ("关于“台账不全”的问题") gives just the quoted words. The body
   text between headings is *free text*; enumeration entries (一是…二是…) are free text of their own.
2. Free text goes line by line. Rows between bars (``| 问题 | 整改措施 |``, Markdown tables and web tables
   copied with their rules) and runs of two or more lines whose cells are separated by tabs (how .docx
   tables are read) or by wide gaps under a header row (序号  问题  整改措施  责任单位) are a *table*:
   each row is a block, each non-empty cell one or more ``cell`` items labelled by its column header. So is
   a web page's table pasted one cell a line — its column names one a line from 序号, then each row's number
   alone on a line and its cells after it (:func:`~reportkit.textutil.cell_line_table`).
3. Other lines are cut at field labels — "问题：", "整改措施：", "责任单位：", "时限：", or any short
   label that opens a line ("活动主题：") — into ``field`` items carrying the label and its role
   (:func:`~reportkit.items.cues.label_role`).
4. The rest is cut into sentences and ；-clauses (``sentence``/``clause``). A lead-in sentence ending in a
   colon ("检查发现以下问题：") becomes an item of its own and frames what follows (``lead``): the rest of
   its line, or the next line, or the numbered items after it. "存在A、B、C等问题" gives one ``inline``
   item per entry; "针对A问题，B" gives ``split`` items A and B.

Every item's span is exact (``doc.text[item.start:item.end] == item.text``), trimmed of list markers,
labels, whitespace and final punctuation; items never overlap and come in text order. The title line is
not an item.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import regex

from ..outline import Section
from ..textutil import (
    FIELD_AFTER_MARK,
    FIELD_AFTER_STOP,
    FIELD_LABEL,
    HEADER_WORD,
    INDEX_COLUMNS,
    cell_line_table,
    names_columns,
    quoted_cells,
)
from .cues import CUES, DETAILS_LABEL, heading_kind, label_role, lead_in_kind, named_problem

if TYPE_CHECKING:
    from ..document import Document

__all__ = ["Item", "KINDS", "ROLES", "build_items"]

#: how an item was found
KINDS = ("heading", "enum", "sentence", "clause", "field", "cell", "inline", "split")
#: what a field label or table column names
ROLES = (
    "problem",
    "measure",
    "unit",
    "deadline",
    "status",
    "index",
    "roster",
    "time",
    "place",
    "people",
    "background",
    "other",
)


@dataclass(frozen=True, slots=True)
class Item:
    """One candidate item: ``Document.text[start:end]``, and where it was found.

    :ivar start: offset of its first character in ``Document.text``
    :ivar end: offset after its last character
    :ivar text: ``Document.text[start:end]``
    :ivar kind: how it was found (:data:`KINDS`)
    :ivar path: the titles of the sections that contain it, outermost first
    :ivar label: the label it stands under, as written (``"整改措施"``, a table column's header), or None
    :ivar role: what that label names (:data:`ROLES`), or None when it has no label
    :ivar marker: the list marker of the entry it opens (``"（一）"``, ``"2."``, ``"一是"``) or the bullet
        opening its line (``"●"``, ``"-"``), or None
    :ivar lead: the lead-in that frames it (``"检查发现以下问题"``), or None
    :ivar block: items of one list entry, table row or paragraph share a block number
    :ivar cell: ``(row, column)`` for table cells (rows counted from the table's first row), else None
    :ivar sentence: items cut out of one sentence (its clauses, the entries of an inline list) share a
        sentence number; the item model's findings join neighbouring items of one sentence
    :ivar index: its position among the document's items
    """

    start: int
    end: int
    text: str
    kind: str
    path: tuple[str, ...] = ()
    label: str | None = None
    role: str | None = None
    marker: str | None = None
    lead: str | None = None
    block: int = 0
    cell: tuple[int, int] | None = None
    sentence: int = 0
    index: int = 0

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form (what ``reportkit items`` prints)."""
        return {
            "text": self.text,
            "span": [self.start, self.end],
            "kind": self.kind,
            "path": list(self.path),
            "label": self.label,
            "role": self.role,
            "marker": self.marker,
            "lead": self.lead,
            "block": self.block,
            "cell": list(self.cell) if self.cell is not None else None,
            "sentence": self.sentence,
            "index": self.index,
        }


# characters trimmed off both ends of an item
_EDGE = frozenset(" \t\r\n\u3000\xa0\ufeff。；;，,、：:")
_MIN_CHARS = 2  # an item has at least this many characters after trimming
_CLOSER_OF = {"（": "）", "(": ")"}
_OPENER_OF = {close: open_ for open_, close in _CLOSER_OF.items()}


def _opened(text: str, start: int, at: int) -> bool:
    """Whether the bracket closing at ``text[at]`` is opened in ``text[start:at]``."""
    return text.rfind(_OPENER_OF[text[at]], start, at) >= 0


def _bracket_close(text: str, ls: int, label_at: int, value_at: int, end: int) -> int | None:
    """Where the bracket a field's label stands in closes, when the field (``text[label_at:value_at]`` its
    label, the line from ``ls``) is in one — "（责任单位：A；时限：B）" — and it closes before ``end``; else None."""
    if text.find("（", ls, label_at) < 0 and text.find("(", ls, label_at) < 0:
        return None  # most fields: no bracket before them on their line
    depth = 0
    for k in range(label_at - 1, ls - 1, -1):
        ch = text[k]
        if ch in _OPENER_OF:
            depth += 1
        elif ch in _CLOSER_OF:
            if not depth:
                break
            depth -= 1
    else:
        return None  # not in an open bracket
    for k in range(value_at, end):
        ch = text[k]
        if ch in _CLOSER_OF:
            depth += 1
        elif ch in _OPENER_OF:
            if not depth:
                return k
            depth -= 1
    return None


# a label that opens a field: "问题：", "整改措施:", "责任单位：" — at the start of a line, or after the end of
# a sentence, a wide gap or an opening bracket in it ("…。（责任单位：…；完成时限：…）"); a known label in brackets
# anywhere ("【问题】…【整改措施】…", where _Builder.in_bracketed_record says it is a record's); also any short label
# opening a line ("活动主题：")
_FIELD_AT = regex.compile(
    rf"(?:(?<=^[ \t\u3000]*)|(?<=[{FIELD_AFTER_STOP}]\s*)|(?<=[{FIELD_AFTER_MARK}]))(?P<label>{FIELD_LABEL})\s*[:：]"
    rf"|【(?P<label>{FIELD_LABEL})】[ \t\u3000]*[:：]?"
    rf"|(?<=^[ \t\u3000]*)(?P<label>[\p{{Han}}A-Za-z（）()]{{1,10}}?)[ \t\u3000]*[:：](?![:：/])",
    regex.MULTILINE,
)
_KNOWN_LABEL_FULL = regex.compile(FIELD_LABEL)
# a heading that opens with a known label in brackets ("1.【问题】…"): a field, its value the rest of the line
_BRACKET_FIELD = regex.compile(rf"[ \t\u3000]*【(?P<label>{FIELD_LABEL})】[ \t\u3000]*[:：]?")
_BRACKETED_LABEL = regex.compile(rf"【(?:{FIELD_LABEL})】")
# a colon that ends a lead-in (not the colon of a ratio or a time: 1:0.6, 8:30)
_LEAD_COLON = regex.compile(r"(?<!\d)[:：](?!//)|[:：](?![\d/])")  # nor of a web address (http://)
# "存在A、B、C等问题" — not "未发现A、B等问题", "不存在A、B等情况": a list said not to exist states no problem
_INLINE_LIST = regex.compile(
    r"(?<![未不无]|没有|并非)(?:存在着?|还有|面临|暴露出|反映出|发现)"
    r"(?P<items>(?:(?!存在|还有|面临|暴露出|反映出|发现)[^。；;：:]){4,240}?)(?:等)(?:方面的?|一些|突出|诸多)?"
    r"(?:问题|不足|短板|弱项|困难|现象|隐患|情况)"
)
# a speaker's verb and a comma opening a sentence of items: "会议要求，", "他强调，", "专家组建议："
_SPOKEN = regex.compile(r"[^，,。；;：:！？!?\n]{0,16}?(?:建议|强调|要求|提出|希望|指出)[，,:：]")
_NOT_SPEAKER = regex.compile(r"的|意见|按照|根据|依据|遵照|对照|结合|围绕|针对|关于|对|为了|为")
_LIST_SEP = regex.compile(r"[^、]+")
# words that point back at a problem stated elsewhere: 针对第一个问题，针对该问题，针对上述问题
_POINTER = r"第[一二三四五六七八九十\d]{1,3}[个项条]?|该|此|这一?|这个|上述|以上|前述"
# "针对A的问题，B": the problem A and the measure B
_AIMED_AT = regex.compile(  # used with .match(text, pos): no ^, which would not match at pos
    # after 针对 the problem may run over commas (针对A，B的问题，…); after 对/就 it is one clause (对照检查，…)
    # (not 对照/对标: "对照反馈的12个问题，逐条…" checks against problems stated elsewhere, a step itself)
    # (or, tried first, a pointer back: 针对第一个问题，针对该问题，针对上述问题，— not the words up to a later 问题)
    rf"(?:针对(?P<p>{_POINTER}|[^，,。；;][^。；;]{{3,79}}?)"
    r"|(?:对于|就|对(?![照标]))(?P<p>[^，,。；;]{4,80}?))"
    r"(?:的|等)?(?:问题|情况|现象|不足|短板|隐患)"
    # what was done after the comma — or, when an enumeration of it follows ("…的问题，一是…；二是…", each
    # entry read on its own), nothing more in this piece
    r"(?:[，,]\s*(?P<m>\S)|[，,：:]\s*$)"
)
# what 针对 names when it points back at problems stated elsewhere rather than stating one: "针对检查发现的问题",
# "针对巡察反馈的问题", "针对上述问题" — no problem of its own
# (with how many: "针对巡察反馈的3个方面9个问题")
_REFERENCE = regex.compile(
    r"(?:以上|上述|前述|这些|这类|此类|上面|前面|反馈|指出|发现|查摆|查找|查出|交办)"
    r"(?:的?[0-9０-９一二三四五六七八九十百两]+(?:个|项|条|类|批)(?:方面)?)*(?:具体)?$"
    rf"|^(?:{_POINTER})$"
)
# "关于“台账管理不规范”的问题。<what was done>": a sentence that names, in quotes, the one problem its paragraph
# answers, as a heading would (used with .fullmatch(text, s, e) on the sentence without its closing mark)
_NAMED_SENTENCE = regex.compile(
    r"[ \u3000]*(?:关于|针对|对于)[“\"](?P<p>[^”\"]{4,80})[”\"](?:的?问题|方面)(?:的?整改(?:情况|落实情况)?)?"
)
_NEWLINE = regex.compile(r"\n")
_NOT_SPACE = regex.compile(r"\S")
# after the problem a heading names, up to what its sentence goes on to say: "…”的问题，" / "…”问题，"
_AFTER_NAMED = regex.compile(r"[”’\"」』]?(?:的|等)?(?:问题|情况|现象|不足|短板|隐患)?[，,]\s*")
# "仓库物资堆放无序，要求分区标识摆放": where the measure half of a problem sentence begins
_REQUIRED_CLAUSE = regex.compile(r"[，,]\s*(?=(?:要求|应当|应|要|建议|需|必须|责令|限期|督促|请)\p{Han})")
# a clause that answers what the clause before found: given to someone (由…), or done (已当场…, 项目部已停用…)
_RESPONSE_CLAUSE = regex.compile(
    r"[，,]\s*(?=(?:由(?!于|此)|已当场|当场|当即|立即|随即|现已|目前已|已(?!经?(?:过|超|逾|失效|损坏|破损|造成|成为|达|有|是|被|无|不|没|近|连续)))\p{Han}"
    r"|[^，,。；;！？!?\n]{2,10}?(?:已|当场|当即|立即)(?:对|将|责成|暂停|停用|停止|更换|清理|清除|拆除|补|整改|完成|组织|安排|督促|约谈|要求|落实|修订|制定|建立|安装|加装|维修|封存|收缴|没收|下达)\p{Han})"
)
# ... after a clause that states a shortfall: its cue words, what is not (yet) done or is out of date, or the
# states an inspector notes (堆放杂物, 被占用, 线头裸露, 扶手松动 …)
_SHORTFALL_BEFORE = regex.compile(
    "|".join(
        (
            CUES["shortfall"].pattern,
            CUES["lack"].pattern,
            r"未\p{Han}|(?:已过|超过|超出)\p{Han}{0,4}期",
            r"占用|占道|脱落|松动|锈蚀|积水|杂物|堆放|混放|混存|裸露|故障|渗漏|私拉|常开|空白|脱岗|停记|缺页|不符",
        )
    )
)
_GAP = regex.compile(r"\t|[ \u3000]{2,}")
# the number of an entry of a table cell of several ("1.加装报警器；⏎2.开展培训")
_CELL_MARKER = regex.compile(r"[ \u3000]*(?:\d{1,2}[.．、](?![\d%])|[（(]\d{1,2}[)）]|[\u2460-\u2473])[ \u3000]*(?=\S)")
# a row of a Markdown table or of a web table copied with its rules: | a | b | c | (half- or full-width bars)
_PIPE = regex.compile(r"[|｜]")
_PIPE_ROW = regex.compile(r"^[ \u3000]*[|｜](?:[^|｜\n]*[|｜]){2,}[ \u3000]*$")
# a row of cells between bars without bars at its ends ("序号 | 反馈问题 | 整改措施"), as some converters and
# hands paste a table: three cells or more
_BARE_PIPE_ROW = regex.compile(r"^[ \u3000]*[^|｜ \u3000\t][^|｜\n]*(?:[|｜][^|｜\n]*){2,}$")
_RULE_CELL = regex.compile(r"^[ \u3000]*:?-{3,}:?[ \u3000]*$")
# a sentence longer than this is cut at its commas (outside brackets and quotes) into clause items of at
# least _MIN_CLAUSE characters: annotators mark "强化溯源排查" inside a long sentence of a news item
SPLIT_ABOVE = 30
_MIN_CLAUSE = 5
_COMMA = regex.compile(r"[，,]")
_OPENING = frozenset("“‘《（(「『【〔[")
_CLOSING = frozenset("”’》）)」』】〕]")
_OPENING_AT = regex.compile(r"[“‘《（(「『【〔\[]")


#: the signs that open an entry as a list number does (the dash, star and plus do only before a space)
BULLET_SIGNS = "●○■□◆◇▪▫•·★☆►▶※√✓➢➤"
#: a bullet that opens a line: one of the bullet signs or a run of dashes, or a dash, star or plus followed by a
#: space
#: a run of dashes opening a line ("——坚持…", "─────…" in a PDF's text): the dash bullet of official lists
DASH_BULLET = r"[—─━]{2,}|-{2,}(?!-*[ \t\u3000]*$)"
_BULLET_AT = regex.compile(rf"(?P<mark>[{BULLET_SIGNS}]|{DASH_BULLET})[ \t\u3000]*|(?P<mark>[-*+])[ \t\u3000]+")


def _comma_pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """``text[s:e]`` cut at commas outside brackets and quotes, short pieces joined to the next."""
    if e - s <= SPLIT_ABOVE:
        return [(s, e)]
    cuts = [m.start() for m in _COMMA.finditer(text, s, e)]
    if not cuts:
        return [(s, e)]
    if _OPENING_AT.search(text, s, e) is not None:
        depth, inside, k = 0, set(), s
        for k in range(s, e):
            ch = text[k]
            if ch in _OPENING:
                depth += 1
            elif ch in _CLOSING:
                depth = max(0, depth - 1)
            elif depth and ch in "，,":
                inside.add(k)
        cuts = [c for c in cuts if c not in inside]
    pieces: list[tuple[int, int]] = []
    pos = s
    for c in [*cuts, e]:
        if c - pos >= _MIN_CLAUSE or c == e:
            pieces.append((pos, c))
            pos = c + 1
    if len(pieces) > 1 and pieces[-1][1] - pieces[-1][0] < _MIN_CLAUSE:
        last = pieces.pop()
        pieces[-1] = (pieces[-1][0], last[1])
    return pieces


_INDENT = " \t\u3000"


class _Valued(NamedTuple):
    """A field whose value holds numbered entries that are not sections: the line its label opens (its entries
    on that line), or None for a label line of its own (its entries on the lines after it)."""

    line: int | None
    label: str


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.layout_text  # hard-wrapped paragraphs read as one line; items cut from doc.text
        self.out: list[tuple[Any, ...]] = []  # (start, end, kind, path, label, …): Items are made at the end
        self.blocks = 0
        self.line_blocks: dict[int, int] = {}  # the block of each line read, by the offset the line starts at
        self._newlines: list[int] | None = None  # where the text's line breaks are, found on first use
        self.sentence = 0  # the number of the sentence being cut into items
        # the record (label lines of one entry) the last free text ended in: its block, whether it has a problem
        # or a measure yet, whether it has a measure — what an entry numbered inside a field's value goes on
        # ("问题：①…；②…")
        self.record: tuple[int, bool, bool] = (0, False, False)
        # in a list entry's body, by the entry's block: the record being read (its block, whether it has a problem
        # or a measure, whether it has a measure) — carried past the entries numbered inside a field's value
        # ("问题一：…⏎整改措施：一是…；二是…⏎整改进展：…⏎问题二：…"), which end one free text and start the next
        self.entries: dict[int, tuple[int, bool, bool]] = {}
        self._known_rows()
        # the quoted cells of several lines in tables copied as text, and where they start
        self.quoted = quoted_cells(self.text)
        self.quoted_starts = [s for s, _ in self.quoted]

    # -- bookkeeping ------------------------------------------------------------------------------
    def new_block(self) -> int:
        self.blocks += 1
        return self.blocks

    def in_bracketed_record(self, start: int, end: int) -> bool:
        """Whether the bracketed label at ``text[start:end]`` has another on its line or a line next to it: the
        fields of a record ("【问题】…【整改措施】…", one a line or run into one) — not a briefing's column
        heading that happens to be a label's word ("【进展情况】…" over a news item)."""
        text = self.text
        line = self.line_start(start)
        before = self.line_start(line - 1) if line else 0  # where the line before starts
        after = text.find("\n", end)  # where the line after ends
        if after >= 0:
            after = text.find("\n", after + 1)
        if after < 0:
            after = len(text)
        return any(m.start() != start for m in _BRACKETED_LABEL.finditer(text, before, after))

    def line_start(self, at: int) -> int:
        """Where the line holding ``at`` starts (by bisection: a 1 MB line is not scanned back for each entry)."""
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
        k = bisect_left(self._newlines, at)
        return self._newlines[k - 1] + 1 if k else 0

    def _blank_to_line_end(self, at: int) -> bool:
        """Whether nothing but spaces follows ``at`` on its line."""
        end = self.text.find("\n", at)
        return _NOT_SPACE.search(self.text, at, len(self.text) if end < 0 else end) is None

    def block_of_line(self, at: int) -> int:
        """The block for text starting at ``at``: a new one at a line's start, else (an enumeration inside a
        paragraph: "为此，一是…；二是…") the block of the line it continues — a line is one block."""
        line_start = self.line_start(at)
        if _NOT_SPACE.search(self.text, line_start, at) is not None:
            block = self.line_blocks.get(line_start)
            if block is not None:
                return block
        block = self.line_blocks[line_start] = self.new_block()
        return block

    def add(
        self,
        start: int,
        end: int,
        kind: str,
        path: tuple[str, ...],
        block: int,
        label: str | None = None,
        role: str | None = None,
        marker: str | None = None,
        lead: str | None = None,
        cell: tuple[int, int] | None = None,
    ) -> bool:
        text = self.text
        while True:
            while start < end and text[start] in _EDGE:
                start += 1
            while end > start and text[end - 1] in _EDGE:
                end -= 1
            # a bracket the item does not close: the "（" that opens a group of fields after it ("…改造。（责任单位：
            # …"), the "）" that closes one its value ends ("完成时限：6月底前）")
            last = text[end - 1] if end > start else ""
            if last in _CLOSER_OF or (last in _OPENER_OF and not _opened(text, start, end - 1)):
                end -= 1
            elif end > start and text[start] in _CLOSER_OF and _CLOSER_OF[text[start]] not in text[start:end]:
                start += 1
            else:
                break
        if end - start < _MIN_CHARS:
            return False
        self.out.append((start, end, kind, path, label, role, marker, lead, block, cell, self.sentence))
        return True

    # -- the outline ------------------------------------------------------------------------------
    def section(self, sec: Section, path: tuple[str, ...], lead: str | None) -> None:
        block = 0
        field_label: str | None = None  # "（一）问题：…": the heading is the label of a field
        value_at: int | None = None  # where that field's value starts
        children = sorted(sec.children, key=lambda c: c.span[0])
        if sec.style != "root":
            block = self.new_block()
            self.sentence += 1
            start = sec.heading_span[0] + len(sec.marker)
            end = sec.heading_span[1]
            title = sec.title.strip()
            raw = self.text[start:end]
            lo = start + len(raw) - len(raw.lstrip())  # the title's own span: its anchors are its ends
            named = named_problem(raw.strip())
            bracketed = _BRACKET_FIELD.match(self.text, start, end)
            if bracketed is not None and not self.in_bracketed_record(bracketed.start("label") - 1, bracketed.end()):
                bracketed = None
            if (
                self.text[end : end + 1] in (":", "：")
                and _KNOWN_LABEL_FULL.fullmatch(title)
                and not (children and self._blank_to_line_end(end + 1))
            ):
                # (a label whose line ends at its colon over entries of its own — "二、整改措施：⏎1、…⏎2、…" — is
                # a section's title like "二、整改措施⏎1、…": its entries are under it, not beside it)
                field_label, value_at = title, end + 1  # past the label's colon
            elif bracketed is not None:
                field_label, value_at = bracketed.group("label"), bracketed.end()
            elif named is not None:
                self.add(
                    lo + named[0],
                    lo + named[1],
                    "heading",
                    path,
                    block,
                    label="关于…的问题",
                    role="problem",
                    marker=sec.marker,
                    lead=lead,
                )
                # what the heading's sentence says after the problem it names ("（一）针对“…”的问题，局会同…督促…"):
                # the steps taken, items of their own as after 针对…问题 in a sentence
                rest = _AFTER_NAMED.match(self.text, lo + named[1], end)
                if rest is not None and end - rest.end() >= _MIN_CHARS:
                    self._clauses(rest.end(), end, "split", path, block, lead, None)
            elif not self._special(start, end, path, block, lead, sec.marker, heading=True):
                self.add(start, end, "heading", path, block, marker=sec.marker, lead=lead)
            if field_label is None:
                path = (*path, title)
                kind = heading_kind(title)
                if kind is not None and len(title) <= 22:
                    lead = None  # a category heading frames its own items; an outer lead-in stops here
        # one block for the body of a list entry without sub-entries; a block per line elsewhere
        leaf = sec.style != "root" and not any(c.style != "enum" for c in children)
        cursor = sec.heading_span[1] if sec.style != "root" else sec.span[0]
        if value_at is not None:
            cursor = value_at
        # a lead-in ending the free text before a list frames the list's entries; free text after the
        # list is framed only by what framed the section
        child_lead = lead
        valued: _Valued | None = None  # the field whose value holds the entries being read
        for child in children:
            listed = valued is not None and valued.line is None  # after an entry of a list a label line opened
            if child.span[0] > cursor and not (listed and not self.text[cursor : child.span[0]].strip()):
                # (the text after such a list — 责任单位：…⏎整改时限：… — goes on in its record)
                framed = self.free(
                    cursor, child.span[0], path, block if leaf else 0, lead, label=field_label, continues_record=listed
                )
                field_label = None
                child_lead = framed if framed is not None else lead
                valued = None  # text between list entries ends the list a label line opened
            valued = self._field_valued(child, valued)
            if valued is not None:
                # "检查发现问题：①…；②…": the entries are the field's value, in its record — not sections
                self.free(
                    child.heading_span[0] + len(child.marker),
                    child.span[1],
                    path,
                    0,
                    child_lead,
                    marker=child.marker,
                    label=valued.label,
                    continues_record=True,
                )
            elif child.style == "enum":
                self.free(
                    child.span[0] + len(child.marker),
                    child.span[1],
                    path,
                    self.block_of_line(child.span[0]),
                    child_lead,
                    marker=child.marker,
                    kind="enum",
                )
            else:
                self.section(child, path, child_lead)
            cursor = max(cursor, child.span[1])
        if sec.span[1] > cursor:
            listed = valued is not None and valued.line is None
            self.free(cursor, sec.span[1], path, block if leaf else 0, lead, label=field_label, continues_record=listed)

    def _field_valued(self, child: Section, valued: _Valued | None) -> _Valued | None:
        """The field whose value ``child`` is an entry of: an entry numbered inside a problem or measure field's
        value on its line ("整改措施：（1）…；（2）…"), right after the label or after such an entry of the same
        line; or an entry opening its line under a label line of its own ("整改完成情况：⏎1.…⏎2.…"), or the next
        entry of such a list (``line`` None)."""
        if child.children or child.style == "enum":
            return None
        start = child.span[0]
        line = self.line_start(start)
        opening = _NOT_SPACE.search(self.text, line, start)
        if opening is None:  # a marker opening its line
            if valued is not None and valued.line is None:
                return valued  # the next entry of the list a label line opened
            return self._label_line_before(line)
        ls = opening.start()  # where the line's text starts, after any indent ("　　整改措施：（1）…")
        if valued is not None and valued.line == ls:
            return valued
        if not self._has_colon(ls, start):
            return None
        field = _FIELD_AT.match(self.text, ls, start)
        if field is None or not self._plausible_label(field, ls) or self.text[field.end() : start].strip():
            return None
        label = field.group("label")
        return _Valued(ls, label) if label_role(label) in ("problem", "measure") else None

    def _label_line_before(self, line: int) -> _Valued | None:
        """The field when the line before the one starting at ``line`` is a problem, measure or status label with
        no value ("整改措施：", "整改完成情况："): the entry opening that line opens that field's list."""
        text = self.text
        end = line - 1
        while end > 0 and text[end - 1] in " \t\r\n\u3000":
            end -= 1
        if end <= 0 or text[end - 1] not in ":：":
            return None
        ls = _NOT_SPACE.search(text, self.line_start(end - 1), end)
        if ls is None:
            return None
        field = _FIELD_AT.match(text, ls.start(), end)
        if field is None or field.end() != end or not _KNOWN_LABEL_FULL.fullmatch(field.group("label") or ""):
            return None
        label = field.group("label")
        return _Valued(None, label) if label_role(label) in ("problem", "measure", "status") else None

    # -- free text --------------------------------------------------------------------------------
    def free(
        self,
        start: int,
        end: int,
        path: tuple[str, ...],
        block: int,
        lead: str | None,
        marker: str | None = None,
        kind: str = "sentence",
        label: str | None = None,
        continues_record: bool = False,
    ) -> str | None:
        """Items of ``text[start:end]``; returns the lead-in that ends it (it frames what comes next).

        ``label`` labels the text up to the first label of the first line (a heading that was a label);
        ``continues_record``: that text goes on the value of the field that ended the last free text, in
        its record."""
        lines = self._lines(start, end)
        i = 0
        ends_with_lead: str | None = None
        carried: str | None = None  # a lead-in that ended the previous line frames the next one
        # the block of the label lines being read, and if it has content
        record_block, record_full, record_answered = self.record if continues_record else (0, False, False)
        roles: dict[int, tuple[str | None, bool]] = {}  # each line's field role and if it opens a record, as asked
        # the next line that says whether an open record's problem gets its measures (a measure field, or a field
        # opening another record), and what it says: the same for every line before it (read once, not per line)
        ahead: tuple[int, bool] = (-1, False)
        # the same within a list entry's body (its first record its block): its record's block, whether it has a
        # problem or a measure, whether it has a measure
        carry = bool(block) and kind != "enum"  # a section's body (not one of its entries): the record carries on
        entry_block, entry_full, entry_answered = (
            self.entries.get(block, (block, False, False)) if carry else (block, False, False)
        )
        while i < len(lines):
            ls, le = lines[i]
            known = self._known_row_at(ls)
            if known is not None:
                _, row_end, cells, names, r = known
                if not (names and r == 0):
                    self._row_items(cells, names, r, path, lead)
                while i < len(lines) and lines[i][0] < row_end:
                    i += 1  # the lines of the row's cells, read as cells
                carried = ends_with_lead = None
                continue
            table = self._table(lines, i)
            if table:
                self._table_items(table, path, lead)
                i += len(table)
                carried = None
                ends_with_lead = None
                continue
            taken = self._cell_lines_table(lines, i, path, lead)
            if taken:
                i += taken
                carried = ends_with_lead = None
                continue
            # label lines of one record (问题：… / 整改措施：… / 责任单位：… / 整改时限：…) share a block; a new 序号
            # or 问题 label after the record has its problem or measure starts the next record (a field telling the
            # details of the problem its record names, 问题一：…⏎问题描述：…, is no new record)
            role, opens = self._line_role(lines, i, roles)
            if block:
                # a list entry's body is one block, but for the records it lists one after another
                # (序号：1⏎问题描述：…⏎整改措施：…⏎序号：2⏎…): each after the first is a block of its own — a new 序号
                # after a record with content, a new 问题 after one with its measures (problems listed together and
                # answered together, 问题1：…⏎问题2：…⏎整改落实：针对问题1，…, stay one block)
                if opens and (entry_answered if role == "problem" else entry_full):
                    entry_block, entry_full, entry_answered = self.new_block(), False, False
                entry_full = entry_full or role in ("problem", "measure")
                entry_answered = entry_answered or role == "measure"
                line_block = entry_block
                self.line_blocks.setdefault(self.line_start(ls), entry_block)
            else:
                if continues_record and i == 0 and record_block:
                    line_block = record_block  # the rest of a field's value, in the field's record
                elif (
                    role is None
                    and record_full
                    and not record_answered
                    and (ahead if i < ahead[0] else (ahead := self._next_decision(lines, i, roles)))[1]
                ):
                    # the details of the record's problem, told before its measures (问题一：<problem>⏎<what was
                    # found, why>⏎整改措施：…): in the record
                    line_block = record_block
                    self.line_blocks.setdefault(self.line_start(ls), line_block)
                elif role is None:
                    record_block, record_full, record_answered = 0, False, False
                    line_block = self.block_of_line(ls)
                else:
                    if not record_block or (opens and record_full):
                        record_block, record_full, record_answered = self.new_block(), False, False
                    record_full = record_full or role in ("problem", "measure")
                    record_answered = record_answered or role == "measure"
                    line_block = record_block
                    self.line_blocks.setdefault(self.line_start(ls), line_block)
            line_lead = carried or lead
            carried = None
            last_lead = self._line(ls, le, path, line_block, line_lead, marker, kind, label)
            marker = label = None  # only the first item of an entry carries its marker
            if last_lead is not None:
                carried = last_lead
            ends_with_lead = last_lead
            i += 1
        self.record = (record_block, record_full, record_answered)
        if carry:
            self.entries[block] = (entry_block, entry_full, entry_answered)
        return ends_with_lead

    def _line_role(
        self, lines: list[tuple[int, int]], i: int, roles: dict[int, tuple[str | None, bool]]
    ) -> tuple[str | None, bool]:
        """The role of the field label that opens line ``i`` (None for a line without one), and whether it opens
        a record (序号, or 问题 — not a field telling the details of the problem named before: 问题描述); read once
        a line (``roles``)."""
        if i in roles:
            return roles[i]
        ls, le = lines[i]
        field = _FIELD_AT.match(self.text, ls, le) if self._has_colon(ls, le) else None
        role = label_role(field.group("label")) if field is not None and self._plausible_label(field, ls) else None
        opens = role in ("index", "problem") and not (field is not None and DETAILS_LABEL.search(field.group("label")))
        roles[i] = (role, opens)
        return role, opens

    def _next_decision(
        self, lines: list[tuple[int, int]], i: int, roles: dict[int, tuple[str | None, bool]]
    ) -> tuple[int, bool]:
        """The first line after line ``i`` that is a measure field (整改措施：) or a field opening another record,
        and whether it is the measure field (``len(lines)`` and False when there is none): whether a measure
        follows before another record opens, for every line up to it."""
        for j in range(i + 1, len(lines)):
            role, opens = self._line_role(lines, j, roles)
            if role == "measure":
                return j, True
            if opens or role == "problem":
                return j, False
        return len(lines), False

    def _lines(self, start: int, end: int) -> list[tuple[int, int]]:
        """Non-empty lines of ``text[start:end]``, clipped to it, surrounding whitespace trimmed."""
        text = self.text
        out = []
        pos = start
        while pos < end:
            nl = text.find("\n", pos, end)
            le = end if nl < 0 else nl
            s, e = pos, le
            while s < e and text[s] in " \t\r\u3000\xa0\ufeff":
                s += 1
            while e > s and text[e - 1] in " \t\r\u3000\xa0\ufeff":
                e -= 1
            if e > s:
                out.append((s, e))
            pos = le + 1
        return out

    def _line(
        self,
        ls: int,
        le: int,
        path: tuple[str, ...],
        block: int,
        lead: str | None,
        marker: str | None,
        kind: str,
        first_label: str | None = None,
    ) -> str | None:
        """Items of one line: fields at their labels, sentences of the rest. Returns a lead-in ending it."""
        text = self.text
        bullet = _BULLET_AT.match(text, ls, le)
        if bullet is not None and bullet.end() < le:
            # a bullet (● ■ ◆ •, or a dash before a space) opens an entry as a list number does: it is the
            # entry's marker, not part of its text
            marker = bullet.group("mark") if marker is None else marker
            ls = bullet.end()
        if not self._has_colon(ls, le):
            fields = []  # no colon, no label (most lines): spare them the pattern
        else:
            fields = [m for m in _FIELD_AT.finditer(text, ls, le) if self._plausible_label(m, ls)]
        # the text before the first label, then each label's value up to the next label
        resolved: list[tuple[int, int, str | None]] = [(ls, fields[0].start() if fields else le, first_label)]
        for k, m in enumerate(fields):
            value_end = fields[k + 1].start() if k + 1 < len(fields) else le
            closed = _bracket_close(text, ls, m.start(), m.end(), value_end)
            if closed is None:
                resolved.append((m.end(), value_end, m.group("label")))
            else:
                # a field in brackets ends at its closing bracket ("…。（牵头单位：市财政局）2.降低…"): what follows
                # it is the line's own text again, not the field's value
                resolved.append((m.end(), closed, m.group("label")))
                resolved.append((closed + 1, value_end, None))
        last_lead = None
        for s, e, label in resolved:
            if e <= s:
                continue
            if label is not None:
                role = label_role(label)
                if role in ("problem", "measure", "other", "background"):
                    self._sentences(s, e, path, block, lead, marker, "field", label, role)
                else:
                    self.sentence += 1
                    self.add(s, e, "field", path, block, label=label, role=role, marker=marker, lead=lead)
                marker = None
                last_lead = None
            else:
                last_lead = self._sentences(s, e, path, block, lead, marker, kind)
                marker = None
        return last_lead

    def _has_colon(self, ls: int, le: int) -> bool:
        """Whether the line has a colon or a closing bracket, without which no field label can match."""
        text = self.text
        return text.find("：", ls, le) >= 0 or text.find(":", ls, le) >= 0 or text.find("】", ls, le) >= 0

    def _plausible_label(self, m: regex.Match[str], ls: int) -> bool:
        label = m.group("label")
        if label is None:
            return False
        text = self.text
        if text[m.start()] == "【":
            return self.in_bracketed_record(m.start(), m.end())
        after = text[m.end() : m.end() + 1]
        if not after or after in "\r\n":  # the line ends there (a file with CRLF line ends too)
            # "检查发现以下问题：" ending a line is a lead-in, not a field; a known label stays a field
            return _KNOWN_LABEL_FULL.fullmatch(label) is not None and lead_in_kind(label) != "problem"
        if m.start() == ls and not _KNOWN_LABEL_FULL.fullmatch(label):
            # a short line-opening label: "活动主题：…" but not "我们发现：…" or "一是…：…"
            if len(label) > 8 or (lead_in_kind(label) is not None and label_role(label) == "other"):
                return False
            if CUES["speech"].search(label[-2:]) or label.endswith(("如下", "以下", "发现", "是")):
                return False
        return True

    def _sentences(
        self,
        start: int,
        end: int,
        path: tuple[str, ...],
        block: int,
        lead: str | None,
        marker: str | None,
        kind: str,
        label: str | None = None,
        role: str | None = None,
    ) -> str | None:
        """Sentence and clause items of ``text[start:end]`` (one line); returns a lead-in that ends it."""
        text = self.text
        last_lead = None
        spoken_from: list[str | None] = []  # the lead to return to when a spoken sentence ends
        for sent in self.doc.sentences_in(start, end):
            s, e = max(sent.start, start), min(sent.end, end)
            if e <= s:
                continue
            if spoken_from and s > 0 and text[s - 1] in "。！？!?":
                lead = spoken_from.pop()
            colon = _LEAD_COLON.search(text, s, e)
            if colon is not None and label is None:
                head = text[s : colon.start()]
                framed = lead_in_kind(head)
                if framed is not None or colon.end() >= e - 1:
                    # "检查发现以下问题：A；B" — the lead-in is an item; it frames the rest of the line
                    self.sentence += 1
                    aimed = _AIMED_AT.match(text, s, colon.end())
                    if aimed is not None and not _REFERENCE.search(
                        aimed.group("p")
                    ):  # "针对…的问题：一是…": the problem it names
                        self.add(aimed.start("p"), aimed.end("p"), "split", path, block, marker=marker, lead=lead)
                    else:
                        self.add(s, colon.start(), kind, path, block, marker=marker, lead=lead)
                    marker = None
                    lead = head.strip()[-30:] or lead
                    s = colon.end()
                    if e - s < _MIN_CHARS:
                        last_lead = lead
                        continue
            last_lead = None
            if label is None:
                spoken = _SPOKEN.match(text, s, e)
                if spoken is not None and not _NOT_SPEAKER.search(text, s, spoken.end() - 3):
                    # "会议要求，A；B。": the speaker frames the clauses of the sentence
                    if not spoken_from:
                        spoken_from.append(lead)
                    lead = text[s : spoken.end() - 1].strip()[-30:]
                    s = spoken.end()
                    if e - s < _MIN_CHARS:
                        continue
            self.sentence += 1
            if label is None and self._special(s, e, path, block, lead, marker):
                marker = None
                continue
            self._clauses(s, e, kind, path, block, lead, marker, label, role)
            marker = None
        return last_lead

    def _clauses(
        self,
        s: int,
        e: int,
        kind: str,
        path: tuple[str, ...],
        block: int,
        lead: str | None,
        marker: str | None,
        label: str | None = None,
        role: str | None = None,
    ) -> None:
        """A sentence as one item, or — when it is long — one item per comma clause (the pieces of one
        sentence share its ``sentence`` number)."""
        text = self.text
        while s < e and text[s] in _EDGE:
            s += 1
        while e > s and text[e - 1] in _EDGE:
            e -= 1
        pieces = _comma_pieces(text, s, e)
        if len(pieces) == 1:
            item_kind = "clause" if kind == "sentence" and text[e : e + 1] in "；;" else kind
            self.add(s, e, item_kind, path, block, label=label, role=role, marker=marker, lead=lead)
            return
        for ps, pe in pieces:
            self.add(ps, pe, "clause" if kind == "sentence" else kind, path, block, label, role, marker, lead)
            marker = None

    def _special(
        self,
        s: int,
        e: int,
        path: tuple[str, ...],
        block: int,
        lead: str | None,
        marker: str | None,
        heading: bool = False,
    ) -> bool:
        """Inline lists, 针对…问题 sentences, sentences that name a problem (关于“…”的问题。) and a shortfall with what
        is required or done about it: items of their own instead of the whole sentence (``heading``: the title of
        a list entry)."""
        text = self.text
        close = e
        while close > s and text[close - 1] in "。.；;：:！!":
            close -= 1
        named = _NAMED_SENTENCE.fullmatch(text, s, close)
        if named is not None:
            self.add(
                named.start("p"),
                named.end("p"),
                "inline",
                path,
                block,
                label="关于…的问题",
                role="problem",
                marker=marker,
                lead=lead,
            )
            return True
        aimed = _AIMED_AT.match(text, s, e)
        if aimed is not None:
            if not _REFERENCE.search(aimed.group("p")):
                self.add(aimed.start("p"), aimed.end("p"), "split", path, block, marker=marker, lead=lead)
            if aimed.group("m") is not None:
                self._clauses(aimed.start("m"), e, "split", path, block, lead, None)
            return True
        listed = _INLINE_LIST.search(text, s, e)
        if listed is not None:
            istart = listed.start("items")
            pieces = [(istart + p.start(), istart + p.end()) for p in _LIST_SEP.finditer(listed.group("items"))]
            if len(pieces) >= 2:
                if listed.start() - s >= 6:
                    self._clauses(s, listed.start(), "sentence", path, block, lead, marker)
                    marker = None
                for ps, pe in pieces:
                    self.add(ps, pe, "inline", path, block, marker=marker, lead=lead)
                    marker = None
                if e - listed.end() >= 4:
                    self._clauses(listed.end(), e, "sentence", path, block, lead, None)
                return True
        required = _REQUIRED_CLAUSE.search(text, s, e)
        if required is None and (heading or e - s <= SPLIT_ABOVE):
            # what was found, then what was done about it: "<shortfall>，由…补设…，已整改完毕", "<shortfall>，
            # 项目部已停用…" — the response cut from the shortfall it follows (a long sentence is cut at every
            # comma anyway; a list entry's heading is not)
            # (the first response after the first shortfall: one pass over each, whatever the heading's length)
            shortfall = _SHORTFALL_BEFORE.search(text, s, e)
            if shortfall is not None:
                required = _RESPONSE_CLAUSE.search(text, shortfall.end(), e)
        if required is not None and required.start() - s >= 4 and not CUES["measure_start"].match(text[s:e]):
            # what was found, then what is required of it: each part cut at its commas, as any sentence is
            self._clauses(s, required.start(), "split", path, block, lead, marker)
            self._clauses(required.end(), e, "split", path, block, lead, None)
            return True
        return False

    # -- tables -----------------------------------------------------------------------------------
    def _cells(self, ls: int, le: int) -> list[tuple[int, int]]:
        """The cells of a line split at pipes (a Markdown or web table row), tabs or wide gaps (empty cells
        kept for pipes and tabs)."""
        text = self.text
        line = text[ls:le]
        pipes = _PIPE_ROW.match(line) is not None
        if pipes or _BARE_PIPE_ROW.match(line):
            bars = [m.start() + ls for m in _PIPE.finditer(line)]
            if not pipes:  # the line's ends bound its first and last cells
                bars = [ls - 1, *bars, le]
            out = []
            for a, b in itertools.pairwise(bars):
                s, e = a + 1, b
                while s < e and text[s] in " \u3000":
                    s += 1
                while e > s and text[e - 1] in " \u3000":
                    e -= 1
                out.append((s, e))
            return out
        if "\t" in line:
            out, pos = [], ls
            while True:
                cell = self._quoted_at(pos)
                tab = text.find("\t", pos if cell is None else cell[1], le)
                end = le if tab < 0 else tab
                if cell is not None and cell[1] == end:
                    out.append((cell[0] + 1, cell[1] - 1))  # a quoted cell: its text, without the quotes
                elif end - pos >= 2 and text[pos] == '"' == text[end - 1]:
                    out.append((pos + 1, end - 1))  # a quoted cell of one line
                else:
                    out.append((pos, end))
                if tab < 0:
                    return out
                pos = tab + 1
        out, pos = [], ls
        for gap in _GAP.finditer(text, ls, le):
            out.append((pos, gap.start()))
            pos = gap.end()
        out.append((pos, le))
        return out

    def _table(self, lines: list[tuple[int, int]], i: int) -> list[tuple[int, int]]:
        """The lines of a table starting at ``lines[i]``, or [] when none starts there."""
        text = self.text
        ls, le = lines[i]
        first = text[ls:le]
        if _PIPE_ROW.match(first):
            return self._rows_of(lines, i, _PIPE_ROW)
        if _BARE_PIPE_ROW.match(first):
            # cells between bars only under a header row of short column names, as wide gaps
            if not names_columns([text[a:b].strip() for a, b in self._cells(ls, le)]):
                return []
            run = self._rows_of(lines, i, _BARE_PIPE_ROW)
            return run if len(run) >= 2 else []
        tabbed = "\t" in first
        if not tabbed and not _GAP.search(first):
            return []
        cells = self._cells(ls, le)
        n = len(cells)
        if n < 2 or (not tabbed and n < 3):
            return []
        # wide gaps make a table only under a header row of short column names
        if not tabbed and not names_columns([text[s:e].strip() for s, e in cells]):
            return []
        run = [lines[i]]
        for j in range(i + 1, len(lines)):
            s, e = lines[j]
            line = text[s:e]
            if tabbed:
                if "\t" not in line and self._inside_quoted(s) is None:
                    break
            elif not _GAP.search(line) or len(self._cells(s, e)) < 2:
                break
            run.append(lines[j])
        return run if len(run) >= 2 or tabbed else []  # one tab-separated line is a row of cells too

    def _cell_lines_table(self, lines: list[tuple[int, int]], i: int, path: tuple[str, ...], lead: str | None) -> int:
        """The items of a table copied one cell a line (:func:`~reportkit.textutil.cell_line_table`), if one
        starts at ``lines[i]``: a block for each row, each cell labelled by its column's name, in order; the
        number of lines it takes (0 when none starts there)."""
        text = self.text
        if text[lines[i][0] : lines[i][1]] not in INDEX_COLUMNS:  # 序号 or 编号, alone on its line
            return 0
        found = cell_line_table(lambda m: text[lines[m][0] : lines[m][1]], len(lines), i)
        if found is None or not found[1]:
            return 0
        rows = found[1]
        names = [text[s:e] for s, e in lines[i : rows[0][0]]]
        for r, (first, end) in enumerate(rows, 1):
            self._row_items(lines[first:end], names, r, path, lead)
        return rows[-1][1] - i

    def _rows_of(self, lines: list[tuple[int, int]], i: int, row: regex.Pattern[str]) -> list[tuple[int, int]]:
        """``lines[i]`` and the lines right after it that ``row`` matches too."""
        run = [lines[i]]
        for ls, le in lines[i + 1 :]:
            if not row.match(self.text[ls:le]):
                break
            run.append((ls, le))
        return run

    def _quoted_at(self, pos: int) -> tuple[int, int] | None:
        """The quoted cell of several lines that opens at ``pos``, if one does."""
        k = bisect_left(self.quoted_starts, pos)
        return self.quoted[k] if k < len(self.quoted) and self.quoted[k][0] == pos else None

    def _inside_quoted(self, pos: int) -> tuple[int, int] | None:
        """The quoted cell of several lines that ``pos`` lies inside (after its opening quote), if any."""
        k = bisect_left(self.quoted_starts, pos) - 1
        return self.quoted[k] if k >= 0 and pos < self.quoted[k][1] else None

    def _table_items(self, lines: list[tuple[int, int]], path: tuple[str, ...], lead: str | None) -> None:
        text = self.text
        # the rows: a line inside a quoted cell goes on the row before it
        rows: list[tuple[int, int]] = []
        for ls, le in lines:
            if rows and self._inside_quoted(ls) is not None:
                rows[-1] = (rows[-1][0], le)
            else:
                rows.append((ls, le))
        # the header: the first row, or one of the next two under a title or a 填报单位 line
        tops = [[text[s:e].strip() for s, e in self._cells(*row)] for row in rows[:3]]
        at = next((r for r, top in enumerate(tops) if _is_header(top)), None)
        names = tops[at] if at is not None else []
        for r, (ls, le) in enumerate(rows):
            if r == at:
                continue
            cells = self._cells(ls, le)
            if all(_RULE_CELL.match(text[s:e]) for s, e in cells):
                continue  # | --- | :---: | under a Markdown header
            self._row_items(cells, names if at is not None and r > at else [], r, path, lead)

    def _row_items(
        self, cells: list[tuple[int, int]], names: list[str], r: int, path: tuple[str, ...], lead: str | None
    ) -> None:
        """The items of one table row: a block of its own, each cell labelled by its column's header."""
        block = self.new_block()
        for c, (s, e) in enumerate(cells):
            name = names[c] if c < len(names) and names[c] else None
            role = label_role(name) if name else None
            if role in (None, "problem", "measure", "other", "background"):
                for sent in self.doc.sentences_in(s, e):
                    self.sentence += 1
                    lo = max(sent.start, s)
                    numbered = _CELL_MARKER.match(self.text, lo, e)  # "1.加装报警器；⏎2.…": an entry of the cell
                    self.add(
                        numbered.end() if numbered is not None else lo,
                        min(sent.end, e),
                        "cell",
                        path,
                        block,
                        label=name,
                        role=role,
                        lead=lead,
                        cell=(r, c),
                    )
            else:
                self.sentence += 1
                self.add(s, e, "cell", path, block, label=name, role=role, lead=lead, cell=(r, c))

    # -- tables a reader kept (.docx): rows and cells by offset, a cell of several lines still one cell -----
    def _known_rows(self) -> None:
        self.rows: list[tuple[int, int, list[tuple[int, int]], list[str], int]] = []
        tables = self.doc.source.metadata.get("tables") if self.doc.source is not None else None
        if not tables:
            return
        shift, n, text = self.doc.source.offset or 0, len(self.text), self.text
        for table in tables:
            spans = [[(s - shift, e - shift) for s, e in row] for row in table if row]
            spans = [row for row in spans if row and row[0][0] >= 0 and row[-1][1] <= n]
            if not spans:
                continue
            first = [text[s:e].strip() for s, e in spans[0]]
            names = first if _is_header(first) else []
            for r, row in enumerate(spans):
                self.rows.append((row[0][0], row[-1][1], row, names, r))
        self.rows.sort(key=lambda row: row[0])
        self.row_starts = [row[0] for row in self.rows]

    def _known_row_at(self, pos: int) -> tuple[int, int, list[tuple[int, int]], list[str], int] | None:
        if not self.rows:
            return None
        k = bisect_right(self.row_starts, pos) - 1
        if k >= 0 and self.rows[k][0] <= pos < max(self.rows[k][1], self.rows[k][0] + 1):
            return self.rows[k]
        return None


def _is_header(names: list[str]) -> bool:
    """Whether the cells of a first row name columns (序号 / 问题 / 整改措施 / 责任单位 …)."""
    return bool(names) and all(len(x) <= 12 for x in names) and sum(bool(HEADER_WORD.search(x)) for x in names) >= 2


def build_items(doc: Document) -> list[Item]:
    """Every candidate item of ``doc``, in text order (see the module docstring)."""
    builder = _Builder(doc)
    builder.section(doc.outline, (), None)
    found = builder.out
    found.sort(key=lambda r: (r[0], r[1]))
    title = doc.title_span
    text = doc.text
    out: list[Item] = []
    last_end = -1
    for start, end, kind, path, label, role, marker, lead, block, cell, sentence in found:
        if title is not None and title[0] <= start and end <= title[1]:
            continue  # the title names the document; it is not one of its items
        if start < last_end:
            continue  # never two items over the same characters
        out.append(
            Item(start, end, text[start:end], kind, path, label, role, marker, lead, block, cell, sentence, len(out))
        )
        last_end = end
    return out


def items_in(items: list[Item], start: int, end: int) -> list[Item]:
    """The items that start in ``[start, end)`` (``items`` in text order)."""
    starts = [it.start for it in items]
    return items[bisect_left(starts, start) : bisect_left(starts, end)]
