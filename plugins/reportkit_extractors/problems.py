"""problems: one finding per problem or shortcoming the text reports as found or existing.

The findings are the item model's (:mod:`reportkit.items.model`): every candidate item of the document
(:mod:`reportkit.items.layer` — headings, list entries, sentences and clauses, labelled fields, table
cells, inline lists) is scored, and runs of neighbouring items of one sentence read as problems become one
finding. ``score`` is the model's calibrated probability and ``explanation`` names the features that
decided it; ``section`` is the nearest heading above.
"""

from __future__ import annotations

from pydantic import Field

from reportkit.document import Document
from reportkit.extract.base import Extractor, Finding, finding_span
from reportkit.extract.context import Context
from reportkit.items.features import describe_evidence

__all__ = ["Problem", "ProblemsExtractor", "item_findings"]


class Problem(Finding):
    """A problem or shortcoming, as written."""

    section: str | None = Field(None, description="the nearest heading above it")
    kind: str | None = Field(None, description="how its first item was found (heading, sentence, field, cell …)")


def item_findings(doc: Document, context: Context | None, label: str, model: type[Finding]) -> list[Finding]:
    """The item model's findings of one label as findings of ``model`` (shared with measures)."""
    context = context if context is not None else Context.default(doc)
    return [
        model(
            **finding_span(doc, f.start, f.end),
            section=f.section,
            kind=f.items[0].kind,
            score=round(f.score, 4),
            explanation=describe_evidence(f.evidence),
        )
        for f in context.item_findings()
        if f.label == label
    ]


class ProblemsExtractor(Extractor):
    """Problems found or existing, one finding per item (run of items of one sentence)."""

    name = "problems"
    version = "2.0.0"
    output_model = Problem
    description = "problems and shortcomings reported as found or existing (item model)"

    def extract(self, doc: Document, context: Context | None = None) -> list[Finding]:
        return item_findings(doc, context, "problem", Problem)
