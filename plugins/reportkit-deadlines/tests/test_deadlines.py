"""Tests of the example plugin, as its author would write them."""

import pytest
from reportkit_deadlines import DeadlineExtractor

from reportkit import Document, Pipeline
from reportkit.testing import check_extractor, parametrize_with_checks

SAMPLES = [
    "针对检查发现的问题，街道要求物业公司更换楼道灯具，保证2018年7月底前完成整改；消防通道3月底前整改到位。",
    "对反馈的问题立行立改，能改的两周内完成，需要较长时间的长期坚持。",
]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("保证2018年7月底前完成整改。", ("2018年7月底前完成整改", "date", "2018-07-31", None, "完成整改")),
        ("确保3月底前整改到位。", ("3月底前整改到位", "date", None, None, "整改到位")),
        ("要求2021年6月30日前完成。", ("2021年6月30日前完成", "date", "2021-06-30", None, "完成")),
        ("限期整改，两周内完成。", ("两周内完成", "relative", None, 14, "完成")),
        ("30个工作日内整改到位。", ("30个工作日内整改到位", "relative", None, 30, "整改到位")),
        ("对问题立行立改。", ("立行立改", "immediate", None, None, None)),
        ("制度建设长期坚持。", ("长期坚持", "ongoing", None, None, None)),
    ],
)
def test_deadlines(text, expected):
    ext = DeadlineExtractor()
    doc = Document(text)
    (finding,) = ext.extract(doc)
    assert doc.text[finding.span[0] : finding.span[1]] == finding.text
    assert (finding.text, finding.kind, finding.due, finding.within_days, finding.action) == expected


def test_a_past_date_without_deadline_words_is_not_a_deadline():
    assert DeadlineExtractor().extract(Document("该项目于3月前后开工。")) == []


def test_full_width_text_keeps_original_spans():
    doc = Document("保证２０１８年７月底前完成整改。")
    (finding,) = DeadlineExtractor().extract(doc)
    assert finding.text == "２０１８年７月底前完成整改" and finding.due == "2018-07-31"


def test_conforms_to_reportkit():
    check_extractor(DeadlineExtractor, samples=SAMPLES)


@parametrize_with_checks([DeadlineExtractor], samples=SAMPLES)
def test_each_check(extractor, check):
    check(extractor)


def test_found_through_the_entry_point():
    record = Pipeline(only=["deadlines"], classifier=None).analyze(SAMPLES[0])
    assert [f.text for f in record.fields["deadlines"]] == ["2018年7月底前完成整改", "3月底前整改到位"]
    assert record.extractors == {"deadlines": "1.0.0"}
