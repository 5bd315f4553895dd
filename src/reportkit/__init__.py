"""reportkit: turn Chinese administrative reports into data.

Read reports in any format and Chinese encoding, parse their outline, classify them by content and
extract fields — every value with its character span in the original text.

>>> import reportkit
>>> record = reportkit.analyze("关于安全生产的整改报告\\n一、存在问题\\n1. 台账不全。")
>>> record.title
'关于安全生产的整改报告'

Importing reportkit is cheap: jieba, scikit-learn and the readers load when first used.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "__version__",
    # reading
    "read",
    "read_bytes",
    "iter_inputs",
    "split_compilation",
    # the document
    "Document",
    "Source",
    "Span",
    "Section",
    "Segmenter",
    "Token",
    # running
    "Pipeline",
    "analyze",
    "classify",
    "Extractor",
    "PatternExtractor",
    "Pattern",
    # output
    "Record",
    "Finding",
    "Mention",
    # errors
    "ReportkitError",
    "InputError",
    "UnsupportedFormatError",
    "DecodeError",
    "NoTextLayerError",
    "EmptyDocumentError",
    "LimitExceededError",
    "ModelError",
    "NotFittedError",
    "IncompatibleModelError",
    "PluginError",
    "PluginLoadError",
    "ExtractorFailed",
    "OutputValidationError",
    "OutputError",
    "GoldFormatError",
    "TimeoutExceeded",
    "WorkerDied",
]

# public name -> module that defines it (imported on first access)
_LAZY = {
    "read": "reportkit.io",
    "read_bytes": "reportkit.io",
    "iter_inputs": "reportkit.io",
    "split_compilation": "reportkit.io.split",
    "Document": "reportkit.document",
    "Source": "reportkit.document",
    "Span": "reportkit.document",
    "Section": "reportkit.outline",
    "Segmenter": "reportkit.segment",
    "Token": "reportkit.segment",
    "Pipeline": "reportkit.pipeline",
    "analyze": "reportkit.pipeline",
    "classify": "reportkit.classifier",
    "Extractor": "reportkit.extract.base",
    "PatternExtractor": "reportkit.extract.base",
    "Pattern": "reportkit.extract.base",
    "Record": "reportkit.record",
    "Finding": "reportkit.extract.base",
    "Mention": "reportkit.extract.base",
}
_LAZY.update(
    {
        name: "reportkit.errors"
        for name in __all__
        if name.endswith("Error") or name in ("ExtractorFailed", "TimeoutExceeded", "WorkerDied")
    }
)


def _lazy(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("reportkit")
        except PackageNotFoundError:  # running from a source tree that is not installed
            value = "0+unknown"
        globals()["__version__"] = value
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'reportkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if not TYPE_CHECKING:  # a module __getattr__ a type checker saw would let any misspelled name through
    __getattr__ = _lazy


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .classifier import classify
    from .document import Document, Source, Span
    from .errors import (
        DecodeError,
        EmptyDocumentError,
        ExtractorFailed,
        GoldFormatError,
        IncompatibleModelError,
        InputError,
        LimitExceededError,
        ModelError,
        NoTextLayerError,
        NotFittedError,
        OutputError,
        OutputValidationError,
        PluginError,
        PluginLoadError,
        ReportkitError,
        TimeoutExceeded,
        UnsupportedFormatError,
        WorkerDied,
    )
    from .extract.base import Extractor, Finding, Mention, Pattern, PatternExtractor
    from .io import iter_inputs, read, read_bytes
    from .io.split import split_compilation
    from .outline import Section
    from .pipeline import Pipeline, analyze
    from .record import Record
    from .segment import Segmenter, Token

    __version__: str
