"""Text with layered highlights as HTML, offsets intact.

Findings, their nested mentions and the outline's headings are spans over one text. They nest (a
count inside a measure inside a problem section) and sometimes cross (a problem sentence that starts
inside a heading). HTML elements can only nest, so :func:`render` opens and closes elements at every
span boundary and, where two spans cross, closes the inner one and reopens it as a continuation
fragment: each span becomes one element or a run of adjacent fragments carrying the same
``data-f``/``data-h``/``data-m`` key, and the concatenated text of a span's fragments is exactly
``text[start:end]``.

The text is escaped so that the browser's DOM holds the very characters of the document: ``<`` and
``&`` as entities, and the characters an HTML parser would otherwise change (carriage returns, which it
turns into line feeds, and NUL, which it drops) as character references. A page's ``textContent`` of
the text container therefore equals the document text, and offsets hold in the browser.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

__all__ = ["Layer", "render", "escape_text", "nesting_heights"]

_PARSER_CHANGES = {"\r": "&#13;", "\x00": "&#65533;"}  # NUL cannot survive; its replacement keeps the length


def escape_text(text: str) -> str:
    """Escape document text for an HTML element's content, preserving every character's position."""
    out = html.escape(text, quote=False)
    if "\r" in out or "\x00" in out:
        for char, ref in _PARSER_CHANGES.items():
            out = out.replace(char, ref)
    return out


@dataclass
class Layer:
    """One span to mark up.

    :ivar start, end: ``[start, end)`` in the text
    :ivar tag: the element (``mark``, ``span`` …)
    :ivar attrs: attributes of every fragment (values are escaped on output)
    :ivar rank: which of two spans with the same extent goes outside (lower is outer)
    """

    start: int
    end: int
    tag: str = "span"
    attrs: dict[str, str] = field(default_factory=dict)
    rank: int = 0


def _open(layer: Layer, continued: bool) -> str:
    attrs = dict(layer.attrs)
    if continued:
        attrs["class"] = (attrs.get("class", "") + " cont").strip()
    rendered = "".join(f' {k}="{html.escape(str(v), quote=True)}"' for k, v in attrs.items())
    return f"<{layer.tag}{rendered}>"


def render(text: str, layers: list[Layer]) -> str:
    """HTML of ``text`` with every layer as an element (or fragments, where layers cross).

    Layers outside the text, or with ``end < start``, raise ``ValueError``: a page must never show a
    highlight somewhere else than its finding.
    """
    n = len(text)
    for layer in layers:
        if not 0 <= layer.start <= layer.end <= n:
            raise ValueError(f"span [{layer.start}, {layer.end}) lies outside the text ({n} characters)")
    order = sorted(range(len(layers)), key=lambda k: (layers[k].start, -layers[k].end, layers[k].rank, k))
    bounds = sorted({0, n, *(layer.start for layer in layers), *(layer.end for layer in layers)})
    out: list[str] = []
    stack: list[int] = []  # indices of the layers whose element is open, outermost first
    started: set[int] = set()
    nxt = 0
    pos = 0
    for b in bounds:
        if b > pos:
            out.append(escape_text(text[pos:b]))
            pos = b
        # close what ends here; what was open inside it and goes on is reopened below
        reopen: list[int] = []
        ending = [i for i, k in enumerate(stack) if layers[k].end == b]
        if ending:
            low = ending[0]
            for k in reversed(stack[low:]):
                out.append(f"</{layers[k].tag}>")
            reopen = [k for k in stack[low:] if layers[k].end != b]
            del stack[low:]
        # open what starts here, together with the continuations: the longest outside
        fresh: list[int] = []
        while nxt < len(order) and layers[order[nxt]].start == b:
            fresh.append(order[nxt])
            nxt += 1
        pending = sorted(reopen + fresh, key=lambda k: (-layers[k].end, layers[k].rank, k))
        for k in pending:
            out.append(_open(layers[k], continued=k in started))
            started.add(k)
            if layers[k].end == b:  # an empty span: an empty element where it is
                out.append(f"</{layers[k].tag}>")
            else:
                stack.append(k)
    for k in reversed(stack):  # only reachable for layers ending at n, closed above; kept for safety
        out.append(f"</{layers[k].tag}>")
    return "".join(out)


def nesting_heights(spans: list[tuple[int, int]]) -> list[int]:
    """For each span, how many levels of other spans lie inside it (0 for a span with none).

    Used to stack underlines: an outer highlight is drawn below everything it contains. Spans are
    grouped into clusters of overlapping spans first, so the cost is quadratic only within a cluster.
    """
    heights = [0] * len(spans)
    order = sorted(range(len(spans)), key=lambda k: (spans[k][0], -spans[k][1], k))
    place = {k: i for i, k in enumerate(order)}  # of two equal spans, the earlier one is outside
    clusters: list[list[int]] = []
    reach = -1
    for k in order:
        if spans[k][0] >= reach or not clusters:
            clusters.append([])
        clusters[-1].append(k)
        reach = max(reach, spans[k][1])
    for cluster in clusters:
        if len(cluster) == 1:
            continue
        # innermost first: a span's height depends only on the spans before it in this order
        by_size = sorted(cluster, key=lambda k: (spans[k][1] - spans[k][0], -place[k]))
        for i, k in enumerate(by_size):
            s, e = spans[k]
            best = -1
            for j in by_size[:i]:
                js, je = spans[j]
                if s <= js and je <= e:
                    best = max(best, heights[j])
            heights[k] = best + 1
    return heights
