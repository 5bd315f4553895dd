"""Cut a web compilation ("XX报告（精选10篇）") into its parts.

Reposting sites put several reports in one page, each behind a part heading. The heading families
recognised (their patterns are in :mod:`reportkit.part_headings`), each on a line of its own:

* ``1.标题 篇一`` / ``2、标题（篇二）`` — an arabic number and a 篇 ordinal;
* ``篇一：标题`` / ``【篇二】标题`` / ``第三篇 标题`` / ``范文四：标题`` — an ordinal first;
* ``标题1`` / ``标题 2`` — a short title line ending in a number, the titles sharing a prefix.

A family counts only when it occurs at least twice with ascending numbers (gaps are allowed: sites
drop parts). The text before the first heading (the page title, "下面是小编整理的…") becomes a part of
its own only when it holds at least :data:`MIN_PREAMBLE_CHARS` characters of real text; otherwise it is
left out of every part. Each part's text is an exact slice of the file's text, and its offset says where.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..part_headings import LINE_FAMILIES
from ..textutil import cn_ordinal
from ..textutil import compiled as _re

MIN_PREAMBLE_CHARS = 200
MIN_PART_CHARS = 40  # between two 篇 headings
MIN_PART_CHARS_UNMARKED = 100  # between two "标题N" headings


@dataclass
class Part:
    """One part of a compilation: ``text == file_text[offset:offset + len(text)]``."""

    index: int
    offset: int
    text: str
    heading: str | None


def _candidates(text: str) -> dict[str, list[tuple[int, int, str, str]]]:
    found: dict[str, list[tuple[int, int, str, str]]] = {k: [] for k in LINE_FAMILIES}
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if len(stripped) <= 80:
            for family, pattern in LINE_FAMILIES.items():
                m = pattern.match(stripped)
                if m:
                    n = cn_ordinal(m.group("n"))
                    if n is not None:
                        found[family].append((pos, n, stripped.strip(), m.group("title").strip()))
                    break
        pos += len(line)
    return found


def _ascending(items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """The longest run of headings whose numbers strictly ascend, starting at 1 or 2."""
    best: list[tuple[int, int, str, str]] = []
    for start, item in enumerate(items):
        if item[1] not in (1, 2):
            continue
        run = [item]
        for nxt in items[start + 1 :]:
            if nxt[1] > run[-1][1] and nxt[1] - run[-1][1] <= 3:
                run.append(nxt)
        if len(run) > len(best):
            best = run
    return best


def _shared_prefix(titles: list[str]) -> int:
    first = titles[0]
    n = 0
    while n < len(first) and all(len(t) > n and t[n] == first[n] for t in titles):
        n += 1
    return n


def find_part_headings(text: str) -> list[tuple[int, str]]:
    """Offsets and texts of the part headings of a compilation (empty when it is not one)."""
    found = _candidates(text)
    best: list[tuple[int, int, str, str]] = []
    for family, items in found.items():
        run = _ascending(items)
        if len(run) < 2:
            continue
        # "标题1, 标题2": the numbered lines must be variants of one title, and parts must be
        # documents (not a list of short numbered lines)
        if family == "title_number" and _shared_prefix([r[3] for r in run]) < 2:
            continue
        # parts of a compilation are documents, not list items; a bare "标题1" needs longer parts
        # than a heading that says 篇
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(run)]
        if min(gaps) < (MIN_PART_CHARS_UNMARKED if family == "title_number" else MIN_PART_CHARS):
            continue
        if len(run) > len(best):
            best = run
    return [(pos, heading) for pos, _n, heading, _t in best]


def split_compilation(text: str) -> list[Part]:
    """Split ``text`` into parts; a text that is not a compilation gives one part (the whole text)."""
    headings = find_part_headings(text)
    if not headings:
        return [Part(index=1, offset=0, text=text, heading=None)]
    parts: list[Part] = []
    preamble = text[: headings[0][0]]
    if len(_re(r"[\p{Han}\w]").findall(preamble)) >= MIN_PREAMBLE_CHARS:
        parts.append(Part(index=0, offset=0, text=preamble, heading=None))
    bounds = [pos for pos, _ in headings] + [len(text)]
    for i, (pos, heading) in enumerate(headings):
        parts.append(Part(index=i + 1, offset=pos, text=text[pos : bounds[i + 1]], heading=heading))
    return parts
