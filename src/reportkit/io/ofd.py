""".ofd through ofdkit: China's fixed-layout format (GB/T 33190) for official documents (电子公文) and e-invoices.

An OFD stores, like a PDF, text placed on pages. ofdkit reads each page's text in reading order (text
objects, templates, composite units; columns kept apart); then, as for a PDF
(:func:`reportkit.io.pdf.join_lines`), page numbers at the top or bottom of a page are dropped and lines
broken mid-sentence re-joined. An OFD is a zip archive: its directory is checked before anything is
inflated, as a .docx's is (:func:`reportkit.io.docx.check_zip`). A file whose pages carry no text at all
(a scan) is :class:`NoTextLayerError`; the document's title in its metadata, if any, is kept as
``metadata["ofd_title"]``.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError, NoTextLayerError
from .docx import check_zip
from .pdf import _page_lines, join_lines
from .types import Extracted


def read_ofd_bytes(data: bytes, path: str | None = None) -> Extracted:
    """Extract the text of an .ofd file."""
    check_zip(data, path, kind="ofd")
    try:
        import ofdkit
    except ImportError as exc:  # pragma: no cover - ofdkit is a core dependency
        raise InputError(path, "reading .ofd needs ofdkit: pip install ofdkit") from exc
    try:
        with ofdkit.open(data) as document:
            pages = [_page_lines(page.text()) for page in document.pages]
            title = (document.info.title or "").strip() or None
    except ofdkit.OFDLimitError as exc:
        raise InputError(path, f"refused: {exc}") from exc
    except ofdkit.OFDError as exc:
        raise InputError(path, f"not a readable .ofd file: {exc}") from exc
    if not pages:
        raise InputError(path, "the .ofd has no pages")
    if not any(ln.strip() for lines in pages for ln in lines):
        n = len(pages)
        raise NoTextLayerError(
            path, f"no text on any page; OCR is not supported ({n} page{'s' if n != 1 else ''}, all without text)"
        )
    metadata: dict[str, Any] = {"pages": len(pages)}
    if title:
        metadata["ofd_title"] = title
    return Extracted(text=join_lines(pages), metadata=metadata)
