"""The extractor contract, and a declarative base class for the common case.

An extractor is a small class::

    class DeadlineExtractor(Extractor):
        name = "deadlines"                 # the key of its findings in record["fields"]
        version = "1.0.0"
        output_model = Deadline            # a Finding subclass: the fields of one finding
        applies_to = {"rectification"}     # optional: document types it runs on (None: all)

        def load(self) -> None:            # optional: heavy resources, called once per process
            ...

        def extract(self, doc: Document) -> list[Deadline]:
            ...

The constructor takes no arguments and does no work (listing plugins must stay fast); resources are
loaded in :meth:`Extractor.load`, which the pipeline calls once before the first document.

For the common case — named regular expressions, context words that raise the score, and a hook that
validates or rejects a match — subclass :class:`PatternExtractor` and declare ``patterns``; it matches
on the document's normalized view and reports spans in ``Document.text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:
    from ..document import Document

__all__ = ["Extractor", "Finding", "Mention", "Pattern", "PatternExtractor", "finding_span", "wants_context"]


class Finding(BaseModel):
    """Base model of every finding: its exact text, its span, a score and why it was found.

    Plugins subclass it with their own fields (``value``, ``unit``, ``leaders`` …). The pipeline
    checks ``document.text[span[0]:span[1]] == text`` for every finding and rejects those that fail.
    """

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(
        None, description="the finding's id within its record, <extractor>/<n> (set by the pipeline)"
    )
    text: str = Field(description="the finding exactly as in Document.text")
    span: tuple[int, int] = Field(description="[start, end) character offsets into Document.text")
    score: float = Field(1.0, ge=0.0, le=1.0, description="confidence of the rule that fired")
    explanation: str | None = Field(None, description="which rule fired, in a few words")

    @field_validator("span")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        start, end = value
        if start < 0 or end < start:
            raise ValueError(f"span must satisfy 0 <= start <= end, got {list(value)}")
        return value

    if TYPE_CHECKING:  # pragma: no cover - for type checkers only

        def __getattr__(self, name: str) -> Any:
            """An extractor's own field (``count.value``, ``entry.measures``): a record's findings are typed
            ``Finding``, whichever extractor's model they are, so a type checker lets their fields through as
            ``Any`` (pydantic's own ``__getattr__`` is hidden from type checkers); narrow with ``isinstance`` on
            the extractor's model for more."""
            ...


class Mention(BaseModel):
    """A piece of the text: what it says and where.

    For the parts of a finding that have places of their own (a group's leaders and members): the
    pipeline checks ``Document.text[span[0]:span[1]] == text`` for every ``{text, span}`` inside a
    finding, nested ones too. Build one with ``Mention(**finding_span(doc, start, end))``.
    """

    text: str
    span: tuple[int, int]


def finding_span(doc: Document, start: int, end: int) -> dict[str, Any]:
    """``text`` and ``span`` keyword arguments for a finding at ``[start, end)`` of ``doc.text``."""
    return {"text": doc.text[start:end], "span": (start, end)}


class Extractor:
    """Base class of extractors. Subclasses set the class attributes and implement :meth:`extract`."""

    #: the key of this extractor's findings in ``record.fields``; lowercase, ``[a-z0-9_]+``
    name: ClassVar[str] = ""
    #: the extractor's own version, recorded in every record's ``extractors`` map
    version: ClassVar[str] = "0.0.0"
    #: the pydantic model of one finding (a :class:`Finding` subclass)
    output_model: ClassVar[type[Finding]] = Finding
    #: document types (``doc_type.label``) this extractor runs on; ``None`` runs on every document
    applies_to: ClassVar[frozenset[str] | set[str] | None] = None
    #: one line for ``reportkit plugins``
    description: ClassVar[str] = ""
    #: names of extractors whose findings this one reads (``context.findings[name]``); the pipeline runs
    #: them first, and ``--only`` pulls them in
    requires: ClassVar[tuple[str, ...]] = ()

    def load(self) -> None:
        """Load heavy resources (dictionaries, models). Called once per process, before ``extract``."""

    def extract(self, doc: Document) -> Sequence[Finding]:
        """Return the findings of ``doc`` (a list of ``output_model`` instances); spans index ``doc.text``.

        An extractor that needs more than the text declares a second parameter,
        ``extract(self, doc, context)``: the pipeline then passes a
        :class:`~reportkit.extract.context.Context` (the document type, the findings of the extractors in
        ``requires``, the item model).
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.version}>"


def wants_context(extractor: Extractor) -> bool:
    """Whether ``extractor.extract`` takes a context as well as the document."""
    import inspect

    try:
        params = list(inspect.signature(extractor.extract).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
    return len(positional) >= 2 or any(p.name == "context" for p in params)


@dataclass(frozen=True)
class Pattern:
    """A named regular expression with a base score.

    :param name: shown in the finding's explanation
    :param regex: matched on the normalized view (half-width punctuation, no spaces next to numbers)
    :param score: the finding's score before context words raise it
    """

    name: str
    regex: str
    score: float = 0.5


class PatternExtractor(Extractor):
    """Declarative extractor: named patterns, context words and a validation hook.

    Class attributes:

    * ``patterns`` — :class:`Pattern` objects; each match becomes a finding (its named groups fill
      model fields of the same name);
    * ``context`` — words that, found within ``context_window`` characters before the match, add
      ``context_boost`` to its score;
    * :meth:`validate` — return ``False`` to drop a match, ``True`` to give it score 1.0, ``None`` to keep
      the score as it is;
    * :meth:`fields` — extra model fields computed from a match.

    A match keeps its pattern's text only where it maps back to ``Document.text`` exactly, so findings
    are always grounded.
    """

    patterns: ClassVar[list[Pattern]] = []
    context: ClassVar[list[str]] = []
    context_window: ClassVar[int] = 30
    context_boost: ClassVar[float] = 0.35

    _compiled: list[tuple[Pattern, regex.Pattern[str]]] | None = None

    def load(self) -> None:
        self._compiled = [(p, regex.compile(p.regex)) for p in self.patterns]

    def validate(self, match: regex.Match[str], doc: Document) -> bool | None:
        """Hook: ``False`` rejects the match, ``True`` makes it certain, ``None`` leaves it."""
        return None

    def fields(self, match: regex.Match[str], doc: Document) -> dict[str, Any]:
        """Hook: extra fields of the finding (default: the pattern's named groups)."""
        return {k: v for k, v in match.groupdict().items() if v is not None}

    def extract(self, doc: Document) -> list[Finding]:
        if self._compiled is None:
            self.load()
        assert self._compiled is not None
        norm = doc.normalized
        found: list[Finding] = []
        seen: set[tuple[int, int]] = set()
        for pattern, compiled in self._compiled:
            for m in compiled.finditer(norm.text):
                start, end = norm.to_original(*m.span())
                if (start, end) in seen or start == end:
                    continue
                verdict = self.validate(m, doc)
                if verdict is False:
                    continue
                score = 1.0 if verdict else self._score(pattern, m, norm.text)
                model_fields = set(self.output_model.model_fields)
                extra = {k: v for k, v in self.fields(m, doc).items() if k in model_fields}
                found.append(
                    self.output_model(
                        **finding_span(doc, start, end),
                        score=score,
                        explanation=f"{self.name}: pattern {pattern.name}",
                        **extra,
                    )
                )
                seen.add((start, end))
        found.sort(key=lambda f: f.span)
        return found

    def _score(self, pattern: Pattern, m: regex.Match[str], text: str) -> float:
        window = text[max(0, m.start() - self.context_window) : m.start()]
        boost = self.context_boost if any(w in window for w in self.context) else 0.0
        return min(1.0, pattern.score + boost)
