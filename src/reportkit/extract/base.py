"""What an extractor is: a small class with a name, a version, a finding model and ``extract``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Finding(BaseModel):
    """Base model of every finding: its exact text, its span, a score and why it was found.

    Plugins subclass it with their own fields (``value``, ``unit``, ``leaders`` …). The pipeline
    checks ``document.text[span[0]:span[1]] == text`` for every finding and rejects those that fail.
    """

    model_config = ConfigDict(extra="allow")

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
