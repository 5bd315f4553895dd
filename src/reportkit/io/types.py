"""What a reader returns before it becomes a :class:`~reportkit.document.Document`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Extracted:
    """Text taken out of one file.

    :param text: the text as decoded or extracted; every offset in reportkit indexes it
    :param encoding: the byte encoding for text formats (``None`` for .docx/.pdf)
    :param metadata: anything else the reader learnt (page count, a docx title property …)
    """

    text: str
    encoding: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
