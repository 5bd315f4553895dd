"""Shared fixtures. Heavy ones (the segmenter) are session-scoped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# The development set lives outside the project; tests that read it skip when it is absent.
DEV_SET = Path(os.environ.get("REPORTKIT_DEV_SET", ROOT.parent / "shared" / "corpus-real"))


@pytest.fixture(scope="session")
def segmenter():
    from reportkit.segment import get_segmenter

    seg = get_segmenter()
    seg.load()  # initialise once for the session
    return seg


@pytest.fixture(scope="session")
def dev_set() -> Path:
    if not (DEV_SET / "manifest.csv").exists():
        pytest.skip(f"development set not found at {DEV_SET} (set REPORTKIT_DEV_SET)")
    return DEV_SET


def assert_spans_exact(text: str, items) -> None:
    """Every (start, end, expected) triple indexes ``text`` exactly."""
    for start, end, expected in items:
        assert 0 <= start <= end <= len(text), (start, end, len(text))
        assert text[start:end] == expected, (start, end, text[start:end], expected)


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.json from the current output (then review the diff)",
    )


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


def pytest_collection_modifyitems(config, items):
    """Tests marked slow run first, in their collected order otherwise (a stable sort, the same on every worker).
    pytest-xdist hands tests out in this order, so the long ones start at once on both workers and the short ones
    fill the end, instead of one worker running a minute-long test alone while the other has finished."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
