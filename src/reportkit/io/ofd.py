""".ofd through ofdkit: China's fixed-layout format (GB/T 33190) for official documents (电子公文) and e-invoices.

An OFD stores, like a PDF, text placed on pages. ofdkit reads each page's text in reading order (text
objects, templates, composite units; columns kept apart); then, as for a PDF
(:func:`reportkit.io.pdf.paged_text`), page numbers at the top or bottom of a page are dropped and lines
broken mid-sentence re-joined. An OFD is a zip archive: its directory is checked before anything is
inflated, as a .docx's is (:func:`reportkit.io.docx.check_zip`). A file whose pages carry no text at all
(a scan) is :class:`NoTextLayerError`; pages that place an image and no text among pages of text are listed
in ``metadata["scanned_pages"]`` (1-based), as for a PDF; the document's title in its metadata, if any, is
kept as ``metadata["ofd_title"]``.
"""

from __future__ import annotations

import zipfile

from ..errors import InputError
from .docx import check_zip
from .pdf import _page_lines, paged_text
from .types import Extracted


def _draws_image(archive: zipfile.ZipFile, names: dict[str, str], location: str | None) -> bool:
    """Whether the page content at ``location`` in the package (``names``: its members by lower-cased
    name) places an image (``ImageObject``)."""
    if not location:
        return False
    name = names.get(location.lstrip("/").lower())
    if name is None:
        return False
    try:
        return b"ImageObject" in archive.read(name)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        return False


def read_ofd_bytes(data: bytes, path: str | None = None) -> Extracted:
    """Extract the text of an .ofd file."""
    try:
        import ofdkit
    except ImportError as exc:  # pragma: no cover - ofdkit is a core dependency
        raise InputError(path, "reading .ofd needs ofdkit: pip install ofdkit") from exc
    archive = check_zip(data, path, kind="ofd")
    try:
        with ofdkit.open(data) as document:
            pages = [_page_lines(page.text()) for page in document.pages]
            locations = [page.location for page in document.pages]
            title = (document.info.title or "").strip() or None
    except ofdkit.OFDLimitError as exc:
        raise InputError(path, f"refused: {exc}") from exc
    except ofdkit.OFDError as exc:
        raise InputError(path, f"not a readable .ofd file: {exc}") from exc
    if not pages:
        raise InputError(path, "the .ofd has no pages")
    names = {name.lower(): name for name in archive.namelist()}
    extracted = paged_text(pages, path, lambda k: _draws_image(archive, names, locations[k]), "no text on any page")
    if title:
        extracted.metadata["ofd_title"] = title
    return extracted
