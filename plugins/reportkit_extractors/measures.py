"""measures: one finding per concrete measure, rectification step, task or requirement.

Items of sections such as 整改措施 / 下一步打算 / 主要任务 / 重点工作 / 工作要求 / 保障措施 / 对策建议, the steps taken
in 问题/整改 blocks, and requirements after a lead-in ("会议要求：一要…"). In a summary only the forward-looking
or rectifying items count, not the past achievements. ``section`` is the heading the item came from.
"""

from __future__ import annotations

from pydantic import Field

from reportkit.document import Document
from reportkit.extract.base import Extractor, Finding, finding_span

from ._items import is_measure, units

__all__ = ["Measure", "MeasuresExtractor"]


class Measure(Finding):
    """A measure, task or requirement, as written."""

    section: str | None = Field(None, description="the heading (or lead-in) that framed it")


class MeasuresExtractor(Extractor):
    """Measures, tasks and requirements, one finding per item."""

    name = "measures"
    version = "1.0.0"
    output_model = Measure
    description = "measures, rectification steps, tasks and requirements (整改措施, 下一步打算, 主要任务…)"

    def extract(self, doc: Document) -> list[Measure]:
        doc_type = getattr(doc, "doc_type", None)
        out = []
        for unit in units(doc):
            text = unit.text(doc)
            if is_measure(unit, text, doc_type):
                why = "label" if unit.label == "measure" else f"{unit.context or 'requirement'} context"
                out.append(
                    Measure(
                        **finding_span(doc, unit.start, unit.end),
                        section=unit.heading,
                        score=0.8 if unit.context == "measure" or unit.label else 0.6,
                        explanation=f"measures: {why}",
                    )
                )
        return out
