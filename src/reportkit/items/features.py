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
``cue:``           patterns of :data:`reportkit.items.cues.CUES` found in it; ``open:`` found at its start
``type:``          the document type's probabilities (from the classifier)
``prev:`` ``next:`` the kind and cues of the items before and after it
``doc:``           what the document's headings announce anywhere (it has a 存在问题 section …)
=================  ==============================================================================

Conjunctions that a linear model cannot form itself are spelled out (``head×cue:``, ``type×cue:``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from .cues import CUES, heading_kind, lead_in_kind
from .layer import Item

if TYPE_CHECKING:
    from ..document import Document

__all__ = ["FEATURE_VERSION", "item_features"]

#: bumped whenever the features change: a model trained on other features is refused
FEATURE_VERSION = "1"

_MARKER_STYLE = (
    ("enum", regex.compile(r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]|首先|其次|再次|最后)$")),
    ("cn", regex.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")),
    ("pcn", regex.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]|^[\u3220-\u3229]")),
    ("par", regex.compile(r"^[（(]\d{1,2}[）)]|^\d{1,2}[）)]|^[\u2474-\u2487]")),
    ("ar", regex.compile(r"^\d{1,2}[、.．]")),
    ("circ", regex.compile(r"^[\u2460-\u2473]")),
    ("part", regex.compile(r"^第")),
)
# the cues whose presence in a neighbour or at an item's start says most
_NEIGHBOUR_CUES = ("shortfall", "measure_start", "requirement", "done", "future", "progress", "opener")
_OPENING_CUES = ("shortfall", "done", "future", "ongoing", "first_person", "contrast", "condition", "cause")
_CROSSED_CUES = ("shortfall", "measure_start", "requirement", "done", "future", "action", "achievement")
_MAX_WORDS = 40
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


def _cues(text: str) -> tuple[list[str], list[str]]:
    """The cues found in ``text``, and those found within its first six characters."""
    found, opening = [], []
    head = text[:6]
    for name, pattern in CUES.items():
        m = pattern.search(text)
        if m is not None:
            found.append(name)
            if name in _OPENING_CUES and m.start() < 6 and pattern.search(head) is not None:
                opening.append(name)
    return found, opening


def _words(doc: Document, item: Item) -> list[str]:
    return [w for w, _, _ in doc.words_in(item.start, item.end) if w not in _PUNCT][:_MAX_WORDS]


def item_features(
    doc: Document, items: list[Item] | None = None, doc_type: dict[str, float] | None = None
) -> list[dict[str, float]]:
    """Feature dicts of ``items`` (default: ``doc.items()``), in the same order.

    :param doc_type: the document type's probabilities (label -> probability); None leaves them out
    """
    items = doc.items() if items is None else items
    cues = [_cues(it.text) for it in items]
    heading_words: dict[str, list[str]] = {}
    top_type = max(sorted(doc_type), key=lambda k: doc_type[k]) if doc_type else None
    out: list[dict[str, float]] = []
    for k, it in enumerate(items):
        f: dict[str, float] = {"bias": 1.0, f"kind:{it.kind}": 1.0, f"len:{_len_bin(len(it.text))}": 1.0}
        if it.role is not None:
            f[f"role:{it.role}"] = 1.0
            if it.label and len(it.label) <= 8:
                f[f"label:{it.label}"] = 1.0
        if it.marker is not None:
            f[f"marker:{_marker_style(it.marker)}"] = 1.0
        if it.lead is not None:
            f[f"lead:{_lead_kind(it.lead)}"] = 1.0
        head = _heading_kind(it.path[-1]) if it.path else "root"
        f[f"head:{head}"] = 1.0
        f[f"head×kind:{head}|{it.kind}"] = 1.0
        if it.lead is not None:
            f[f"lead×kind:{_lead_kind(it.lead)}|{it.kind}"] = 1.0
        if len(it.path) >= 2:
            f[f"head2:{_heading_kind(it.path[-2])}"] = 1.0
        for title in it.path[:-1]:
            f[f"heads:{_heading_kind(title)}"] = 1.0
        if it.path:
            title = it.path[-1]
            words = heading_words.get(title)
            if words is None:
                words = heading_words[title] = [w for w in doc.segmenter.lcut(title[:40]) if w not in _PUNCT]
            for w in words:
                f[f"hw:{w}"] = 1.0
        words = _words(doc, it)
        for w in words:
            f[f"w:{w}"] = 1.0
        if words:
            f[f"first:{words[0]}"] = 1.0
            f[f"last:{words[-1]}"] = 1.0
            if len(words) > 1:
                f[f"second:{words[1]}"] = 1.0
        found, opening = cues[k]
        for name in found:
            f[f"cue:{name}"] = 1.0
            if name in _CROSSED_CUES:
                f[f"head×cue:{head}|{name}"] = 1.0
                if top_type is not None:
                    f[f"type×cue:{top_type}|{name}"] = 1.0
        for name in opening:
            f[f"open:{name}"] = 1.0
        if doc_type:
            for label in sorted(doc_type):
                f[f"type:{label}"] = float(doc_type[label])
        # where it sits: among the pieces of its sentence, its block, the items around it
        prev = items[k - 1] if k > 0 else None
        nxt = items[k + 1] if k + 1 < len(items) else None
        same_prev = prev is not None and prev.sentence == it.sentence
        same_next = nxt is not None and nxt.sentence == it.sentence
        f[
            f"piece:{'only' if not same_prev and not same_next else 'first' if not same_prev else 'last' if not same_next else 'mid'}"
        ] = 1.0
        if prev is None or prev.block != it.block:
            f["block:first"] = 1.0
        for side, other, idx in (("prev", prev, k - 1), ("next", nxt, k + 1)):
            if other is None:
                f[f"{side}:none"] = 1.0
                continue
            f[f"{side}:kind:{other.kind}"] = 1.0
            if other.role is not None:
                f[f"{side}:role:{other.role}"] = 1.0
            for name in cues[idx][0]:
                if name in _NEIGHBOUR_CUES:
                    f[f"{side}:cue:{name}"] = 1.0
        out.append(f)
    return out


_CUE_WORDS = {
    "shortfall": "words of shortfall (不到位, 滞后, 缺乏 …)",
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
    "type": "document type {}",
    "open": "opens with {}",
    "doc": "the document has a heading announcing {}",
    "piece": "clause position {}",
    "len": "length {}",
    "pos": "position in the document {}/5",
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
    template = _PREFIXES.get(prefix)
    return template.format(rest) if template else name


def describe_evidence(evidence: tuple[tuple[str, float], ...] | list[tuple[str, float]]) -> str:
    """``items model: heading announces problem (+1.61); word “不到位” (+0.80)``."""
    if not evidence:
        return "items model"
    return "items model: " + "; ".join(f"{describe_feature(name)} (+{weight:.2f})" for name, weight in evidence)
