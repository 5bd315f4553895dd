"""The part headings of web compilations, and the title inside one.

A compilation ("XX报告（精选10篇）") puts each report behind a heading of one of these families;
:mod:`reportkit.io.split` cuts the text at them, and :class:`reportkit.document.Document` takes a part's
title from inside its heading. Both import this module, which imports neither.
"""

from __future__ import annotations

import regex

from .textutil import strip_span

__all__ = ["LINE_FAMILIES", "heading_title_span"]

NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
LINE_FAMILIES: dict[str, regex.Pattern[str]] = {
    # 1.标题 篇一   /   2、标题（篇二）
    "number_title_pian": regex.compile(
        rf"^[ \t\u3000]*(?P<n>\d{{1,2}})[.、．][ \t\u3000]*(?P<title>.{{2,60}}?)[ \t\u3000]*[（(【\[]?篇(?P<p>{NUM})[）)】\]]?[ \t\u3000]*$"
    ),
    # 篇一：标题  /  【篇二】标题  /  第三篇 标题  /  范文四：标题
    "pian_first": regex.compile(
        rf"^[ \t\u3000]*[【\[]?(?:篇(?P<n>{NUM})|第(?P<n>{NUM})篇|范文(?P<n>{NUM}))[】\]]?[：:、.．\s\u3000]*(?P<title>.{{0,60}})$"
    ),
    # 标题1 / 标题 2 (a short line ending in a number; four characters at least, so 附件1 is not one)
    "title_number": regex.compile(
        r"^[ \t\u3000]*(?P<title>[^\d\s。，；：,;:]{4,40}?)[ \t\u3000]*(?P<n>\d{1,2})[ \t\u3000]*$"
    ),
}


def heading_title_span(heading: str) -> tuple[int, int] | None:
    """Where the title sits inside a part heading ("1.XX工作总结 篇一" -> "XX工作总结")."""
    for pattern in LINE_FAMILIES.values():
        m = pattern.match(heading)
        if m and m.group("title"):
            start, end = strip_span(heading, m.start("title"), m.end("title"), " \t\u3000")
            return (start, end) if end > start else None
    return None
