"""Training the item model on annotated documents, with cross-validated scores and calibration.

The training data is gold in the gold format (docs/gold.md) (``problems`` and ``measures``: exact substrings of each
document). Every item of a document (:func:`~reportkit.items.layer.build_items`) is labelled by the gold
it lies in: ``problem`` or ``measure`` when at least half of its characters lie inside gold strings of that
field, else ``neither``. Features are those of :mod:`reportkit.items.features`; the document type's
probabilities come from the document-type classifier — held out: when the gold gives every document's
``doc_type``, a classifier is cross-validated on the same documents and each document gets the
probabilities of the fold that did not see it, so the item model never learns from in-sample types.

Cross-validation holds out whole batches of documents (:func:`batch_of`: documents written together —
ids numbered in one block — share words, subjects and habits, and the model will meet documents written
apart), or, with ``hold_out="document"``, single documents; the items of one document never straddle folds.
The model also learns from a copy of each document without the headings that announce its sections
(:func:`unheaded`), in the training folds only: real reports often state their items with no such heading.
The out-of-fold scores fit the temperature that calibrates the probabilities, and give the P/R/F1
(docs/gold.md scoring, at several thresholds) and the calibration table that ``reportkit train --items``
prints. Training is deterministic: same documents, same model.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..determinism import one_blas_thread
from ..document import Document
from ..errors import GoldFormatError, InputError, ReportkitError
from ..normalize import ALIGNED_ROW
from .features import FEATURE_VERSION, GRAM_BLOCK, item_features
from .layer import Item
from .model import CLASSES, DEFAULT_MIN_SCORE, FORMAT_VERSION, ItemModel, fill_gaps, join_runs

__all__ = [
    "AnnotatedDocument",
    "BATCH_SIZE",
    "HOLD_OUT",
    "ITEM_C",
    "ITEM_SOLVER",
    "ItemTrainingReport",
    "batch_of",
    "item_labels",
    "laid_out",
    "load_annotated",
    "run_together_copy",
    "run_together_text",
    "train_items",
    "unheaded",
]

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
CALIBRATION_BINS = 10
#: what cross-validation holds out: batches of documents (:func:`batch_of`) or single documents
HOLD_OUT = ("batch", "document")
BATCH_SIZE = 20
#: the item model's inverse regularization strength, chosen by batch cross-validation on corpus/
ITEM_C = 0.5
#: the item model's solver: Newton-CG, not scikit-learn's default L-BFGS — on the shipped corpus (124,000 rows,
#: 97,000 sparse features) it reaches a lower objective (25,930 against 25,957) in 9 Newton steps where L-BFGS
#: stops after 230 iterations, in about half the time (benchmarks/train.py, one thread, at scikit-learn's default
#: tolerance: 46 s against 89 s for the five folds and the final fit; at :data:`ITEM_TOL` they take about 6 minutes)
ITEM_SOLVER = "newton-cg"
#: the solver's tolerance: tight enough that the coefficients it stops at are the optimum's, whatever the CPU.
#: scikit-learn's default (1e-4) stopped 0.24 away from the optimum, at a point set by the last digits of the
#: BLAS kernels the CPU picks: the shipped model, trained on a machine with AVX-512, was 0.07 away from the
#: same corpus retrained on one without (stop 47). Some directions are set by the penalty alone: the "bias"
#: feature and the document-type features (which sum to one) against the unpenalized intercept. scikit-learn's
#: objective is the mean loss, so the gradient along them is w / (C · n) and a stop at tolerance t leaves them
#: anywhere within t · C · n: at 1e-8, trainings of 400 documents on AVX2 and on SSE3 kernels were 1.4e-4 apart
#: once a cue was added (stop 49); at 1e-10 they agree to 5e-8
ITEM_TOL = 1e-10
#: the least number of training documents a character pair must be found in to be a feature
GRAM_MIN_DOCS = 3
_TRAILING_NUMBER = re.compile(r"(\d+)$")


def batch_of(doc_id: str) -> str:
    """The batch a training document belongs to when cross-validation holds out batches: an id that ends in
    a number is in the block of :data:`BATCH_SIZE` numbers it falls in, whatever its prefix (``rec_961`` and
    ``sur_975`` are both in ``#48``: numbered in the order they were written, documents written together land
    in one block); any other id is a batch of its own."""
    m = _TRAILING_NUMBER.search(doc_id)
    return f"#{int(m.group(1)) // BATCH_SIZE}" if m else doc_id


@dataclass
class AnnotatedDocument:
    """A document with its gold entry (gold format (docs/gold.md))."""

    id: str
    doc: Document
    gold: dict[str, Any]


def load_annotated(
    gold_path: str | Path,
    docs_dir: str | Path | None = None,
    progress: Any = None,
    skipped: list[str] | None = None,
) -> list[AnnotatedDocument]:
    """The documents of a gold file (``docs/`` beside it, or ``docs_dir``), in id order.

    A corpus folder with ``gold.json`` (and ``docs/``) may be given instead of the gold file.

    :param skipped: when given, gets ``"<id> (why)"`` for each gold entry left out: no document of its id,
        or one that cannot be read
    :raises GoldFormatError: for two documents of one id, or a problem or measure not in its document
    """
    from ..annotate.gold import check_source
    from ..evaluate import check_strings, load_gold
    from ..io import read_parts

    gold_path = Path(gold_path)
    if gold_path.is_dir():
        gold_path = gold_path / "gold.json"
    gold = load_gold(gold_path)
    folder = Path(docs_dir) if docs_dir is not None else gold_path.parent / "docs"
    if not folder.is_dir():
        raise GoldFormatError(f"{folder}: no documents folder for {gold_path} (give --docs DIR)")
    by_stem: dict[str, Path] = {}
    for file in sorted(folder.iterdir()):
        if file.is_file() and not file.name.startswith("."):
            if file.stem in gold and file.stem in by_stem:
                raise GoldFormatError(f"two documents for id {file.stem!r}: {by_stem[file.stem]} and {file}; keep one")
            by_stem.setdefault(file.stem, file)
    out = []
    for doc_id in sorted(gold):
        path = by_stem.get(doc_id)
        if path is None:
            if skipped is not None:
                skipped.append(f"{doc_id} (no document in {folder})")
            continue
        try:
            doc = read_parts(path)[0]
        except InputError as exc:
            if skipped is not None:
                skipped.append(f"{doc_id} ({exc.cause})")
            continue
        check_source(doc_id, gold[doc_id], str(path), doc.source.sha256)  # annotated on this version of it
        check_strings(doc_id, gold[doc_id], doc.text, path)
        out.append(AnnotatedDocument(doc_id, doc, gold[doc_id]))
        if progress is not None:
            progress(doc_id)
    if not out:
        raise ReportkitError(f"{gold_path}: none of its documents were found in {folder}")
    return out


def laid_out(d: AnnotatedDocument) -> AnnotatedDocument:
    """``d`` as the pipeline reads it (:attr:`Document.laid_out_document`: hard wraps taken out, run-together
    headings and fields put on lines of their own), its gold problems and measures the same characters
    there; ``d`` itself when the two are the same."""
    view_doc = d.doc.laid_out_document
    if view_doc is d.doc:
        return d
    return AnnotatedDocument(d.id, view_doc, _gold_moved(d, view_doc.text, d.doc.laid_out.from_original))


def _gold_moved(d: AnnotatedDocument, new: str, moved: Callable[[int, int], tuple[int, int]]) -> dict[str, Any]:
    """``d``'s gold with its problems and measures as they read in ``new``, a copy of its text: each
    occurrence's span mapped there (``moved``), each string once."""
    text = d.doc.text
    gold = dict(d.gold)
    for name in ("problems", "measures"):
        strings: list[str] = []
        for s in d.gold.get(name, []):
            start = text.find(s) if s else -1
            while start >= 0:
                a, b = moved(start, start + len(s))
                if b > a and new[a:b] not in strings:
                    strings.append(new[a:b])
                start = text.find(s, start + 1)
        gold[name] = strings
    return gold


def _gold_mask(text: str, strings: Iterable[str]) -> bytearray:
    mask = bytearray(len(text))
    for s in strings:
        if not s:
            continue
        start = text.find(s)
        while start >= 0:
            mask[start : start + len(s)] = b"\x01" * len(s)
            start = text.find(s, start + 1)
    return mask


def item_labels(text: str, items: Sequence[Item], gold: dict[str, Any]) -> list[str]:
    """``problem``, ``measure`` or ``neither`` for every item, from the gold strings it lies in."""
    problems = _gold_mask(text, gold.get("problems", []))
    measures = _gold_mask(text, gold.get("measures", []))
    out = []
    for it in items:
        n = it.end - it.start
        p = sum(problems[it.start : it.end])
        m = sum(measures[it.start : it.end])
        if 2 * p >= n and p >= m:
            out.append("problem")
        elif 2 * m >= n:
            out.append("measure")
        else:
            out.append("neither")
    return out


def held_out_doc_types(docs: list[AnnotatedDocument], folds: int = 5, model: Any = None) -> list[dict[str, float]]:
    """The document type's probabilities for each document, from a classifier that did not see it.

    With a ``doc_type`` for every document (and at least two of each of two labels) a classifier is
    cross-validated on these documents; otherwise ``model`` (the shipped classifier by default) gives them.
    """
    from collections import Counter

    labels = [d.gold.get("doc_type") for d in docs]
    counts = Counter(labels)
    usable = all(isinstance(x, str) and x for x in labels) and sum(1 for c in counts.values() if c >= 2) >= 2
    if not usable:
        from ..classifier import load_model

        compiled = model if model is not None else load_model(None)
        return [{c: float(p) for c, p in zip(compiled.classes, compiled.probabilities(d.doc))} for d in docs]
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from ..classifier.model import build_pipeline

    pipe = build_pipeline()
    features = pipe.named_steps["features"].fit([d.doc for d in docs]).transform([d.doc for d in docs])
    y = np.asarray(labels)
    n_folds = max(2, min(folds, min(c for c in counts.values() if c >= 2)))
    probs = cross_val_predict(pipe[1:], features, y, cv=StratifiedKFold(n_splits=n_folds), method="predict_proba")
    classes = sorted(str(c) for c in counts)
    return [{c: round(float(p), 6) for c, p in zip(classes, row)} for row in probs]


@dataclass
class FieldScores:
    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


@dataclass
class ItemTrainingReport:
    """Cross-validated quality of an item model (docs/gold.md scoring), by threshold, with calibration."""

    n_documents: int
    n_items: int
    item_counts: dict[str, int]
    folds: int
    hold_out: str
    temperature: float
    by_threshold: dict[float, dict[str, FieldScores]]
    calibration: list[dict[str, Any]]
    ece: float
    extra: dict[str, Any] = field(default_factory=dict)

    def table(self) -> str:
        lines = [
            f"documents: {self.n_documents}, items: {self.n_items} "
            f"({', '.join(f'{k} {v}' for k, v in sorted(self.item_counts.items()))})",
            f"{self.folds}-fold cross-validation by {self.hold_out} (docs/gold.md scoring); "
            f"temperature {self.temperature:.3f}",
            "min-score   problems P     R    F1    measures P     R    F1",
        ]
        for t in sorted(self.by_threshold):
            p, m = self.by_threshold[t]["problems"], self.by_threshold[t]["measures"]
            mark = "  <- default" if t == DEFAULT_MIN_SCORE else ""
            lines.append(
                f"  {t:.1f}       {p.precision:.3f} {p.recall:.3f} {p.f1:.3f}          "
                f"{m.precision:.3f} {m.recall:.3f} {m.f1:.3f}{mark}"
            )
        lines.append(f"calibration of findings (expected calibration error {self.ece:.3f}):")
        lines.append("  score        n   mean score   correct")
        for row in self.calibration:
            if row["n"]:
                lines.append(f"  {row['bin']:<9} {row['n']:>5}   {row['mean_score']:.3f}        {row['observed']:.3f}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.n_documents,
            "items": self.n_items,
            "item_labels": self.item_counts,
            "folds": self.folds,
            "hold_out": self.hold_out,
            "temperature": round(self.temperature, 6),
            "by_threshold": {
                f"{t:.1f}": {k: v.to_dict() for k, v in fields.items()}
                for t, fields in sorted(self.by_threshold.items())
            },
            "calibration": self.calibration,
            "ece": round(self.ece, 4),
            **self.extra,
        }


def _score_findings(
    docs: list[AnnotatedDocument], runs_by_doc: list[list[tuple[int, int, str, float]]]
) -> dict[str, FieldScores]:
    from ..evaluate import Scores, score_items

    out = {}
    for field_name, label in (("problems", "problem"), ("measures", "measure")):
        total = Scores()
        for d, runs in zip(docs, runs_by_doc):
            spans = [(s, e) for s, e, lab, _ in runs if lab == label]
            total.add(score_items(d.doc.text, list(d.gold.get(field_name, [])), spans))
        out[field_name] = FieldScores(total.precision, total.recall, total.f1, total.n_pred, total.n_gold)
    return out


def calibration_table(
    scored: list[tuple[float, bool]], bins: int = CALIBRATION_BINS
) -> tuple[list[dict[str, Any]], float]:
    """Predicted score against observed correctness in equal-width bins, and the expected calibration
    error (the mean gap, weighted by the bins' sizes)."""
    rows = []
    total = len(scored)
    gap = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(s, ok) for s, ok in scored if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        n = len(inside)
        mean = sum(s for s, _ in inside) / n if n else 0.0
        observed = sum(1 for _, ok in inside if ok) / n if n else 0.0
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": n, "mean_score": round(mean, 4), "observed": round(observed, 4)})
        if n:
            gap.append(n * abs(mean - observed))
    ece = sum(gap) / total if total else 0.0
    return rows, ece


def unheaded(doc: Document, gold: dict[str, Any]) -> Document | None:
    """The document without the lines of its section headings that announce what follows (存在的问题,
    整改措施, 主要做法 …) and hold no gold item; None when it has none.

    Real reports often state problems and measures in running text, with no heading that announces them;
    a model that learns only from headed documents leans on the heading. Learning also from this copy, with
    the same gold, teaches it to read an item by its own words."""
    from .cues import heading_kind

    text = doc.text
    gold_mask = _gold_mask(text, [*gold.get("problems", []), *gold.get("measures", [])])
    cuts: list[tuple[int, int]] = []
    for section in doc.outline.walk():
        if section.depth == 0 or section.heading_span is None:
            continue
        hs, he = section.heading_span
        if any(gold_mask[hs:he]) or heading_kind(section.title) is None:
            continue
        line_start = text.rfind("\n", 0, hs) + 1
        line_end = text.find("\n", he)
        line_end = len(text) if line_end < 0 else line_end + 1
        if text[line_start:hs].strip() or text[he:line_end].strip():
            continue  # a heading that runs on into its text is part of a paragraph
        if cuts and line_start < cuts[-1][1]:
            continue
        cuts.append((line_start, line_end))
    if not cuts:
        return None
    cuts.sort()
    pieces, at = [], 0
    for s, e in cuts:
        pieces.append(text[at:s])
        at = e
    pieces.append(text[at:])
    return Document("".join(pieces), segmenter=doc.segmenter)


def run_together_text(text: str) -> tuple[str, list[int]]:
    """``text`` as a web page's or a chat's copy runs it together — each line joined to the one before, the
    spaces at the join taken out, but for rows of a table or an aligned list (a tab, a bar or a gap of two
    spaces: :data:`~reportkit.normalize.ALIGNED_ROW`) — and the offset in ``text`` of each character of the
    copy."""
    lines = text.split("\n")
    rows = ["\t" in line or ALIGNED_ROW.search(line.strip()) is not None for line in lines]
    kept: list[int] = []
    pieces: list[str] = []
    pos = 0
    for n, line in enumerate(lines):
        if n and (rows[n] or rows[n - 1]):
            pieces.append("\n")
            kept.append(pos - 1)
        a, b = 0, len(line)
        if n:
            while a < b and line[a] in " \t\u3000\r":
                a += 1
        if n + 1 < len(lines):
            while b > a and line[b - 1] in " \t\u3000\r":
                b -= 1
        pieces.append(line[a:b])
        kept.extend(range(pos + a, pos + b))
        pos += len(line) + 1
    return "".join(pieces), kept


def run_together_copy(d: AnnotatedDocument) -> AnnotatedDocument | None:
    """``d`` run together (:func:`run_together_text`) and laid out as the pipeline reads it (:func:`laid_out`),
    its gold strings mapped alike; None when no line is joined.

    Real reports arrive so often: their paragraphs and a section's headings in one line, so that only the
    breaks :attr:`Document.run_together_breaks` finds are left. Learning also from this copy teaches the model
    to read an item without the lines of the report as written."""
    flat, kept = run_together_text(d.doc.text)
    if flat.count("\n") == d.doc.text.count("\n"):
        return None
    gold = _gold_moved(d, flat, lambda start, end: (bisect_left(kept, start), bisect_left(kept, end)))
    return laid_out(AnnotatedDocument(d.id, Document(flat, segmenter=d.doc.segmenter), gold))


@one_blas_thread
def train_items(
    docs: list[AnnotatedDocument],
    C: float = ITEM_C,
    folds: int = 5,
    evaluate: bool = True,
    doc_types: list[dict[str, float]] | None = None,
    progress: Any = None,
    metadata: dict[str, Any] | None = None,
    hold_out: str = "batch",
    unheaded_copies: bool = True,
    run_together_copies: bool = False,
    read_laid_out: bool = False,
    solver: str = ITEM_SOLVER,
    temperature: float | None = None,
    start: ItemModel | None = None,
) -> tuple[ItemModel, ItemTrainingReport | None]:
    """Fit the item model on annotated documents; cross-validate it (the out-of-fold scores calibrate it and,
    with ``evaluate``, give the report).

    :param doc_types: each document's type probabilities (default: :func:`held_out_doc_types`)
    :param hold_out: ``"batch"`` (folds hold out batches of documents, :func:`batch_of`; single documents when
        there are fewer batches than folds) or ``"document"``
    :param unheaded_copies: also learn from each document's :func:`unheaded` copy (in the training folds only:
        the scores and the calibration are the original documents')
    :param run_together_copies: also learn from each document's :func:`run_together_copy` (in the training
        folds only, like the copies without headings). Off by default: measured in stop 28 with
        ``read_laid_out``, it raised batch CV and the held-out set a little (links 0.740 → 0.750) and lowered the
        development set's links 0.57 → 0.45 (two short numbered problems no longer found, in three retrainings
        of three)
    :param read_laid_out: learn from each document as the pipeline reads it (:func:`laid_out`) instead of as
        written. Off by default: measured in stop 28, it raised the held-out set (links 0.732 → 0.740, run
        together 0.662 → 0.669) and moved the development set's calibration error 0.092 → 0.103, past its
        ceiling (a decision on the development set's floors is pending; README, *Quality*: the training changes
        measured and not shipped)
    :param solver: the :class:`~sklearn.linear_model.LogisticRegression` solver (:data:`ITEM_SOLVER`)
    :param temperature: use this temperature instead of fitting one on cross-validated scores, and skip the
        cross-validation (only the final fit: with ``start``, how a test checks a shipped model's coefficients in
        a minute); not with ``evaluate``
    :param start: a model whose weights the final fit starts from, feature by feature (those it lacks start at
        0): the optimum, and so the model to :data:`ITEM_TOL`, is the one a fit from zero reaches, in fewer of
        the solver's steps when ``start`` is near it — how a test checks the shipped model is the corpus's optimum
        without fitting it again from nothing
    :param progress: called with a short message at each step
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from ..classifier.model import _fit_temperature

    def say(msg: str) -> None:
        if progress is not None:
            progress(msg)

    if len(docs) < 2:
        raise ReportkitError(f"training the item model needs at least 2 annotated documents, got {len(docs)}")
    if hold_out not in HOLD_OUT:
        raise ReportkitError(f"hold_out must be one of {', '.join(HOLD_OUT)}, got {hold_out!r}")
    if temperature is not None and evaluate:
        raise ReportkitError("a given temperature skips cross-validation: there is nothing to evaluate")
    n_folds = max(2, min(folds, len(docs)))
    as_written = docs
    if read_laid_out:
        docs = [laid_out(d) for d in docs]  # what the pipeline reads
    batches = [batch_of(d.id) for d in docs]
    if hold_out == "document" or len(set(batches)) < n_folds:
        hold_out, batches = "document", [d.id for d in docs]
    if doc_types is None:
        say("document types (held-out classifier)")
        doc_types = held_out_doc_types(docs, folds)
    say("items and features")
    rows: list[dict[str, float]] = []
    y: list[str] = []
    item_groups: list[Any] = []
    items_by_doc: list[list[Item]] = []
    for k, d in enumerate(docs):
        items = d.doc.items()
        items_by_doc.append(items)
        rows.extend(item_features(d.doc, items, doc_types[k]))
        y.extend(item_labels(d.doc.text, items, d.gold))
        item_groups.extend([batches[k]] * len(items))
    n_original = len(y)
    n_copies = 0
    if unheaded_copies:
        say("copies without section headings")
        for k, d in enumerate(docs):
            copy = unheaded(d.doc, d.gold)
            if copy is None:
                continue
            n_copies += 1
            items = copy.items()
            rows.extend(item_features(copy, items, doc_types[k]))
            y.extend(item_labels(copy.text, items, d.gold))
            item_groups.extend([batches[k]] * len(items))
    n_flat = 0
    if run_together_copies:
        say("copies run together")
        for k, d in enumerate(as_written):
            flat = run_together_copy(d)
            if flat is None:
                continue
            n_flat += 1
            items = flat.doc.items()
            rows.extend(item_features(flat.doc, items, doc_types[k]))
            y.extend(item_labels(flat.doc.text, items, flat.gold))
            item_groups.extend([batches[k]] * len(items))
    if len(set(y)) < 2:
        raise ReportkitError("training the item model needs annotated problems or measures in the documents")
    _drop_rare_grams(rows, [len(items) for items in items_by_doc])
    vectorizer = DictVectorizer(sort=True)
    X = vectorizer.fit_transform(rows)
    y_arr = np.asarray(y)
    classes = sorted(CLASSES)

    def fit(Xs: Any, ys: np.ndarray, init: ItemModel | None = None) -> LogisticRegression:
        model = LogisticRegression(C=C, solver=solver, max_iter=3000, tol=ITEM_TOL, warm_start=init is not None)
        if init is not None and len(present := sorted(set(ys.tolist()))) > 2:  # multinomial: a row per class
            model.coef_, model.intercept_ = _start_weights(init, list(vectorizer.feature_names_), present)
        return model.fit(Xs, ys)

    def full_scores(model: LogisticRegression, Xs: Any) -> np.ndarray:
        # scores for every class, also when a fold lacks one
        z = np.full((Xs.shape[0], len(classes)), -1e3)
        raw = model.decision_function(Xs)
        if raw.ndim == 1:
            raw = np.column_stack([-raw, raw]) / 2
        for j, c in enumerate(model.classes_):
            z[:, classes.index(c)] = raw[:, j]
        return z

    report = None
    if temperature is None:
        # folds of the original documents' items; a copy's items go with its document (trained on with it,
        # never scored)
        fold_of_group: dict[Any, int] = {}
        splitter = GroupKFold(n_splits=n_folds)
        originals = item_groups[:n_original]
        for fold, (_, test_idx) in enumerate(splitter.split(X[:n_original], y_arr[:n_original], originals)):
            for i in test_idx:
                fold_of_group[originals[i]] = fold
        fold_of = np.array([fold_of_group[g] for g in item_groups])
        is_original = np.arange(len(y)) < n_original
        oof = np.zeros((n_original, len(classes)))
        say(f"{n_folds}-fold cross-validation")
        for fold in range(n_folds):
            say(f"fold {fold + 1}/{n_folds}")
            train_idx = np.flatnonzero(fold_of != fold)
            test_idx = np.flatnonzero((fold_of == fold) & is_original)
            oof[test_idx] = full_scores(fit(X[train_idx], y_arr[train_idx]), X[test_idx])
        true = np.array([classes.index(v) for v in y[:n_original]])
        say("calibration")
        by_findings = fit_finding_temperature(docs, items_by_doc, oof, classes)
        # too few findings to fit it on: the items' own likelihood
        temperature = by_findings if by_findings is not None else _fit_temperature(oof, true)
    say("final model")
    final = fit(X, y_arr, start)
    coef = np.zeros((len(classes), X.shape[1]))
    intercept = np.zeros(len(classes))
    raw_coef, raw_b = final.coef_, final.intercept_
    if raw_coef.shape[0] == 1:
        raw_coef, raw_b = np.vstack([-raw_coef, raw_coef]) / 2, np.concatenate([-raw_b, raw_b]) / 2
    for j, c in enumerate(final.classes_):
        coef[classes.index(c)] = raw_coef[j]
        intercept[classes.index(c)] = raw_b[j]
    import sklearn

    from .. import __version__

    meta = {
        "format": FORMAT_VERSION,
        "feature_version": FEATURE_VERSION,
        "reportkit_version": __version__,
        "sklearn_version": sklearn.__version__,
        "C": C,
        "solver": solver,
        "tol": ITEM_TOL,
        "hold_out": hold_out,
        "n_unheaded_copies": n_copies,
        "n_run_together_copies": n_flat,
        "read_laid_out": read_laid_out,
        "n_documents": len(docs),
        "n_items": n_original,
        **(metadata or {}),
    }
    model = ItemModel(
        classes=classes,
        features=[str(f) for f in vectorizer.feature_names_],
        coef=coef,
        intercept=intercept,
        temperature=float(temperature),
        metadata=meta,
    )
    if evaluate:
        probs = _softmax(oof / temperature)
        report = _report(docs, items_by_doc, probs, classes, y[:n_original], n_folds, temperature, hold_out)
    return model, report


def _start_weights(init: ItemModel, features: list[str], classes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``init``'s weights laid out for a fit over ``features`` and ``classes``: (coef, intercept), a feature
    ``init`` does not have at 0."""
    column = {f: j for j, f in enumerate(init.features)}
    rows = [init.classes.index(c) for c in classes]
    coef = np.zeros((len(classes), len(features)))
    have = [(i, column[f]) for i, f in enumerate(features) if f in column]
    if have:
        new, old = (np.array(v) for v in zip(*have))
        coef[:, new] = init.coef[rows][:, old]
    return coef, np.asarray(init.intercept, dtype=float)[rows].copy()


def _drop_rare_grams(rows: list[dict[str, float]], doc_sizes: list[int]) -> None:
    """Take out of ``rows`` (in place) the character-pair features found in fewer than :data:`GRAM_MIN_DOCS` of
    the documents (whose items are the first rows, ``doc_sizes`` of them each; copies follow): a pair seen in
    one or two documents names their subject, not a kind of item, and the model would only grow with it."""
    prefix = f"{GRAM_BLOCK}:"
    seen: dict[str, int] = {}
    at = 0
    for size in doc_sizes:
        for name in {name for row in rows[at : at + size] for name in row if name.startswith(prefix)}:
            seen[name] = seen.get(name, 0) + 1
        at += size
    rare = {name for name, n in seen.items() if n < GRAM_MIN_DOCS}
    for row in rows:
        for name in [name for name in row if name.startswith(prefix) and (name in rare or name not in seen)]:
            del row[name]


def _predictions(items_by_doc: list[list[Item]], probs: np.ndarray, classes: list[str]) -> list[list[Any]]:
    """Each document's items with their most probable class and its probability (the lower class index on
    a tie), gaps filled: what the findings at any threshold are runs of."""
    best = np.argmax(probs, axis=1)  # the first of equal maxima: the lower index
    out = []
    pos = 0
    for items in items_by_doc:
        preds = [(it, classes[best[pos + i]], float(probs[pos + i, best[pos + i]])) for i, it in enumerate(items)]
        out.append(fill_gaps(preds, probs[pos : pos + len(items)], classes))
        pos += len(items)
    return out


def _scored_findings(
    docs: list[AnnotatedDocument], preds_by_doc: list[list[Any]], masks: list[dict[str, bytearray]] | None = None
) -> list[tuple[float, bool]]:
    """Every finding at threshold 0 (all any user could see), as (score, correct by the gold scoring)."""
    if masks is None:
        masks = _label_masks(docs)
    return [
        (score, 2 * sum(mask[label][run[0][0].start : run[-1][0].end]) >= run[-1][0].end - run[0][0].start)
        for preds, mask in zip(preds_by_doc, masks)
        for run, label, score in join_runs(preds, 0.0)
    ]


def _label_masks(docs: list[AnnotatedDocument]) -> list[dict[str, bytearray]]:
    return [
        {
            "problem": _gold_mask(d.doc.text, d.gold.get("problems", [])),
            "measure": _gold_mask(d.doc.text, d.gold.get("measures", [])),
        }
        for d in docs
    ]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def fit_finding_temperature(
    docs: list[AnnotatedDocument], items_by_doc: list[list[Item]], scores: np.ndarray, classes: list[str]
) -> float | None:
    """The temperature that calibrates the *findings* of held-out scores — what users see, a run of items
    scored by their mean probability — by their log-loss against the gold scoring's verdicts, rounded to
    0.01; None when there are too few findings, or only right or only wrong ones, to fit it on."""
    from scipy.optimize import minimize_scalar

    masks = _label_masks(docs)

    def loss(t: float) -> float:
        scored = _scored_findings(docs, _predictions(items_by_doc, _softmax(scores / t), classes), masks)
        p = np.clip(np.array([s for s, _ in scored]), 1e-6, 1 - 1e-6)
        ok = np.array([c for _, c in scored], dtype=bool)
        return float(-np.mean(np.where(ok, np.log(p), np.log1p(-p))))

    first = _scored_findings(docs, _predictions(items_by_doc, _softmax(scores), classes), masks)
    if len(first) < 50 or len({ok for _, ok in first}) < 2:
        return None
    result = minimize_scalar(loss, bounds=(0.5, 3.0), method="bounded", options={"xatol": 0.005})
    return round(float(result.x), 2)


def _report(
    docs: list[AnnotatedDocument],
    items_by_doc: list[list[Item]],
    probs: np.ndarray,
    classes: list[str],
    y: list[str],
    n_folds: int,
    temperature: float,
    hold_out: str,
) -> ItemTrainingReport:
    from collections import Counter

    preds_by_doc = _predictions(items_by_doc, probs, classes)

    def runs_at(t: float) -> list[list[tuple[int, int, str, float]]]:
        return [
            [(run[0][0].start, run[-1][0].end, label, score) for run, label, score in join_runs(preds, t)]
            for preds in preds_by_doc
        ]

    by_threshold = {t: _score_findings(docs, runs_at(t)) for t in THRESHOLDS}
    # calibration of findings at the lowest threshold: all that any user could see
    calibration, ece = calibration_table(_scored_findings(docs, preds_by_doc))
    return ItemTrainingReport(
        n_documents=len(docs),
        n_items=len(y),
        item_counts=dict(sorted(Counter(y).items())),
        folds=n_folds,
        hold_out=hold_out,
        temperature=temperature,
        by_threshold=by_threshold,
        calibration=calibration,
        ece=ece,
    )


def save_report(report: ItemTrainingReport, path: str | Path) -> None:
    Path(path).write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
