""".html/.htm through lxml: the visible text of the page, block elements as line breaks.

* Encoding: a byte-order mark, then the ``<meta charset>`` / ``http-equiv`` declaration (GB2312/GBK read
  as GB18030), then detection as for text files.
* Left out: ``script``, ``style``, ``template``, ``head`` and other invisible elements, elements marked
  ``hidden`` or ``display:none``, and boilerplate that can be told apart: ``nav``, ``aside``, ``footer``,
  page-level ``header``, forms, and elements whose id/class names navigation, menus, breadcrumbs,
  footers, sidebars, share bars, comments, copyright lines or adverts. When the page has an
  ``<article>`` or ``<main>`` element, only that is read.
* Whitespace is collapsed as a browser does; a line break between two wide (Chinese) characters
  disappears (CSS segment-break rule), so ``工作\\n专班`` in the source reads ``工作专班``. Entities are
  decoded.
* Each block element (``p``, ``div``, ``li``, ``h1``…, ``tr`` …) starts a new line; table cells are
  separated by tabs.
* An ordered list's numbers, which the browser draws and the page does not hold, are written before each
  ``<li>`` as a browser shows them: ``1.``, or as its ``type`` (``a``, ``A``, ``i``, ``I``) or inline
  ``list-style-type`` says (``一、`` for ``cjk-ideographic`` and the Chinese styles, nothing for ``none``),
  counting from ``start`` (down, for ``reversed``) and from an item's ``value``. An item whose text already
  opens with a list number (a page that hides the browser's numbers with a style sheet and writes its own)
  gets none. Style sheets are not read.
* The title: the longest visible ``h1``–``h3`` heading whose text the page's ``<title>`` contains (a
  ``<title>`` often adds the site's name: 标题_某某县人民政府), else the first visible ``<h1>``; its line is
  recorded as ``metadata["title_span"]`` so that a breadcrumb or site-name line above it is not taken
  for the title. A page with neither leaves the title to the document's own detection.
"""

from __future__ import annotations

import unicodedata

import regex

from ..errors import DecodeError, EmptyDocumentError, InputError, LimitExceededError
from .docx_numbering import format_number
from .encoding import decode_bytes
from .types import Extracted

_META_CHARSET = regex.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.IGNORECASE)
_XML_DECL = regex.compile(r"^\s*<\?xml[^>]*\?>")
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "big5": "big5hkscs",
    "utf8": "utf-8",
}
_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "select",
    "option",
    "iframe",
    "svg",
    "canvas",
    "object",
    "embed",
    "input",
    "textarea",
    "audio",
    "video",
    "map",
    "dialog",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "dl",
    "dt",
    "dd",
    "hr",
    "address",
    "figure",
    "figcaption",
    "center",
    "header",
    "caption",
    "body",
    "html",
    "fieldset",
    "details",
    "summary",
}
_CELL_TAGS = {"td", "th"}
_BOILERPLATE = regex.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|footer|foot|sidebar|side-?bar|"
    r"share|sharing|social|comments?|copyright|toolbar|topbar|advert\w*|ads?|banner|login|"
    r"search|pager|pagination|skip|cookie)(?:$|[\s_\-])",
    regex.IGNORECASE,
)
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_WS_RUN = regex.compile(r"[ \t\r\n\f]+")


def _decode_html(data: bytes, path: str | None) -> tuple[str, str]:
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data, path)
    match = _META_CHARSET.search(data[:8192])
    if match:
        declared = match.group(1).decode("ascii", "replace").lower()
        codec = _CHARSET_ALIASES.get(declared, declared)
        try:
            return data.decode(codec), ("gb18030" if codec == "gb18030" else declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back to detection
    return decode_bytes(data, path)


def _wide(char: str) -> bool:
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def _collapse(text: str) -> str:
    def repl(m: regex.Match[str]) -> str:
        run = m.group(0)
        if "\n" in run or "\r" in run:
            before = text[m.start() - 1] if m.start() else ""
            after = text[m.end()] if m.end() < len(text) else ""
            if _wide(before) and _wide(after):
                return ""
        return " "

    return _WS_RUN.sub(repl, text)


# an ordered list's number formats (Word's names, which format_number writes) and the text after the number
_OL_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
_OL_STYLES = {
    "decimal": ("decimal", "."),
    "decimal-leading-zero": ("decimalZero", "."),
    "lower-alpha": ("lowerLetter", "."),
    "lower-latin": ("lowerLetter", "."),
    "upper-alpha": ("upperLetter", "."),
    "upper-latin": ("upperLetter", "."),
    "lower-roman": ("lowerRoman", "."),
    "upper-roman": ("upperRoman", "."),
    "cjk-decimal": ("ideographDigital", "、"),
    "cjk-ideographic": ("chineseCounting", "、"),
    "simp-chinese-informal": ("chineseCounting", "、"),
    "trad-chinese-informal": ("chineseCounting", "、"),
    "simp-chinese-formal": ("chineseLegalSimplified", "、"),
    "none": ("none", ""),
}
_LIST_STYLE = regex.compile(r"list-style(?:-type)?\s*:\s*([^;]*)", regex.IGNORECASE)
# a list item that opens with its own number: 1. 1、 (1) （一） 一、 ① 第一
_OWN_NUMBER = regex.compile(
    r"^\s*(?:[（(]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[）)]|(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.．、]|[\u2460-\u2473\u2474-\u2487]|第[一二三四五六七八九十]{1,3})"
)


def _list_format(el, inherited: tuple[str, str]) -> tuple[str, str]:
    """The number format and suffix an ``<ol>`` or ``<li>`` gives its numbers (``inherited`` otherwise)."""
    style = _LIST_STYLE.search(el.get("style", ""))
    if style is not None:
        for word in style.group(1).lower().split():
            if word in _OL_STYLES:
                return _OL_STYLES[word]
    kind = el.get("type")
    if kind is not None and kind.strip() in _OL_TYPES:
        return _OL_TYPES[kind.strip()], "."
    return inherited


def _int_attr(el, name: str) -> int | None:
    try:
        return int(str(el.get(name, "")).strip())
    except ValueError:
        return None


def _list_markers(ol) -> dict[int, str]:
    """The number a browser draws before each ``<li>`` child of ``ol``, by the child's position in ``ol``
    (lxml's element proxies are made anew on each access, so their ids cannot be keys)."""
    items = [(k, child) for k, child in enumerate(ol) if isinstance(child.tag, str) and child.tag.lower() == "li"]
    down = ol.get("reversed") is not None
    start = _int_attr(ol, "start")
    n = (start if start is not None else (len(items) if down else 1)) - (-1 if down else 1)
    fmt = _list_format(ol, ("decimal", "."))
    out = {}
    for k, li in items:
        value = _int_attr(li, "value")
        n = value if value is not None else n + (-1 if down else 1)
        number_format, suffix = _list_format(li, fmt)
        number = format_number(n, number_format)
        if number and not _OWN_NUMBER.match(li.text_content()):
            out[k] = number + suffix
    return out


def _is_boilerplate(el) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(el.get("style", "")):
        return True
    names = f"{el.get('id', '')} {el.get('class', '')}".strip()
    return bool(names and _BOILERPLATE.search(names))


class _TextBuilder:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.marker: str | None = None  # a list number waiting for its item's first text

    def add(self, text: str) -> None:
        if self.marker is not None and text.strip():
            self.current.append(self.marker)
            self.marker = None
            text = text.lstrip()
        self.current.append(text)

    def newline(self) -> None:
        line = "".join(self.current).replace("\xa0", " ").strip(" \t")
        if line:
            self.lines.append(line)
        self.current = []

    def text(self) -> str:
        self.newline()
        return "\n".join(self.lines)


def _walk(el, out: _TextBuilder, in_article: bool, pre: bool, marker: str | None = None) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    tag = tag.lower()
    if tag in _SKIP_TAGS or (tag == "header" and not in_article) or (tag and _is_boilerplate(el)):
        if el.tail:
            out.add(el.tail if pre else _collapse(el.tail))
        return
    if not tag:  # comments, processing instructions
        if el.tail:
            out.add(el.tail if pre else _collapse(el.tail))
        return
    block = tag in _BLOCK_TAGS
    if block:
        out.newline()
    if tag == "br":
        out.newline()
    pre_here = pre or tag == "pre"
    if marker is not None:
        out.marker = marker
    if el.text:
        if pre_here:
            for i, part in enumerate(el.text.split("\n")):
                if i:
                    out.newline()
                out.add(part)
        else:
            out.add(_collapse(el.text))
    inner_article = in_article or tag in {"article", "main"}
    markers = _list_markers(el) if tag == "ol" else {}
    for k, child in enumerate(el):
        _walk(child, out, inner_article, pre_here, markers.get(k))
    if marker is not None:
        out.marker = None  # an item without text: no number alone on a line
    if tag in _CELL_TAGS:
        out.add("\t")
    if block:
        out.newline()
    if el.tail:
        out.add(el.tail if pre else _collapse(el.tail))


MAX_DEPTH = 512  # elements inside elements; real pages stay below 100


def _depth(root) -> int:
    """How deeply the tree's elements nest (without recursion)."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > deepest:
            deepest = depth
        stack.extend((child, depth + 1) for child in el)
    return deepest


def read_html_bytes(data: bytes, path: str | None = None) -> Extracted:
    """Extract the visible text of an HTML page."""
    text, encoding = _decode_html(data, path)
    try:
        import lxml.html
        from lxml import etree
    except ImportError as exc:  # pragma: no cover - lxml is a core dependency
        raise InputError(path, "reading .html needs lxml: pip install lxml") from exc
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise EmptyDocumentError(path, "the page is empty")
    # libxml2 stops building the tree 256 elements deep (2,048 with huge_tree) and drops the rest of
    # the page with no error raised: the depth is checked here instead, and a page nested deeper than
    # MAX_DEPTH is refused with a message rather than read in part
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise DecodeError(path, f"cannot parse as HTML: {exc}") from exc
    depth = _depth(root)
    cut = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)  # libxml2 stopped: even deeper
    if depth > MAX_DEPTH or cut:
        deep = f"{'at least ' if cut else ''}{depth:,}"
        raise LimitExceededError(
            path,
            f"refused: HTML elements nested {deep} levels deep (limit {MAX_DEPTH:,}); part of the text would be lost",
        )
    content = root.find(".//article")
    if content is None:
        content = root.find(".//main")
    out = _TextBuilder()
    if content is not None:
        content.tail = None
        _walk(content, out, True, False)
    else:
        _walk(root, out, False, False)
    result = "\n".join(line.rstrip("\t ") for line in out.text().split("\n"))
    if not result.strip():
        raise EmptyDocumentError(path, "the page has no visible text")
    metadata: dict[str, object] = {}
    span = _title_span(content if content is not None else root, result, root.findtext(".//title"))
    if span is not None:
        metadata["title_span"] = span
    return Extracted(text=result, encoding=encoding, metadata=metadata)


def _title_span(content, text: str, page_title: str | None) -> tuple[int, int] | None:
    """Where the page's title heading is in ``text``: the longest h1–h3 that ``<title>`` names (the first
    of equals; a site name in an h1 is named there too, but is shorter than the article's title), else the
    first h1 — each only when it is a line of the text (visible, not left out as boilerplate)."""
    starts, lines = [], text.split("\n")
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    where: dict[str, int] = {}
    for i, line in enumerate(lines):
        where.setdefault(line.strip(), i)
    named = " ".join((page_title or "").split())
    first_h1: tuple[int, int] | None = None
    named_best: tuple[int, int] | None = None
    for el in content.iter("h1", "h2", "h3"):
        out = _TextBuilder()
        tail, el.tail = el.tail, None  # the heading's own text, not what follows it
        try:
            _walk(el, out, True, False)
        finally:
            el.tail = tail
        heading = " ".join(out.text().split("\n")).strip()
        at = where.get(heading)
        if not heading or at is None:
            continue
        line = lines[at]
        start = starts[at] + len(line) - len(line.lstrip())
        span = (start, start + len(heading))
        longer = named_best is None or len(heading) > named_best[1] - named_best[0]
        if named and len(heading) >= 4 and heading in named and longer:
            named_best = span
        if first_h1 is None and el.tag == "h1":
            first_h1 = span
    return named_best or first_h1
