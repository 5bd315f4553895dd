""".docx through python-docx: body paragraphs and tables in document order.

* Each paragraph becomes one line; empty paragraphs stay as empty lines, so paragraph breaks survive.
* A paragraph numbered by Word's list feature gets the number Word shows ("一、", "（一）", "1.", "①")
  in front of its text: python-docx leaves it out, and the outline needs it
  (:mod:`reportkit.io.docx_numbering`).
* A table becomes one line per row, cells separated by a tab; a merged cell is written once; a cell's
  own paragraphs (and nested tables) are joined by line breaks. Where every cell lands in the text is kept
  in ``metadata["tables"]`` (tables → rows → ``[start, end)`` of each cell), so that a cell of several
  paragraphs is still one cell (:mod:`reportkit.items.layer` reads it).
* A paragraph's text is what Word shows: runs inside hyperlinks, content controls (``w:sdt``, also
  around whole paragraphs), smart tags, fields (their result, not their code) and tracked insertions are
  read — python-docx's ``paragraph.text`` and block iterator leave them out — and deleted text, hidden
  runs and field codes are not.
* A text box's paragraphs and tables (``w:txbxContent``) are read as lines of their own after the paragraph
  that anchors the box, once: the VML copy an ``mc:Fallback`` holds of the same box is not read again.
  Text boxes inside text boxes are read down to :data:`MAX_BOX_DEPTH`.
* Headers, footers, footnotes and comments are not read.

Before python-docx inflates anything, the zip directory is checked: a declared uncompressed size over
:data:`MAX_UNCOMPRESSED` or a compression ratio over :data:`MAX_RATIO` is refused as a likely zip bomb,
and XML parts over :data:`MAX_XML` together (python-docx holds each as a tree of many times its size)
as too large to parse in bounded memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import EmptyDocumentError, InputError, LimitExceededError
from .docx_numbering import ListNumbers, switched_on
from .docx_numbering import W as _W
from .types import Extracted

MAX_UNCOMPRESSED = 256 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 200  # uncompressed / compressed, for members larger than 1 MiB
# bytes of XML parts, together: python-docx parses each into a tree of about 16 times its size (a
# 251 MB document.xml took 5 GB and then failed); 64 MiB holds millions of characters of text
MAX_XML = 64 * 1024 * 1024


def inflation(member: zipfile.ZipInfo) -> float | None:
    """How many times ``member`` would inflate, when it is over 1 MiB and over :data:`MAX_RATIO` times (a
    likely zip bomb); None otherwise."""
    packed = max(member.compress_size, 1)
    if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * packed:
        return member.file_size / packed
    return None


def check_zip(data: bytes, path: str | None, kind: str = "docx") -> zipfile.ZipFile:
    """Open ``data`` as a zip archive after checking its declared sizes; raise InputError if unsafe."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(path, f"not a valid .{kind} file (damaged or not a zip archive: {exc})") from exc
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise LimitExceededError(
            path,
            f"refused: the .{kind} declares {total:,} bytes uncompressed (limit {MAX_UNCOMPRESSED:,}); "
            "possibly a zip bomb",
        )
    for m in members:
        ratio = inflation(m)
        if ratio is not None:
            raise LimitExceededError(
                path,
                f"refused: member {m.filename} would inflate {ratio:.0f}x (limit {MAX_RATIO}x); possibly a zip bomb",
            )
    return archive


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# containers whose blocks are the document's own: content controls and custom XML around paragraphs
_BLOCK_WRAPPERS = {_W + "sdt", _W + "customXml", _W + "ins", _W + "moveTo"}
# what a paragraph holds that Word does not show as its text: properties, deleted or moved-away text,
# field codes, ruby guides, a fallback copy of what an mc:Choice shows, and drawings and text boxes
# (whose text is read after the paragraph's own: _text_boxes)
_NOT_SHOWN = {
    _W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _W + "instrText", _W + "delText", _W + "rt",
    _W + "drawing", _W + "pict", _W + "object", _W + "txbxContent", _MC_FALLBACK,
}  # fmt: skip
_BREAKS = {None, "textWrapping"}  # a page or column break is no line break in the text
_TEXT_BOX = _W + "txbxContent"
# what holds no text box Word shows: what it does not show as text, but the drawings that hold boxes
_NO_BOXES = _NOT_SHOWN - {_W + "drawing", _W + "pict", _W + "object", _TEXT_BOX}
MAX_BOX_DEPTH = 4  # text boxes inside text boxes read; real documents rarely nest even one


def _walk(root: Any, into: Callable[[Any], bool]) -> Iterator[Any]:
    """The elements below ``root`` in document order, without recursion (a hostile file may nest deep);
    ``into(el)`` says whether to go on into ``el``'s children."""
    stack = [iter(root)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        yield el
        if into(el):
            stack.append(iter(el))


def _block_elements(element: Any) -> Iterator[tuple[str, Any]]:
    """(``"p"`` | ``"tbl"``, element) of a body or cell in document order, looking inside content
    controls (``w:sdt``), custom XML and tracked insertions, which python-docx's block iterator skips."""
    for el in _walk(element, lambda el: el.tag in _BLOCK_WRAPPERS or el.tag == _W + "sdtContent"):
        if el.tag == _W + "p":
            yield "p", el
        elif el.tag == _W + "tbl":
            yield "tbl", el


def _hidden(run: Any) -> bool:
    return switched_on(run.find(_W + "rPr/" + _W + "vanish"))


# what a run's pieces read as, as python-docx writes them; a break's depends on its type
_PIECES = {_W + "tab": "\t", _W + "ptab": "\t", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def _shown(el: Any) -> bool:
    tag = el.tag
    return isinstance(tag, str) and tag not in _NOT_SHOWN and not (tag == _W + "r" and _hidden(el))


def paragraph_text(p: Any) -> str:
    """The text Word shows for paragraph element ``p``: its runs wherever they sit — in hyperlinks,
    content controls, smart tags, simple fields and tracked insertions, which python-docx's
    ``paragraph.text`` leaves out — without deleted text, field codes or hidden runs. A tab is ``\\t``,
    a line break ``\\n``, a non-breaking hyphen ``-``, as python-docx writes them."""
    out: list[str] = []
    for el in _walk(p, _shown):
        tag = el.tag
        if tag == _W + "t":  # reached only through elements Word shows (_shown)
            out.append(el.text or "")
        elif tag == _W + "br":
            out.append("\n" if el.get(_W + "type") in _BREAKS else "")
        elif tag in _PIECES:
            out.append(_PIECES[tag])
    return "".join(out)


def _text_boxes(p: Any) -> list[Any]:
    """The text boxes paragraph ``p`` anchors, in document order, each once (not its mc:Fallback copy, nor
    what a deleted run held), without the boxes inside them (they are the boxes' own)."""
    if p.find(".//" + _TEXT_BOX) is None:  # a C-level search: most paragraphs hold no box
        return []
    return [el for el in _walk(p, lambda el: el.tag not in _NO_BOXES and el.tag != _TEXT_BOX) if el.tag == _TEXT_BOX]


class _Writer:
    """The text of a document's blocks, line by line, and where each table cell lands in it."""

    def __init__(self, numbers: ListNumbers | None = None) -> None:
        self.numbers = numbers
        self.parts: list[str] = []
        self.length = 0
        self.tables: list[list[list[list[int]]]] = []  # tables -> rows -> cells -> [start, end)

    def put(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    def blocks(self, element: Any, proxy: Any, depth: int = 0) -> None:
        """The paragraphs and tables of a body, cell or text box element, each on a line of its own (lines
        joined by \\n), a paragraph's text boxes on lines after it; ``proxy`` is its python-docx object, the
        parent of its tables; ``depth`` how many text boxes hold it."""
        from docx.table import Table

        first = True
        for kind, block in _block_elements(element):
            if not first:
                self.put("\n")
            first = False
            if kind == "tbl":
                self.table(Table(block, proxy), depth)
            else:
                text = paragraph_text(block)
                if self.numbers:
                    text = self.numbers.label(block, empty=not text.strip()) + text
                self.put(text)
                if depth < MAX_BOX_DEPTH:
                    for box in _text_boxes(block):
                        self.put("\n")
                        self.blocks(box, proxy, depth + 1)

    def table(self, table: Any, depth: int = 0) -> None:
        rows: list[list[list[int]]] = []
        self.tables.append(rows)
        for r, row in enumerate(table.rows):
            if r:
                self.put("\n")
            seen: set[int] = set()
            cells: list[list[int]] = []
            try:
                row_cells = row.cells
            except (ValueError, IndexError):
                # a merge python-docx cannot lay out on the grid (a vMerge that continues no cell above it, under a
                # row a cell short): the row's cells as written, rather than the whole document refused
                from docx.table import _Cell

                row_cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
            for cell in row_cells:
                if id(cell._tc) in seen:  # a horizontally merged cell repeats
                    continue
                seen.add(id(cell._tc))
                if cells:
                    self.put("\t")
                start = self.length
                self.blocks(cell._tc, cell, depth)  # a cell's own paragraphs (and nested tables) on lines of their own
                cells.append([start, self.length])
            rows.append(cells)


def _list_numbers(document: Any) -> ListNumbers | None:
    """The document's automatic list numbers (numbering and styles parts), or None without lists."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = document.part
    try:
        numbering = part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None
    try:
        styles = part.part_related_by(RT.STYLES).element
    except KeyError:
        styles = None
    return ListNumbers(numbering, styles)


def read_docx_bytes(data: bytes, path: str | None = None) -> Extracted:
    """Extract the text of a .docx file."""
    archive = check_zip(data, path)
    xml = sum(m.file_size for m in archive.infolist() if m.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_XML:
        raise LimitExceededError(
            path,
            f"refused: its XML parts inflate to {xml:,} bytes (limit {MAX_XML:,}), too large to parse in "
            "bounded memory; split the document or save it as .txt",
        )
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - python-docx is a core dependency
        raise InputError(path, "reading .docx needs python-docx: pip install python-docx") from exc
    try:
        document = docx.Document(io.BytesIO(data))
        if document.element.body is None:
            raise InputError(path, "damaged .docx: its main part has no body (w:body), so no text")
        writer = _Writer(_list_numbers(document))
        writer.blocks(document.element.body, document._body)
        text = "".join(writer.parts)
        title = document.core_properties.title or None
    except InputError:
        raise
    except PackageNotFoundError as exc:
        raise InputError(path, "not a Word .docx package (no main document part)") from exc
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, AttributeError, TypeError) as exc:
        raise InputError(path, f"damaged .docx: {type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and friends from malformed parts
        if type(exc).__module__.startswith(("lxml", "docx")):
            raise InputError(path, f"damaged .docx: {type(exc).__name__}: {exc}") from exc
        raise
    if not text.strip():
        raise EmptyDocumentError(path, "the .docx contains no text")
    metadata: dict[str, Any] = {"docx_title": title} if title else {}
    if writer.tables:
        metadata["tables"] = writer.tables  # the items layer reads a table's rows and cells from it
    return Extracted(text=text, metadata=metadata)
