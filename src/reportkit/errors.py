"""reportkit's exceptions: one tree, so callers can catch as broadly or narrowly as they need.

::

    ReportkitError
    ├── InputError                 a file cannot be turned into text (has .path and .cause)
    │   ├── UnsupportedFormatError    a format reportkit does not read (.doc, .wps, images …)
    │   ├── DecodeError               bytes that no supported encoding decodes confidently
    │   ├── NoTextLayerError          a PDF without text (a scan)
    │   ├── EmptyDocumentError        nothing to read
    │   └── LimitExceededError        too large, or a compressed file that would inflate too far
    ├── ModelError                 the classifier model cannot be used
    │   ├── NotFittedError            (also a ValueError and AttributeError, as in scikit-learn)
    │   └── IncompatibleModelError    a model file written by another reportkit/scikit-learn
    ├── PluginError
    │   ├── PluginLoadError           an extractor plugin that fails to import or instantiate
    │   └── ExtractorFailed           an extractor raised on one document (kept as context)
    ├── OutputValidationError      a record that does not validate against its model
    ├── OutputError                the output cannot be written (no such folder and none can be made,
    │                              no permission, a full disk, a database another run is writing)
    ├── GoldFormatError            a gold annotation file that does not follow docs/gold.md
    ├── TimeoutExceeded            a document took longer than its time limit
    └── WorkerDied                 a worker process died on a document, also when it was tried again

Every message is one line that names the file (where there is one) and says what to do.
The CLI prints ``str(error)`` for a ``ReportkitError``; any other exception is a bug.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

__all__ = [
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
    "describe",
    "one_line",
    "shown_path",
]


# the characters str.splitlines() breaks at, written as Python escapes them
_LINE_BREAKS = str.maketrans({ch: repr(ch)[1:-1] for ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def shown_path(path: str | None, none: str = "<input>") -> str:
    """A path as a one-line message names it: its line breaks escaped (``bad\\nname.md``), an empty one as
    ``''``, none as ``none``."""
    if path is None:
        return none
    return path.translate(_LINE_BREAKS) if path else "''"


def one_line(message: str) -> str:
    """``message`` on one line: its lines joined with `` | `` (a message of several lines keeps every one of
    them, where cutting at the first break lost the cause)."""
    lines = [line.strip() for line in message.splitlines()]
    return " | ".join(line for line in lines if line)


def describe(exc: BaseException) -> str:
    """What went wrong, in one line: a pydantic validation error as each field's problem and the value it got
    (``span: Value error, … (got (5, 2))``), where its own message spans several lines; any other exception's
    message (its type's name when it has none)."""
    errors = getattr(exc, "errors", None)
    if callable(errors) and type(exc).__name__ == "ValidationError":
        try:
            parts = []
            for e in errors()[:3]:
                where = ".".join(str(x) for x in e.get("loc", ())) or "value"
                got = repr(e.get("input"))
                got = got if len(got) <= 40 else got[:39] + "…"
                parts.append(f"{where}: {e.get('msg', '')} (got {got})")
            more = len(errors()) - 3
            return one_line("; ".join(parts) + (f"; and {more} more" if more > 0 else ""))
        except Exception:  # an exception that only looks like pydantic's
            pass
    return one_line(str(exc)) or type(exc).__name__


_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.,-]+")


class ReportkitError(Exception):
    """Base class of every error reportkit raises on purpose."""


class InputError(ReportkitError):
    """A file (or stdin) cannot be turned into text.

    :param path: the file, or ``None`` for stdin and in-memory input
    :param cause: what is wrong and, where possible, what to do, in one line
    """

    def __init__(self, path: str | Path | None, cause: str) -> None:
        self.path = None if path is None else str(path)
        self.cause = cause
        super().__init__(f"{shown_path(self.path)}: {cause}")

    def __reduce__(self):  # keep (path, cause) when pickled between worker processes
        return (type(self), (self.path, self.cause))


class UnsupportedFormatError(InputError):
    """A format reportkit does not read."""


class DecodeError(InputError):
    """Bytes that no supported encoding decodes confidently (never returned as mojibake)."""


class NoTextLayerError(InputError):
    """A PDF whose pages carry no text layer."""


class EmptyDocumentError(InputError):
    """A file with no text in it."""


class LimitExceededError(InputError):
    """A file over a size limit, or a compressed file whose contents would inflate too far."""


class ModelError(ReportkitError):
    """The classifier model cannot be used."""


class NotFittedError(ModelError, ValueError, AttributeError):
    """An estimator used before ``fit`` (also a ValueError/AttributeError, as scikit-learn's)."""


class IncompatibleModelError(ModelError):
    """A model file written by an incompatible reportkit or scikit-learn version."""


class PluginError(ReportkitError):
    """Base class of plugin problems."""


class PluginLoadError(PluginError):
    """An extractor plugin that cannot be loaded; names the plugin and its distribution."""

    def __init__(self, name: str, distribution: str | None, cause: str) -> None:
        self.name = name
        self.distribution = distribution
        self.cause = cause
        dist = f" (from distribution {distribution})" if distribution else ""
        skip = name if _PLAIN_NAME.fullmatch(name) else shlex.quote(name)
        super().__init__(
            f"extractor plugin {name!r}{dist} failed to load: {one_line(cause)}; "
            f"fix or uninstall it, or skip it with --disable {skip}"
        )

    def __reduce__(self):
        return (type(self), (self.name, self.distribution, self.cause))


class ExtractorFailed(PluginError):
    """An extractor raised while processing one document.

    :param path: the document's source path (or ``None``)
    :param extractor: the extractor's name
    :param original: the exception it raised
    """

    def __init__(self, path: str | None, extractor: str, original: BaseException) -> None:
        self.path = path
        self.extractor = extractor
        self.original = original
        where = path if path is not None else "<input>"
        super().__init__(f"{where}: extractor {extractor!r} failed: {type(original).__name__}: {describe(original)}")

    def __reduce__(self):
        return (type(self), (self.path, self.extractor, self.original))


class OutputValidationError(ReportkitError):
    """A record or finding that does not validate against its pydantic model."""


class OutputError(ReportkitError):
    """The output cannot be written: a folder that cannot be made, no permission, a full disk, a database
    in use by another run.

    :param path: the output file
    :param cause: what is wrong, in one line
    """

    def __init__(self, path: str | Path | None, cause: str) -> None:
        self.path = None if path is None else str(path)
        self.cause = cause
        super().__init__(f"{self.path if self.path is not None else '<stdout>'}: cannot write: {cause}")

    def __reduce__(self):
        return (type(self), (self.path, self.cause))


class GoldFormatError(ReportkitError):
    """A gold annotation file that does not follow the gold format (docs/gold.md)."""


class TimeoutExceeded(ReportkitError):
    """A document whose processing took longer than the time limit."""


class WorkerDied(ReportkitError):
    """A worker process died while processing a document (a crash in a C library, the out-of-memory
    killer), also when the document was tried again on a new worker. ``--resume`` tries it once more."""
