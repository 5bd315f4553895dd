"""reportkit.textutil: small text helpers that must agree exactly with their plain definitions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reportkit.textutil import quoted_cells, start_before


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


def test_quoted_cells_of_several_lines_in_tab_separated_rows():
    text = '1\t台账不全\t"1.补登台账；\n2.专人管理"\t办公室\n"门禁\n失灵"\t更换\n'
    cells = quoted_cells(text)
    assert [text[s:e] for s, e in cells] == ['"1.补登台账；\n2.专人管理"', '"门禁\n失灵"']


def test_quotes_that_open_no_cell_of_several_lines():
    for text in (
        '"一事一议"项目\n资金\t未拨付\n',  # a closing quote with a word after it: an ordinary quote
        '1\t"补登台账"\t办公室\n',  # a quoted cell of one line: nothing to join
        '他说"要整改\n到位"。\n',  # no tab: no table
        '1\t"补登\n台账',  # never closed
        '1\t"a""b\nc""d',  # doubled quotes inside, never closed
    ):
        assert quoted_cells(text) == [], text


def test_a_doubled_quote_inside_a_cell_does_not_close_it():
    text = '1\t"称""整改完成""\n但未验收"\t办公室'
    assert [text[s:e] for s, e in quoted_cells(text)] == ['"称""整改完成""\n但未验收"']


@given(st.text(alphabet='\t\n"ab', max_size=40))
def test_quoted_cells_are_ordered_disjoint_quoted_spans_with_a_line_break(text):
    last = -1
    for s, e in quoted_cells(text):
        assert last <= s < e
        assert text[s] == '"' == text[e - 1] and "\n" in text[s:e]
        last = e
