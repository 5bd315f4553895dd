"""problems: one finding per problem or shortcoming the text reports as found or existing.

Items of sections such as 存在问题 / 存在的主要问题 / 问题和不足 / 差距和不足 / 薄弱环节, problems listed after a
lead-in ("检查发现以下问题："), and the problem half of 问题/整改 blocks; lists are split at ；, numbered
items and enumerations (一是…), list numbers and final punctuation stripped. ``section`` is the heading the
item came from. See :mod:`reportkit_extractors._items` for how units and contexts are read.
"""

from __future__ import annotations

from pydantic import Field

from reportkit.document import Document
from reportkit.extract.base import Extractor, Finding, finding_span

from ._items import inline_problems, is_problem, units

__all__ = ["Problem", "ProblemsExtractor"]


class Problem(Finding):
    """A problem or shortcoming, as written."""

    section: str | None = Field(None, description="the heading (or lead-in) that framed it")


class ProblemsExtractor(Extractor):
    """Problems found or existing, one finding per item."""

    name = "problems"
    version = "1.0.0"
    output_model = Problem
    description = "problems and shortcomings reported as found or existing (存在问题, 检查发现…)"

    def extract(self, doc: Document) -> list[Problem]:
        out = []
        for unit in units(doc):
            text = unit.text(doc)
            if is_problem(unit, text):
                why = "label" if unit.label == "problem" else f"{unit.context} context"
                out.append(
                    Problem(
                        **finding_span(doc, unit.start, unit.end),
                        section=unit.heading,
                        score=0.8 if unit.context == "problem" or unit.label else 0.6,
                        explanation=f"problems: {why}",
                    )
                )
            elif unit.context not in ("problem", "measure"):
                # "项目也存在A、B、C等问题": a list of problems inside an ordinary sentence
                for start, end in inline_problems(doc, unit.start, unit.end):
                    out.append(
                        Problem(
                            **finding_span(doc, start, end),
                            section=unit.heading,
                            score=0.6,
                            explanation="problems: 存在…等问题",
                        )
                    )
        return out
