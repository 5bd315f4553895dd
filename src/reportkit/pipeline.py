"""The pipeline: io -> document -> segment -> classify -> extract -> record.

Only this module (and the CLI above it) knows every stage. A :class:`Pipeline` is built once and
reused for many documents: the segmenter, the classifier and the extractors load on first use, once
per process.
"""

from __future__ import annotations

import itertools
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from . import __version__
from .document import Document, Source
from .errors import (
    ExtractorFailed,
    InputError,
    LimitExceededError,
    PluginLoadError,
    ReportkitError,
    describe,
    one_line,
    shown_path,
)
from .extract.base import Extractor, Finding
from .io import Skipped, iter_inputs, read_bytes, read_parts
from .record import ErrorInfo, Record, SourceInfo
from .segment import Segmenter, get_segmenter

__all__ = ["Pipeline", "analyze", "error_record", "STDIN"]

STDIN = "-"
#: the most findings one extractor may give one document: past it the rest are dropped, with an error
MAX_FINDINGS = 100_000


def _source_info(source: Source) -> SourceInfo:
    return SourceInfo(
        path=source.path,
        part=source.part,
        parts=source.parts,
        part_heading=source.part_heading,
        offset=source.offset,
        format=source.format,
        encoding=source.encoding,
        sha256=source.sha256,
        converted_with=source.metadata.get("converted_with"),
        scanned_pages=source.metadata.get("scanned_pages"),
    )


def error_record(
    path: str | os.PathLike[str] | None, exc: BaseException, stage: str = "read", fmt: str | None = None
) -> Record:
    """The record for an input that could not be processed: no fields, ``errors`` filled."""
    import hashlib

    path = os.fspath(path) if path is not None else None
    try:
        key = (path or "<stdin>").encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no undecodable byte ("\ud800" in a str path)
        key = (path or "").encode("utf-8", "surrogatepass")
    where = shown_path(path, "<stdin>")
    if isinstance(exc, ReportkitError):
        message = str(exc)
    elif isinstance(exc, MemoryError):
        message = f"{where}: MemoryError: out of memory reading or analyzing it (--max-chars refuses long texts)"
    else:
        message = f"{where}: {type(exc).__name__}" + (f": {describe(exc)}" if str(exc) else "")
    if path and path in message and len(path.splitlines()) > 1:
        # a file name with a line break in it stays whole in the one line (escaped), and so does the cause after it
        message = message.replace(path, where)
    return Record(
        id="err-" + hashlib.sha256(key).hexdigest()[:16],
        source=SourceInfo(path=path, format=fmt or _fmt_of(path)),
        errors=[ErrorInfo(stage=stage, type=type(exc).__name__, message=one_line(message) or type(exc).__name__)],
        reportkit_version=__version__,
    )


#: called with what the pipeline is about to do ("reading the file", "classifying", "in extractor 'ledger'"), in
#: a worker process: where a document was when its time ran out (:class:`~reportkit.batch.BatchRunner`). None
#: elsewhere: one test of a global per step.
stage_hook: Callable[[str], None] | None = None


def _at(stage: str) -> None:
    hook = stage_hook
    if hook is not None:
        hook(stage)


def _looks_like_a_path(text: str) -> bool:
    """Whether a text given to analyze is, most likely, meant as a file's name: one short line naming a file."""
    if len(text) > 1024 or "\n" in text:
        return False
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):  # a NUL byte, a name too long
        return False


def _fmt_of(path: str | None) -> str:
    from .io import format_of

    if path is None or path == STDIN:
        return "txt"
    return format_of(path) or (os.path.splitext(path)[1].lstrip(".").lower() or "unknown")


def _nested_models(root: Any) -> Iterator[Any]:
    """Every pydantic model and every plain dict in ``root`` (a model, a dict or a list), nested ones
    included, each once (a finding may share a mention with another: one deadline for several ledger
    entries)."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, (BaseModel, dict)):
            if id(item) in seen:
                continue
            seen.add(id(item))
            yield item
            for data in _data(item):
                stack.extend(v for v in data.values() if isinstance(v, (BaseModel, dict, list, tuple)))
        elif isinstance(item, (list, tuple)):
            stack.extend(v for v in item if isinstance(v, (BaseModel, dict, list, tuple)))


def _data(item: Any) -> list[dict[str, Any]]:
    """The fields of a model — its declared ones, and the extra ones a :class:`Finding` allows, which pydantic
    keeps apart — or the dict itself."""
    if isinstance(item, BaseModel):
        extra = item.__pydantic_extra__
        return [item.__dict__, extra] if extra else [item.__dict__]
    return [item]


def _as_span(value: Any) -> tuple[int, int] | None:
    """``value`` as a ``(start, end)`` pair when it is a pair of integers (a tuple or a list), else None."""
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(type(v) is int for v in value):
        return value[0], value[1]
    return None


def _bad_span(model: Any, text: str) -> str | None:
    """What is wrong with the first span in a finding — nested mentions and plain ``{"text", "span"}`` dicts
    included — that does not hold what it says: a ``(text, span)`` pair whose span is not ``text``'s place in
    the document, a ``span`` that is not two integers, or a ``*_span`` that does not lie in the text in
    order; or None."""
    n = len(text)
    for item in _nested_models(model):
        fields = _data(item)
        data = fields[0]
        piece = data.get("text")
        if isinstance(piece, str) and "span" in data:
            span = _as_span(data["span"])
            if span is None or not (0 <= span[0] <= span[1] <= n) or text[span[0] : span[1]] != piece:
                where = list(span) if span is not None else data["span"]
                return f"{piece[:20]!r} at {where} does not match the text there"
        for data in fields:
            for key, value in data.items():
                if key.endswith("_span") and value is not None:
                    span = _as_span(value)
                    if span is None or not 0 <= span[0] <= span[1] <= n:
                        where = list(span) if span is not None else value
                        return f"{key} {where} is not a span of the text ({n} characters)"
    return None


def _map_spans(findings: list[Any], doc: Document) -> None:
    """Map every ``(text, span)`` pair in ``findings`` — nested mentions and plain dicts included — and
    every other ``*_span`` from ``doc.laid_out_document`` back to ``doc``: the span holding the same
    characters, and the text there."""
    view, text = doc.laid_out, doc.text
    for item in _nested_models(findings):
        fields = _data(item)
        data = fields[0]
        span = _as_span(data.get("span"))
        if isinstance(data.get("text"), str) and span is not None:
            start, end = view.to_original(*span)
            data["span"], data["text"] = (start, end), text[start:end]
        for data in fields:
            for key, value in data.items():
                if key.endswith("_span") and (span := _as_span(value)) is not None:  # a span of its own: name_span
                    data[key] = view.to_original(*span)


class Pipeline:
    """Turns paths, texts or documents into :class:`~reportkit.record.Record` objects.

    :param extractors: extractor instances to run; by default every installed plugin (entry-point group
        ``reportkit.extractors``), narrowed by ``only``/``disable`` and extended by ``plugins_dirs``
    :param only: run just these extractors
    :param disable: skip these extractors
    :param plugins_dirs: folders of ``.py`` files with more extractors
    :param strict: an exception in an extractor aborts (``ExtractorFailed``) instead of becoming an
        entry in the record's ``errors``
    :param classifier: ``"default"`` (the model shipped with reportkit), a path to a model written by
        ``reportkit train``, a :class:`~reportkit.classifier.compiled.CompiledModel`, or ``None`` (no
        classification: ``doc_type`` stays null and extractors run on every document)
    :param user_dicts: extra jieba dictionaries, loaded after the domain dictionary
    :param split: cut web compilations into parts (one record per part)
    :param include_text: put the document text into each record
    :param max_chars: refuse documents longer than this (an error record, not a crash)
    :param items_model: the item model of the problems and measures extractors: ``"default"`` (shipped with
        reportkit), a path to a model written by ``reportkit train --items``, an
        :class:`~reportkit.items.model.ItemModel`, or ``None`` (no item findings)
    :param min_score: the lowest item-model score reported as a problem or measure (0.5 by default;
        higher for precision-first work)
    :param skip_broken_plugins: an installed plugin that fails to load is left out with a warning
        (listed in :attr:`broken_plugins`) instead of raising :class:`~reportkit.errors.PluginLoadError`;
        one that ``only`` names still raises. :func:`analyze` turns this on: one broken third-party
        plugin should not stop the built-in extractors

    >>> pipe = Pipeline()
    >>> record = pipe.analyze("关于安全生产的整改报告\\n一、存在问题")
    >>> record.title
    '关于安全生产的整改报告'
    """

    def __init__(
        self,
        *,
        extractors: Sequence[Extractor] | None = None,
        only: Sequence[str] | None = None,
        disable: Sequence[str] = (),
        plugins_dirs: Sequence[str | os.PathLike[str]] = (),
        strict: bool = False,
        classifier: Any = "default",
        user_dicts: Iterable[str | os.PathLike[str]] = (),
        split: bool = False,
        include_text: bool = False,
        max_chars: int | None = None,
        items_model: Any = "default",
        min_score: float = 0.5,
        skip_broken_plugins: bool = False,
    ) -> None:
        self.only = list(only) if only is not None else None
        self.skip_broken_plugins = skip_broken_plugins
        self.broken_plugins: list[PluginLoadError] = []
        self.disable = list(disable)
        self.plugins_dirs = [str(p) for p in plugins_dirs]
        self.strict = strict
        self.user_dicts = tuple(str(p) for p in user_dicts)
        for path in self.user_dicts:
            if not os.path.isfile(path):
                raise InputError(path, "user dictionary not found")
        self.split = split
        self.include_text = include_text
        self.max_chars = max_chars
        self._segmenter: Segmenter | None = None
        self._extractors: list[Extractor] | None = list(extractors) if extractors is not None else None
        self._extractors_given = extractors is not None
        self._loaded = False
        self.classifier = classifier
        self._model: Any = None
        if not 0.0 <= float(min_score) <= 1.0:
            raise ValueError(f"min_score must lie between 0 and 1, got {min_score}")
        self.min_score = float(min_score)
        self.items_model_option = items_model
        self._items_model: Any = None
        self._context_wanted: dict[str, bool] = {}
        #: a line for each extractor name two plugins declare, saying which one runs
        #: (:func:`~reportkit.extract.registry.shadowed`); each is also given as a ``RuntimeWarning``
        self.plugin_notes: list[str] = []

    def __getstate__(self) -> dict[str, Any]:
        """What a pickled pipeline keeps: its options (and the extractors and models it was given as objects),
        not what it loaded — a process that unpickles it loads jieba, the models and the plugins again, on
        first use, as a new pipeline does."""
        state = self.__dict__.copy()
        state.update(_segmenter=None, _model=None, _items_model=None, _loaded=False, _context_wanted={})
        if not self._extractors_given:
            state["_extractors"] = None
        return state

    @property
    def model(self) -> Any:
        """The compiled classifier, loaded on first use (None when classification is off)."""
        if self._model is None and self.classifier is not None:
            from .classifier import load_model
            from .classifier.compiled import CompiledModel

            if isinstance(self.classifier, CompiledModel):
                self._model = self.classifier
            else:
                self._model = load_model(None if self.classifier == "default" else self.classifier)
        return self._model

    @property
    def items_model(self) -> Any:
        """The item model, loaded on first use (None when item findings are off)."""
        if self._items_model is None and self.items_model_option is not None:
            from .items.model import ItemModel, load_item_model

            option = self.items_model_option
            if isinstance(option, ItemModel):
                self._items_model = option
            else:
                self._items_model = load_item_model(None if option == "default" else option)
        return self._items_model

    @property
    def segmenter(self) -> Segmenter:
        if self._segmenter is None:
            self._segmenter = get_segmenter(self.user_dicts)
        return self._segmenter

    @property
    def extractors(self) -> list[Extractor]:
        """The extractors of this pipeline, loaded (``load()`` called) on first access."""
        if self._extractors is None:
            from .extract.registry import load_extractors

            broken: list[PluginLoadError] | None = [] if self.skip_broken_plugins else None
            self._extractors = load_extractors(
                self.only, self.disable, self.plugins_dirs, errors=broken, notes=self.plugin_notes
            )
            for note in self.plugin_notes:
                warnings.warn(note, RuntimeWarning, stacklevel=2)
            for exc in broken or ():
                warnings.warn(str(exc), RuntimeWarning, stacklevel=2)
            self.broken_plugins = list(broken or ())
        if not self._loaded:
            from .extract.base import wants_context
            from .extract.registry import run_order

            extractors = run_order(self._extractors)
            failed: set[str] = set()
            for ext in extractors:
                if any(req in failed for req in ext.requires):
                    failed.add(ext.name)  # what it builds on did not load: it is left out with it
                    continue
                try:
                    ext.load()
                except Exception as exc:  # heavy resources of someone else's plugin: a file, a model
                    error = PluginLoadError(ext.name, None, f"load() failed: {type(exc).__name__}: {describe(exc)}")
                    if not self.skip_broken_plugins or (self.only is not None and ext.name in self.only):
                        raise error from exc
                    warnings.warn(str(error), RuntimeWarning, stacklevel=2)
                    self.broken_plugins.append(error)
                    failed.add(ext.name)
                    continue
                self._context_wanted[ext.name] = wants_context(ext)
            self._extractors = [ext for ext in extractors if ext.name not in failed]
            self._loaded = True
        return self._extractors

    # -- single documents -------------------------------------------------------------------
    def document(self, text_or_document: str | Document) -> Document:
        """A :class:`Document` bound to this pipeline's segmenter."""
        if isinstance(text_or_document, Document):
            doc = text_or_document
            if doc._segmenter is None:
                doc._segmenter = self.segmenter
            return doc
        if isinstance(text_or_document, str):
            if _looks_like_a_path(text_or_document):
                warnings.warn(
                    f"analyzing the text {text_or_document!r}, which names a file: a str is the text itself; "
                    "read the file with reportkit.read(path), or use Pipeline.process_path(path)",
                    RuntimeWarning,
                    stacklevel=3,
                )
            return Document(text_or_document, Source(format="text"), segmenter=self.segmenter)
        if isinstance(text_or_document, os.PathLike):
            raise TypeError(
                f"expected str (a text) or Document, got {type(text_or_document).__name__}: read a file with "
                "reportkit.read(path), or use Pipeline.process_path(path)"
            )
        raise TypeError(f"expected str or Document, got {type(text_or_document).__name__}")

    def analyze(self, text_or_document: str | Document) -> Record:
        """Analyze one document (or a text) and return its record.

        A document is analyzed as laid out (:attr:`Document.laid_out_document`): hard-wrapped paragraphs
        (text copied from a PDF, :attr:`Document.wrapped_breaks`) as the text they wrap, run-together text (a
        web page's copy, :attr:`Document.run_together_breaks`) with its headings and fields on lines of their
        own; every span of the record is then mapped back to the document's own text, so ``text[start:end]``
        is each finding's text as the file has it."""
        original = self.document(text_or_document)
        if self.max_chars is not None and len(original.text) > self.max_chars:
            # as for a file read: an error record, not hours on a text nobody meant to give whole
            return error_record(
                original.source.path,
                LimitExceededError(
                    original.source.path,
                    f"{len(original.text):,} characters, over the limit of {self.max_chars:,} (max_chars)",
                ),
                "read",
                original.source.format,
            )
        _at("laying out the text")
        doc = original.laid_out_document
        title_span = original.laid_out_title_span
        record = Record(
            id=original.id,
            source=_source_info(original.source),
            title=original.text[title_span[0] : title_span[1]] if title_span is not None else None,
            title_span=title_span,
            chars=len(original.text),
            reportkit_version=__version__,
            text=original.text if self.include_text else None,
        )
        if self.classifier is not None:
            _at("classifying")
            try:
                record.doc_type = self.model.predict(original)  # reads it without its wraps (as trained)
            except ReportkitError:
                raise  # a missing or incompatible model is a set-up error, not a document's
            except Exception as exc:
                if self.strict:
                    raise
                record.errors.append(
                    ErrorInfo(
                        stage="classify",
                        type=type(exc).__name__,
                        message=one_line(f"{doc.source.path or '<input>'}: classification failed: {describe(exc)}"),
                    )
                )
        label = record.doc_type.label if record.doc_type is not None else None
        # (for plugins written before the context: read context.doc_type instead)
        original.doc_type = doc.doc_type = label
        context = None
        text = doc.text  # what every span is checked against, whatever an extractor does to doc.text
        # what the extractors that ran before may be read as (context.findings): each one's findings as a tuple
        done: dict[str, tuple[Finding, ...]] = {}
        for ext in self.extractors:
            record.extractors[ext.name] = ext.version
            if ext.applies_to is not None and label is not None and label not in ext.applies_to:
                continue  # not run: no key in fields
            if any(req not in record.fields for req in ext.requires):
                continue  # what it builds on did not run (or failed): it has nothing to read
            if context is None and self._context_wanted.get(ext.name):
                from .extract.context import Context

                context = Context(
                    doc,
                    doc_type=record.doc_type,
                    findings=MappingProxyType(done),
                    items_model=self.items_model,
                    min_score=self.min_score,
                )
            _at(f"in extractor {ext.name!r}")
            findings = self._run_extractor(
                ext, doc, text, record, context if self._context_wanted.get(ext.name) else None
            )
            if doc.text is not text:
                doc.text = text
                self._reject(ext, doc, record, "DocumentChanged", "changed the document's text (put back)", "extract")
            if findings is not None:  # a failed extractor has no key: "found nothing" stays distinct
                record.fields[ext.name] = findings
                done[ext.name] = tuple(findings)
        _at("checking the findings")
        # a finding an extractor that ran later changed (through context.findings) is checked again
        for name, findings in record.fields.items():
            if any(_bad_span(f, text) is not None for f in findings):
                ext = next(e for e in self.extractors if e.name == name)
                record.fields[name] = self._verify(ext, doc, text, findings, record, changed=True)
        if len(record.fields) > 1:
            record.fields = dict(sorted(record.fields.items()))
        if doc is not original:
            for findings in record.fields.values():
                _map_spans(findings, original)
        return record

    def _run_extractor(
        self, ext: Extractor, doc: Document, text: str, record: Record, context: Any = None
    ) -> list[Finding] | None:
        try:
            extract: Any = ext.extract  # extract(doc) or, for an extractor that asks for it, extract(doc, context)
            returned = extract(doc, context) if context is not None else extract(doc)
            if isinstance(returned, (str, bytes, dict, BaseModel)) or not isinstance(returned, Iterable):
                raise TypeError(f"returned {type(returned).__name__}, not a list of findings")
            # at most MAX_FINDINGS (and one more, to tell): a plugin's runaway list is not validated whole
            findings = list(itertools.islice(returned, MAX_FINDINGS + 1))
        except (Exception, SystemExit) as exc:  # SystemExit: a plugin's sys.exit() ends its call, not the run
            if self.strict:
                raise ExtractorFailed(doc.source.path, ext.name, exc) from exc
            record.errors.append(
                ErrorInfo(
                    stage="extract",
                    extractor=ext.name,
                    type=type(exc).__name__,
                    message=one_line(
                        f"{doc.source.path or '<input>'}: extractor {ext.name!r} failed: "
                        f"{type(exc).__name__}: {describe(exc)}"
                    ),
                )
            )
            return None
        if len(findings) > MAX_FINDINGS:
            del findings[MAX_FINDINGS:]
            self._reject(
                ext,
                doc,
                record,
                "TooManyFindings",
                f"gave more than {MAX_FINDINGS:,} findings; the first {MAX_FINDINGS:,} kept",
            )
        return self._verify(ext, doc, text, findings, record)

    def _verify(
        self, ext: Extractor, doc: Document, text: str, findings: Iterable[Any], record: Record, changed: bool = False
    ) -> list[Finding]:
        """Keep findings that validate against the extractor's model and whose spans are exact in ``text``;
        ``changed``: findings checked once already, which an extractor that ran later changed."""
        kept: list[Finding] = []
        for item in findings:
            try:
                finding = (
                    item
                    if isinstance(item, ext.output_model)
                    else ext.output_model.model_validate(item.model_dump() if isinstance(item, Finding) else item)
                )
            except Exception as exc:
                self._reject(ext, doc, record, "OutputValidationError", f"invalid finding: {describe(exc)}")
                continue
            bad = _bad_span(finding, text)
            if bad is not None:
                later = " (changed after it was checked, by an extractor that ran later)" if changed else ""
                self._reject(ext, doc, record, "SpanMismatch", bad + later)
                continue
            kept.append(finding)
        if not changed:
            kept.sort(key=lambda f: (f.span[0], f.span[1], f.text))
            for n, finding in enumerate(kept, 1):
                finding.id = f"{ext.name}/{n}"
        return kept

    def _reject(
        self, ext: Extractor, doc: Document, record: Record, kind: str, message: str, stage: str = "verify"
    ) -> None:
        if self.strict:
            raise ExtractorFailed(doc.source.path, ext.name, ValueError(message))
        record.errors.append(
            ErrorInfo(
                stage=stage,
                extractor=ext.name,
                type=kind,
                message=one_line(f"{doc.source.path or '<input>'}: extractor {ext.name!r}: {message}"),
            )
        )

    # -- files ------------------------------------------------------------------------------
    def read(self, path: str | os.PathLike[str]) -> list[Document]:
        """Read one input (a path, or ``-`` for stdin) into documents bound to this pipeline."""
        path = os.fspath(path)
        if path == STDIN:
            data = sys.stdin.buffer.read()
            docs = read_bytes(data, "txt", None, split=self.split, max_chars=self.max_chars)
        else:
            docs = read_parts(path, split=self.split, max_chars=self.max_chars)
        for doc in docs:
            doc._segmenter = self.segmenter
        return docs

    def process_path(self, path: str | os.PathLike[str]) -> list[Record]:
        """Records for one input: one per document or part, or a single error record."""
        path = os.fspath(path)
        _at("reading the file")
        try:
            docs = self.read(path)
        except Exception as exc:  # InputError, or a bug on one odd file: an error record, not the end of a run
            return [error_record(None if path == STDIN else path, exc, "read")]
        records = []
        for doc in docs:
            try:
                records.append(self.analyze(doc))
            except ExtractorFailed:
                raise  # --strict
            except Exception as exc:
                # a bug on one odd document must not end a batch of thousands: record it and go on
                if self.strict:
                    raise
                records.append(error_record(doc.source.path, exc, "analyze", doc.source.format))
        return records

    def run(
        self,
        paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
        include: Iterable[str] = (),
        exclude: Iterable[str] = (),
    ) -> Iterator[Record | Skipped]:
        """Records for every input under ``paths`` (one path, or several), in input order; skipped files as
        :class:`Skipped`."""
        for item in iter_inputs(paths, include, exclude):
            if isinstance(item, Skipped):
                yield item
            else:
                yield from self.process_path(item)


_default: Pipeline | None = None


def analyze(text_or_document: str | Document, **options: Any) -> Record:
    """Analyze a text or :class:`Document` with the default pipeline (or one built from ``options``).

    An installed plugin that fails to load is left out with a ``RuntimeWarning`` naming it, so the other
    extractors still run (``skip_broken_plugins=False`` makes it an error again).
    """
    global _default
    if options:
        return Pipeline(**{"skip_broken_plugins": True, **options}).analyze(text_or_document)
    if _default is None:
        _default = Pipeline(skip_broken_plugins=True)
    return _default.analyze(text_or_document)
