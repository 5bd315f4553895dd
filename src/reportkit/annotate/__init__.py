"""Annotation: review pages that write gold (``reportkit annotate``), and the local server that saves it.

See docs/annotate.md. :mod:`.gold` converts between records, gold entries (docs/gold.md, with spans and
the document's SHA-256) and a page's state, and checks entries; :mod:`.page` writes the pages;
:mod:`.serve` saves what a page sends to the gold file.
"""

from .gold import check_entry, check_source, entry_from_state, initial_state
from .page import AnnotatedDoc, collect, render_annotate_page, write_annotation

__all__ = [
    "AnnotatedDoc",
    "check_entry",
    "check_source",
    "collect",
    "entry_from_state",
    "initial_state",
    "render_annotate_page",
    "write_annotation",
]
