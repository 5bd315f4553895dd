"""Features of an item for the item model: its words, its structure, its cues, its neighbours, its document.

:func:`item_features` gives, for every item of a document, a dict of named feature values (1.0 for
indicators; probabilities for the document's type). Feature names are readable, because the strongest
ones become a finding's ``explanation``:

=================  ==============================================================================
``kind:``          how the item was found (heading, enum, sentence, clause, field, cell, inline, split)
``role:``          what its label names (problem, measure, unit, deadline …); ``label:`` the label
``marker:``        the style of its list marker (一、 （一） 1. （1） ① 一是)
``lead:``          what the lead-in that frames it announces (检查发现以下问题： -> problem)
``head:``          what its nearest heading announces (存在问题 -> problem); ``head2:`` the one above;
                   ``hw:`` the words of its nearest heading
``w:`` ``first:`` ``second:`` ``last:``   its words (jieba), the first two and the last
``c2:``            the pairs of neighbouring Chinese characters in it (不到, 到位 …)
``cue:``           patterns of :data:`reportkit.items.cues.CUES` found in it; ``open:`` found at its start
``type:``          the document type's probabilities (from the classifier)
``prev:`` ``next:`` the kind and cues of the items before and after it
``doc:``           what the document's headings announce anywhere (it has a 存在问题 section …)
``parent:``        a short heading over items of its own (1.乡镇 over its findings), by length
``past:``          its sentence names a past time up to it (2016年以前…, 改造前…)
=================  ==============================================================================

Conjunctions that a linear model cannot form itself are spelled out (``head×cue:``, ``type×cue:``, ``parent×head:``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import regex

from .cues import CUES, heading_kind, lead_in_kind, resolve_only
from .layer import BULLET_SIGNS, DASH_BULLET, Item

if TYPE_CHECKING:
    from ..document import Document

__all__ = [
    "FEATURE_VERSION",
    "FeatureParts",
    "Shape",
    "describe_evidence",
    "describe_feature",
    "feature_parts",
    "item_features",
    "shape_triples",
    "word_triples",
    "gram_triples",
    "item_grams",
]

#: bumped whenever the features change: a model trained on other features is refused
FEATURE_VERSION = "13"

_MARKER_STYLE = (
    ("enum", regex.compile(r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]|首先|其次|再次|最后)$")),
    ("cn", regex.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")),
    ("pcn", regex.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]|^[\u3220-\u3229]")),
    ("par", regex.compile(r"^[（(]\d{1,2}[）)]|^\d{1,2}[）)]|^[\u2474-\u2487]")),
    ("ar", regex.compile(r"^\d{1,2}[、.．]")),
    ("circ", regex.compile(r"^[\u2460-\u2473]")),
    ("part", regex.compile(r"^第")),
    ("bullet", regex.compile(rf"^(?:[{BULLET_SIGNS}\-*+]|{DASH_BULLET})$")),  # the items layer's bullets
)
# the cues whose presence in a neighbour or at an item's start says most
_NEIGHBOUR_CUES = ("shortfall", "measure_start", "requirement", "done", "future", "progress", "opener")
_OPENING_CUES = ("shortfall", "done", "future", "ongoing", "first_person", "contrast", "condition", "cause")
_CROSSED_CUES = (
    "shortfall",
    "measure_start",
    "requirement",
    "done",
    "future",
    "action",
    "achievement",
    "stance",
    "resolve",
)
_MAX_WORDS = 40
# Word features count less than structural ones (a heading's kind, a label's role, a lead-in, a cue): the
# same regularization then asks more evidence of a word than of structure before trusting it. Words name
# the subjects of the training documents; structure is how every report is laid out, and carries to
# reports on other subjects.
LEXICAL = 0.4
# Character pairs of an item's text: words the training documents never used still share characters with
# words they did (落实不力 / 执行不力, 未建立 / 未设立), and a pair does not depend on how jieba cut the text
GRAM = 0.4
GRAM_BLOCK = "c2"  # the block of their features: c2:到位
_MAX_GRAMS = 60
_HAN = regex.compile(r"\p{Han}{2,}")
_PUNCT = frozenset("，,。；;：:、！？!?“”‘’\"'（）()《》【】[]—…·/\\-—_ \t\r\n\u3000")


@lru_cache(maxsize=4096)
def _marker_style(marker: str) -> str:
    for style, pattern in _MARKER_STYLE:
        if pattern.search(marker):
            return style
    return "other"


@lru_cache(maxsize=8192)
def _heading_kind(title: str) -> str:
    return heading_kind(title) or "none"


@lru_cache(maxsize=8192)
def _lead_kind(lead: str) -> str:
    return lead_in_kind(lead) or "none"


def _len_bin(n: int) -> str:
    for limit, name in ((6, "<6"), (12, "<12"), (24, "<24"), (48, "<48"), (96, "<96")):
        if n < limit:
            return name
    return ">=96"


# How each cue is looked for: cues anchored at an item's start are matched there, the zero-times and
# short-tail cues on the item's last characters; cues of one frequent character are searched in each item
# (a C-level scan); the other cues are found by one scan of the whole document, and belong to the item that
# holds the whole match.
_AT_START = ("measure_start", "requirement", "first_person", "condition", "contrast")
_AT_END = ("zero_times", "short_tail", "not_tail")
# cues that must hold of the whole item, each with the test and the longest item it is tried on: a stance is a
# short title; resolve fills a sentence (把巡察整改作为一项严肃的政治任务和推动水利事业发展的重要契机)
_WHOLE_TESTS: dict[str, tuple[Callable[[str], object], int]] = {
    "stance": (CUES["stance"].match, 40),
    "resolve": (resolve_only, 90),
}
_WHOLE = tuple(_WHOLE_TESTS)
_SCANNED = tuple((n, CUES[n]) for n in CUES if n not in (*_AT_START, *_AT_END, *_WHOLE))
# the cues anchored at an item's start, all tried by one match: an optional look-ahead per cue
_AT_START_ALL = regex.compile("".join(f"(?=(?P<{n}>{CUES[n].pattern.lstrip('^')}))?" for n in _AT_START))
# (name, pattern, a character the item's tail must hold for the pattern to be tried, or None)
_END_PATTERNS = tuple((n, CUES[n], "0" if n == "zero_times" else None) for n in _AT_END)
_OPEN_WITHIN = 6  # characters: a cue found this close to an item's start "opens" it


def _item_parts(doc: Document, items: list[Item]) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """For each item: the cues found in it, those found within its first characters, and its words."""
    found: list[list[str]] = [[] for _ in items]
    opening: list[list[str]] = [[] for _ in items]
    words: list[list[str]] = [[] for _ in items]
    if not items:
        return found, opening, words
    first, last = items[0].start, items[-1].end
    owner = [-1] * (last - first)  # the item holding each character, by offset from the first item
    for k, it in enumerate(items):
        owner[it.start - first : it.end - first] = [k] * (it.end - it.start)
    # the words that start in each item (items are disjoint and in text order): a slice of the words by
    # bisection of their starts, filtered in one comprehension
    spanned = doc.words_in(first, last)
    starts = [s for _, s, _ in spanned]
    lo = 0
    for k, it in enumerate(items):
        i = bisect_left(starts, it.start, lo)
        lo = bisect_left(starts, it.end, i)
        words[k] = [w for w, _, _ in spanned[i:lo] if w not in _PUNCT]
    text = doc.text
    for name, pattern in _SCANNED:
        opens = name in _OPENING_CUES
        seen = -1
        for m in pattern.finditer(text, first, last):
            s = m.start() - first
            k = owner[s]
            if k == seen or k < 0 or owner[m.end() - first - 1] != k:
                continue  # found in this item already; between items, or across two
            seen = k
            found[k].append(name)
            if opens and s - (items[k].start - first) < _OPEN_WITHIN:
                opening[k].append(name)
    match_start = _AT_START_ALL.match
    for k, it in enumerate(items):
        body = it.text
        at_start = match_start(body)
        if at_start is not None:
            for name, value in at_start.groupdict().items():  # in _AT_START's order
                if value is not None:
                    found[k].append(name)
                    if name in _OPENING_CUES:
                        opening[k].append(name)
        tail = body[-8:]
        for name, pattern, char in _END_PATTERNS:
            if (char is None or char in tail) and pattern.search(tail) is not None:
                found[k].append(name)
        for name, (test, longest) in _WHOLE_TESTS.items():
            if len(body) <= longest and test(body):
                found[k].append(name)
        if "resolve" in found[k] and "action" in found[k]:
            # resolve holds only where no act stands beside it: the verb of action found is a noun of the resolve
            # (把巡察整改当作…契机, 抓整改的坚定决心), not an act
            found[k].remove("action")
    return found, opening, words


Triple = tuple[str, str, float]


@dataclass(frozen=True, slots=True)
class Shape:
    """What an item's features say besides its words and headings: how it was found and labelled, where it
    sits, which cues it and its neighbours hold. Many items of a document share a shape, so the item model
    sums the weights of a shape once."""

    kind: str
    length: str
    head: str
    role: str | None
    label: str | None
    marker: str | None
    lead: str | None
    piece: str
    block_first: bool
    parent: bool  # a short heading whose section holds the items after it ("1.乡镇⏎存在…问题。")
    past: bool  # its sentence names a time in the past up to it ("2015年以前，…，车辆无法通行")
    prev: tuple[str, ...] | None  # (kind, role or "", *neighbour cues), None at the start
    next: tuple[str, ...] | None
    cues: tuple[str, ...]
    openings: tuple[str, ...]
    top_type: str | None


def shape_triples(shape: Shape) -> list[Triple]:
    """The features of a shape (see :func:`feature_parts`): its core, its cues, its neighbours."""
    return [*core_triples(shape), *cue_triples(shape), *neighbour_triples(shape)]


def core_triples(shape: Shape) -> list[Triple]:
    """How the item was found and labelled, under what heading, where in its sentence and block."""
    kind, head = shape.kind, shape.head
    f: list[Triple] = [("kind", kind, 1.0), ("len", shape.length, 1.0), ("head×kind", f"{head}|{kind}", 1.0)]
    if shape.role is not None:
        f.append(("role", shape.role, 1.0))
        if shape.label is not None:
            f.append(("label", shape.label, 1.0))
    if shape.marker is not None:
        f.append(("marker", shape.marker, 1.0))
    if shape.lead is not None:
        f.append(("lead", shape.lead, 1.0))
        f.append(("lead×kind", f"{shape.lead}|{kind}", 1.0))
    f.append(("piece", shape.piece, 1.0))
    if shape.block_first:
        f.append(("block", "first", 1.0))
    if shape.parent:
        # a short title over items of its own names a category (乡镇, 社区, 制度建设方面) more often than a finding;
        # a longer one is mostly the lead of an entry whose body follows (一个条目的导语), left to its other features
        f.append(("parent", shape.length, 1.0))
        # ... under a heading that announces problems most of all, where a numbered finding looks the same
        # (发现的主要问题 / 1.燃气经营企业 over its findings, beside 2.消防通道堆放杂物)
        f.append(("parent×head", head, 1.0))
    if shape.past:
        # a shortcoming told of the past (2015年以前…无法通行, 改造前…) is no shortcoming that exists (docs/gold.md)
        f.append(("past", "sentence", 1.0))
    return f


#: the fields of a :class:`Shape` that :func:`core_triples` does not read
_NOT_CORE = frozenset({"prev", "next", "cues", "openings", "top_type"})

#: What :func:`core_triples` reads of a shape, as a tuple: shapes with one key have one core (the item model sums
#: a core's weights once per key, across documents — a field left out here would leak between them). Derived
#: from the dataclass's fields, so a field added to the shape is in the key unless it is named in _NOT_CORE.
core_key: Callable[[Shape], tuple[Any, ...]] = attrgetter(*(f.name for f in fields(Shape) if f.name not in _NOT_CORE))
#: what :func:`cue_triples` reads of a shape (the item model's key for its cue sums)
cue_key: Callable[[Shape], tuple[Any, ...]] = attrgetter("head", "top_type", "cues", "openings")
#: what :func:`neighbour_triples` reads of a shape (the item model's key for its neighbour sums)
near_key: Callable[[Shape], tuple[Any, ...]] = attrgetter("prev", "next")


def cue_triples(shape: Shape) -> list[Triple]:
    """The item's cues, alone and with its heading's kind and the document's type."""
    f: list[Triple] = []
    for name in shape.cues:
        f.append(("cue", name, 1.0))
        if name in _CROSSED_CUES:
            f.append(("head×cue", f"{shape.head}|{name}", 1.0))
            if shape.top_type is not None:
                f.append(("type×cue", f"{shape.top_type}|{name}", 1.0))
    f.extend([("open", name, 1.0) for name in shape.openings])
    return f


def neighbour_triples(shape: Shape) -> list[Triple]:
    """The kinds, roles and cues of the items before and after."""
    f: list[Triple] = []
    for side, other in (("prev", shape.prev), ("next", shape.next)):
        if other is None:
            f.append((side, "none", 1.0))
            continue
        f.append((side, f"kind:{other[0]}", 1.0))
        if other[1]:
            f.append((side, f"role:{other[1]}", 1.0))
        f.extend([(side, f"cue:{name}", 1.0) for name in other[2:]])
    return f


def item_grams(text: str) -> tuple[str, ...]:
    """The pairs of neighbouring Chinese characters of ``text``, in order (at most :data:`_MAX_GRAMS`)."""
    out: list[str] = []
    for run in _HAN.findall(text):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
        if len(out) >= _MAX_GRAMS:
            break
    return tuple(out[:_MAX_GRAMS])


def gram_triples(grams: tuple[str, ...]) -> list[Triple]:
    """The features of an item's character pairs."""
    return [(GRAM_BLOCK, g, GRAM) for g in grams]


def word_triples(words: tuple[str, ...]) -> list[Triple]:
    """The features of an item's words: each word, and the first, second and last apart."""
    if not words:
        return []
    f: list[Triple] = [("w", w, LEXICAL) for w in words]
    f.append(("first", words[0], LEXICAL))
    f.append(("last", words[-1], LEXICAL))
    if len(words) > 1:
        f.append(("second", words[1], LEXICAL))
    return f


@dataclass
class FeatureParts:
    """The features of a document's items, in parts: those of the document (the same for every item),
    those of each heading path (the same for every item under it), and each item's shape and words. An
    item's features are ``shared + paths[path_of[k]] + shape_triples(shapes[k]) + word_triples(words[k])
    + gram_triples(grams[k])``."""

    shared: list[Triple]
    paths: list[list[Triple]]
    path_of: list[int]
    shapes: list[Shape]
    words: list[tuple[str, ...]]
    grams: list[tuple[str, ...]]

    def of(self, k: int) -> list[Triple]:
        return [
            *self.shared,
            *self.paths[self.path_of[k]],
            *shape_triples(self.shapes[k]),
            *word_triples(self.words[k]),
            *gram_triples(self.grams[k]),
        ]


# cues that a title states a finding (不够强, 不到位, 缺乏…, …少)
_SHORTFALL_CUES = frozenset({"shortfall", "short_tail", "not_tail", "lack", "zero_times"})


def feature_parts(
    doc: Document, items: list[Item] | None = None, doc_type: dict[str, float] | None = None
) -> FeatureParts:
    """The features of every item as ``(block, key, value)`` triples (see :class:`FeatureParts`); the
    feature's name is ``f"{block}:{key}"`` and a name that occurs twice counts twice (words are counted).

    This is the one definition of the features: :func:`item_features` turns them into named dicts for
    training, and the item model sums their weights, a shape's once, when it predicts.
    """
    items = doc.items() if items is None else items
    cues, openings, item_words = _item_parts(doc, items)
    top_type = max(sorted(doc_type), key=lambda k: doc_type[k]) if doc_type else None
    shared: list[Triple] = [("bias", "", 1.0)]
    if doc_type:
        shared.extend(("type", label, float(doc_type[label])) for label in sorted(doc_type))
    path_index: dict[tuple[str, ...], int] = {}
    paths: list[list[Triple]] = []
    heads: list[str] = []
    path_of: list[int] = []
    shapes: list[Shape] = []
    neighbours = [
        (it.kind, it.role or "", *[name for name in cues[k] if name in _NEIGHBOUR_CUES]) for k, it in enumerate(items)
    ]
    n = len(items)
    # whether the item's sentence names a past time up to it (the pieces of a sentence are in order)
    past: list[bool] = []
    for k, it in enumerate(items):
        told = "past" in cues[k]
        past.append(told or (k > 0 and items[k - 1].sentence == it.sentence and past[k - 1]))
    for k, it in enumerate(items):
        p = path_index.get(it.path)
        if p is None:
            head, terms = _path_terms(doc, it.path)
            p = path_index[it.path] = len(paths)
            paths.append(terms)
            heads.append(head)
        path_of.append(p)
        prev = items[k - 1] if k > 0 else None
        same_prev = prev is not None and prev.sentence == it.sentence
        same_next = k + 1 < n and items[k + 1].sentence == it.sentence
        if same_prev:
            piece = "mid" if same_next else "last"
        else:
            piece = "first" if same_next else "only"
        shapes.append(
            Shape(
                it.kind,
                _len_bin(it.end - it.start),
                heads[p],
                it.role,
                it.label if it.role is not None and it.label and len(it.label) <= 8 else None,
                _marker_style(it.marker) if it.marker is not None else None,
                _lead_kind(it.lead) if it.lead is not None else None,
                piece,
                prev is None or prev.block != it.block,
                # a short heading (under 12 characters) over items of its own that names no shortfall (1.乡镇, not
                # 1.责任意识不强, a problem's title over its steps)
                it.kind == "heading"
                and it.end - it.start < 12
                and k + 1 < n
                and len(items[k + 1].path) > len(it.path)
                and not _SHORTFALL_CUES.intersection(cues[k]),
                past[k],
                neighbours[k - 1] if k > 0 else None,
                neighbours[k + 1] if k + 1 < n else None,
                tuple(cues[k]),
                tuple(openings[k]),
                top_type,
            )
        )
    return FeatureParts(
        shared,
        paths,
        path_of,
        shapes,
        [tuple(w[:_MAX_WORDS]) for w in item_words],
        [item_grams(it.text) for it in items],
    )


def _path_terms(doc: Document, path: tuple[str, ...]) -> tuple[str, list[Triple]]:
    """The features an item takes from the headings above it (the same for every item under them)."""
    head = _heading_kind(path[-1]) if path else "root"
    terms: list[Triple] = [("head", head, 1.0)]
    if len(path) >= 2:
        terms.append(("head2", _heading_kind(path[-2]), 1.0))
    terms.extend(("heads", _heading_kind(title), 1.0) for title in path[:-1])
    if path:
        terms.extend(("hw", w, LEXICAL) for w in _heading_words(doc.segmenter, path[-1]))
    return head, terms


_HEADING_WORDS: dict[tuple[Any, str], tuple[str, ...]] = {}


def _heading_words(segmenter: Any, title: str) -> tuple[str, ...]:
    key = (segmenter, title)
    words = _HEADING_WORDS.get(key)
    if words is None:
        if len(_HEADING_WORDS) > 20_000:
            _HEADING_WORDS.clear()
        words = _HEADING_WORDS[key] = tuple(w for w in segmenter.lcut(title[:40]) if w not in _PUNCT)
    return words


def item_features(
    doc: Document, items: list[Item] | None = None, doc_type: dict[str, float] | None = None
) -> list[dict[str, float]]:
    """Feature dicts of ``items`` (default: ``doc.items()``), in the same order: name -> value, a name
    that occurs twice summed (see :func:`feature_parts`).

    :param doc_type: the document type's probabilities (label -> probability); None leaves them out
    """
    parts = feature_parts(doc, items, doc_type)
    out = []
    for k in range(len(parts.shapes)):
        f: dict[str, float] = {}
        for block, key, value in parts.of(k):
            name = f"{block}:{key}" if key else block
            f[name] = f.get(name, 0.0) + value
        out.append(f)
    return out


_CUE_WORDS = {
    "shortfall": "words of shortfall (不到位, 滞后, 缺乏 …)",
    "shortfall_of": "a shortfall said of what a step acts on (对手续不全的…)",
    "measure_start": "opens like a measure (加强, 建立, 要 …)",
    "requirement": "a requirement (要…, 必须…)",
    "action": "a verb of action (开展, 整改, 排查 …)",
    "opener": "a report formula (现将…报告如下)",
    "inspection": "the account of an inspection",
    "progress": "a progress figure (已整改, 完成率)",
    "done": "says it is done (已完成, 已整改)",
    "ongoing": "says it goes on (正在, 持续)",
    "future": "looks ahead (下一步, 将, 计划)",
    "deadline": "a deadline (…前完成, 限期)",
    "short_tail": "ends on an adjective of shortfall (…少, …差, …慢)",
    "not_tail": "ends on a negated word (…不稳固, …不符)",
    "lack": "says something is missing (无…)",
    "still_need": "still to be done (仍需, 有待)",
    "no_incident": "reports no incident (未发生…事故)",
    "past": "names a past time (2015年以前, 改造前, 过去)",
    "stance": "a stance with no act (提高政治站位, 加强组织领导)",
    "resolve": "resolve with no act (高度重视, 照单全收, 履行第一责任人职责)",
    "remaining": "the state of the rest (剩余1个正在整改)",
}
_PREFIXES = {
    "kind": "found as a {}",
    "role": "labelled as {}",
    "label": "label “{}”",
    "marker": "list marker {}",
    "lead": "lead-in announces {}",
    "head": "heading announces {}",
    "head2": "heading above announces {}",
    "heads": "an outer heading announces {}",
    "hw": "heading word “{}”",
    "w": "word “{}”",
    "first": "first word “{}”",
    "second": "second word “{}”",
    "last": "last word “{}”",
    GRAM_BLOCK: "characters “{}”",
    "type": "document type {}",
    "open": "opens with {}",
    "doc": "the document has a heading announcing {}",
    "piece": "clause position {}",
    "block": "the {} item of its entry or paragraph",
    "len": "length {}",
    "parent": "a heading over items of its own, length {}",
    "parent×head": "a heading over items of its own under a heading announcing {}",
    "past": "a past time named in its {}",
    "pos": "position in the document {}/5",
}


_KIND_CROSSED = {
    "head×kind": "under a heading announcing {}",
    "lead×kind": "after a lead-in announcing {}",
}


def describe_feature(name: str) -> str:
    """A feature name as a reader would say it: ``w:整改`` -> ``word “整改”``."""
    prefix, _, rest = name.partition(":")
    if prefix == "cue":
        return _CUE_WORDS.get(rest, rest)
    if prefix in ("prev", "next"):
        return f"{'the item before' if prefix == 'prev' else 'the item after'}: {describe_feature(rest)}"
    if prefix in ("head×cue", "type×cue"):
        left, _, cue = rest.partition("|")
        where = "heading" if prefix == "head×cue" else "document type"
        return f"{_CUE_WORDS.get(cue, cue)} under a {where} {left}"
    if prefix in _KIND_CROSSED:
        left, _, kind = rest.partition("|")
        return f"found as a {kind} {_KIND_CROSSED[prefix].format(left)}"
    template = _PREFIXES.get(prefix)
    return template.format(rest) if template else name


def describe_evidence(evidence: tuple[tuple[str, float], ...] | list[tuple[str, float]]) -> str:
    """``items model: heading announces problem (+1.61); word “不到位” (+0.80)``."""
    if not evidence:
        return "items model"
    return "items model: " + "; ".join(f"{describe_feature(name)} (+{weight:.2f})" for name, weight in evidence)
