"""The classifier as a scikit-learn Pipeline (for training, grid search, cross-validation).

::

    Pipeline([
        ("features", DocumentFeaturizer()),          # text/Document -> weighted feature values
        ("vectorize", DictVectorizer()),             # -> sparse matrix
        ("tfidf", TfidfTransformer()),
        ("model", TemperatureScaledLogisticRegression()),  # calibrated probabilities
    ])

``TemperatureScaledLogisticRegression`` fits a multinomial logistic regression and then one temperature
on cross-validated scores (Guo et al., 2017), so that a 0.8 confidence is right about 80 % of the time
on documents it was not trained on. Importing this module imports scikit-learn; prediction in the
pipeline does not — it runs on the compiled model (:mod:`reportkit.classifier.compiled`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from ..document import Document
from .features import document_features, weighted_features

__all__ = ["DocumentFeaturizer", "TemperatureScaledLogisticRegression", "build_pipeline"]


def as_document(item: Any) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(item)
    raise TypeError(f"expected str or Document, got {type(item).__name__}")


class DocumentFeaturizer(TransformerMixin, BaseEstimator):
    """Texts or :class:`~reportkit.document.Document` objects -> dicts of weighted feature values.

    :param weights: block weights by feature prefix (``token``, ``title``, ``title_genre``, ``heading``,
        ``cue`` …); ``None`` uses :data:`~reportkit.classifier.features.DEFAULT_WEIGHTS`

    Stateless: ``fit`` learns nothing and returns ``self``.
    """

    def __init__(self, weights: dict[str, float] | None = None):
        self.weights = weights

    def fit(self, X: Sequence[Any], y: Any = None) -> DocumentFeaturizer:
        self.n_documents_ = len(X)
        return self

    def transform(self, X: Sequence[Any]) -> list[dict[str, float]]:
        return [weighted_features(document_features(as_document(x)), self.weights) for x in X]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class TemperatureScaledLogisticRegression(ClassifierMixin, BaseEstimator):
    """Multinomial logistic regression with a temperature fitted on cross-validated scores.

    :param C: inverse regularization strength of the logistic regression
    :param cv: folds used to fit the temperature (fewer when a class has fewer documents)
    :param class_weight: passed to :class:`~sklearn.linear_model.LogisticRegression`
    :param max_iter: passed to :class:`~sklearn.linear_model.LogisticRegression`

    Fitted attributes: ``estimator_`` (the regression refit on all data), ``temperature_``,
    ``classes_``, ``coef_``, ``intercept_``.
    """

    def __init__(self, C: float = 1.0, cv: int = 5, class_weight: str | None = "balanced", max_iter: int = 2000):
        self.C = C
        self.cv = cv
        self.class_weight = class_weight
        self.max_iter = max_iter

    def _base(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)

    def fit(
        self, X: Any, y: Sequence[str] | np.ndarray, groups: Sequence[int] | np.ndarray | None = None
    ) -> TemperatureScaledLogisticRegression:
        """Fit; ``groups``: the document each row comes from (a document and its opening, :func:`train`'s
        excerpts, are one group), so that the folds the temperature is fitted on never score a row whose
        document another row of trained on — which made the scores look surer than they are."""
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        rows = np.asarray(groups) if groups is not None else np.arange(len(y))
        # documents (groups) of each class: a group's rows share its label
        min_count = min(len(set(rows[y == c].tolist())) for c in self.classes_)
        if min_count < 2:
            self.temperature_ = 1.0  # too few documents of a class to hold any out: no calibration
        else:
            folds = min(self.cv, min_count)
            # a row a document of its own: stratified folds; rows grouped by document: folds that keep groups whole
            splitter = StratifiedKFold(n_splits=folds) if groups is None else StratifiedGroupKFold(n_splits=folds)
            scores = cross_val_predict(self._base(), X, y, groups=groups, cv=splitter, method="decision_function")
            if scores.ndim == 1:  # two classes: one score per document
                scores = np.column_stack([-scores, scores]) / 2
            index = {c: i for i, c in enumerate(self.classes_)}
            true = np.array([index[v] for v in y])
            self.temperature_ = _fit_temperature(scores, true)
        self.estimator_ = self._base().fit(X, y)
        return self

    @property
    def coef_(self) -> np.ndarray:
        check_is_fitted(self, "estimator_")
        coef = self.estimator_.coef_
        return np.vstack([-coef, coef]) / 2 if coef.shape[0] == 1 else coef

    @property
    def intercept_(self) -> np.ndarray:
        check_is_fitted(self, "estimator_")
        b = self.estimator_.intercept_
        return np.concatenate([-b, b]) / 2 if b.shape[0] == 1 else b

    def decision_function(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "estimator_")
        return np.asarray(X @ self.coef_.T) + self.intercept_

    def predict_proba(self, X: Any) -> np.ndarray:
        return _softmax(self.decision_function(X) / self.temperature_)

    def predict(self, X: Any) -> np.ndarray:
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]


def _fit_temperature(scores: np.ndarray, true: np.ndarray) -> float:
    """The temperature minimizing the negative log-likelihood of held-out scores."""
    from scipy.optimize import minimize_scalar

    def nll(t: float) -> float:
        z = scores / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))  # log-softmax, stable for small t
        return float(-np.mean(log_p[np.arange(len(true)), true]))

    result = minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded", options={"xatol": 1e-6})
    return float(result.x)


def build_pipeline(C: float = 1.0, cv: int = 5, weights: dict[str, float] | None = None) -> Pipeline:
    """An unfitted classifier pipeline; ``fit(texts_or_documents, labels)`` trains it."""
    return Pipeline(
        [
            ("features", DocumentFeaturizer(weights=weights)),
            ("vectorize", DictVectorizer(sort=True)),
            ("tfidf", TfidfTransformer()),  # the featurizer has already taken 1 + log of the counts
            ("model", TemperatureScaledLogisticRegression(C=C, cv=cv)),
        ]
    )
