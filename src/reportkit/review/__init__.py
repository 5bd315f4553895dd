"""Review pages: each document with its findings highlighted in place, and an overview of a run.

``reportkit show`` and ``reportkit report`` are thin layers over :func:`render_page` and
:func:`render_overview`; both produce one self-contained HTML file (inline CSS, JavaScript and SVG).
"""

from .page import extractor_color, render_page
from .source import Item, ResultsError, is_results_file, items_from_paths, items_from_records, load_records

__all__ = [
    "Item",
    "ResultsError",
    "extractor_color",
    "is_results_file",
    "items_from_paths",
    "items_from_records",
    "load_records",
    "render_page",
]
