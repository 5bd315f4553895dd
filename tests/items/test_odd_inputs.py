"""Odd input through the items layer, the item model and the ledger: items or none, never an exception."""

from __future__ import annotations

import pytest

from reportkit import Pipeline


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(only=["ledger", "problems", "measures"])


def _check(record, text):
    for name in ("problems", "measures", "ledger"):
        for f in record.fields[name]:
            assert text[f.span[0] : f.span[1]] == f.text
    assert record.errors == []


@pytest.mark.parametrize("text", ["", "\n\n\u3000\n", "。；，", "12 34 56", "Only English words here."])
def test_nothing_to_read(pipe, text):
    record = pipe.analyze(text)
    _check(record, text)
    assert record.fields["problems"] == [] and record.fields["ledger"] == []


def test_a_document_of_one_table(pipe):
    text = "问题\t整改措施\t责任单位\n电梯年检过期\t联系检测机构完成年检\t物业公司\n\t\t\n楼道堆放杂物\t\t\n"
    record = pipe.analyze(text)
    _check(record, text)
    assert "电梯年检过期" in [f.text for f in record.fields["problems"]]


@pytest.mark.slow
def test_a_one_megabyte_paragraph(pipe):
    # one paragraph, no line break: a finding and its step among plain sentences, over 11,000 ledger entries (a
    # finding in every sentence made 28,000 and took a minute of CI's time to show nothing more)
    unit = (
        "该仓库位于园区东侧，共三层，存放日用百货和少量五金工具。经检查发现部分仓库消防通道堵塞，要求物业公司立即清理"
        "并建立巡查台账。本次检查由街道安监站组织，历时两天，共走访商户二十余家。"
    )
    text = unit * (1_000_000 // len(unit))
    record = pipe.analyze(text)
    _check(record, text)
    assert len(record.fields["problems"]) + len(record.fields["measures"]) > 100
    assert len(record.fields["ledger"]) > 10_000


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    [
        '1\t"台账缺页\n补登\t办公室\n',  # a quote opened in every row and never closed
        '\t"\n\t""\n"\t',  # quotes, tabs and breaks only
        '序号\t问题\t整改措施\n1\t"消防通道堵塞"\t"1.清理通道；\n2.设置标识"\n',  # well-formed, over and over
    ],
)
def test_a_long_pasted_table_with_quotes_everywhere(pipe, unit):
    text = unit * (200_000 // len(unit))
    record = pipe.analyze(text)
    _check(record, text)


def test_a_line_of_link_openers_is_read_in_time_proportional_to_it(pipe):
    # the Markdown-link cue once backtracked over the rest of the line at every "[": a line of "[](" repeated
    # took a minute for 240 KB. Bounded, it says a real link is one and this line holds none
    from reportkit.items.cues import CUES

    assert CUES["link"].search("详见[整改通知](https://example.org/a.html)。") is not None
    line = "[](" * 100_000
    assert CUES["link"].search(line) is None
    text = "关于整改情况的报告\n" + line + "\n"
    _check(pipe.analyze(text), text)
