""".pdf through pypdf: the text layer, pages in order, broken lines re-joined.

A PDF stores lines, not paragraphs. A line is joined to the next when it runs (nearly) to the page's
full line width, does not end a sentence (。！？；：…) and the next line does not start a heading
(一、 （一） 1. …); a page break is treated like a line break, after dropping page-number lines
("- 3 -", "第3页", "3/12") at the top or bottom of each page. Chinese lines are joined without a
space; two Latin words get one.

A PDF whose pages carry no text at all is a scan: :class:`NoTextLayerError` ("OCR is not supported").
A PDF with some scanned pages among pages of text (a signed last page, a scanned annex) is read, and the
pages that carry an image and no text are listed in ``metadata["scanned_pages"]`` (1-based; the record's
``source.scanned_pages``), so that the text missing from them is said, not silently lost.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

from ..errors import InputError, NoTextLayerError
from ..normalize import PAGE_NUMBER, soft_wraps
from .types import Extracted

# pypdf reports malformed objects through logging; without a handler of its own, Python's
# last-resort handler would print them on the user's console. A NullHandler keeps them quiet
# while still letting an application that configures logging see them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def _page_lines(raw: str) -> list[str]:
    lines = [ln.rstrip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    # page numbers sit on the first or last line of a page
    if lines and PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    if lines and PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return lines


def _has_image(page) -> bool:
    """Whether a page draws an image (directly, or inside a form XObject at most two levels down)."""
    try:
        resources = page.get("/Resources")
        stack = [(resources.get_object() if resources is not None else None, 0)]
        while stack:
            res, depth = stack.pop()
            if res is None:
                continue
            xobjects = res.get("/XObject")
            if xobjects is None:
                continue
            for ref in xobjects.get_object().values():
                obj = ref.get_object()
                subtype = obj.get("/Subtype")
                if subtype == "/Image":
                    return True
                if subtype == "/Form" and depth < 2:
                    inner = obj.get("/Resources")
                    stack.append((inner.get_object() if inner is not None else None, depth + 1))
    except Exception:  # a damaged resource dictionary: no image known
        return False
    return False


def join_lines(pages: list[list[str]]) -> str:
    """Join the lines of all pages into paragraphs (exposed for tests)."""
    out: list[str] = []
    prev_width = 0  # the full line width of the page the last output line came from
    for lines in pages:
        width = max((len(ln.strip()) for ln in lines), default=0)
        if out and lines:  # the page break: decided with the previous page's width
            joins = [soft_wraps([out[-1], lines[0]], prev_width or width)[0]]
        else:
            joins = [False]
        joins += soft_wraps(lines, width)
        for line, join in zip(lines, joins):
            if out and join:
                left, right = out[-1][-1:], line.lstrip()[:1]
                # two Latin words get a space; digits broken across a line ("38" / "42件") do not
                latin = left.isascii() and left.isalpha() and right.isascii() and right.isalpha()
                out[-1] = out[-1] + (" " if latin else "") + line.lstrip()
            else:
                out.append(line)
        prev_width = width
    return "\n".join(out)


def read_pdf_bytes(data: bytes, path: str | None = None) -> Extracted:
    """Extract the text layer of a PDF."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as exc:  # pragma: no cover - pypdf is a core dependency
        raise InputError(path, "reading .pdf needs pypdf: pip install pypdf") from exc
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:
                raise InputError(
                    path, f"encrypted PDF that cannot be opened ({exc}); save an unencrypted copy"
                ) from exc
            if not ok:
                raise InputError(path, "encrypted PDF with a password; save an unencrypted copy")
        page_objects = list(reader.pages)
        pages = [_page_lines(page.extract_text() or "") for page in page_objects]
    except InputError:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        RecursionError,
        ZeroDivisionError,
        AssertionError,
        UnicodeError,
    ) as exc:
        raise InputError(path, f"damaged PDF: {type(exc).__name__}: {exc}") from exc
    return paged_text(pages, path, lambda k: _has_image(page_objects[k]), "no text layer")


def paged_text(pages: list[list[str]], path: str | None, draws_image: Callable[[int], bool], no_text: str) -> Extracted:
    """The text of a fixed-layout document (a PDF, an OFD) from its pages' lines: joined by
    :func:`join_lines`, with ``metadata["pages"]`` and ``metadata["scanned_pages"]`` (1-based) for the pages
    that have no text and draw an image (``draws_image(k)``, ``k`` 0-based: asked only of those). When no
    page has text the document is a scan: :class:`NoTextLayerError` starting with ``no_text``."""
    blank = [not any(ln.strip() for ln in lines) for lines in pages]
    if all(blank):
        n = len(pages)
        raise NoTextLayerError(
            path, f"{no_text}; OCR is not supported ({n} page{'s' if n != 1 else ''}, all without text)"
        )
    metadata: dict[str, object] = {"pages": len(pages)}
    scanned = [k + 1 for k, empty in enumerate(blank) if empty and draws_image(k)]
    if scanned:
        metadata["scanned_pages"] = scanned
    return Extracted(text=join_lines(pages), metadata=metadata)
