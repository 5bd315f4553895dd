"""A normalized view of a document's text for matching, with a map back to the original offsets.

Extractors match patterns on :attr:`NormalizedText.text` and report spans in ``Document.text`` through
:meth:`NormalizedText.to_original`. The view differs from the original in two ways only:

* **folding** (one character for one): full-width ASCII forms become half-width (``，``→``,``,
  ``（一）``→``(一)``, ``３５２０``→``3520``), the ideographic and no-break spaces become a space;
* **deletions**: spaces between a number and what follows or precedes it ("3520 人次", "共 180 瓦",
  "388 968名"), zero-width characters, line breaks that fall inside a word ("工作\\n\\n专班",
  "领导小\\n组") — a break is inside a word when a dictionary word of three or more characters spans
  it, or a two-character word does and the line before it is long (not a heading or list line) — and
  the soft line breaks of hard-wrapped paragraphs (text copied from PDFs: lines of the same width that
  do not end a sentence, see :func:`soft_wraps`).

Because the view only folds and deletes, every normalized character comes from exactly one original
character, and a normalized span maps to the smallest original span holding the same characters.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Callable

import regex

from .textutil import FIELD_AFTER_MARK, FIELD_AFTER_STOP, FIELD_LABEL, INDEX_COLUMNS, cell_line_table, cn_ordinal

# U+FF01..U+FF5E are the full-width forms of U+0021..U+007E
FOLD_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
FOLD_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0x2009: 0x20, 0x202F: 0x20})

_ZERO_WIDTH = regex.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# spaces next to numbers: "3520 人次", "共 180 瓦", "2018 年", "388 968名", "95 %"
_NUMBER_SPACE = regex.compile(r"(?<=\d)[ \t]+(?=[\p{Han}%‰])|(?<=\p{Han})[ \t]+(?=\d)|(?<=\d)[ \t](?=\d{3}(?!\d))")
_HAN_BREAK = regex.compile(r"(?<=\p{Han})[ \t]*(?:\r?\n[ \t]*)+(?=\p{Han})")
LONG_LINE = 12  # characters; shorter lines are headings, list lines, names
_COLUMN_GAP = regex.compile(r"(?<=\p{Han})[ \t]+(?=\p{Han})")  # a gap inside a line: aligned columns
# a line that starts a field ("组长：", "成 员:") or a numbered item is never the tail of a broken word
_LABEL_OR_MARKER = regex.compile(
    r"[\p{Han} ]{1,6}[:：]|[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十\d]+\)|\d+[、.]"
)


# the same mapping as a list indexed by code point: str.translate looks a list up twice as fast as a
# dict, and leaves characters past its end (U+10000 and up) unchanged, as it does unmapped ones
_FOLD_LIST = list(range(0x10000))
for _cp, _to in FOLD_TABLE.items():
    _FOLD_LIST[_cp] = _to


def fold(text: str) -> str:
    """Full-width to half-width, odd spaces to plain ones; same length as ``text``."""
    return text.translate(_FOLD_LIST)


class NormalizedText:
    """The normalized view and its offset map.

    :param text: the original text (``Document.text``)
    :param is_word: a dictionary lookup used to tell a line break inside a word from one between
        words; without it no line break is removed
    :param wrapped: offsets of line breaks known to be inside hard-wrapped paragraphs
        (:func:`wrapped_lines`), taken out with the spaces around them
    """

    __slots__ = ("_orig_len", "_run_norm", "_run_orig", "text")

    def __init__(
        self,
        text: str,
        is_word: Callable[[str], bool] | None = None,
        folded: str | None = None,
        wrapped: list[int] | None = None,
    ) -> None:
        folded = fold(text) if folded is None else folded
        deleted: list[tuple[int, int]] = [_around(folded, b) for b in wrapped or ()]
        for pattern in (_ZERO_WIDTH, _NUMBER_SPACE):
            deleted.extend(m.span() for m in pattern.finditer(folded))
        if is_word is not None:
            deleted.extend(_word_breaks(folded, is_word))
        if "\n" in folded:
            deleted.extend(_soft_wrap_breaks(folded))
        deleted.sort()
        pieces: list[str] = []
        run_norm: list[int] = [0]
        run_orig: list[int] = [0]
        pos = 0
        out_len = 0
        for start, end in deleted:
            if end <= pos:
                continue
            start = max(start, pos)
            pieces.append(folded[pos:start])
            out_len += start - pos
            pos = end
            run_norm.append(out_len)
            run_orig.append(end)
        pieces.append(folded[pos:])
        self.text = "".join(pieces)
        self._run_norm = run_norm
        self._run_orig = run_orig
        self._orig_len = len(text)

    def index_map(self) -> list[int]:
        """The original index of every normalized character (for many lookups at once)."""
        out: list[int] = []
        bounds = self._run_norm[1:] + [len(self.text)]
        for ns, os_, ne in zip(self._run_norm, self._run_orig, bounds):
            out.extend(range(os_, os_ + (ne - ns)))
        return out

    @property
    def identity(self) -> bool:
        """True when nothing was deleted: normalized offsets are original offsets."""
        return len(self._run_norm) == 1

    def orig_index(self, i: int) -> int:
        """Original index of normalized character ``i`` (``len`` maps to the original length)."""
        if i >= len(self.text):
            return self._orig_len
        r = bisect_right(self._run_norm, i) - 1
        return self._run_orig[r] + (i - self._run_norm[r])

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span ``[start, end)`` to the original text."""
        if end <= start:
            o = self.orig_index(start)
            return o, o
        return self.orig_index(start), self.orig_index(end - 1) + 1

    def norm_index(self, orig: int) -> int:
        """The normalized index of the first kept character at or after original index ``orig``."""
        r = bisect_right(self._run_orig, orig) - 1
        run_end_orig = self._run_orig[r] + (
            (self._run_norm[r + 1] if r + 1 < len(self._run_norm) else len(self.text)) - self._run_norm[r]
        )
        if orig < run_end_orig:
            return self._run_norm[r] + (orig - self._run_orig[r])
        return self._run_norm[r + 1] if r + 1 < len(self._run_norm) else len(self.text)

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span to the normalized view (deleted characters at the edges drop out)."""
        return self.norm_index(start), self.norm_index(end)


SENTENCE_END = tuple("。！？!?；;：:…")
_CLOSERS = "”’」』\"')）"
HEADING_START = regex.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|\d{1,2}(?:[、．]|\.(?!\d))|[①-⑳]|第[一二三四五六七八九十\d]+[部分章节条]|[\p{Han} ]{1,6}[:：])"
)
FULL_LINE = 0.85  # share of the surrounding width a line must fill to be a wrapped one
MIN_WRAP = 12  # shorter lines are headings, names, list items


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_CLOSERS)
    return not stripped or stripped.endswith(SENTENCE_END)


def _may_go_on(cur: str, nxt: str) -> bool:
    """Whether line ``nxt`` may be the rest of line ``cur``: it does not start a heading or a labelled field,
    nor is it indented deeper — the next entry of an aligned list ("成　员：王　磊…" then "　　　　　　赵红英…"),
    not the rest of a wrapped line, whose margin is the same or less."""
    return not HEADING_START.match(nxt) and len(nxt) - len(nxt.lstrip()) <= len(cur) - len(cur.lstrip())


def soft_wraps(lines: list[str], width: int | None = None) -> list[bool]:
    """For each line but the last: whether the break after it is a soft wrap inside a paragraph.

    A break is soft when the line does not end a sentence, the next line does not start a heading or a
    labelled field nor is indented deeper than the line, and the line fills its width: ``width`` when
    given (a PDF page's longest line), otherwise the longest of the line and its neighbours
    (hard-wrapped text has lines of one width).
    """
    out = []
    lengths = [len(ln.strip()) for ln in lines]
    for i in range(len(lines) - 1):
        cur, nxt = lines[i], lines[i + 1]
        n = lengths[i]
        if not n or not lengths[i + 1] or _ends_sentence(cur) or not _may_go_on(cur, nxt):
            out.append(False)
            continue
        local = width or max(lengths[max(0, i - 1) : i + 2])
        out.append(n >= MIN_WRAP and n >= FULL_LINE * local)
    return out


#: a row of a table or an aligned list ("1     县图书馆     书库未…", "2\t县财政局\t…", "| 2 | 党的领导 |"): a gap
#: of two spaces or more, a tab or a bar inside the line
ALIGNED_ROW = regex.compile(r"\S(?:[ \u3000]{2,}|\t)\S|[|｜]")
WRAP_WIDTH = (20, 64)  # characters: a page's lines are no shorter, nor longer (a paragraph on one line is)
_MID_SENTENCE = ("：", ":", "；", ";")  # marks that end a line without ending what it says
_CLAUSE_MARK = regex.compile(r"[，,、；;：:。]")  # prose wrapped over two lines has one (a list of headlines not)
# a line that opens with a bullet starts an entry of its own, never the rest of a wrapped line
_BULLET = regex.compile(r"[●○■□◆◇▪▫•·★☆►▶※√✓\-—─]")


_SP = r"[ \t\u3000\xa0]*"  # spaces a line of text may hold: plain, ideographic, no-break
#: a line that holds only a page number ("- 3 -", "— 3 —", "·3·", "第3页", "第3页 共12页", "3/12", "Page 3"), or a
#: bare number (:func:`page_number_lines` says when that is one); the PDF reader drops such a line where it stands
#: first or last on a page
PAGE_NUMBER = regex.compile(
    rf"^{_SP}(?:[-—–－·•]{_SP}\d{{1,4}}{_SP}[-—–－·•]|(?P<bare>\d{{1,4}})"
    rf"|第{_SP}\d{{1,4}}{_SP}页(?:{_SP}[,，]?{_SP}共{_SP}\d{{1,4}}{_SP}页)?"
    rf"|\d{{1,4}}{_SP}/{_SP}\d{{1,4}}|page{_SP}\d{{1,4}}(?:{_SP}of{_SP}\d{{1,4}})?)[ \t\u3000\xa0\r]*$",
    regex.IGNORECASE,
)


PAGE_LINES = 8  # lines a page holds at the least, text copied out of a PDF


def page_number_lines(text: str) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of the lines of ``text`` (without their line breaks) that hold only a page number,
    as text copied out of a PDF keeps them, often in the middle of a paragraph ("…多模态行为监测⏎4⏎技术、…").

    A decorated number ("- 3 -", "第3页", "3/12") is one wherever it stands. A bare number ("4") is one only
    in a document that numbers its pages so: at least two such lines, each line's number one more than the
    last one's (or 1, an appendix that numbers its own pages) for most of them — a lone "2" on a line of its
    own, or a column of a table laid out one cell per line (its numbers a few lines apart, where a page's are
    a page apart: :data:`PAGE_LINES` lines or more, as the median), is left alone; so are the numbers that open
    the rows of a table pasted one cell a line under its column names (:func:`~reportkit.textutil.cell_line_table`),
    however many blank lines stand between its cells."""
    decorated: list[tuple[int, int]] = []
    bare: list[tuple[int, int, int, int]] = []  # start, end, number, line number
    pos = 0
    for n, line in enumerate(text.split("\n")):
        end = pos + len(line)
        if len(line) <= 24 and (m := PAGE_NUMBER.match(line)) is not None:
            if m.group("bare") is None:
                decorated.append((pos, end))
            else:
                bare.append((pos, end, int(m.group("bare")), n))
        pos = end + 1
    if bare:  # the numbers that open the rows of a table laid out one cell a line are no page's
        tabled = cell_table_lines([ln.strip() for ln in text.split("\n")])
        bare = [b for b in bare if b[3] not in tabled]
    if len(bare) >= 2:
        pairs = list(itertools.pairwise(bare))
        steps = sum(1 for a, b in pairs if b[2] == a[2] + 1 or (b[2] == 1 and a[2] > 1))
        gaps = sorted(b[3] - a[3] for a, b in pairs)
        if steps * 3 >= len(pairs) * 2 and gaps[len(gaps) // 2] >= PAGE_LINES:
            decorated.extend((a, b) for a, b, _, _ in bare)
    return sorted(decorated)


def cell_table_lines(stripped: list[str]) -> set[int]:
    """The indexes of the lines (``stripped``: a text's lines, stripped) of the tables laid out one cell a line
    (:func:`~reportkit.textutil.cell_line_table`): a cell's line is no wrapped line of a paragraph, whatever its
    length, and a row's number no page number, however far apart the rows stand."""
    if not any(s in INDEX_COLUMNS for s in stripped):
        if not any(s[:2] in INDEX_COLUMNS and s[-1:] in "|｜" for s in stripped):
            return set()
        # a bar after each cell, a bar alone between rows (:func:`cell_bars`): the same table without them
        stripped = [s.rstrip("|｜ \t\u3000") if s[-1:] in "|｜" else s for s in stripped]
    full = [k for k, s in enumerate(stripped) if s]
    out: set[int] = set()
    m = 0
    while m < len(full):
        found = cell_line_table(lambda q: stripped[full[q]], len(full), m)
        if found is None or not found[1]:
            m += 1
            continue
        end = found[1][-1][1]
        out.update(range(full[m], full[end - 1] + 1))
        m = end
    return out


_BAR_CELL = regex.compile(r"[ \t\u3000]*(?:[^|｜\n]*[^|｜\s][ \t\u3000]*)?[|｜][ \t\u3000]*")


def cell_bars(text: str) -> list[int]:
    """Offsets of the bars of a table copied one cell a line with a bar after each cell and a bar alone
    between rows (``|⏎序号 |⏎问题 |⏎…⏎|⏎1 |⏎<cell> |⏎…``, as some converters of web pages give a table whose
    cells hold line breaks): the views the outline and the items layer read make them spaces, so the table is
    read as one cell a line (:func:`~reportkit.textutil.cell_line_table`). Only runs of such lines with a
    序号 or 编号 cell among them."""
    if "|" not in text and "｜" not in text:
        return []
    out: list[int] = []
    run: list[int] = []  # the bars of the current run of such lines
    named = False
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        le = n if nl < 0 else nl
        m = _BAR_CELL.fullmatch(text, pos, le)
        if m is not None:
            bar = max(text.rfind("|", pos, le), text.rfind("｜", pos, le))
            run.append(bar)
            named = named or text[pos:bar].strip() in INDEX_COLUMNS
        elif text[pos:le].strip():  # a line of other text ends the run (an empty one does not)
            if named and len(run) >= 6:
                out.extend(run)
            run, named = [], False
        if nl < 0:
            break
        pos = nl + 1
    if named and len(run) >= 6:
        out.extend(run)
    return out


def wrapped_lines(text: str, skip: list[tuple[int, int]] | None = None) -> list[int]:
    """Offsets of the line breaks inside hard-wrapped paragraphs, in order (text copied from a PDF: the
    lines of a paragraph cut at one width).

    Stricter than :func:`soft_wraps`, because these breaks join lines into one paragraph: the line is 20
    to 64 characters long (a page's width), neither it nor the next is an aligned row (a gap of two spaces
    or more, a tab or a bar inside it), the next does not open with a bullet, the line does not end with a
    half-width full stop, and the two hold a comma, colon or stop between them (a list of headlines not).
    A break counts when the break before or after it counts too (a paragraph of three lines or more), or
    — once a document shows such paragraphs — when its line fills the document's wrapping width (the
    median length of those lines): how a paragraph of two lines looks, and how a line cut right after a
    colon or a semicolon looks ("（责任单位：⏎局办公室；…）"), which elsewhere ends a lead-in or a list entry.

    :param skip: spans of lines read as if they were not there (:func:`page_number_lines`): the lines on either
        side of one are the lines of one paragraph when they would be so without it, and the breaks on both
        sides of it are then breaks inside the paragraph
    """
    every = text.split("\n")
    starts = list(itertools.accumulate((len(ln) + 1 for ln in every[:-1]), initial=0))
    skipped = {bisect_left(starts, a) for a, _ in skip or ()}
    keep = [i for i in range(len(every)) if i not in skipped]
    lines = [every[i] for i in keep]
    if len(lines) < 3:
        return []
    flags = soft_wraps(lines)
    stripped = [ln.strip() for ln in lines]

    def plain(i: int) -> bool:
        this, nxt = stripped[i], stripped[i + 1]
        return (
            WRAP_WIDTH[0] <= len(this) <= WRAP_WIDTH[1]
            and bool(nxt)
            and not this.rstrip(_CLOSERS).endswith(".")  # a half-width copy's full stop
            and (_CLAUSE_MARK.search(this) is not None or _CLAUSE_MARK.search(nxt) is not None)
            and not ALIGNED_ROW.search(this)
            and not ALIGNED_ROW.search(nxt)
            and not _BULLET.match(nxt)
        )

    tabled = cell_table_lines(stripped)
    ok = [soft and i not in tabled and plain(i) for i, soft in enumerate(flags)]
    joined = [soft and ((i > 0 and ok[i - 1]) or (i + 1 < len(ok) and ok[i + 1])) for i, soft in enumerate(ok)]
    widths = sorted(len(stripped[i]) for i, run in enumerate(joined) if run)
    if len(widths) >= 3:
        full = FULL_LINE * widths[len(widths) // 2]
        for i in range(len(joined)):
            if joined[i] or len(stripped[i]) < full:
                continue
            # a line that fills the width: a wrapped one, also when it ends with a colon or a semicolon
            joined[i] = ok[i] or (
                i not in tabled
                and stripped[i].endswith(_MID_SENTENCE)
                and _may_go_on(lines[i], lines[i + 1])
                and plain(i)
            )
    out: list[int] = []
    for j in range(len(lines) - 1):
        if joined[j]:
            # the break after the line, and those after the skipped lines up to the next one kept
            out.extend(starts[i] + len(every[i]) for i in range(keep[j], keep[j + 1]))
    return out


#: a line at least this long may be run-together paragraphs (:func:`run_together_breaks`)
RUN_TOGETHER_LINE = 120
_CN_DIGITS = "一二三四五六七八九十"
# a list marker inside a line: 一、 （一） （1） 1. 1、 ①
_INLINE_MARKER = regex.compile(
    rf"(?P<cn>[{_CN_DIGITS}]{{1,3}})、|[（(](?P<pcn>[{_CN_DIGITS}]{{1,3}})[)）]|[（(](?P<par>\d{{1,2}})[)）]"
    r"|(?<![\d第.．])(?P<ar>\d{1,2})(?:[、．]|\.(?![\d%]))(?!\d)|(?P<circ>[\u2460-\u2473])"
)
_HEADING_MARKER = regex.compile(rf"[{_CN_DIGITS}]、|[（(][{_CN_DIGITS}]{{1,3}}[)）]")  # a cheap test first
_MARKER_RANK = {"cn": 0, "pcn": 1, "ar": 2, "par": 3, "circ": 4}
_RUN_ENDS = "。；;：:！？!?"  # what ends the text before a marker or a label that starts a line of its own
_RUN_CLOSERS = "”’\"')）】"
_NOTE = 80  # the longest bracketed note after a sentence's end read back over (…。（责任单位：…；时限：…）)
_TITLE_STOP = regex.compile(r"[。；;，,！？!?：:]")  # what a heading's short title does not hold
_VALUE_STOP = regex.compile(r"[。；;！？!?]")  # nor a field's short value
# a field's label, or a record's: a problem numbered in words (问题二：) opens the next record of a report that goes
# problem by problem, and starts a line as a field's label does
_RUN_LABEL = rf"{FIELD_LABEL}|问题[{_CN_DIGITS}]{{1,3}}"
_FIELD_COLON = regex.compile(rf"(?:{_RUN_LABEL})[:：]")
_PROBLEM_TITLE = 60  # the longest title of a heading that names a problem (关于…的问题) read for its end
_TITLE_PROBLEM = regex.compile(r"问题[”’\"']?")
# what goes on with a title past its 问题: 问题整改情况, 问题的整改, 问题及原因, 问题和不足, 问题线索, 问题清单, 问题方面
# and a number after it that a colon closes: a record's label (…方面问题3：…)
_TITLE_GOES_ON = regex.compile(rf"整改|的|及|和|与|、|线索|清单|方面|[”’\"'）)]|[\d{_CN_DIGITS}]{{1,3}}[:：]")
_ENUMERATED_TITLE = 30  # the longest heading title an enumeration (一是…) is read as run into
_ENUMERATION_OPENS = regex.compile(r"(?<![统唯之第单万同专划均])一是|首先(?=[，,])")
_NUMBERED_PROBLEM = regex.compile(rf"问题(?:[{_CN_DIGITS}]{{1,3}}|\d{{1,2}})[:：]")
# a known field label, with its colon or in brackets (【问题】, 【整改措施】: a ledger's cells copied from a web
# page); 整改 may open it where the label itself does not hold it (整改完成时限：)
_RECORD_FIELD = regex.compile(rf"【(?:{_RUN_LABEL})】|(?:整改)?(?:{_RUN_LABEL})[:：]")
# after these a colon label opens a field where it stands (textutil.FIELD_AFTER_*, as the items layer reads it):
# no line break is put before it
_FIELD_BEFORE = FIELD_AFTER_MARK + FIELD_AFTER_STOP


def _marker_number(m: regex.Match[str]) -> tuple[str, int | None]:
    for style in ("cn", "pcn", "par", "ar"):
        value = m.group(style)
        if value:
            return style, cn_ordinal(value)
    return "circ", ord(m.group("circ")) - 0x245F


def _after_value(line: str, at: int, field_ends: list[int]) -> bool:
    """Whether ``line[:at]`` ends with a field's short value ("责任单位：局办公室"): a label's colon at most 40
    characters before, and no stop between."""
    k = bisect_left(field_ends, at) - 1
    if k < 0:
        return False
    end = field_ends[k]
    return 0 < at - end <= 40 and _VALUE_STOP.search(line, end, at) is None


def _marker_ends(line: str, start: int, at: int) -> bool:
    m = _INLINE_MARKER.match(line, start)
    return m is not None and m.end() == at


def _marker_before(line: str, lo: int, at: int) -> int | None:
    """Where a list marker that ends right at ``at`` starts (at or after ``lo``, at most six characters back), or
    None: "（三）" in "…立行立改（三）问题：…"."""
    return next((s for s in range(max(lo, at - 6), at) if _marker_ends(line, s, at)), None)


def _after_end(line: str, at: int) -> bool:
    """Whether ``line[:at]`` ends a sentence or a lead-in (。；：！？, a closing quote after one may follow), or a
    note in brackets after one ("…。（责任单位：局办公室）"); read back from ``at``, never by slicing the line (a
    1 MB line holds many markers)."""
    i = _skip_spaces(line, at - 1)
    if i >= 1 and line[i] in "）)" and line[i - 1] not in _RUN_ENDS:
        # one bracketed note after the sentence's end: what comes before its opening bracket (one note, not a
        # chain of them: a line of a million brackets is read back over 80 characters at most)
        opener = max(line.rfind("（", max(0, i - _NOTE), i), line.rfind("(", max(0, i - _NOTE), i))
        if opener > 0 and line.find("）", opener, i) < 0 and line.find(")", opener, i) < 0:
            i = _skip_spaces(line, opener - 1)
    if i >= 1 and line[i] in _RUN_CLOSERS:
        i -= 1
    return i >= 0 and (line[i] in _RUN_ENDS or (line[i] == "." and i >= 1 and not line[i - 1].isascii()))


def _skip_spaces(line: str, i: int) -> int:
    """The offset at or before ``i`` of the first character that is not a space."""
    while i >= 0 and line[i] in " \t\u3000":
        i -= 1
    return i


def _numbered_after_title(line: str, at: int, heads: list[tuple[int, int]]) -> bool:
    """Whether the label at ``at`` numbers a problem (问题一：, 问题2：) and follows a heading's short title
    (``heads``: where the line's heading markers start and end, in order): "二、具体问题整改进展问题一：…", the
    first record of a section run into its heading."""
    if _NUMBERED_PROBLEM.match(line, at) is None:
        return False
    k = bisect_left(heads, (at,)) - 1
    if k < 0:
        return False
    start, title = heads[k]
    return title < at <= start + 40 and _TITLE_STOP.search(line, start, at) is None


def _problem_title_end(line: str, title: int) -> int | None:
    """Where the body starts after a heading that names a problem, 关于…问题, run into it: "（一）关于“X”的问题集团党委
    修订了…" — the title ends at a 问题 (and its closing quote) that nothing continues (not 问题整改情况, 问题及原因,
    问题线索…), before any stop and within :data:`_PROBLEM_TITLE` characters of ``title`` (where the title starts,
    after its marker); None when there is no such title, or nothing after it but a stop."""
    if not line.startswith("关于", title):
        return None
    stop = _TITLE_STOP.search(line, title, title + _PROBLEM_TITLE)
    limit = stop.start() if stop is not None else min(len(line), title + _PROBLEM_TITLE)
    for m in _TITLE_PROBLEM.finditer(line, title, limit):
        body = m.end()
        while body < limit and line[body] in " \t\u3000":
            body += 1
        if body < limit and not _TITLE_GOES_ON.match(line, body):
            return body
    return None


def _enumeration_after_title(line: str, title: int) -> int | None:
    """Where an enumeration (一是…；二是…, 首先…) starts right after a heading's short title run into it: "二、存在的问题
    一是…" — a title (starting at ``title``, after its marker) of at most :data:`_ENUMERATED_TITLE` characters with no
    stop in it; else None."""
    m = _ENUMERATION_OPENS.search(line, title + 2, title + _ENUMERATED_TITLE + 1)
    if m is None or _TITLE_STOP.search(line, title, m.start()) is not None:
        return None
    return m.start()


def _record_breaks(line: str, lead: int) -> list[int]:
    """Offsets in ``line`` where the fields of one record run into it start a line of their own: a line that
    opens (after its indent and list marker) with a known field label and holds another ("1.【问题】…【整改措施】…
    【责任单位】…", "问题：…整改措施：…责任单位：…" — a ledger's row copied out of a web page's table). A break goes
    before each later label in brackets, and before each later label with a colon that does not follow a space
    or the end of a sentence (where it opens its field as it is); before a list marker right before a label (the
    next record: "…整改时限：立行立改（三）问题：…")."""
    start = lead
    marker = _INLINE_MARKER.match(line, lead)
    if marker is not None:
        start = marker.end()
        while start < len(line) and line[start] in " \t\u3000":
            start += 1
    first = _RECORD_FIELD.match(line, start)
    if first is None:
        return []
    out = []
    for m in _RECORD_FIELD.finditer(line, first.end()):
        at = m.start()
        # a label right after a list marker: the next record, its line starting at the marker ("…（三）问题：…")
        marker = _marker_before(line, first.end(), at)
        if marker is not None:
            out.append(marker)
        elif line[at] == "【" or line[at - 1] not in _FIELD_BEFORE:
            out.append(at)
    return out


def run_together_breaks(text: str) -> list[int]:
    """Offsets where a line break belongs in run-together text (a report copied from a web page or a
    chat, its paragraphs, headings and fields run into one line), in order: what a reader takes for the
    start of a line there.

    Only lines of :data:`RUN_TOGETHER_LINE` characters or more are read, and only those that show headings
    run together: a heading marker (一、 （一）) continuing the document's numbering right after a
    sentence ends (list markers alone — 1. （1） ① — are a paragraph's inline list). In such a line a break
    goes

    * before each marker that continues its numbering (1, or one more than the last of its kind, or any
      number where none of its kind came before: an excerpt may open at 二、) after
      the end of a sentence or a lead-in (。；：！？), or right after a heading's short title of a higher
      rank (一、存在的问题（一）…, 一、共性问题1.…), or after a field's short value (below);
    * before a field's label (问题：, 整改措施：, 责任单位：, 整改时限：…) after the end of a sentence, or
      after the short value of the field before it (责任单位：局办公室整改时限：6月底前) — and so before a
      marker there (责任单位：局办公室二、…);

    Lines of ordinary length, and long paragraphs that only enumerate inline ("主要有：（1）…；（2）…"),
    are left as they are — except a record's fields run into one line, of any length (:func:`_record_breaks`):
    "1.【问题】…【整改措施】…【责任单位】…" reads as one field a line.
    """
    out: list[int] = []
    last: dict[str, int] = {}  # the last number seen of each kind of marker
    pos = 0
    for line in text.split("\n"):
        ls = pos
        pos += len(line) + 1
        lead = len(line) - len(line.lstrip(" \t\u3000"))
        record = _record_breaks(line, lead) if ("【" in line or "：" in line or ":" in line) else []
        if len(line) < RUN_TOGETHER_LINE or not _HEADING_MARKER.search(line, lead + 1):
            m = _INLINE_MARKER.match(line, lead)
            if m:
                style, number = _marker_number(m)
                if number is not None:
                    last[style] = number
            out.extend(ls + at for at in record)
            continue
        fields = list(_FIELD_COLON.finditer(line))
        field_ends = [m.end() for m in fields]
        found: list[tuple[int, str]] = []
        seg_start, seg_style = lead, None  # where the current line (as it will be) starts, and its marker
        # where each marker that opens a line (as it will be) starts, where its title starts, and its style
        markers: list[tuple[int, int, str]] = []
        for m in _INLINE_MARKER.finditer(line):
            style, number = _marker_number(m)
            if number is None:
                continue
            at = m.start()
            if at == lead:
                last[style], seg_style = number, style
                markers.append((at, m.end(), style))
                continue
            prev = last.get(style)
            if not (number == 1 or prev is None or number - prev == 1):  # an excerpt may open at 二、
                continue
            after_title = (
                seg_style is not None
                and _MARKER_RANK[style] > _MARKER_RANK[seg_style]
                and at - seg_start <= 40
                and _TITLE_STOP.search(line, seg_start, at) is None
            )
            if not (_after_end(line, at) or after_title or _after_value(line, at, field_ends)):
                continue
            found.append((at, style))
            markers.append((at, m.end(), style))
            last[style], seg_start, seg_style = number, at, style
        if not any(style in ("cn", "pcn") for _, style in found):
            out.extend(ls + at for at in record)
            continue  # a paragraph that enumerates inline, not headings run together
        starts = {at for at, _ in found}.union(record)
        heads = [(at, title) for at, title, style in markers if style in ("cn", "pcn")]
        for m in fields:
            at = m.start()
            if at > lead and (
                _after_end(line, at) or _after_value(line, at, field_ends) or _numbered_after_title(line, at, heads)
            ):
                # a label right after a marker: the line starts at the marker ("…长期坚持（五）问题：…")
                marker = _marker_before(line, lead, at)
                if marker is not None:
                    if marker > lead:
                        starts.add(marker)
                else:
                    starts.add(at)
        # a heading that names its problem (（一）关于“…”的问题), or a heading's short title with the enumeration
        # under it (二、存在的问题一是…；二是…), and its body run into it
        for _, title, _ in markers:
            body = _problem_title_end(line, title)
            if body is None:
                body = _enumeration_after_title(line, title)
            if body is not None:
                starts.add(body)
        out.extend(ls + at for at in sorted(starts))
    return out


# -- Markdown: the syntax of a .md file is layout, not text ------------------------------------------------

_MD_FENCE = regex.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_LINE_START = regex.compile(
    r"^(?:[ \t]{0,3}>[ \t]?)*"  # block quotes
    r"(?:[ \t]{0,3}#{1,6}(?:[ \t]+|$)"  # an ATX heading's #s
    r"|[ \t]*[-*+][ \t]+(?=\S)"  # a bullet list's mark
    r")?"
)
_MD_HEADING_CLOSE = regex.compile(r"[ \t]+#+[ \t]*$")
_TABLE_RULE_CHARS = frozenset("|:- \t")


def _md_rule(line: str) -> bool:
    """A rule (``---``, ``* * *``, ``___``), a setext underline (``===``) or a pipe table's rule line
    (``| --- | :---: |``): read by its set of characters, in one pass (a pattern with nested repetition
    backtracks for minutes over a long line that ends in something else)."""
    marks = line.replace(" ", "").replace("\t", "")
    if not marks:
        return False
    if marks[0] in "-*_=" and marks == marks[0] * len(marks):
        return len(marks) >= 3 or marks[0] == "="
    return "|" in marks and "---" in marks and set(line) <= _TABLE_RULE_CHARS


# Every repetition is bounded (a link's text, its target, what emphasis holds), so that a line of a
# megabyte with many openers and no closers is read in linear time, not quadratic.
_MD_INLINE = regex.compile(
    r"(?P<image>!\[[^\]\n]{0,500}\]\([^)\n]{0,1000}\))"  # an image: nothing of it is text
    r"|(?P<link>\[)(?=[^\]\n]{0,500}\]\([^)\n]{0,1000}\))"  # a link: its text stays, brackets and target go
    r"|(?P<target>\]\([^)\n]{0,1000}\))"
    r"|(?P<strong>\*\*|__)(?=\S)(?:(?!(?P=strong)).){1,300}?(?<=\S)(?P=strong)"
    r"|(?<![*\\\w])(?P<em>\*)(?=[^\s*])[^*\n]{1,300}?(?<=[^\s*\\])\*(?!\*)"
    r"|(?P<code>`+)"
    r"|(?P<escape>\\)(?=[\\`*_{}\[\]()#+\-.!|>~])"
)


def markdown_markup(text: str) -> list[tuple[int, int]]:
    """Spans of Markdown syntax in ``text`` (a .md file): a heading's #s, block quote marks, a bullet list's
    mark, rules and a pipe table's rule line, the ** / __ / * around emphasis, a link's brackets and target
    (its text stays), images, code backticks and escaping backslashes — layout a reader does not read as
    words. Fenced code blocks are left as they are; HTML inside Markdown is not read as markup. Sorted,
    disjoint."""
    spans: list[tuple[int, int]] = []
    pos = 0
    fence: str | None = None
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        body = line.rstrip("\r")
        m = _MD_FENCE.match(body)
        if fence is not None:
            if m is not None and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m is not None:
            fence = m.group(1)
            continue
        if _md_rule(body):
            spans.append((start, start + len(body)))
            continue
        lead = _MD_LINE_START.match(body)
        at = lead.end() if lead is not None else 0
        if at:
            spans.append((start, start + at))
        stop = len(body)
        if lead is not None and "#" in body[:at]:
            close = _MD_HEADING_CLOSE.search(body, at)
            if close is not None:
                stop = close.start()
                spans.append((start + stop, start + len(body)))
        for m in _MD_INLINE.finditer(body, at, stop):
            kind = m.lastgroup if m.lastgroup in ("image", "link", "target", "code", "escape") else None
            if m.group("strong") is not None:
                n = len(m.group("strong"))
                spans.append((start + m.start(), start + m.start() + n))
                spans.append((start + m.end() - n, start + m.end()))
            elif m.group("em") is not None:
                spans.append((start + m.start(), start + m.start() + 1))
                spans.append((start + m.end() - 1, start + m.end()))
            elif kind is not None:
                group = m.group(kind)
                spans.append((start + m.start(kind), start + m.start(kind) + len(group)))
    spans.sort()
    return spans


def _around(text: str, at: int) -> tuple[int, int]:
    """The span of the line break at ``at`` with the spaces (and carriage return) before it and after it."""
    a, c = at, at + 1
    while a > 0 and text[a - 1] in " \t\r\u3000":
        a -= 1
    while c < len(text) and text[c] in " \t\u3000":
        c += 1
    return a, c


class Unwrapped:
    """``text`` as laid out: the line breaks of hard-wrapped paragraphs taken out (and the spaces around
    them), for patterns that must match across a wrap ("县生态环境分\\n局", "2023年6月\\n底前"), and a line
    break put in where run-together text starts a heading or a field (:func:`run_together_breaks`), with a
    map back to ``text`` offsets. The identity when there are neither (most documents).

    :param breaks: offsets of line breaks to take out (:func:`wrapped_lines`)
    :param inserts: offsets before which a line break goes in (:func:`run_together_breaks`); one inside a
        break taken out is dropped
    :param cuts: ``[start, end)`` spans taken out as well (a .md file's syntax: :func:`markdown_markup`)
    """

    def __init__(
        self,
        text: str,
        breaks: list[int],
        inserts: list[int] | tuple[int, ...] = (),
        cuts: list[tuple[int, int]] | tuple[tuple[int, int], ...] = (),
    ) -> None:
        self._n = len(text)
        #: the original offset of each character of :attr:`text` (None: the same); a line break put in
        #: has the offset of the character after it, and is marked in :attr:`_added`
        self._kept: list[int] | None = None
        self._added: bytearray | None = None
        if not breaks and not inserts and not cuts:
            self.text = text
            return
        cut = bytearray(len(text))
        for b in breaks:
            a, c = _around(text, b)
            cut[a:c] = b"\x01" * (c - a)
        for a, c in cuts:
            cut[a:c] = b"\x01" * (c - a)
        at = sorted({i for i in inserts if 0 < i < len(text) and not cut[i] and not cut[i - 1]})
        if not at:
            self._kept = [i for i, x in enumerate(cut) if not x]
            self._added = bytearray(len(self._kept))
            self.text = "".join(text[i] for i in self._kept)
            return
        kept: list[int] = []
        added = bytearray()
        pieces: list[str] = []
        k = 0
        for i in range(len(text)):
            if k < len(at) and at[k] == i:
                kept.append(i)
                added.append(1)
                pieces.append("\n")
                k += 1
            if not cut[i]:
                kept.append(i)
                added.append(0)
                pieces.append(text[i])
        self._kept, self._added = kept, added
        self.text = "".join(pieces)

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """The view's span of the characters of ``text[start:end]`` that it keeps."""
        if self._kept is None:
            return start, end
        kept, added = self._kept, self._added
        s, e = bisect_left(kept, start), bisect_left(kept, end)
        while s < e and added[s]:  # type: ignore[index]
            s += 1  # a line break put in before the span's first character is not in it
        return s, e

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The smallest span of ``text`` holding the view's ``[start, end)`` (without a line break put in
        at either end)."""
        if self._kept is None:
            return start, end
        kept, added = self._kept, self._added
        assert added is not None
        while start < end and added[start]:
            start += 1
        while end > start and added[end - 1]:
            end -= 1
        if end <= start:
            at = kept[start] if start < len(kept) else self._n
            return at, at
        return kept[start], kept[end - 1] + 1


def _soft_wrap_breaks(folded: str) -> list[tuple[int, int]]:
    """Spans of the line breaks of hard-wrapped paragraphs (only where several lines wrap)."""
    lines = folded.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    flags = soft_wraps(lines)
    # a single "full" line followed by a shorter one is ordinary prose; ask for two wraps in a row
    spans = []
    for i, soft in enumerate(flags):
        neighbour = (i > 0 and flags[i - 1]) or (i + 1 < len(flags) and flags[i + 1])
        if soft and neighbour:
            nl = starts[i + 1] - 1
            spans.append((nl - 1, nl + 1) if folded[nl - 1 : nl] == "\r" else (nl, nl + 1))
    return spans


def _word_breaks(folded: str, is_word: Callable[[str], bool]) -> list[tuple[int, int]]:
    spans = []
    for m in _HAN_BREAK.finditer(folded):
        start, end = m.span()
        line_start = folded.rfind("\n", 0, start) + 1
        left = folded[max(line_start, start - 4) : start]
        right_end = end
        while right_end < len(folded) and right_end - end < 4 and folded[right_end] not in "\r\n":
            right_end += 1
        right = folded[end:right_end]
        # a two-character word across the break is weak evidence: enough in a long line of prose, not
        # in the columns of an aligned list ("刘建军　…财务股股长" over "孙立平　县人民医院副院长": 长孙)
        long_line = start - line_start >= LONG_LINE and not _COLUMN_GAP.search(folded, line_start, start)
        next_line_end = folded.find("\n", end)
        next_line = folded[end : next_line_end if next_line_end >= 0 else len(folded)]
        if _LABEL_OR_MARKER.match(next_line):
            continue  # "组长：…", "成员：…", "一、…" start lines of their own
        if _spans_word(left, right, is_word, allow_two=long_line):
            spans.append((start, end))
    return spans


def _spans_word(left: str, right: str, is_word: Callable[[str], bool], allow_two: bool) -> bool:
    for a in range(1, min(len(left), 4) + 1):
        for b in range(1, min(len(right), 4) + 1):
            if a + b < 2 or a + b > 6 or (a + b == 2 and not allow_two):
                continue
            if is_word(left[-a:] + right[:b]):
                return True
    return False
