"""The Document: a report's text exactly as decoded, and everything derived from it, lazily.

``Document.text`` is the text as read from the file (BOM removed, no newline translation). Every
offset anywhere in reportkit — outline, paragraphs, sentences, tokens, findings — indexes this string,
so ``doc.text[start:end]`` is always the thing reported.

Derived views are computed on first use and cached: :attr:`Document.outline`,
:attr:`Document.paragraphs`, :attr:`Document.sentences`, :attr:`Document.normalized` (the matching view
with its offset map) and :meth:`Document.tokens` (jieba).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import regex

from .errors import InputError
from .normalize import NormalizedText, Unwrapped, cell_bars, page_number_lines, run_together_breaks, wrapped_lines
from .outline import Section, detect_title, parse_outline
from .part_headings import heading_title_span
from .segment import Token  # a light import: jieba loads only when a Segmenter first segments
from .textutil import strip_span

if TYPE_CHECKING:
    from .items.layer import Item
    from .segment import Segmenter

__all__ = ["Document", "Source", "Span", "Paragraph", "Sentence"]

_START = itemgetter(1)  # the start offset of a (word, start, end) tuple
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of ``Document.text``."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def intersects(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Source:
    """Where a document came from.

    :ivar path: the file (``None`` for stdin or text given in Python)
    :ivar part: the part number when a compilation was split (``None`` otherwise)
    :ivar offset: where this part's text starts in the file's text (0 for whole files)
    :ivar format: ``txt``, ``md``, ``docx``, ``pdf``, ``html``, ``doc`` …, or ``text`` for in-memory text
    :ivar encoding: the detected byte encoding for text formats
    :ivar sha256: hash of the file's bytes
    """

    path: str | None = None
    part: int | None = None
    parts: int | None = None
    part_heading: str | None = None
    offset: int = 0
    format: str = "text"
    encoding: str | None = None
    sha256: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A non-empty line of the text, without its surrounding whitespace."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: up to and including 。！？；… (and closing quotes), or the end of its paragraph."""

    start: int
    end: int
    text: str


_SENTENCE = regex.compile(r"[^。！？!?；;…\n]*(?:(?:……|…|[。！？!?；;])+[”’」』）)\"']*|$)")
_SPACE = " \t\r\u3000\xa0\ufeff"


def _unwrap(text: str, breaks: list[int], joiner: str = " ") -> str:
    if not breaks:
        return text
    chars = list(text)
    for at in breaks:
        chars[at] = joiner
    return "".join(chars)


class Document:
    """A report: its text, its source, and lazily derived structure.

    :param text: the text exactly as decoded; all offsets index it
    :param source: where it came from (defaults to in-memory text)
    :param segmenter: the jieba segmenter used by :meth:`tokens` and the normalized view (defaults to
        the process-wide one)

    >>> doc = Document("关于安全生产的整改报告\\n一、存在问题\\n1. 台账不全。")
    >>> doc.title
    '关于安全生产的整改报告'
    >>> [s.heading for s in doc.sections]
    ['一、存在问题', '1. 台账不全']
    """

    def __init__(self, text: str, source: Source | None = None, segmenter: Segmenter | None = None) -> None:
        if not isinstance(text, str):
            raise TypeError(f"Document text must be str, not {type(text).__name__}")
        self.source = source or Source()
        if not text.isascii():
            surrogate = _SURROGATE.search(text)
            if surrogate is not None:  # a str, not text: it cannot be hashed, segmented or written as UTF-8
                raise InputError(
                    self.source.path,
                    f"the text holds a lone surrogate (U+{ord(surrogate.group()):04X}) "
                    f"at offset {surrogate.start()}, which is not a character",
                )
        self.text = text
        self._segmenter = segmenter
        self._words: list[tuple[str, int, int]] | None = None
        #: the label the pipeline's classifier gave this document (None before classification)
        self.doc_type: str | None = None

    def __getstate__(self) -> dict[str, Any]:
        """A pickled document leaves its segmenter behind (jieba's tokenizer, which pickle cannot take): the
        words it found stay; a document that needs more loads the default segmenter where it is unpickled."""
        state = self.__dict__.copy()
        state["_segmenter"] = None
        return state

    def __repr__(self) -> str:
        where = self.source.path or "<text>"
        part = f" part {self.source.part}" if self.source.part is not None else ""
        return f"<Document {where}{part}: {len(self.text)} chars>"

    def __len__(self) -> int:
        return len(self.text)

    # -- identity ---------------------------------------------------------------------------
    @cached_property
    def id(self) -> str:
        """A stable id: the file's hash (or the text's), plus the part number for split files."""
        digest = self.source.sha256 or hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        base = digest[:16]
        return f"{base}-p{self.source.part}" if self.source.part is not None else base

    # -- structure --------------------------------------------------------------------------
    @cached_property
    def folded(self) -> str:
        """``text`` with full-width forms folded to half-width, same length (offsets unchanged)."""
        from .normalize import fold

        return fold(self.text)

    @cached_property
    def wrapped_breaks(self) -> list[int]:
        """Offsets of the line breaks inside hard-wrapped paragraphs (text copied from a PDF), which join
        their lines into one paragraph (see :func:`~reportkit.normalize.wrapped_lines`), read as if its
        :attr:`page_numbers` were not there: the breaks around one inside a paragraph are among them."""
        return wrapped_lines(self.text, self.page_numbers)

    @cached_property
    def page_numbers(self) -> list[tuple[int, int]]:
        """Spans of the lines that hold only a page number ("- 3 -", "第3页", or a bare number where the
        document numbers its pages so: :func:`~reportkit.normalize.page_number_lines`), which text copied out of
        a PDF keeps, often in the middle of a paragraph; the views the pipeline reads leave them out."""
        return page_number_lines(self.text)

    @property
    def cuts(self) -> list[tuple[int, int]]:
        """What the views the pipeline reads leave out: a Markdown file's :attr:`markup` and the
        :attr:`page_numbers` lines."""
        if not self.page_numbers:
            return self.markup
        return sorted(self.markup + self.page_numbers) if self.markup else self.page_numbers

    @cached_property
    def layout_text(self) -> str:
        """``text`` with the line breaks inside hard-wrapped paragraphs made spaces, same length: the
        text paragraphs, sentences, the outline and the items layer read lines from (offsets unchanged)."""
        text = _unwrap(self.text, self.wrapped_breaks)
        bars = cell_bars(text)  # a table copied one cell a line, a bar after each cell: read without them
        return _unwrap(text, bars) if bars else text

    @cached_property
    def run_together_breaks(self) -> list[int]:
        """Offsets where a line break belongs in run-together text (paragraphs, headings and fields run
        into one line, as text copied from a web page or a chat often is): before a heading or a field that a
        reader takes to start a line there (see :func:`~reportkit.normalize.run_together_breaks`). Read in the
        text without the breaks of hard-wrapped paragraphs, which a page's width put in."""
        if not self.wrapped_breaks and not self.cuts:
            return run_together_breaks(self.text)
        joined = self.unwrapped
        return [joined.to_original(at, at + 1)[0] for at in run_together_breaks(joined.text)]

    @cached_property
    def markup(self) -> list[tuple[int, int]]:
        """Spans of a Markdown file's syntax (``# `` before a heading, ``- `` before an entry, ``**`` around
        bold words, a link's target …: :func:`~reportkit.normalize.markdown_markup`), which the views the
        pipeline reads leave out; empty for any other format."""
        from .normalize import markdown_markup

        return markdown_markup(self.text) if self.source.format == "md" else []

    @cached_property
    def unwrapped(self) -> Unwrapped:
        """``text`` with those breaks (and the :attr:`cuts`) taken out, and the map back
        (:class:`~reportkit.normalize.Unwrapped`): for patterns that must match across a wrap."""
        return Unwrapped(self.text, self.wrapped_breaks, cuts=self.cuts)

    @cached_property
    def unwrapped_document(self) -> Document:
        """This document with the line breaks of its hard-wrapped paragraphs (and the
        :attr:`cuts`) taken out — itself when it has neither: what the classifier reads. Its offsets index
        :attr:`unwrapped`'s text; ``unwrapped.to_original`` maps them back."""
        if not self.wrapped_breaks and not self.cuts:
            return self
        return self.view(self.unwrapped.text)

    def view(self, text: str, words: list[tuple[str, int, int]] | None = None) -> Document:
        """A document of this one's view ``text`` (its markup already taken out), read with the same segmenter:
        for what reads a document's words without pointing back into it (the classifier's features).
        ``words``: the view's words when they are known (this document's, moved to the view's offsets), so
        that they are not segmented a second time."""
        view = Document(text, source=self.source, segmenter=self._segmenter)
        view.markup = []
        view.page_numbers = []
        view._words = words
        return view

    @cached_property
    def laid_out(self) -> Unwrapped:
        """``text`` as laid out, and the map back: the breaks of hard-wrapped paragraphs taken out, and a line
        break put in at each of :attr:`run_together_breaks` (the same as :attr:`unwrapped` when there are none)."""
        if not self.run_together_breaks:
            return self.unwrapped
        return Unwrapped(self.text, self.wrapped_breaks, self.run_together_breaks, cuts=self.cuts)

    @cached_property
    def laid_out_document(self) -> Document:
        """This document as laid out (:attr:`laid_out`) — or itself when it has neither wraps nor run-together
        breaks: what :meth:`Pipeline.analyze <reportkit.pipeline.Pipeline.analyze>` analyzes. Its offsets
        index :attr:`laid_out`'s text; ``laid_out.to_original`` maps them back."""
        if not self.run_together_breaks:
            return self.unwrapped_document
        return self.view(self.laid_out.text)

    @cached_property
    def layout_folded(self) -> str:
        """:attr:`folded` with the same breaks made line separators (U+2028, which no pattern of the outline
        takes for the gap that ends a heading's title, as it takes a space): what the outline reads."""
        return _unwrap(self.folded, self.wrapped_breaks, "\u2028")

    @cached_property
    def title_span(self) -> tuple[int, int] | None:
        """Span of the title line, or None when the text does not open with one.

        A part of a split compilation opens with its part heading ("1.XX工作总结 篇一"); its title is
        the heading without the part number. A reader may mark the title (``metadata["title_span"]``: an
        HTML page's ``<h1>``, or the heading its ``<title>`` names); otherwise the first title-like line
        is taken (:func:`~reportkit.outline.detect_title`).
        """
        heading = self.source.part_heading
        marked = self.source.metadata.get("title_span")  # a reader that knows (an HTML page's <h1>)
        if marked is not None and self.source.part is None:
            start, end = marked
            if 0 <= start < end <= len(self.text):
                return start, end
        if heading and self.text.lstrip().startswith(heading):
            start = len(self.text) - len(self.text.lstrip())
            span = heading_title_span(heading)
            if span is not None:
                return start + span[0], start + span[1]
        return detect_title(self.text, self.layout_folded)

    @property
    def title(self) -> str | None:
        """The title as written, or None."""
        span = self.title_span
        return self.text[span[0] : span[1]] if span else None

    @cached_property
    def outline(self) -> Section:
        """The root :class:`~reportkit.outline.Section` of the heading tree."""
        return parse_outline(self.text, self.layout_folded)

    @cached_property
    def laid_out_outline(self) -> Section:
        """The outline as :meth:`Pipeline.analyze <reportkit.pipeline.Pipeline.analyze>` reads it — that of
        :attr:`laid_out_document`, where a Markdown file's markup (``## 一、存在问题``) is taken out and a
        heading run together with its body (``一、存在问题巡察发现，…``) stands on a line of its own — with its
        spans mapped back to ``text`` (``text[heading_span]`` is each ``heading``). What ``reportkit outline``
        prints. :attr:`outline` is the text's as written."""
        view = self.laid_out_document
        if view is self:
            return self.outline
        back, text = self.laid_out.to_original, self.text

        def mapped(section: Section) -> Section:
            heading_span = back(*section.heading_span) if section.depth else section.heading_span
            return replace(
                section,
                heading_span=heading_span,
                span=back(*section.span),
                heading=text[heading_span[0] : heading_span[1]] if section.depth else section.heading,
                children=[mapped(child) for child in section.children],
            )

        return mapped(view.outline)

    @cached_property
    def laid_out_title_span(self) -> tuple[int, int] | None:
        """The title as :meth:`Pipeline.analyze <reportkit.pipeline.Pipeline.analyze>` reads it (that of
        :attr:`laid_out_document`: a Markdown title without its ``#``), its span in ``text``: a record's
        ``title_span``."""
        span = self.laid_out_document.title_span
        return self.laid_out.to_original(*span) if span is not None else None

    @property
    def sections(self) -> list[Section]:
        """Every section below the root, in document order."""
        return list(self.outline.walk())[1:]

    def section_at(self, offset: int, include_enum: bool = False) -> Section:
        """The innermost section containing ``offset`` (the root when none does)."""
        node = self.outline
        while True:
            for child in node.children:
                if (include_enum or child.style != "enum") and child.span[0] <= offset < child.span[1]:
                    node = child
                    break
            else:
                return node

    def ancestors(self, offset: int, include_enum: bool = False) -> list[Section]:
        """Sections containing ``offset``, outermost first (root excluded)."""
        path = []
        node = self.outline
        while True:
            for child in node.children:
                if (include_enum or child.style != "enum") and child.span[0] <= offset < child.span[1]:
                    path.append(child)
                    node = child
                    break
            else:
                return path

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Non-empty lines — a hard-wrapped paragraph's lines as one (:attr:`layout_text`) — trimmed of
        surrounding whitespace."""
        out = []
        text = self.layout_text
        pos = 0
        n = len(text)
        while pos < n:
            nl = text.find("\n", pos)
            end = n if nl < 0 else nl
            s, e = strip_span(text, pos, end, _SPACE)
            if e > s:
                out.append(Paragraph(s, e, self.text[s:e]))
            pos = end + 1
        return out

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Sentences of every paragraph, trimmed of whitespace."""
        out = []
        text = self.layout_text
        for para in self.paragraphs:
            for m in _SENTENCE.finditer(text, para.start, para.end):
                s, e = strip_span(text, m.start(), m.end(), _SPACE)
                if e > s:
                    out.append(Sentence(s, e, self.text[s:e]))
        return out

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [s.end for s in self.sentences]

    def sentences_in(self, start: int, end: int) -> list[Sentence]:
        """The sentences that share a character with ``text[start:end]``, in order (whole, not clipped)."""
        if end <= start:
            return []
        first = bisect_right(self._sentence_ends, start)  # the first that ends after start
        last = bisect_left(self._sentence_starts, end)  # the first that starts at or after end
        return self.sentences[first:last]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing ``offset``, if any."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    # -- items ------------------------------------------------------------------------------
    def items(self) -> list[Item]:
        """Every candidate item of the document — headings, list entries, sentences and clauses, labelled
        fields, table cells, inline list entries — with exact spans, in text order, computed once.
        See :mod:`reportkit.items.layer`."""
        cached = self.__dict__.get("_items")
        if cached is None:
            from .items.layer import build_items

            cached = self.__dict__["_items"] = build_items(self)
        return cached

    # -- matching view and words ------------------------------------------------------------
    @property
    def segmenter(self) -> Segmenter:
        if self._segmenter is None:
            from .segment import get_segmenter

            self._segmenter = get_segmenter()
        return self._segmenter

    @cached_property
    def normalized(self) -> NormalizedText:
        """The normalized view for matching, with its map back to ``text`` offsets."""
        return NormalizedText(
            self.text, is_word=self.segmenter.is_word, folded=self.folded, wrapped=self.wrapped_breaks
        )

    def tokens(self, pos: bool = False) -> list[Token]:
        """jieba words with offsets into ``text`` (whitespace tokens left out).

        :param pos: also tag parts of speech (slower; see :meth:`pos_tags` for a window)
        """
        if pos:
            norm = self.normalized
            return [
                Token(w, *norm.to_original(s, e), pos=flag)
                for w, flag, s, e in self.segmenter.pos_tag(norm.text)
                if w.strip()
            ]
        cached = self.__dict__.get("_token_list")
        if cached is None:
            new = tuple.__new__  # a third of the cost of Token(...) for the same tuple
            cached = self.__dict__["_token_list"] = [new(Token, (w, s, e, None)) for w, s, e in self.words()]
        return cached

    def words(self) -> list[tuple[str, int, int]]:
        """The words of :meth:`tokens` as plain ``(word, start, end)`` tuples, computed once.

        The cheap form for code that walks every word of a document (building the named tuples costs
        a fifth of the segmentation itself); :meth:`tokens`, :meth:`tokens_in` and :meth:`token_at`
        give :class:`~reportkit.segment.Token` objects.
        """
        if self._words is None:
            norm = self.normalized
            words = self.segmenter.words(norm.text)
            if not norm.identity:  # map normalized offsets back to the text
                o = norm.index_map()
                words = [(w, o[s], o[e - 1] + 1) for w, s, e in words]
            self._words = words
        return self._words

    def words_in(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """The ``(word, start, end)`` tuples of the words that start in ``text[start:end]``, in order."""
        words = self.words()
        return words[bisect_left(words, start, key=_START) : bisect_left(words, end, key=_START)]

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The words that start in ``text[start:end]``, in order (found by bisection)."""
        new = tuple.__new__
        return [new(Token, (w, s, e, None)) for w, s, e in self.words_in(start, end)]

    def token_at(self, offset: int) -> Token | None:
        """The word that covers ``text[offset]``, if any (whitespace belongs to none)."""
        words = self.words()
        i = bisect_right(words, offset, key=_START) - 1
        if i >= 0 and words[i][1] <= offset < words[i][2]:
            return Token(*words[i])
        return None

    def pos_tags(self, start: int, end: int) -> list[Token]:
        """Part-of-speech tagged words of ``text[start:end]`` only (cheap for a sentence)."""
        norm = self.normalized
        ns, ne = norm.from_original(start, end)
        return [
            Token(w, *norm.to_original(ns + s, ns + e), pos=flag)
            for w, flag, s, e in self.segmenter.pos_tag(norm.text[ns:ne])
            if w.strip()
        ]
