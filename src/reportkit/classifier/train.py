"""Training the classifier on a labelled corpus, with cross-validated scores.

A corpus is one of:

* a folder with ``manifest.csv`` (columns ``id``, ``file``, ``label``; the project's own ``corpus/``);
* a folder of folders, one per label: ``DIR/<label>/*.txt`` (any format reportkit reads);
* a gold file in the GOLD.md format (``doc_type`` is the label), its documents in ``docs/`` beside it
  (or in the folder given as ``docs_dir``).

The label set is whatever the corpus has, so users can train their own taxonomy. Training is
deterministic: same corpus, same model.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import GoldFormatError, InputError, ReportkitError
from ..io import Skipped, iter_inputs, read_parts

__all__ = ["TrainingSet", "load_training_set", "train", "TrainingReport"]


@dataclass
class TrainingSet:
    """Documents with labels (and the ids they came with)."""

    documents: list[Document]
    labels: list[str]
    ids: list[str]
    skipped: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.documents)


def _read(path: Path) -> Document | None:
    try:
        return read_parts(path)[0]
    except InputError:
        return None


def load_training_set(path: str | Path, docs_dir: str | Path | None = None) -> TrainingSet:
    """Read a labelled corpus in any of the forms in the module docstring."""
    path = Path(path)
    docs: list[Document] = []
    labels: list[str] = []
    ids: list[str] = []
    skipped: list[str] = []
    if path.is_file() and path.suffix == ".json":
        from ..evaluate import load_gold

        gold = load_gold(path)
        base = Path(docs_dir) if docs_dir else path.parent / "docs"
        files = {p.stem: p for p in base.iterdir() if p.is_file()} if base.is_dir() else {}
        for doc_id, entry in sorted(gold.items()):
            file = files.get(doc_id)
            doc = _read(file) if file else None
            if doc is None:
                skipped.append(doc_id)
                continue
            docs.append(doc)
            labels.append(entry["doc_type"])
            ids.append(doc_id)
    elif path.is_dir() and (path / "manifest.csv").exists():
        with open(path / "manifest.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if rows and not {"file", "label"} <= set(rows[0]):
            raise GoldFormatError(f"{path / 'manifest.csv'}: needs 'file' and 'label' columns")
        for row in sorted(rows, key=lambda r: r.get("id") or r["file"]):
            doc = _read(path / row["file"])
            if doc is None:
                skipped.append(row["file"])
                continue
            docs.append(doc)
            labels.append(row["label"])
            ids.append(row.get("id") or Path(row["file"]).stem)
    elif path.is_dir():
        for label_dir in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
            for item in iter_inputs([label_dir]):
                if isinstance(item, Skipped):
                    continue
                doc = _read(Path(item))
                if doc is None:
                    skipped.append(item)
                    continue
                docs.append(doc)
                labels.append(label_dir.name)
                ids.append(str(Path(item).relative_to(path)))
    else:
        raise InputError(
            str(path),
            "not a training corpus: give a folder (manifest.csv or one folder per label) or a gold .json file",
        )
    if len(set(labels)) < 2:
        raise ReportkitError(f"{path}: training needs at least two labels, found {sorted(set(labels)) or 'none'}")
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

    def table(self) -> str:
        labels = sorted(self.label_counts)
        width = max(len(x) for x in labels) + 1
        lines = [
            f"documents: {self.n_documents} ({', '.join(f'{k} {v}' for k, v in sorted(self.label_counts.items()))})",
            f"{self.folds}-fold cross-validation: accuracy {self.accuracy:.3f}, macro-F1 {self.macro_f1:.3f}",
            "confusion (rows: true, columns: predicted)",
            " " * width + "".join(f"{x[:8]:>9}" for x in labels),
        ]
        for t in labels:
            lines.append(f"{t:<{width}}" + "".join(f"{self.confusion[t].get(p, 0):>9}" for p in labels))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.n_documents,
            "labels": self.label_counts,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "folds": self.folds,
            "confusion": self.confusion,
        }


def train(
    training: TrainingSet, C: float = 1.0, cv: int = 5, evaluate: bool = True, weights: dict[str, float] | None = None
) -> tuple[Any, TrainingReport | None]:
    """Fit the classifier pipeline; with ``evaluate``, also cross-validate it.

    Documents are featurized once and the remaining steps are cross-validated on the features.
    """
    import numpy as np
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from .model import build_pipeline

    pipe = build_pipeline(C=C, cv=cv, weights=weights)
    features = pipe.named_steps["features"].fit(training.documents).transform(training.documents)
    y = np.asarray(training.labels)
    rest = pipe[1:]
    report = None
    if evaluate:
        counts = Counter(training.labels)
        folds = max(2, min(cv, min(counts.values())))
        predicted = cross_val_predict(rest, features, y, cv=StratifiedKFold(n_splits=folds))
        labels = sorted(counts)
        confusion = {t: dict(Counter(p for yt, p in zip(y, predicted) if yt == t)) for t in labels}
        report = TrainingReport(
            n_documents=len(y),
            label_counts=dict(sorted(counts.items())),
            accuracy=float(accuracy_score(y, predicted)),
            macro_f1=float(f1_score(y, predicted, average="macro")),
            confusion=confusion,
            folds=folds,
        )
    rest.fit(features, y)
    return pipe, report


def training_metadata(training: TrainingSet, source: str) -> dict[str, Any]:
    """What a compiled model records about its training data."""
    return {
        "trained_on": source,
        "n_documents": len(training),
        "labels": dict(sorted(Counter(training.labels).items())),
        "ids_digest": _digest(training.ids),
    }


def _digest(ids: list[str]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(sorted(ids)).encode()).hexdigest()[:16]
