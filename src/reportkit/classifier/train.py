"""Training the classifier on a labelled corpus, with cross-validated scores.

A corpus is one of:

* a folder with ``manifest.csv`` (columns ``id``, ``file``, ``label``; the project's own ``corpus/``);
* a folder of folders, one per label: ``DIR/<label>/*.txt`` (any format reportkit reads);
* a gold file in the gold format (docs/gold.md) (``doc_type`` is the label), its documents in ``docs/`` beside it
  (or in the folder given as ``docs_dir``).

The label set is whatever the corpus has, so users can train their own taxonomy. Training is
deterministic: same corpus, same model.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from ..determinism import one_blas_thread
from ..document import Document
from ..errors import GoldFormatError, InputError, ReportkitError
from ..io import Skipped, iter_inputs, read_parts
from ..textutil import confusion_lines

__all__ = [
    "TrainingSet",
    "load_training_set",
    "train",
    "TrainingReport",
    "MIN_PER_LABEL",
    "excerpt_of",
    "openings_of",
    "EXCERPT_MIN",
    "EXCERPT_SPREAD",
    "CLASSIFIER_C",
]

#: the classifier's inverse regularization strength for `reportkit train`: the best cross-validated accuracy
#: on corpus/ (4, 8, 16, 32, 64 tried on its 992 documents: 0.902, 0.902, 0.904, 0.906, 0.905)
CLASSIFIER_C = 32.0
MIN_PER_LABEL = 2  # the fewest documents of a label that stratified cross-validation can split
# Real files are often excerpts: the first page of a report, cut where a web page or a scan ends. The
# classifier also learns from one such opening of every long training document: its first 500 to 1,300
# characters (the length drawn from the document's id, so training stays deterministic), cut after a
# sentence, labelled as the document is.
EXCERPT_MIN, EXCERPT_SPREAD, EXCERPT_REST = 500, 800, 300
_SENTENCE_END = regex.compile(r"[。；！？!?;\n]")


@dataclass
class TrainingSet:
    """Documents with labels (and the ids they came with)."""

    documents: list[Document]
    labels: list[str]
    ids: list[str]
    skipped: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.documents)


def excerpt_of(doc_id: str, text: str) -> str | None:
    """The opening of ``text`` the classifier also trains on (see :data:`EXCERPT_MIN`), or None when the
    document is too short to have one: at least :data:`EXCERPT_REST` characters must be left out."""
    length = EXCERPT_MIN + zlib.crc32(doc_id.encode("utf-8")) % EXCERPT_SPREAD
    if len(text) < length + EXCERPT_REST:
        return None
    cut = length
    for m in _SENTENCE_END.finditer(text, 0, length):
        cut = m.end()
    return text[: cut if cut > length // 2 else length]


def openings_of(training: TrainingSet) -> list[tuple[int, str]]:
    """``(index, opening)`` of every document of ``training`` long enough to have one (:func:`excerpt_of`)."""
    return [
        (k, opening)
        for k, (doc_id, doc) in enumerate(zip(training.ids, training.documents))
        if (opening := excerpt_of(doc_id, doc.text)) is not None
    ]


def _read(path: Path) -> Document | None:
    try:
        return read_parts(path)[0]
    except InputError:
        return None


def load_training_set(
    path: str | Path, docs_dir: str | Path | None = None, progress: Callable[[int, int], None] | None = None
) -> TrainingSet:
    """Read a labelled corpus in any of the forms in the module docstring.

    :param progress: called as ``progress(done, total)`` after each document is read
    """
    path = Path(path)
    # (file or None, label, id, what to name when it cannot be read): listed first, so the total is known
    todo: list[tuple[Path | None, str, str, str]] = []
    if path.is_file() and path.suffix == ".json":
        from ..evaluate import load_gold

        gold = load_gold(path)
        base = Path(docs_dir) if docs_dir else path.parent / "docs"
        files = {p.stem: p for p in base.iterdir() if p.is_file()} if base.is_dir() else {}
        for doc_id, entry in sorted(gold.items()):
            todo.append((files.get(doc_id), entry["doc_type"], doc_id, doc_id))
    elif path.is_dir() and (path / "manifest.csv").exists():
        from ..evaluate import read_csv_rows

        manifest = path / "manifest.csv"
        rows = read_csv_rows(manifest)
        if rows and not {"file", "label"} <= set(rows[0]):
            raise GoldFormatError(f"{manifest}: needs 'file' and 'label' columns (it has {', '.join(rows[0])})")
        seen: dict[str, int] = {}
        for n, row in enumerate(rows, 2):
            doc_id = row.get("id") or Path(row["file"]).stem
            if not row["label"]:
                raise GoldFormatError(f"{manifest}: line {n} ({row['file']}) has no label")
            if doc_id in seen:
                raise GoldFormatError(f"{manifest}: line {n}: id {doc_id!r} is on line {seen[doc_id]} too")
            seen[doc_id] = n
        for row in sorted(rows, key=lambda r: r.get("id") or r["file"]):
            todo.append((path / row["file"], row["label"], row.get("id") or Path(row["file"]).stem, row["file"]))
    elif path.is_dir():
        for label_dir in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
            for item in iter_inputs([label_dir]):
                if isinstance(item, Skipped):
                    continue
                todo.append((Path(item), label_dir.name, str(Path(item).relative_to(path)), item))
    else:
        raise InputError(
            str(path),
            "not a training corpus: give a folder (manifest.csv or one folder per label) or a gold .json file",
        )
    docs: list[Document] = []
    labels: list[str] = []
    ids: list[str] = []
    skipped: list[str] = []
    for i, (file, label, doc_id, name) in enumerate(todo, 1):
        doc = _read(file) if file is not None else None
        if doc is None:
            skipped.append(name)
        else:
            docs.append(doc)
            labels.append(label)
            ids.append(doc_id)
        if progress is not None:
            progress(i, len(todo))
    if len(set(labels)) < 2:
        raise ReportkitError(f"{path}: training needs at least two labels, found {sorted(set(labels)) or 'none'}")
    few = sorted((label, n) for label, n in Counter(labels).items() if n < MIN_PER_LABEL)
    if few:
        raise ReportkitError(
            f"{path}: training needs at least {MIN_PER_LABEL} readable documents of every label (the model is "
            f"cross-validated); too few: {', '.join(f'{label} {n}' for label, n in few)}"
        )
    return TrainingSet(docs, labels, ids, skipped)


@dataclass
class TrainingReport:
    """Cross-validated quality of a training run."""

    n_documents: int
    label_counts: dict[str, int]
    accuracy: float
    macro_f1: float
    confusion: dict[str, dict[str, int]]
    folds: int
    openings: int = 0  # openings of long documents trained on (excerpt_of)
    opening_accuracy: float | None = None  # accuracy on the openings of the held-out documents (always scored)

    def table(self) -> str:
        labels = sorted(self.label_counts)
        lines = [
            f"documents: {self.n_documents} ({', '.join(f'{k} {v}' for k, v in sorted(self.label_counts.items()))})",
            f"{self.folds}-fold cross-validation: accuracy {self.accuracy:.3f}, macro-F1 {self.macro_f1:.3f}",
            *(
                [
                    f"openings of the held-out long documents: accuracy {self.opening_accuracy:.3f}"
                    f" ({'also' if self.openings else 'not'} trained on openings)"
                ]
                if self.opening_accuracy is not None
                else []
            ),
            "confusion (rows: true, columns: predicted)",
            *confusion_lines(self.confusion, labels),
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.n_documents,
            "labels": self.label_counts,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "folds": self.folds,
            "openings": self.openings,
            "opening_accuracy": None if self.opening_accuracy is None else round(self.opening_accuracy, 4),
            "confusion": self.confusion,
        }


@one_blas_thread
def train(
    training: TrainingSet,
    C: float = 1.0,
    cv: int = 5,
    evaluate: bool = True,
    weights: dict[str, float] | None = None,
    progress: Callable[[str], None] | None = None,
    excerpts: bool = True,
) -> tuple[Any, TrainingReport | None]:
    """Fit the classifier pipeline; with ``evaluate``, also cross-validate it.

    Documents are featurized once and the remaining steps are cross-validated on the features. With
    ``excerpts``, the opening of every long document (:func:`excerpt_of`) is a training example too — in
    cross-validation only the openings of the training folds' documents, and the scores are those of the
    whole held-out documents.

    :param progress: called with a short message as each stage begins
    """
    say = progress or (lambda message: None)
    import numpy as np
    from sklearn.base import clone
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    from .model import build_pipeline

    pipe = build_pipeline(C=C, cv=cv, weights=weights)
    say(f"featurizing {len(training)} documents (jieba words, title, outline cues)")
    featurizer = pipe.named_steps["features"].fit(training.documents)
    features = featurizer.transform(training.documents)
    y = np.asarray(training.labels)
    # (index of the document it opens, its features)
    openings: list[tuple[int, dict[str, float]]] = []
    if excerpts or evaluate:  # (without excerpts, only to score the held-out documents' openings)
        cut = openings_of(training)
        if cut:
            say(f"featurizing {len(cut)} openings of long documents")
            openings = list(zip([k for k, _ in cut], featurizer.transform([Document(o) for _, o in cut])))
    rest = pipe[1:]

    def fit_on(indices: Any) -> Any:
        """The rows to fit on — the documents at ``indices`` and their openings — their labels, and the
        document each row comes from (the temperature's folds keep a document and its opening together)."""
        keep = {int(i) for i in indices} if excerpts else set()
        X = [features[i] for i in indices] + [f for k, f in openings if k in keep]
        Y = [y[i] for i in indices] + [y[k] for k, _ in openings if k in keep]
        G = [int(i) for i in indices] + [k for k, _ in openings if k in keep]
        return X, Y, G

    report = None
    if evaluate:
        counts = Counter(training.labels)
        folds = max(2, min(cv, min(counts.values())))
        say(f"{folds}-fold cross-validation")
        predicted = np.empty(len(y), dtype=object)
        opening_right = 0
        for train_idx, test_idx in StratifiedKFold(n_splits=folds).split(np.zeros(len(y)), y):
            X, Y, G = fit_on(train_idx)
            model = clone(rest).fit(X, Y, model__groups=G)
            predicted[test_idx] = model.predict([features[i] for i in test_idx])
            held = {int(i) for i in test_idx}
            held_openings = [(k, f) for k, f in openings if k in held]
            if held_openings:
                guesses = model.predict([f for _, f in held_openings])
                opening_right += sum(str(g) == y[k] for (k, _), g in zip(held_openings, guesses))
        predicted = predicted.astype(str)
        labels = sorted(counts)
        confusion = {t: dict(Counter(str(p) for yt, p in zip(y, predicted) if yt == t)) for t in labels}
        report = TrainingReport(
            n_documents=len(y),
            label_counts=dict(sorted(counts.items())),
            accuracy=float(accuracy_score(y, predicted)),
            macro_f1=float(f1_score(y, predicted, average="macro")),
            confusion=confusion,
            folds=folds,
            openings=len(openings) if excerpts else 0,
            opening_accuracy=opening_right / len(openings) if openings else None,
        )
    say("fitting the model on every document")
    X, Y, G = fit_on(range(len(y)))
    rest.fit(X, np.asarray(Y), model__groups=G)
    return pipe, report


def training_metadata(training: TrainingSet, source: str, excerpts: bool = True) -> dict[str, Any]:
    """What a compiled model records about its training data."""
    return {
        "trained_on": source,
        "n_documents": len(training),
        "n_openings": len(openings_of(training)) if excerpts else 0,
        "labels": dict(sorted(Counter(training.labels).items())),
        "ids_digest": ids_digest(training.ids),
    }


def ids_digest(ids: list[str]) -> str:
    """A short digest of a set of document ids, whatever their order: what a model records of its training
    documents, and what ``reportkit eval`` compares with the documents it scores."""
    import hashlib

    return hashlib.sha256(json.dumps(sorted(ids)).encode()).hexdigest()[:16]
