"""Document-type classification: 整改报告, 工作方案, 简报, 调研报告, 总结报告 or other — by content.

>>> from reportkit.classifier import classify
>>> classify("关于开展安全生产大检查的工作方案\\n一、工作目标\\n二、实施步骤").label  # doctest: +SKIP
'work_plan'

* :func:`classify` — a text or Document -> :class:`~reportkit.record.DocType` (label, confidence, scores
  for all labels, evidence, uncertain flag);
* :func:`load_model` — the model shipped with reportkit (trained on ``corpus/``) or one of your own;
* :mod:`reportkit.classifier.model` — the scikit-learn Pipeline, for training and experiments;
* :mod:`reportkit.classifier.train` — loading labelled corpora and training with cross-validation.
"""

from __future__ import annotations

import os
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..document import Document

if TYPE_CHECKING:
    from ..record import DocType
    from .compiled import CompiledModel

__all__ = ["classify", "load_model", "default_model_path", "CompiledModel"]

_models: dict[str, CompiledModel] = {}
_lock = threading.Lock()


def default_model_path() -> Path:
    """Where the shipped model lives (``reportkit/data/classifier.npz``)."""
    return Path(str(resources.files("reportkit") / "data" / "classifier.npz"))


def load_model(path: str | os.PathLike[str] | None = None) -> CompiledModel:
    """The classifier at ``path`` (default: the shipped one), loaded once per process."""
    from ..errors import IncompatibleModelError, ReportkitError
    from .compiled import CompiledModel

    key = str(Path(path).resolve()) if path else "default"
    with _lock:
        model = _models.get(key)
        if model is None:
            where = path or default_model_path()
            try:
                model = CompiledModel.load(where)
            except ReportkitError:
                raise
            except Exception as exc:  # a truncated or damaged file fails in zipfile, zlib, json …
                raise IncompatibleModelError(
                    f"{where}: not a reportkit classifier model ({type(exc).__name__}: {exc})".splitlines()[0]
                ) from exc
            _models[key] = model
        return model


def classify(text_or_document: str | Document, model: str | os.PathLike[str] | CompiledModel | None = None) -> DocType:
    """Classify a text or :class:`Document` with the shipped model or ``model``."""
    from .compiled import CompiledModel

    doc = text_or_document if isinstance(text_or_document, Document) else Document(text_or_document)
    compiled = model if isinstance(model, CompiledModel) else load_model(model)
    return compiled.predict(doc)


def __getattr__(name: str):
    if name == "CompiledModel":
        from .compiled import CompiledModel

        return CompiledModel
    raise AttributeError(name)
