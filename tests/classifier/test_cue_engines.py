"""The classifier's literal cue patterns run on Python's re (faster); they must match as regex does."""

from __future__ import annotations

from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit.classifier.features import _LITERAL_PATTERNS

ROOT = Path(__file__).resolve().parents[2]


def _same(text: str) -> None:
    import re

    for pattern in _LITERAL_PATTERNS:
        assert re.findall(pattern, text) == regex.findall(pattern, text), pattern


def test_there_are_literal_patterns():
    assert len(_LITERAL_PATTERNS) > 10


def test_re_and_regex_agree_on_the_corpus():
    import reportkit

    for path in sorted((ROOT / "corpus" / "docs").iterdir())[::3]:
        _same(reportkit.read(path).text)


# the patterns' own characters, digits of several scripts, whitespace and punctuation
_pieces = st.sampled_from(
    sorted({c for p in _LITERAL_PATTERNS for c in p if c not in "\\|()?:[]^{},"})
    + ["20", "2024年", "１２", "٣", "߃", "\n", " ", "\u3000", "\x1c", "。", "，", ",", "%", "(", "（", "~"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=40).map("".join))
def test_re_and_regex_agree_on_any_text(text):
    _same(text)
