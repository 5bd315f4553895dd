"""Plain text and Markdown: bytes -> text through :mod:`reportkit.io.encoding`."""

from __future__ import annotations

from .encoding import decode_bytes
from .types import Extracted


def read_text_bytes(data: bytes, path: str | None = None) -> Extracted:
    """Decode a .txt/.md file. Markdown is kept as written (its markup is part of the text)."""
    text, encoding = decode_bytes(data, path)
    return Extracted(text=text, encoding=encoding)
