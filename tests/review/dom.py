"""Read a review page back the way a browser's parser would: the text and where each element sits.

Python's HTMLParser decodes character references as the HTML standard does (``&#13;`` is a carriage
return, ``&#65533;`` the replacement character), so the text rebuilt here is the DOM's ``textContent``.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from html.parser import HTMLParser

VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "param", "track"}


class _Reader(HTMLParser):
    def __init__(self, container_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.container_class = container_class
        self.texts: list[str] = []  # one per container, in order
        self.fragments: list[dict[str, list[tuple[int, int, dict]]]] = []
        self.depth = 0  # nesting inside the current container (0: outside)
        self.stack: list[tuple[str, dict, int]] = []
        self.buf: list[str] = []
        self.pos = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0:
            if self.container_class in (attrs.get("class") or "").split():
                self.depth = 1
                self.buf, self.pos = [], 0
                self.fragments.append(defaultdict(list))
            return
        if tag in VOID:
            raise AssertionError(f"<{tag}> inside the text container would change its text")
        self.depth += 1
        self.stack.append((tag, attrs, self.pos))

    def handle_endtag(self, tag):
        if self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            self.texts.append("".join(self.buf))
            return
        open_tag, attrs, start = self.stack.pop()
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>: the markup does not nest"
        for key in ("data-f", "data-h", "data-m"):
            if key in attrs:
                self.fragments[-1][f"{key}={attrs[key]}"].append((start, self.pos, attrs))

    def handle_data(self, data):
        if self.depth:
            self.buf.append(data)
            self.pos += len(data)


def read_back(page: str, container_class: str = "doc-text") -> tuple[list[str], list[dict]]:
    """Texts of every text container and, per container, ``key -> [(start, end, attrs), ...]``."""
    reader = _Reader(container_class)
    reader.feed(page)
    reader.close()
    return reader.texts, reader.fragments


def joined(fragments: list[tuple[int, int, dict]]) -> tuple[int, int]:
    """The span covered by a run of fragments, asserting they are adjacent and in order."""
    fragments = sorted(fragments)
    for (_, end, _), (start, _, _) in itertools.pairwise(fragments):
        assert end == start, f"fragments leave a gap or overlap: {fragments}"
    return fragments[0][0], fragments[-1][1]
