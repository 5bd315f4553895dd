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


def test_a_one_megabyte_paragraph(pipe):
    unit = "经检查发现部分仓库消防通道堵塞，要求物业公司立即清理并建立巡查台账。"  # one paragraph, no line break
    text = unit * (1_000_000 // len(unit))
    record = pipe.analyze(text)
    _check(record, text)
    assert len(record.fields["problems"]) + len(record.fields["measures"]) > 100
