"""The compiled classifier: what ships and what predicts, with NumPy only.

A fitted :func:`~reportkit.classifier.model.build_pipeline` is reduced to its arrays — the feature
names, the idf weights, the coefficients and intercepts, the temperature — and saved as one ``.npz``
file read with ``allow_pickle=False`` (no code runs when a model is loaded). Prediction repeats the
pipeline's arithmetic exactly (weighted log counts, idf, l2 norm, linear scores, softmax with
temperature);
a test checks it against scikit-learn's own ``predict_proba``. So ``reportkit extract`` never imports
scikit-learn, and loading the model takes milliseconds.

The file records the reportkit, scikit-learn and featurizer versions; a model written for another
featurizer or file format gives :class:`~reportkit.errors.IncompatibleModelError`.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..document import Document
from ..errors import IncompatibleModelError, ModelError
from ..record import DocType, Evidence
from .features import DEFAULT_WEIGHTS, FEATURIZER_VERSION, feature_parts, kept_word
from .readable import feature_label, nothing_to_classify, reason_label

__all__ = ["CompiledModel", "LABELS_ZH", "FORMAT_VERSION", "UNCERTAIN_BELOW"]

FORMAT_VERSION = "reportkit-classifier/1"
UNCERTAIN_BELOW = 0.5  # below this confidence a label is still given, with uncertain=True
LABELS_ZH = {
    "rectification": "整改报告",
    "work_plan": "工作方案",
    "briefing": "简报",
    "survey": "调研报告",
    "summary": "总结报告",
    "other": "其他",
}


_LOGGED = 256
_ONE_PLUS_LOG = [0.0] + [1.0 + math.log(n) for n in range(1, _LOGGED)]  # the same floats as computing them


MAX_MODEL_BYTES = 256 * 1024 * 1024  # all arrays of a model together (the shipped one: 2 MB)
_ARRAYS = {"header": ("U", 0), "idf": ("f", 1), "coef": ("f", 2), "intercept": ("f", 1)}  # kind, dimensions


def _check_array_headers(path: Path) -> None:
    """Refuse a model whose arrays are not what :meth:`CompiledModel.save` writes, or too large, from
    the ``.npy`` header of each zip member (a few dozen bytes each): ``numpy.load`` would first
    allocate and read a 1 GiB array and only then let its shape be checked."""
    import zipfile

    if not zipfile.is_zipfile(path):
        return  # not an .npz at all: numpy.load says so, as before
    shapes: dict[str, tuple[int, ...]] = {}
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename.removesuffix(".npy")
                if name not in _ARRAYS:
                    continue
                with archive.open(info) as fh:
                    version = np.lib.format.read_magic(fh)
                    if version == (1, 0):
                        shape, _order, dtype = np.lib.format.read_array_header_1_0(fh)
                    elif version == (2, 0):
                        shape, _order, dtype = np.lib.format.read_array_header_2_0(fh)
                    else:
                        raise ValueError(f"array {name}: .npy format version {version}")
                kind, ndim = _ARRAYS[name]
                if dtype.kind != kind or len(shape) != ndim:
                    raise ValueError(f"array {name} is {dtype} with {len(shape)} dimensions")
                shapes[name] = shape
                total += math.prod(shape) * dtype.itemsize
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise IncompatibleModelError(f"{path}: not a reportkit classifier model ({exc})") from exc
    if set(shapes) != set(_ARRAYS):
        missing = ", ".join(sorted(set(_ARRAYS) - set(shapes)))
        raise IncompatibleModelError(f"{path}: not a reportkit classifier model (no array {missing})")
    if total > MAX_MODEL_BYTES:
        sizes = ", ".join(f"{name} {' x '.join(f'{n:,}' for n in shape) or 'scalar'}" for name, shape in shapes.items())
        raise IncompatibleModelError(
            f"{path}: refused: its arrays take {total:,} bytes (limit {MAX_MODEL_BYTES:,}: {sizes})"
        )
    classes, features = shapes["intercept"][0], shapes["idf"][0]
    if shapes["coef"] != (classes, features):
        raise IncompatibleModelError(f"{path}: damaged model (array shapes do not match each other)")


@dataclass
class CompiledModel:
    """A trained document-type classifier in arrays."""

    classes: list[str]
    features: list[str]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    temperature: float
    threshold: float = UNCERTAIN_BELOW
    metadata: dict[str, Any] = field(default_factory=dict)
    labels_zh: dict[str, str] = field(default_factory=lambda: dict(LABELS_ZH))
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def __post_init__(self) -> None:
        self._index = {name: i for i, name in enumerate(self.features)}
        # word features by the word alone: feature_parts() gives words without their block prefix
        self._title_word_index = {
            n[len("title_word:") :]: i for n, i in self._index.items() if n.startswith("title_word:")
        }
        self._token_index = {n[len("token:") :]: i for n, i in self._index.items() if n.startswith("token:")}
        # feature_parts() counts every word; the featurizer keeps only kept_word() ones, so only those
        # can be in the model, and looking every word up gives the same vector without the filter
        for words in (self._title_word_index, self._token_index):
            for word in [w for w in words if not kept_word(w)]:
                del words[word]  # (a model from elsewhere: never matched, as the featurizer never makes it)
        # the block weight of each column (its name's prefix), looked up once here instead of per word
        self._column_weight = [self.weights.get(name.split(":", 1)[0], 1.0) for name in self.features]
        # contribution of a feature to one label relative to the others, for evidence
        total = np.zeros(self.coef.shape[1])
        for row in self.coef:  # row by row: element-wise additions in a fixed order on every CPU
            total = total + row
        self._relative = self.coef - total / len(self.coef)

    @property
    def name(self) -> str:
        return str(self.metadata.get("name", "reportkit-default"))

    # -- building and persistence -------------------------------------------------------------
    @classmethod
    def from_pipeline(
        cls, pipe: Any, metadata: dict[str, Any] | None = None, threshold: float = UNCERTAIN_BELOW
    ) -> CompiledModel:
        """Compile a fitted :func:`~reportkit.classifier.model.build_pipeline` pipeline."""
        import sklearn

        from .. import __version__

        vectorizer = pipe.named_steps["vectorize"]
        tfidf = pipe.named_steps["tfidf"]
        model = pipe.named_steps["model"]
        meta = {
            "format": FORMAT_VERSION,
            "featurizer_version": FEATURIZER_VERSION,
            "reportkit_version": __version__,
            "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__,
            **(metadata or {}),
        }
        featurizer = pipe.named_steps["features"]
        return cls(
            weights=dict(DEFAULT_WEIGHTS if featurizer.weights is None else featurizer.weights),
            classes=[str(c) for c in model.classes_],
            features=list(vectorizer.feature_names_),
            idf=np.asarray(tfidf.idf_, dtype=np.float64),
            coef=np.asarray(model.coef_, dtype=np.float64),
            intercept=np.asarray(model.intercept_, dtype=np.float64),
            temperature=float(model.temperature_),
            threshold=threshold,
            metadata=meta,
        )

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model as one ``.npz`` file (arrays plus a JSON header; no pickle)."""
        header = {
            "classes": self.classes,
            "features": self.features,
            "temperature": self.temperature,
            "threshold": self.threshold,
            "labels_zh": self.labels_zh,
            "weights": self.weights,
            "metadata": self.metadata,
        }
        with open(path, "wb") as fh:  # np.savez would append .npz to a name without it
            np.savez_compressed(
                fh,
                header=np.array(json.dumps(header, ensure_ascii=False, sort_keys=True)),
                idf=self.idf,
                coef=self.coef,
                intercept=self.intercept,
            )

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> CompiledModel:
        """Read a model written by :meth:`save`; refuse other formats with a clear error."""
        path = Path(path)
        try:
            if path.is_file() and not zipfile.is_zipfile(path):  # np.load would take it for a pickle and say so
                raise IncompatibleModelError(f"{path}: not a reportkit classifier model (not an .npz archive)")
            _check_array_headers(path)  # sizes from the .npy headers, before any array is read
            with np.load(path, allow_pickle=False) as data:
                header = json.loads(str(data["header"]))
                idf, coef, intercept = data["idf"], data["coef"], data["intercept"]
        except FileNotFoundError as exc:
            raise ModelError(f"{path}: no such model file") from exc
        except (OSError, ValueError, KeyError) as exc:
            raise IncompatibleModelError(f"{path}: not a reportkit classifier model ({exc})") from exc
        meta = header.get("metadata", {})
        if meta.get("format") != FORMAT_VERSION:
            raise IncompatibleModelError(
                f"{path}: model format {meta.get('format')!r}, this reportkit reads {FORMAT_VERSION!r}; "
                "retrain it with `reportkit train`"
            )
        if meta.get("featurizer_version") != FEATURIZER_VERSION:
            raise IncompatibleModelError(
                f"{path}: written with featurizer version {meta.get('featurizer_version')!r} by reportkit "
                f"{meta.get('reportkit_version')} (scikit-learn {meta.get('sklearn_version')}); this reportkit "
                f"computes featurizer version {FEATURIZER_VERSION!r}; retrain it with `reportkit train`"
            )
        if coef.shape != (len(header["classes"]), len(header["features"])) or idf.shape != (len(header["features"]),):
            raise IncompatibleModelError(f"{path}: damaged model (array shapes do not match the header)")
        return cls(
            classes=list(header["classes"]),
            features=list(header["features"]),
            idf=idf,
            coef=coef,
            intercept=intercept,
            temperature=float(header["temperature"]),
            threshold=float(header.get("threshold", UNCERTAIN_BELOW)),
            metadata=meta,
            labels_zh=dict(header.get("labels_zh", LABELS_ZH)),
            weights=dict(header["weights"]),
        )

    # -- prediction ---------------------------------------------------------------------------
    def vector(self, doc: Document) -> tuple[np.ndarray, np.ndarray]:
        """The document's tf-idf vector as (column indices, values), l2-normalized."""
        # weighted_features(), computed only for the features the model knows (most words are not)
        column_weight, log = self._column_weight, math.log
        cols: list[int] = []
        vals: list[float] = []
        append_col, append_val = cols.append, vals.append
        head, title_words, body_words, tail = feature_parts(doc)  # document_features(), in parts
        for counts, index, block in (
            (head, self._index, None),
            (title_words, self._title_word_index, "title_word"),
            (body_words, self._token_index, "token"),
            (tail, self._index, None),
        ):
            if block is None:  # named features: counts may be fractional, weights differ by name
                for name, count in counts.items():
                    j = index.get(name)
                    if j is not None and count > 0:
                        append_col(j)
                        append_val((1.0 + log(count)) * column_weight[j])
                continue
            weight, get = self.weights.get(block, 1.0), index.get  # words: whole counts, one weight
            for word, count in counts.items():
                j = get(word)
                if j is not None:
                    append_col(j)
                    append_val((_ONE_PLUS_LOG[count] if count < _LOGGED else 1.0 + log(count)) * weight)
        idx = np.asarray(cols, dtype=np.int64)
        v = np.asarray(vals, dtype=np.float64) * self.idf[idx]
        # Sums are taken with math.fsum (correctly rounded, independent of order) and exponentials with
        # math.exp, never with BLAS or NumPy's SIMD loops, whose summation order and last bits differ
        # between CPUs: the same document gives the same record on every machine.
        norm = math.sqrt(math.fsum((v * v).tolist()))
        if norm > 0:
            v = v / norm
        return idx, v

    def _probabilities(self, idx: np.ndarray, v: np.ndarray) -> list[float]:
        products = (self.coef[:, idx] * v).tolist()  # element-wise: exact IEEE products, no reduction
        z = [(math.fsum(row) + float(b)) / self.temperature for row, b in zip(products, self.intercept.tolist())]
        top = max(z)
        e = [math.exp(x - top) for x in z]
        total = math.fsum(e)
        return [x / total for x in e]

    def probabilities(self, doc: Document) -> np.ndarray:
        """Calibrated probability of every class (in :attr:`classes` order)."""
        return np.asarray(self._probabilities(*self.vector(doc)))

    def predict(self, doc: Document, n_evidence: int = 6) -> DocType:
        """The :class:`~reportkit.record.DocType` of a document, with evidence (each feature with its
        name and in words). A text with nothing to classify — empty, only punctuation or numbers, not
        Chinese, a few words — is ``uncertain`` with every label equally likely, and its evidence says why."""
        reason = nothing_to_classify(doc.text)
        if reason is not None:
            return self._nothing(reason)
        idx, v = self.vector(doc)
        probs = self._probabilities(idx, v)
        best = max(range(len(probs)), key=lambda k: (probs[k], -k))  # the first of equal maxima
        contributions = (self._relative[best, idx] * v).tolist()
        features = [self.features[j] for j in idx.tolist()]
        # ties broken by feature name, not by a sort whose order depends on the CPU
        order = sorted(range(len(features)), key=lambda k: (-contributions[k], features[k]))[:n_evidence]
        evidence = [
            Evidence(feature=features[k], label=feature_label(features[k]), weight=round(contributions[k], 4))
            for k in order
            if contributions[k] > 0
        ]
        label = self.classes[best]
        confidence = float(probs[best])
        return DocType(
            label=label,
            label_zh=self.labels_zh.get(label),
            confidence=round(confidence, 4),
            scores={c: round(p, 4) for c, p in zip(self.classes, probs)},
            evidence=evidence,
            uncertain=confidence < self.threshold,
            model=self.name,
        )

    def _nothing(self, reason: str) -> DocType:
        """The answer for a text with nothing to classify: the catch-all label (``other`` when the model
        has it), every label equally likely, uncertain, and the reason as evidence."""
        label = "other" if "other" in self.classes else self.classes[0]
        share = round(1.0 / len(self.classes), 4)
        return DocType(
            label=label,
            label_zh=self.labels_zh.get(label),
            confidence=share,
            scores=dict.fromkeys(self.classes, share),
            evidence=[Evidence(feature=f"reason:{reason}", label=reason_label(reason), weight=0.0)],
            uncertain=True,
            model=self.name,
        )

    def to_pipeline(self) -> Any:
        """An equivalent fitted scikit-learn Pipeline (imports scikit-learn)."""
        from sklearn.linear_model import LogisticRegression

        from .model import build_pipeline

        pipe = build_pipeline(weights=dict(self.weights))
        vectorizer = pipe.named_steps["vectorize"]
        vectorizer.feature_names_ = list(self.features)
        vectorizer.vocabulary_ = dict(self._index)
        tfidf = pipe.named_steps["tfidf"]
        tfidf.idf_ = self.idf.copy()
        model = pipe.named_steps["model"]
        base = LogisticRegression()
        base.classes_ = np.asarray(self.classes)
        base.coef_ = self.coef.copy()
        base.intercept_ = self.intercept.copy()
        model.estimator_ = base
        model.classes_ = np.asarray(self.classes)
        model.temperature_ = self.temperature
        pipe.named_steps["features"].n_documents_ = 0
        return pipe
