"""What an extractor may read besides the document: its type, the findings so far, and shared models.

The pipeline hands every extractor that asks for it (``def extract(self, doc, context)``) a
:class:`Context`: the document's type and confidence from the classifier, the findings of the
extractors that ran before it (every extractor named in its ``requires`` among them), and the item
model's reading of the document (:meth:`Context.item_findings`), computed once and shared by the
problems and measures extractors and anything built on them. An extractor written as
``def extract(self, doc)`` is called that way and keeps working unchanged.

Called outside a pipeline (``ProblemsExtractor().extract(doc)``), an extractor that needs a context
builds one with :meth:`Context.default`: the shipped classifier and item model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..document import Document
    from ..items.model import ItemFinding, ItemModel
    from ..record import DocType
    from .base import Finding

__all__ = ["Context"]


@dataclass
class Context:
    """The context of one extractor call.

    :ivar doc: the document
    :ivar doc_type: the classifier's verdict (label, confidence, every label's probability), or None
        when classification is off
    :ivar findings: findings so far, by extractor name (read-only); every name in the extractor's
        ``requires`` is there
    :ivar items_model: the item model (:mod:`reportkit.items.model`), or None to find no items
    :ivar min_score: the lowest item-model score reported as a finding
    """

    doc: Document
    doc_type: DocType | None = None
    findings: Mapping[str, Sequence[Finding]] = field(default_factory=lambda: MappingProxyType({}))
    items_model: ItemModel | None = None
    min_score: float = 0.5
    _item_findings: list[ItemFinding] | None = field(default=None, repr=False)

    @property
    def label(self) -> str | None:
        """The document type's label, or None."""
        return self.doc_type.label if self.doc_type is not None else None

    @property
    def confidence(self) -> float | None:
        return self.doc_type.confidence if self.doc_type is not None else None

    @property
    def type_scores(self) -> dict[str, float] | None:
        """Every label's probability, or None when classification is off."""
        return dict(self.doc_type.scores) if self.doc_type is not None else None

    def item_findings(self) -> list[ItemFinding]:
        """Problems and measures as the item model reads the document (at ``min_score``), computed once."""
        if self._item_findings is None:
            if self.items_model is None:
                self._item_findings = []
            else:
                self._item_findings = self.items_model.findings(self.doc, self.type_scores, self.min_score)
        return self._item_findings

    @classmethod
    def default(cls, doc: Document, **overrides: Any) -> Context:
        """A context for an extractor called on its own: the shipped classifier and item model."""
        from ..classifier import load_model
        from ..items.model import load_item_model

        options: dict[str, Any] = {"doc_type": load_model(None).predict(doc), "items_model": load_item_model()}
        options.update(overrides)
        return cls(doc, **options)
