"""The item model: which items of a report are problems, which are measures, and how sure.

A multinomial logistic regression over item features (:mod:`reportkit.items.features`) with three
classes — ``problem``, ``measure``, ``neither`` — whose probabilities are calibrated with one temperature
fitted on cross-validated scores (:mod:`reportkit.items.train`). It is stored like the classifier: arrays
plus a JSON header in one ``.npz`` (no pickle; shapes checked before loading), and prediction needs the
standard library and NumPy only. Sums are taken with :func:`math.fsum` and exponentials with
:func:`math.exp`, so probabilities are the same on every CPU.

A *finding* is a run of neighbouring items of one sentence with the same predicted class (a ``neither``
item inside such a run, or closing its sentence, joins it when its probability for the run's class is at
least :data:`GAP_MIN`), whose mean probability is at least ``min_score`` (default 0.5); its score is that
mean and its explanation names the features that decided it. A run of nothing but an inline list's members
("还存在A、B、C等问题") is a finding per member: each states a problem of its own.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import regex

from ..errors import IncompatibleModelError
from ..modelfile import load_model_file, save_model_file
from .features import (
    FEATURE_VERSION,
    GRAM,
    GRAM_BLOCK,
    LEXICAL,
    FeatureParts,
    Triple,
    core_key,
    core_triples,
    cue_key,
    cue_triples,
    feature_parts,
    near_key,
    neighbour_triples,
)
from .layer import Item

if TYPE_CHECKING:
    from ..document import Document

__all__ = [
    "CLASSES",
    "DEFAULT_MIN_SCORE",
    "FORMAT_VERSION",
    "ItemFinding",
    "ItemModel",
    "ItemPrediction",
    "default_model_path",
    "load_item_model",
]

FORMAT_VERSION = "reportkit-items/1"
CLASSES = ("measure", "neither", "problem")
DEFAULT_MIN_SCORE = 0.5
_EVIDENCE = 3


@dataclass(frozen=True)
class ItemPrediction:
    """The model's reading of one item: the most probable class and every class's probability."""

    item: Item
    label: str
    score: float
    probabilities: dict[str, float]


@dataclass(frozen=True)
class ItemFinding:
    """A problem or measure: a run of items of one sentence with the same class.

    :ivar start: span start in ``Document.text``
    :ivar end: span end
    :ivar label: ``problem`` or ``measure``
    :ivar score: the mean calibrated probability of its items
    :ivar items: the items it joins, in text order
    :ivar evidence: ``(feature, weight)`` pairs that pushed the decision most
    """

    start: int
    end: int
    label: str
    score: float
    items: tuple[Item, ...]
    evidence: tuple[tuple[str, float], ...] = ()

    @property
    def section(self) -> str | None:
        """The nearest heading above it, if any."""
        return self.items[0].path[-1] if self.items[0].path else None


@dataclass
class ItemModel:
    """A trained item model (see the module docstring)."""

    classes: list[str]
    features: list[str]
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    temperature: float
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.classes)
        coef = np.asarray(self.coef, dtype=np.float64)
        total = np.zeros(coef.shape[1])
        for row in coef:  # row by row: the same additions, in the same order, on every CPU
            total = total + row
        relative = coef - total / n
        # the weights by (block, key) — prediction looks features up without building their names — and
        # the same relative to the classes' mean (for explanations): each feature's column as a tuple
        columns: dict[str, tuple[list[str], list[int]]] = {}
        for j, name in enumerate(self.features):
            block, _, key = name.partition(":")
            keys, where = columns.setdefault(block, ([], []))
            keys.append(key)
            where.append(j)

        def table(matrix: np.ndarray, where: list[int], scale: float = 1.0) -> list[tuple[float, ...]]:
            return list(zip(*(matrix[:, where] * scale).tolist()))  # x * 1.0 is x

        self._tables: dict[str, dict[str, tuple[float, ...]]] = {}
        self._relative_tables: dict[str, dict[str, tuple[float, ...]]] = {}
        for block, (keys, where) in columns.items():
            self._tables[block] = dict(zip(keys, table(coef, where)))
            self._relative_tables[block] = dict(zip(keys, table(relative, where)))
        self._intercept = [float(b) for b in self.intercept.tolist()]
        self._part_sums: dict[Any, tuple[float, float, float]] = {}  # parts of shapes, summed once
        self._evidence_parts: dict[Any, list[tuple[float, str]]] = {}  # their strongest features, by class
        # the word and character-pair features' weights times their value (LEXICAL, GRAM), for _word_sums and
        # _gram_sums: the same products _sums takes
        self._lexical: dict[str, dict[str, tuple[float, ...]]] = {
            block: dict(zip(columns[block][0], table(coef, columns[block][1], LEXICAL))) if block in columns else {}
            for block in ("w", "first", "last", "second")
        }
        keys, where = columns.get(GRAM_BLOCK, ([], []))
        self._grams = dict(zip(keys, table(coef, where, GRAM)))
        # the same relative to the classes' mean, for the evidence of the words and character pairs
        self._relative_lexical: dict[str, dict[str, tuple[float, ...]]] = {
            block: dict(zip(columns[block][0], table(relative, columns[block][1], LEXICAL))) if block in columns else {}
            for block in ("w", "first", "last", "second")
        }
        self._relative_grams = dict(zip(keys, table(relative, where, GRAM)))

    @property
    def name(self) -> str:
        return str(self.metadata.get("name") or "custom")

    # -- files ----------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        header = {
            "classes": self.classes,
            "features": self.features,
            "temperature": self.temperature,
            "metadata": self.metadata,
        }
        save_model_file(path, header, {"coef": self.coef, "intercept": self.intercept})

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ItemModel:
        """Read a model written by :meth:`save`; refuse other formats with a one-line message."""

        def shapes(header: dict[str, Any]) -> dict[str, tuple[int, ...]]:
            meta = header.get("metadata", {})
            if meta.get("format") != FORMAT_VERSION:
                raise IncompatibleModelError(
                    f"{path}: not a reportkit item model (format {meta.get('format')!r}, this reportkit reads "
                    f"{FORMAT_VERSION!r}); train one with `reportkit train --items`"
                )
            if meta.get("feature_version") != FEATURE_VERSION:
                raise IncompatibleModelError(
                    f"{path}: item model written for item features {meta.get('feature_version')!r}; this reportkit "
                    f"computes {FEATURE_VERSION!r}; retrain it with `reportkit train --items`"
                )
            n_classes, n_features = len(header["classes"]), len(header["features"])
            return {"coef": (n_classes, n_features), "intercept": (n_classes,)}

        header, arrays = load_model_file(path, shapes, kind="reportkit item model")
        classes = [str(c) for c in header["classes"]]
        if sorted(classes) != sorted(CLASSES):
            raise IncompatibleModelError(f"{path}: item model classes {classes}, expected {list(CLASSES)}")
        return cls(
            classes=classes,
            features=[str(f) for f in header["features"]],
            coef=arrays["coef"],
            intercept=arrays["intercept"],
            temperature=float(header["temperature"]),
            metadata=dict(header.get("metadata", {})),
        )

    # -- prediction -----------------------------------------------------------------------------
    def _sums(self, triples: list[Triple], start: tuple[float, float, float]) -> tuple[float, float, float]:
        """``start`` plus the weights of ``triples``, per class, added in the order of the triples."""
        tables = self._tables
        s0, s1, s2 = start
        for block, key, value in triples:
            table = tables.get(block)
            if table is None:
                continue
            w = table.get(key)
            if w is None:
                continue
            if value == 1.0:
                s0 += w[0]
                s1 += w[1]
                s2 += w[2]
            else:
                s0 += w[0] * value
                s1 += w[1] * value
                s2 += w[2] * value
        return s0, s1, s2

    def _word_sums(self, words: tuple[str, ...], start: tuple[float, float, float]) -> tuple[float, float, float]:
        """``_sums(word_triples(words), start)``, without building the triples: the same additions in the same
        order (each word, then the first, last and second word), so the same sums to the last bit."""
        if not words:
            return start
        lexical = self._lexical
        sums = _added(lexical["w"], words, start)
        sums = _added(lexical["first"], (words[0],), sums)
        sums = _added(lexical["last"], (words[-1],), sums)
        return _added(lexical["second"], words[1:2], sums)

    def _gram_sums(self, grams: tuple[str, ...], start: tuple[float, float, float]) -> tuple[float, float, float]:
        """``_sums(gram_triples(grams), start)``, without building the triples (as :meth:`_word_sums`)."""
        return _added(self._grams, grams, start)

    def _softmax(self, sums: tuple[float, float, float]) -> list[float]:
        b, t = self._intercept, self.temperature
        z0, z1, z2 = (sums[0] + b[0]) / t, (sums[1] + b[1]) / t, (sums[2] + b[2]) / t
        top = max(z0, z1, z2)
        e0, e1, e2 = math.exp(z0 - top), math.exp(z1 - top), math.exp(z2 - top)
        total = e0 + e1 + e2
        return [e0 / total, e1 / total, e2 / total]

    def probabilities(self, doc: Document, doc_type: dict[str, float] | None = None) -> list[list[float]]:
        """Calibrated class probabilities (in :attr:`classes` order) of every item of ``doc``.

        Weights are added in plain IEEE double arithmetic in a fixed order — the document's features,
        then its heading path's, then the item's own — the same on every machine (no BLAS, no SIMD
        reductions)."""
        return self._from_parts(feature_parts(doc, doc.items(), doc_type))

    def _from_parts(self, parts: FeatureParts) -> list[list[float]]:
        base = self._sums(parts.shared, (0.0, 0.0, 0.0))
        path_sums = [self._sums(terms, base) for terms in parts.paths]
        cache = self._part_sums
        if len(cache) > 200_000:
            cache.clear()
        zero = (0.0, 0.0, 0.0)
        out = []
        for p, shape, words, grams in zip(parts.path_of, parts.shapes, parts.words, parts.grams):
            # the three parts of a shape recur across items: each one's weights are summed once
            core = core_key(shape)
            c = cache.get(core)
            if c is None:
                c = cache[core] = self._sums(core_triples(shape), zero)
            cues = ("cue", cue_key(shape))
            q = cache.get(cues)
            if q is None:
                q = cache[cues] = self._sums(cue_triples(shape), zero)
            near = ("near", near_key(shape))
            r = cache.get(near)
            if r is None:
                r = cache[near] = self._sums(neighbour_triples(shape), zero)
            s0, s1, s2 = path_sums[p]
            start = (s0 + c[0] + q[0] + r[0], s1 + c[1] + q[1] + r[1], s2 + c[2] + q[2] + r[2])
            out.append(self._softmax(self._gram_sums(grams, self._word_sums(words, start))))
        return out

    def _predictions(self, doc: Document, parts: FeatureParts) -> list[tuple[Item, str, float, int]]:
        out = []
        all_probs = self._from_parts(parts)
        for k, (item, probs) in enumerate(zip(doc.items(), all_probs)):
            best = max(range(len(probs)), key=lambda c: (probs[c], -c))
            out.append((item, self.classes[best], probs[best], k))
        return fill_gaps(out, all_probs, self.classes)

    def predict(self, doc: Document, doc_type: dict[str, float] | None = None) -> list[ItemPrediction]:
        """A prediction for every item of ``doc`` (``doc_type``: the type's probabilities, if known)."""
        probs = self.probabilities(doc, doc_type)
        out = []
        for item, p in zip(doc.items(), probs):
            best = max(range(len(p)), key=lambda c: (p[c], -c))
            out.append(ItemPrediction(item, self.classes[best], p[best], dict(zip(self.classes, p))))
        return out

    def evidence(self, feats: dict[str, float], label: str, n: int = _EVIDENCE) -> tuple[tuple[str, float], ...]:
        """The features that pushed ``label`` most against the other classes (ties by name)."""
        c = self.classes.index(label)
        scored = []
        for name, value in feats.items():
            block, _, key = name.partition(":")
            r = self._relative_tables.get(block, {}).get(key)
            if r is not None and r[c] * value > 0:
                scored.append((-(r[c] * value), name))
        scored.sort()
        return tuple((name, round(-neg, 3)) for neg, name in scored[:n])

    def findings(
        self,
        doc: Document,
        doc_type: dict[str, float] | None = None,
        min_score: float = DEFAULT_MIN_SCORE,
        labels: tuple[str, ...] = ("problem", "measure"),
    ) -> list[ItemFinding]:
        """Problems and measures of ``doc``: runs of same-class items of one sentence (module docstring)."""
        parts = feature_parts(doc, doc.items(), doc_type)
        runs = join_runs(self._predictions(doc, parts), min_score, labels)
        path_tops: dict[tuple[int, int], Any] = {}  # the strongest features of this document's heading paths
        return [
            ItemFinding(
                run[0][0].start,
                run[-1][0].end,
                label,
                score,
                tuple(r[0] for r in run),
                self._evidence(parts, run, label, path_tops),
            )
            for run, label, score in runs
        ]

    def _top(self, triples: list[Triple], c: int) -> list[tuple[float, str]]:
        """The strongest positive contributions to class ``c`` among ``triples``: (-weight, name), at most
        :data:`_EVIDENCE`, each feature at its strongest."""
        tables = self._relative_tables
        best: dict[tuple[str, str], float] = {}
        for block, key, value in triples:
            table = tables.get(block)
            if table is None:
                continue
            r = table.get(key)
            if r is None:
                continue
            contribution = r[c] * value
            if contribution > 0 and contribution > best.get((block, key), 0.0):
                best[(block, key)] = contribution
        return sorted([(-v, f"{b}:{k}" if k else b) for (b, k), v in best.items()])[:_EVIDENCE]

    def _lexical_top(self, words: tuple[str, ...], grams: tuple[str, ...], c: int) -> list[tuple[float, str]]:
        """``_top`` of an item's words and character pairs (``word_triples`` and ``gram_triples``), read from
        tables that hold each weight already times its value: the same products, without building the triples."""
        best: dict[str, float] = {}

        def scan(block: str, keys: Iterable[str], table: dict[str, tuple[float, ...]]) -> None:
            for key in keys:
                r = table.get(key)
                if r is not None:
                    v = r[c]
                    if v > 0.0:
                        name = f"{block}:{key}"
                        if v > best.get(name, 0.0):
                            best[name] = v

        if words:
            lexical = self._relative_lexical
            scan("w", words, lexical["w"])
            scan("first", words[:1], lexical["first"])
            scan("last", words[-1:], lexical["last"])
            scan("second", words[1:2], lexical["second"])
        scan(GRAM_BLOCK, grams, self._relative_grams)
        return sorted((-v, name) for name, v in best.items())[:_EVIDENCE]

    def _evidence(
        self, parts: FeatureParts, run: list[Any], label: str, path_tops: dict[tuple[int, int], Any]
    ) -> tuple[tuple[str, float], ...]:
        """The features that pushed ``label`` most in a run of items, each at its strongest in any item of the
        run. Every feature belongs to one part (the document's, a heading path's, a shape's core, cues or
        neighbours, the words), so the run's strongest three are the strongest three of the parts' own
        strongest three — and the parts items share are looked at once (and cached)."""
        c = self.classes.index(label)
        cache = self._evidence_parts
        candidates: dict[str, float] = {}

        def add(found: list[tuple[float, str]]) -> None:
            for neg, name in found:
                if -neg > candidates.get(name, 0.0):
                    candidates[name] = -neg

        for p in {parts.path_of[pred[3]] for pred in run}:
            found_path = path_tops.get((c, p))
            if found_path is None:
                found_path = path_tops[(c, p)] = self._top([*parts.shared, *parts.paths[p]], c)
            add(found_path)
        for pred in run:
            k = pred[3]
            shape = parts.shapes[k]
            for tag, key, make in (
                ("core", core_key(shape), core_triples),
                ("cue", cue_key(shape), cue_triples),
                ("near", near_key(shape), neighbour_triples),
            ):
                ck = (c, tag, key)
                found = cache.get(ck)
                if found is None:
                    if len(cache) > 200_000:
                        cache.clear()
                    found = cache[ck] = self._top(make(shape), c)
                add(found)
            add(self._lexical_top(parts.words[k], parts.grams[k], c))
        top = sorted((-v, name) for name, v in candidates.items())[:_EVIDENCE]
        return tuple((name, round(-neg, 3)) for neg, name in top)


def _added(
    table: dict[str, tuple[float, ...]], keys: Iterable[str], start: tuple[float, float, float]
) -> tuple[float, float, float]:
    """``start`` plus the weights ``table`` gives ``keys`` (those it has), in order."""
    s0, s1, s2 = start
    get = table.get
    for key in keys:
        v = get(key)
        if v is not None:
            s0 += v[0]
            s1 += v[1]
            s2 += v[2]
    return s0, s1, s2


_LETTER = regex.compile(r"\p{L}")

#: the least probability for its neighbours' label at which a ``neither`` item joins them (:func:`fill_gaps`);
#: chosen by cross-validation on corpus/ (0.1, 0.2, 0.3 with and without the closing clause)
GAP_MIN = 0.3


def fill_gaps(preds: list[Any], probs: Any, classes: list[str]) -> list[Any]:
    """Predictions ``(item, label, score, …)`` with the gaps of a sentence's problem or measure filled: a
    ``neither`` item between two items of one sentence with the same label, or closing a sentence after one,
    takes that label (and its probability for it as its score) when that probability is at least
    :data:`GAP_MIN`. A clause of a measure sentence that reads like neither on its own ("确保按时完成") belongs
    to the measure around it; the unit of a measure is its sentence or ；-clause (docs/gold.md)."""
    out = list(preds)
    for i in range(1, len(preds)):
        item, label = preds[i][0], preds[i - 1][1]
        if preds[i][1] != "neither" or label == "neither" or preds[i - 1][0].sentence != item.sentence:
            continue
        nxt = preds[i + 1] if i + 1 < len(preds) else None
        if nxt is not None and nxt[0].sentence == item.sentence and nxt[1] != label:
            continue  # between two labels, or before another: not a gap of this run
        p = float(probs[i][classes.index(label)])
        if p >= GAP_MIN:
            out[i] = (item, label, p, *preds[i][3:])
    return out


def join_runs(
    preds: list[Any], min_score: float = DEFAULT_MIN_SCORE, labels: tuple[str, ...] = ("problem", "measure")
) -> list[tuple[list[Any], str, float]]:
    """Runs of neighbouring predictions ``(item, label, score, …)`` of one sentence with the same label,
    as ``(run, label, mean score)`` in text order, keeping those whose mean score is at least ``min_score``.

    A run of nothing but the members of an inline list (items of kind ``inline``: "还存在A、B、C等问题") gives a
    finding per member, each with its own score: each states a problem of its own, and a ledger or a
    reconciliation lists them one by one. A list in a sentence that says more (where, how many: "抽查的24个中有
    5个存在A、B等问题，多计工程款…") stays one finding with it.

    Runs are formed before the threshold is applied, so a higher ``min_score`` only drops findings, never
    changes one: the findings at any threshold are those at a lower one with a score at or above it. A run with
    no letter in it (a number or a mark left on a line of its own: a page number a copy kept) states nothing and
    is no finding, whatever its score.
    """
    out: list[tuple[list[Any], str, float]] = []
    run: list[Any] = []
    for pred in [*preds, None]:
        joins = pred is not None and pred[1] in labels
        if joins and run and run[-1][1] == pred[1] and run[-1][0].sentence == pred[0].sentence:
            run.append(pred)
            continue
        if run:
            # a run that is nothing but the members of an inline list ("存在A、B、C等问题") is one finding each
            members = len(run) > 1 and all(p[0].kind == "inline" for p in run)
            for part in [[p] for p in run] if members else [run]:
                score = math.fsum(p[2] for p in part) / len(part)
                if score >= min_score and any(_LETTER.search(p[0].text) for p in part):
                    out.append((part, part[0][1], score))
        run = [pred] if joins else []
    return out


def default_model_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "items.npz"


@lru_cache(maxsize=8)
def _load(path: str) -> ItemModel:
    return ItemModel.load(path)


def load_item_model(path: str | os.PathLike[str] | None = None) -> ItemModel:
    """The item model at ``path`` (default: the one shipped with reportkit), loaded once per process."""
    where = os.fspath(path) if path is not None else str(default_model_path())
    if path is None and not os.path.exists(where):
        raise IncompatibleModelError(
            f"{where}: the default item model is missing; train it with "
            "`reportkit train --items --corpus corpus --out src/reportkit/data/items.npz`"
        )
    return _load(os.path.abspath(where))
