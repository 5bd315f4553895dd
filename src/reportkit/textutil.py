"""Small text helpers shared by the readers, the document model and the extractors."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache

import regex

HAN = regex.compile(r"\p{Han}")
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳
PAREN_DIGITS = {chr(0x2474 + i): i + 1 for i in range(20)}  # ⑴..⒇
PAREN_IDEOGRAPHS = {chr(0x3220 + i): i + 1 for i in range(10)}  # ㈠..㈩


def cn_ordinal(token: str) -> int | None:
    """The value of a small list number — arabic, Chinese (一 … 九十九) or circled — else None.

    >>> cn_ordinal("十二"), cn_ordinal("3"), cn_ordinal("②"), cn_ordinal("百")
    (12, 3, 2, None)
    """
    if not token:
        return None
    if token.isascii() and token.isdigit():
        return int(token)
    for table in (CIRCLED, PAREN_DIGITS, PAREN_IDEOGRAPHS):
        if token in table:
            return table[token]
    if token == "十":
        return 10
    if len(token) == 1:
        return CN_DIGITS.get(token)
    if len(token) == 2 and token[0] == "十":
        unit = CN_DIGITS.get(token[1])
        return None if unit is None else 10 + unit
    if len(token) in (2, 3) and token[1] == "十":
        tens = CN_DIGITS.get(token[0])
        unit = CN_DIGITS.get(token[2]) if len(token) == 3 else 0
        return None if tens is None or unit is None else tens * 10 + unit
    return None


def start_before(text: str, pos: int, stops: str, reach: int) -> int:
    """Where the stretch of ``text`` ending at ``pos`` begins: after the last of ``stops`` at most ``reach``
    characters back (a long run without one is not read back to its start), past spaces and tabs.

    >>> start_before("前文。 本句", 5, "。", 10), start_before("一二三四五", 5, "。", 3)
    (4, 2)
    """
    lo = max(0, pos - reach)
    # the last stop in [lo, pos), found by one C-level scan per stop character rather than a Python loop
    # over every character read back
    last = max([text.rfind(c, lo, pos) for c in stops], default=-1)
    i = last + 1 if last >= 0 else lo
    while i < pos and text[i] in " \t":
        i += 1
    return i


def strip_span(
    text: str, start: int, end: int, chars: str | None = None, end_chars: str | None = None
) -> tuple[int, int]:
    """Shrink ``[start, end)`` of ``text`` past leading and trailing whitespace, or past the characters in
    ``chars`` (at the end, those in ``end_chars`` when given). A span that is all stripped comes back
    empty, at its end. The offsets stay offsets of ``text``: ``text[s:e] == text[start:end].strip(chars)``.

    >>> strip_span("  整改 \\n", 0, 6), strip_span("由县长等", 0, 4, "由", "等")
    ((2, 4), (1, 3))
    """
    if end_chars is None:
        end_chars = chars
    if chars is None:
        while start < end and text[start].isspace():
            start += 1
    else:
        while start < end and text[start] in chars:
            start += 1
    if end_chars is None:
        while end > start and text[end - 1].isspace():
            end -= 1
    else:
        while end > start and text[end - 1] in end_chars:
            end -= 1
    return start, end


@cache
def compiled(pattern: str) -> regex.Pattern[str]:
    """``regex.compile`` with a plain dictionary in front: the regex module's own cache costs more
    per lookup than most of the matches done in the extractors' loops."""
    return regex.compile(pattern)


_MAX_CELL = 4000  # characters: how far a quoted cell may run before its closing quote is no longer looked for


def quoted_cells(text: str) -> list[tuple[int, int]]:
    """The quoted cells of tab-separated rows that hold a line break, as ``(start, end)`` spans from the
    opening quote to after the closing one, in text order.

    A table copied out of a spreadsheet as text puts a cell of several lines in double quotes (doubling any
    quote inside): ``2⇥燃气管道未安装报警装置⇥"1.加装报警器；⏎2.开展燃气安全培训"⇥城关一小``. Such a cell opens
    with a quote at a line's start or after a tab, closes with a lone quote followed by a tab, a line break or
    the end, and stands in a row with a tab; anything else is an ordinary quote."""
    out: list[tuple[int, int]] = []
    n = len(text)
    pos = 0
    while True:
        q = text.find('"', pos)
        if q < 0:
            return out
        pos = q + 1
        if q > 0 and text[q - 1] not in "\t\n":
            continue
        close = _closing_quote(text, q + 1, min(n, q + _MAX_CELL))
        if close < 0:
            continue
        if text.find("\n", q, close) < 0:
            pos = close + 1  # a cell of one line: nothing to join
            continue
        line_start = text.rfind("\n", 0, q) + 1
        if text.find("\t", line_start, q) < 0 and text[close + 1 : close + 2] != "\t":
            continue
        out.append((q, close + 1))
        pos = close + 1


def _closing_quote(text: str, start: int, limit: int) -> int:
    """Where the quote closing a quoted cell opened before ``start`` stands, or -1: the first quote that is
    not doubled, when a tab, a line break or the end follows it."""
    at = start
    while True:
        q = text.find('"', at, limit)
        if q < 0:
            return -1
        if text[q + 1 : q + 2] == '"':
            at = q + 2
            continue
        return q if q + 1 == len(text) or text[q + 1] in "\t\r\n" else -1


#: the labels of a report's fields — "问题：", "整改措施:", "责任单位：", "整改时限：" — as a pattern (no colon)
FIELD_LABEL = (
    r"(?:存在|反馈|主要|发现|具体)?问题(?:描述|表现|情况|清单)?\d{0,2}|反馈意见|反馈事项|整改(?:措施|情况|要求|内容|进展|结果|成效|效果|成果|时限|期限|状态|目标|方案|任务|进度|完成情况|落实情况)|"
    r"(?:具体|改进|工作|主要|保障)措施|落实情况|处理情况|办理情况|完成情况|进展情况|下一步(?:措施|打算|工作)?|"
    r"责任(?:单位|部门|领导|人)|牵头(?:单位|部门|领导)|配合(?:单位|部门)|协办单位|主要责任人|责任科室|"
    r"(?:完成|办结)(?:时限|时间|期限)|(?:时限|期限)(?:要求)?|整改状态|状态|(?:销号|验收)(?:情况|结果)"
)

#: where a field label opens its field in running text as it stands: after a sentence's end (and any spaces after
#: it), or right after a space or an opening bracket ("…。（责任单位：…；完成时限：…）") — the items layer reads a
#: label there, so the run-together view puts no line break before it
FIELD_AFTER_STOP = "。；;！？!?"
FIELD_AFTER_MARK = " \t\u3000（("


#: a word a table's header cell uses to name its column
HEADER_WORD = regex.compile(
    r"序号|问题|措施|单位|部门|时限|期限|时间|情况|内容|责任|状态|进展|完成|事项|名称|类别|意见|要求|整改|备注|结果|日期|描述|隐患|地点"
)


def names_columns(names: Sequence[str]) -> bool:
    """Whether a row's cells are short column names, two of them words a header uses (序号, 问题, 单位 …)."""
    return all(0 < len(x) <= 8 for x in names) and sum(bool(HEADER_WORD.search(x)) for x in names) >= 2


#: the names a table's first column (the rows' numbers) goes by
INDEX_COLUMNS = ("序号", "编号")
_ROW_NUMBER = regex.compile(r"[0-9０-９]{1,3}")
#: full-width digits to ASCII ones (a ``str.translate`` table)
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
MAX_COLUMNS = 12


def row_number(line: str) -> int | None:
    """The number ``line`` holds alone (half- or full-width digits), else None."""
    if _ROW_NUMBER.fullmatch(line) is None:
        return None
    return int(line.translate(FULL_WIDTH_DIGITS))


def cell_line_table(line: Callable[[int], str], n: int, i: int) -> tuple[int, list[tuple[int, int]]] | None:
    """A table copied from a web page one cell a line, if one starts at line ``i`` (``line(m)``: the text's
    ``m``-th non-empty line, stripped, of ``n``): its number of columns and its rows, each ``(first, end)`` line
    indexes; the header is lines ``i`` to ``rows[0][0]``. None when no such table starts there.

    Such a table opens with its column names, one a line, the first 序号 or 编号 (序号⏎问题⏎整改措施⏎责任单位⏎
    整改时限); each row then opens with its number alone on a line (1, 2, …, in order) and has at most one line
    for each other column — an empty cell leaves none. A row whose next number does not come within as many
    lines as there are columns is the last: it takes that many lines, and what follows is text again."""
    if line(i) not in INDEX_COLUMNS:
        return None
    j = i + 1
    while j < n and j - i <= MAX_COLUMNS and _ROW_NUMBER.fullmatch(line(j)) is None:
        j += 1
    k = j - i
    if j >= n or k < 3 or not names_columns([line(m) for m in range(i + 1, j)]) or row_number(line(j)) != 1:
        return None
    rows: list[tuple[int, int]] = []
    while j < n and row_number(line(j)) == len(rows) + 1:
        end = j + 1
        while end < n and end - j <= k and row_number(line(end)) != len(rows) + 2:
            end += 1
        if end - j > k:  # no next number within a row's lines: the last row
            rows.append((j, j + k))
            break
        rows.append((j, end))
        j = end
    return k, rows


def display_width(text: str) -> int:
    """The columns ``text`` takes in a terminal: two for a wide (Chinese) character, one for others."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (:func:`display_width`), on the left when
    ``right`` (aligned right) — what ``f"{text:<{width}}"`` does for text of one-column characters."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def clip(text: str, width: int) -> str:
    """The longest start of ``text`` that takes at most ``width`` columns."""
    out, used = [], 0
    for ch in text:
        used += display_width(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out)


def confusion_lines(confusion: Mapping[str, Mapping[str, int]], labels: Sequence[str]) -> list[str]:
    """A confusion matrix as text: a header of the labels (each cut to 8 columns), then a row per label of
    ``confusion`` (rows: true, columns: predicted; a missing row or cell is 0), padded by terminal columns."""
    width = max(display_width(label) for label in labels) + 1
    lines = [" " * width + "".join(pad(clip(label, 8), 9, right=True) for label in labels)]
    for t in labels:
        row = confusion.get(t, {})
        lines.append(pad(t, width) + "".join(f"{row.get(p, 0):>9}" for p in labels))
    return lines
