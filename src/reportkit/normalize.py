"""A normalized view of a document's text for matching, with a map back to the original offsets.

Extractors match patterns on :attr:`NormalizedText.text` and report spans in ``Document.text`` through
:meth:`NormalizedText.to_original`. The view differs from the original in two ways only:

* **folding** (one character for one): full-width ASCII forms become half-width (``，``→``,``,
  ``（一）``→``(一)``, ``３５２０``→``3520``), the ideographic and no-break spaces become a space;
* **deletions**: spaces between a number and what follows or precedes it ("3520 人次", "共 180 瓦",
  "388 968名"), zero-width characters, and line breaks that fall inside a word ("工作\\n\\n专班",
  "领导小\\n组") — a break is inside a word when a dictionary word of three or more characters spans
  it, or a two-character word does and the line before it is long (not a heading or list line).

Because the view only folds and deletes, every normalized character comes from exactly one original
character, and a normalized span maps to the smallest original span holding the same characters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

import regex

# U+FF01..U+FF5E are the full-width forms of U+0021..U+007E
FOLD_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
FOLD_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0x2009: 0x20, 0x202F: 0x20})

_ZERO_WIDTH = regex.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# spaces next to numbers: "3520 人次", "共 180 瓦", "2018 年", "388 968名", "95 %"
_NUMBER_SPACE = regex.compile(
    r"(?<=\d)[ \t]+(?=[\p{Han}%‰])|(?<=\p{Han})[ \t]+(?=\d)|(?<=\d)[ \t](?=\d{3}(?!\d))"
)
_HAN_BREAK = regex.compile(r"(?<=\p{Han})[ \t]*(?:\r?\n[ \t]*)+(?=\p{Han})")
LONG_LINE = 12  # characters; shorter lines are headings, list lines, names


def fold(text: str) -> str:
    """Full-width to half-width, odd spaces to plain ones; same length as ``text``."""
    return text.translate(FOLD_TABLE)


class NormalizedText:
    """The normalized view and its offset map.

    :param text: the original text (``Document.text``)
    :param is_word: a dictionary lookup used to tell a line break inside a word from one between
        words; without it no line break is removed
    """

    __slots__ = ("text", "_run_norm", "_run_orig", "_orig_len")

    def __init__(self, text: str, is_word: Callable[[str], bool] | None = None) -> None:
        folded = fold(text)
        deleted: list[tuple[int, int]] = []
        for pattern in (_ZERO_WIDTH, _NUMBER_SPACE):
            deleted.extend(m.span() for m in pattern.finditer(folded))
        if is_word is not None:
            deleted.extend(_word_breaks(folded, is_word))
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
        long_line = start - line_start >= LONG_LINE
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
