"""measures: one finding per concrete measure, rectification step, task or requirement.

The findings are the item model's, like those of :mod:`reportkit_extractors.problems`: every candidate
item is scored, and runs of neighbouring items of one sentence read as measures become one finding, with
the calibrated probability as ``score`` and the deciding features as ``explanation``.
"""

from __future__ import annotations

from pydantic import Field

from reportkit.document import Document
from reportkit.extract.base import Extractor, Finding
from reportkit.extract.context import Context

from .problems import item_findings

__all__ = ["Measure", "MeasuresExtractor"]


class Measure(Finding):
    """A measure, task or requirement, as written."""

    section: str | None = Field(None, description="the nearest heading above it")
    kind: str | None = Field(None, description="how its first item was found (heading, sentence, field, cell …)")


class MeasuresExtractor(Extractor):
    """Measures, tasks and requirements, one finding per item (run of items of one sentence)."""

    name = "measures"
    version = "2.0.0"
    output_model = Measure
    description = "measures, rectification steps, tasks and requirements (item model)"

    def extract(self, doc: Document, context: Context | None = None) -> list[Finding]:
        return item_findings(doc, context, "measure", Measure)
