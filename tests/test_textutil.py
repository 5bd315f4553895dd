"""reportkit.textutil: small text helpers that must agree exactly with their plain definitions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reportkit.textutil import start_before


def _start_before_reference(text: str, pos: int, stops: str, reach: int) -> int:
    # the definition, read back one character at a time
    i = pos
    while i > 0 and text[i - 1] not in stops and pos - i < reach:
        i -= 1
    while i < pos and text[i] in " \t":
        i += 1
    return i


@given(
    st.text(alphabet="整改。；，\n \t报告a", max_size=60),
    st.integers(min_value=0, max_value=60),
    st.sampled_from(["。", "。；;\n", "\n", "。！？；;\n，,：:", ""]),
    st.integers(min_value=0, max_value=70),
)
def test_start_before_agrees_with_its_definition(text, pos, stops, reach):
    pos = min(pos, len(text))
    assert start_before(text, pos, stops, reach) == _start_before_reference(text, pos, stops, reach)


def test_start_before_reads_back_to_a_stop_or_its_reach():
    assert start_before("前文。 本句", 5, "。", 10) == 4  # past the stop and the space after it
    assert start_before("一二三四五", 5, "。", 3) == 2  # no stop within reach
    assert start_before("一二三", 3, "。", 10) == 0  # the text's start
