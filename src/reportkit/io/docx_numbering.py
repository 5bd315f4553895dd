"""Word's automatic list numbers (一、 （一） 1. ①) rendered into a .docx paragraph's text, as Word shows them.

A paragraph numbered by Word's list feature does not hold its number in its text: python-docx gives
"总体要求" where Word shows "一、总体要求", because the number lives in the list definitions of
``numbering.xml``. Reading a report's outline needs the number, so :class:`ListNumbers` renders it:

* a paragraph's list is its own ``w:numPr`` or its paragraph style's (styles inherit through
  ``w:basedOn``; a level may name its style with ``w:pStyle``); ``numId`` 0 switches numbering off;
* a list definition (``w:abstractNum``, reached through a ``w:num`` and any ``w:numStyleLink`` to a
  numbering style, a bounded number of hops) gives each of nine levels a start, a number format, a text
  such as ``%1、`` or ``（%2）`` and a restart rule; lists that share a definition continue one another's
  count, and a ``w:num`` with a ``w:startOverride`` keeps a count of its own, as Word does; Word counts no
  higher than 32767, and a larger number is written in digits;
* number formats: decimal (also zero-padded and full-width), Chinese counting (一 十一 一百零一),
  digit-by-digit ideographs (一〇), legal (壹 贰), 甲乙丙 and 子丑寅 cycles, enclosed numbers (① ⑴ ⒈, up to
  20, then decimal), letters and roman numerals; ``w:isLgl`` shows every level in decimal; a bullet is
  its own character, or • when that character belongs to a symbol font; ``none`` shows nothing;
* after the number, Word's tab is left out when the number ends in punctuation (``一、总体要求``) and is
  one space otherwise (``第一章 总则``), so that no tab reads like a table's column break; ``space``
  gives a space and ``nothing`` nothing;
* an empty numbered paragraph counts (Word shows its number) but adds no text.

Anything malformed — a list that does not exist, a level without a definition, a start that is not a
number, a cycle of style links — gives the paragraph no number, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = W + "val"
LEVELS = 9  # Word's list definitions have levels 0 to 8
_MAX_CHAIN = 32  # style inheritance and style links followed at most this far (a cycle stops here)

MAX_NUMBER = 32767  # Word's largest list number
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_DIGITS = "〇一二三四五六七八九"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
_SYMBOL_FONTS = ("symbol", "wingdings", "webdings")
_PLACEHOLDER = regex.compile(r"%([1-9])")
# a number ending in one of these needs no separator before the paragraph's text
_ENDS_IN_PUNCTUATION = regex.compile(r"[\p{P}\p{S}\u2460-\u24ff\u3251-\u32bf]$")


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _child_val(element: Any, tag: str) -> str | None:
    child = element.find(W + tag) if element is not None else None
    return None if child is None else child.get(_VAL)


def switched_on(element: Any) -> bool:
    """An OOXML on/off property element (``w:isLgl``, ``w:vanish``): on when present, unless its ``w:val``
    switches it off."""
    return element is not None and element.get(_VAL, "true") not in ("0", "false", "off")


def _chinese(n: int, mode: str) -> str:
    import cn2an  # the counts extractor's numeral library; only numbered documents need it here

    try:
        return str(cn2an.an2cn(n, mode))
    except Exception:  # cn2an refuses some magnitudes; Word would still show a number
        return str(n)


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (a ``w:numFmt`` value); unknown formats give decimal."""
    if fmt == "none":
        return ""
    if (n <= 0 or n > MAX_NUMBER) and fmt not in ("decimal", "decimalZero", "decimalFullWidth", "decimalFullWidth2"):
        # a zero or negative count has no letter, circle or Chinese form, and Word counts no higher than
        # MAX_NUMBER: digits (a hostile start of 10**12 would otherwise spell a billion Ms or As)
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(_FULL_WIDTH)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting"):  # fmt: skip
        return _chinese(n, "low")
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal", "koreanLegal"):
        return _chinese(n, "up")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand", "koreanDigital"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % len(_STEMS)]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % len(_BRANCHES)]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if n <= len(_CIRCLED) else str(n)
    if fmt == "decimalEnclosedParen":
        return _PAREN[n - 1] if n <= len(_PAREN) else str(n)
    if fmt == "decimalEnclosedFullstop":
        return _FULLSTOP[n - 1] if n <= len(_FULLSTOP) else str(n)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: 27 → AA, 28 → BB
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        out, rest = [], n
        for value, numeral in _ROMAN:
            count, rest = divmod(rest, value)
            out.append(numeral * count)
        return "".join(out) if fmt == "upperRoman" else "".join(out).lower()
    return str(n)


@dataclass(frozen=True)
class Level:
    """One level of a list definition (``w:lvl``)."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: 0 never; N after level N (1-based) or a higher one
    legal: bool = False
    suffix: str = "tab"
    symbol_font: bool = False
    style: str | None = None

    @classmethod
    def parse(cls, lvl: Any) -> Level:
        fonts = lvl.find(W + "rPr/" + W + "rFonts")
        font = "" if fonts is None else " ".join(str(v) for v in fonts.attrib.values()).lower()
        return cls(
            start=_int(_child_val(lvl, "start"), 0) or 0,
            fmt=_child_val(lvl, "numFmt") or "decimal",
            text=_child_val(lvl, "lvlText") or "",
            restart=_int(_child_val(lvl, "lvlRestart")),
            legal=switched_on(lvl.find(W + "isLgl")),
            suffix=_child_val(lvl, "suff") or "tab",
            symbol_font=any(name in font for name in _SYMBOL_FONTS),
            style=_child_val(lvl, "pStyle"),
        )


def _levels(container: Any) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in container.findall(W + "lvl"):
        ilvl = _int(lvl.get(W + "ilvl"))
        if ilvl is not None and 0 <= ilvl < LEVELS and ilvl not in out:
            out[ilvl] = Level.parse(lvl)
    return out


class ListNumbers:
    """The numbers of a document's numbered paragraphs, counted in document order.

    Build one per document and call :meth:`label` on each paragraph element in the order Word lays
    them out (body, then into tables cell by cell): the count runs across the whole document.
    """

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self.abstract: dict[str, tuple[dict[int, Level], str | None]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.styles: dict[str, tuple[str | None, int | None, str | None]] = {}  # id → numId, ilvl, basedOn
        self.default_style: str | None = None
        self.counts: dict[tuple[str, str], list[int | None]] = {}
        if numbering is not None:
            for a in numbering.findall(W + "abstractNum"):
                aid = a.get(W + "abstractNumId")
                if aid is not None and aid not in self.abstract:
                    self.abstract[aid] = (_levels(a), _child_val(a, "numStyleLink"))
            for n in numbering.findall(W + "num"):
                nid, aid = n.get(W + "numId"), _child_val(n, "abstractNumId")
                if nid is None or aid is None or nid in self.nums:
                    continue
                starts: dict[int, int] = {}
                levels: dict[int, Level] = {}
                for override in n.findall(W + "lvlOverride"):
                    ilvl = _int(override.get(W + "ilvl"))
                    if ilvl is None or not 0 <= ilvl < LEVELS:
                        continue
                    start = _int(_child_val(override, "startOverride"))
                    if start is not None:
                        starts[ilvl] = start
                    levels.update({k: v for k, v in _levels(override).items() if k == ilvl})
                self.nums[nid] = (aid, starts, levels)
        if styles is not None:
            for s in styles.findall(W + "style"):
                sid = s.get(W + "styleId")
                if sid is None or sid in self.styles:
                    continue
                num_pr = s.find(W + "pPr/" + W + "numPr")
                self.styles[sid] = (
                    _child_val(num_pr, "numId"),
                    _int(_child_val(num_pr, "ilvl")),
                    _child_val(s, "basedOn"),
                )
                if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true", "on"):
                    self.default_style = sid

    def __bool__(self) -> bool:
        return bool(self.nums)

    def _definition(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        """The abstractNum id and levels a list uses, following numStyleLink to a numbering style."""
        seen: set[str] = set()
        while num_id in self.nums and num_id not in seen and len(seen) < _MAX_CHAIN:
            seen.add(num_id)
            aid = self.nums[num_id][0]
            if aid not in self.abstract:
                return None
            levels, link = self.abstract[aid]
            if link is None or levels:
                return aid, levels
            linked = self.styles.get(link, (None, None, None))[0]
            if linked is None:
                return None
            num_id = linked
        return None

    def _numbering(self, p: Any) -> tuple[str, int | None, str | None] | None:
        """The paragraph's list id, level (None: not given) and style, from itself or its styles."""
        ppr = p.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        num_id = _child_val(num_pr, "numId")
        ilvl = _int(_child_val(num_pr, "ilvl"))
        style = _child_val(ppr, "pStyle") or self.default_style
        sid, hops = style, 0
        while (num_id is None or ilvl is None) and sid is not None and hops < _MAX_CHAIN:
            hops += 1
            s_num, s_ilvl, based_on = self.styles.get(sid, (None, None, None))
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
            sid = based_on
        if num_id is None or num_id == "0":
            return None
        return num_id, ilvl, style

    def label(self, p: Any, empty: bool = False) -> str:
        """The number Word shows before paragraph element ``p`` with the separator after it, or ""."""
        found = self._numbering(p)
        if found is None:
            return ""
        num_id, ilvl, style = found
        definition = self._definition(num_id)
        if definition is None:
            return ""
        aid, levels = definition
        _, starts, overrides = self.nums[num_id]
        levels = {**levels, **overrides}
        if ilvl is None:  # a style-numbered paragraph: the level that names its style, else the first
            ilvl = next((k for k, lv in sorted(levels.items()) if style is not None and lv.style == style), 0)
        if not 0 <= ilvl < LEVELS or ilvl not in levels:
            return ""
        key = ("num", num_id) if starts else ("abstract", aid)
        counts = self.counts.get(key)
        if counts is None:
            counts = self.counts[key] = [None] * LEVELS

        def start(k: int) -> int:
            return starts.get(k, levels[k].start if k in levels else 0)

        previous = counts[ilvl]
        counts[ilvl] = start(ilvl) if previous is None else previous + 1
        for deeper in range(ilvl + 1, LEVELS):  # levels below restart, unless their rule says otherwise
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl + 1 <= restart):
                counts[deeper] = None
        if empty:
            return ""
        level = levels[ilvl]
        if level.fmt == "bullet":
            if not level.text:
                return ""
            bullet = level.text
            if level.symbol_font or any(0xE000 <= ord(c) <= 0xF8FF for c in bullet):
                bullet = "•"  # a symbol font's glyph index, not a character
            number = bullet
        else:

            def place(match: regex.Match[str]) -> str:
                k = int(match.group(1)) - 1
                value = counts[k] if counts[k] is not None else start(k)
                fmt = levels[k].fmt if k in levels else "decimal"
                if level.legal and fmt not in ("none", "bullet"):
                    fmt = "decimal"
                return format_number(int(value or 0), fmt)

            number = _PLACEHOLDER.sub(place, level.text)
        if not number:
            return ""
        if level.suffix == "nothing":
            return number
        if level.suffix == "space":
            return number + " "
        return number if _ENDS_IN_PUNCTUATION.search(number) else number + " "
