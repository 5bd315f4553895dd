"""Items of a report — every candidate problem, measure or field — and the model that reads them.

* :func:`build_items` / :meth:`Document.items() <reportkit.document.Document.items>`: the items layer
  (:mod:`reportkit.items.layer`), structure only;
* :mod:`reportkit.items.model`: the trained item model that says which items are problems and which are
  measures, with calibrated probabilities.
"""

from __future__ import annotations

from .layer import KINDS, ROLES, Item, build_items

__all__ = ["KINDS", "ROLES", "Item", "build_items"]
