"""reportkit.textutil: small text helpers that must agree exactly with their plain definitions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportkit.textutil import MAX_COLUMNS, cell_line_table, quoted_cells, row_number, start_before


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


def test_tables_pad_by_terminal_columns_so_chinese_labels_line_up():
    from reportkit.classifier.train import TrainingReport
    from reportkit.textutil import clip, display_width, pad

    assert display_width("通报a") == 5 and pad("通报", 6) == "通报  " and pad("通报", 6, right=True) == "  通报"
    assert clip("整改情况通报", 5) == "整改" and clip("abc", 5) == "abc"
    report = TrainingReport(
        n_documents=6,
        label_counts={"通报": 2, "整改": 2, "other": 2},
        accuracy=1.0,
        macro_f1=1.0,
        confusion={"通报": {"通报": 2}, "整改": {"整改": 2}, "other": {"other": 2}},
        folds=2,
    )
    table = report.table().splitlines()[-4:]  # the header row and a row per label
    assert len({display_width(line) for line in table}) == 1  # every row as wide as the header
    header, rows = table[0], table[1:]
    # each label's count ends in the column its name ends in (the diagonal: other, 整改, 通报 in sorted order)
    for k, (name, row) in enumerate(zip(("other", "整改", "通报"), rows)):
        ends = [display_width(row[: m + 1]) for m, ch in enumerate(row) if ch.isdigit()]
        assert ends[k] == display_width(header[: header.index(name) + len(name)])


def _table(lines, i=0):
    return cell_line_table(lambda m: lines[m], len(lines), i)


def test_cell_line_table_rows_open_with_their_numbers_in_order():
    lines = ["序号", "问题", "整改措施", "责任单位", "1", "台账不全", "补登台账", "办公室", "2", "门禁失灵", "更换门禁"]
    # row 2 has no 责任单位 (an empty cell leaves no line); the table ends with the text
    assert _table(lines) == (4, [(4, 8), (8, 11)])


def test_cell_line_table_last_row_takes_as_many_lines_as_there_are_columns():
    lines = ["序号", "问题", "整改时限", "1", "台账不全", "6月底前", "二、下一步工作", "加强督导。"]
    assert _table(lines) == (3, [(3, 6)])


def test_cell_line_table_a_number_out_of_order_ends_it():
    lines = ["编号", "问题", "责任部门", "1", "台账不全", "办公室", "3", "门禁失灵", "保卫处"]
    assert _table(lines) == (3, [(3, 6)])


@pytest.mark.parametrize(
    "lines",
    [
        ["序号", "问题", "措施"],  # no row
        ["序号", "姓名", "年龄", "1", "张三", "30"],  # names that name no report's columns
        ["序号", "问题", "1", "台账不全"],  # one column besides 序号
        ["问题", "整改措施", "责任单位", "1", "台账不全", "补登", "办公室"],  # no 序号 column
        ["序号", "问题", "整改措施", "责任单位", "2", "台账不全"],  # rows start at 1
        ["序号：1", "问题：台账不全"],  # a record of labelled fields, not a table
        ["序号"] * 50,
    ],
)
def test_cell_line_table_not_a_table(lines):
    assert _table(lines) is None


@given(
    st.lists(
        st.sampled_from(
            ["序号", "编号", "问题", "整改措施", "责任单位", "时限", "1", "2", "3", "１", "台账不全", "。"]
        ),
        max_size=40,
    )
)
def test_cell_line_table_rows_lie_in_the_lines_in_order(lines):
    for i in range(len(lines)):
        found = _table(lines, i)
        if found is None:
            continue
        k, rows = found
        assert 3 <= k <= MAX_COLUMNS + 1
        assert rows[0][0] == i + k  # the header: 序号 and the other names, one a line
        last = i
        for n, (first, end) in enumerate(rows, 1):
            assert last < first < end <= len(lines) and end - first <= k
            assert row_number(lines[first]) == n
            last = end - 1
