"""The normalized view: folding, deletions, and an offset map that never lies."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit.normalize import NormalizedText, fold

WORDS = {"工作专班", "领导小组", "组长", "整改", "成员"}


def test_fold_is_one_for_one():
    text = "（一）共排查３５２０人次，ＡＢＣ：　完成。"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "(一)共排查3520人次,ABC: 完成。"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_fold_maps_exactly_the_fold_table_and_nothing_else(text):
    """Any code point, astral ones included: mapped by FOLD_TABLE, or left as it is."""
    from reportkit.normalize import FOLD_TABLE

    assert fold(text) == "".join(chr(FOLD_TABLE.get(ord(c), ord(c))) for c in text)


def test_spaces_around_numbers_are_removed_and_mapped_back():
    text = "共排查 3520 人次，388 968名学生，2018 年 6 月。"
    norm = NormalizedText(text)
    assert norm.text == "共排查3520人次,388968名学生,2018年6月。"
    i = norm.text.index("3520人次")
    s, e = norm.to_original(i, i + len("3520人次"))
    assert text[s:e] == "3520 人次"
    i = norm.text.index("388968名")
    s, e = norm.to_original(i, i + len("388968名"))
    assert text[s:e] == "388 968名"


def test_line_break_inside_a_word_is_joined():
    text = "成立工作\n\n专班，领导小\n组办公室设在县政府。\n组长\n成员"
    norm = NormalizedText(text, is_word=WORDS.__contains__)
    assert "工作专班" in norm.text and "领导小组" in norm.text
    # "组长\n成员" is two short lines (a list), not a broken word
    assert "组长\n成员" in norm.text
    i = norm.text.index("工作专班")
    s, e = norm.to_original(i, i + 4)
    assert text[s:e] == "工作\n\n专班"


def test_without_dictionary_no_line_break_is_removed():
    text = "工作\n专班"
    assert NormalizedText(text).text == text


def test_from_original_round_trip():
    text = "一、共 180 瓦\n（二）工作\n专班"
    norm = NormalizedText(text, is_word=WORDS.__contains__)
    for start in range(len(text) + 1):
        n = norm.norm_index(start)
        assert 0 <= n <= len(norm.text)
        if n < len(norm.text):
            assert norm.orig_index(n) >= start


ALPHABET = list("工作专班领导小组长成员整改一二三（）()，,。 　\n\r\t0123456789人次万%ＡＢ") + ["\u200b"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=80))
def test_every_normalized_span_maps_to_the_same_characters(text):
    norm = NormalizedText(text, is_word=WORDS.__contains__)
    n = len(norm.text)
    for start in range(0, n, 3):
        for end in range(start, min(n, start + 7) + 1):
            s, e = norm.to_original(start, end)
            assert 0 <= s <= e <= len(text)
            # the original slice, folded and with deleted characters removed, is the normalized slice
            kept = "".join(fold(text[i]) for i in range(s, e) if _kept(norm, i))
            assert kept == norm.text[start:end]


def _kept(norm: NormalizedText, orig: int) -> bool:
    n = norm.norm_index(orig)
    return n < len(norm.text) and norm.orig_index(n) == orig


def test_a_two_character_word_does_not_join_the_columns_of_an_aligned_list():
    """长孙 is a word, but here 股长 ends one entry and 孙立平 starts the next."""
    text = (
        "　　成　员：王　磊　县卫生健康委员会基层卫生健康股股长\n"
        "　　　　　　刘建军　县卫生健康委员会财务股股长\n"
        "　　　　　　孙立平　县人民医院副院长\n"
    )
    words = {"长孙", "股长", "孙立平"}
    norm = NormalizedText(text, is_word=words.__contains__)
    assert "股股长\n" in norm.text and "长孙" not in norm.text


def test_a_two_character_word_still_joins_a_long_line_of_prose():
    text = "各乡镇要按照县里的统一部署认真组织开展工作专\n班的各项工作。"
    norm = NormalizedText(text, is_word={"专班"}.__contains__)
    assert "工作专班的" in norm.text


def test_a_line_indented_deeper_than_the_one_above_is_not_its_continuation():
    from reportkit.normalize import soft_wraps

    entries = [
        "　　成　员：王磊同志为县卫生健康委员会基层卫生健康股股长",
        "　　　　　　赵红英同志为县卫生健康委员会老龄健康股股长",
        "　　　　　　刘建军同志为县卫生健康委员会财务股股长兼会计",
        "　　　　　　孙立平同志为县人民医院副院长兼医务科科长",
    ]
    assert soft_wraps(entries)[0] is False  # the label line is not wrapped into the first entry
    wrapped = [
        "　　为加强对此项工作的领导，县卫生健康委员会决定成立柳溪县老年人健康",
        "管理服务提质增效工作领导小组，负责统筹协调推进全县老年人健",
        "康管理服务工作。",
    ]
    assert soft_wraps(wrapped)[:2] == [True, True]  # a first-line indent, then the margin: a wrapped paragraph


def test_cell_bars_are_the_bars_of_a_table_one_cell_a_line_only():
    from reportkit.normalize import cell_bars

    table = "|\n序号 |\n问题 |\n责任单位 |\n|\n1 |\n台账不全 |\n办公室 |\n"
    bars = cell_bars(f"前言。\n{table}结语。\n")
    text = f"前言。\n{table}结语。\n"
    assert [text[b] for b in bars] == ["|"] * 8
    assert "".join(" " if k in set(bars) else ch for k, ch in enumerate(text)).count("|") == 0
    # a Markdown table's rows, a bar in prose, or such lines without a 序号 cell are left alone
    assert cell_bars("| 序号 | 问题 |\n| --- | --- |\n| 1 | 台账不全 |\n") == []
    assert cell_bars("甲 |\n乙 |\n丙 |\n丁 |\n戊 |\n己 |\n") == []
    assert cell_bars("输入 a|b 两项\n") == []
