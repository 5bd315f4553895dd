"""The classifier says in words why it decided, and says so when a text gives it nothing to read."""

from __future__ import annotations

import pytest

from reportkit.classifier import classify, load_model
from reportkit.classifier.readable import MIN_HAN, feature_label, nothing_to_classify


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        ("  \n\t\u3000\n", "empty"),
        ("2023 — 12.5% …… ！！ （1）", "no_words"),
        ("Report on the rectification of problems found by the county inspection team in 2023.", "not_chinese"),
        (  # English with a Chinese name in it, however long
            "The county inspection team (县巡察组) found twelve problems in the management of funds and asked "
            "the bureau to fix them within three months. " * 20,
            "not_chinese",
        ),
        ("整改报告", "too_short"),
        ("关于 2023 年的", "too_short"),
    ],
)
def test_texts_with_nothing_to_classify(text, reason):
    assert nothing_to_classify(text) == reason
    dt = classify(text)
    assert dt.uncertain and dt.label == "other"
    assert dt.confidence < 0.2 and len(set(dt.scores.values())) == 1  # no label preferred to another
    assert [e.feature for e in dt.evidence] == [f"reason:{reason}"]
    assert dt.evidence[0].label.startswith("nothing to classify")


@pytest.mark.parametrize(
    "text",
    [
        "关于开展安全生产大检查的工作方案\n一、工作目标\n二、实施步骤",  # a title and two headings
        "县教育局2023年度工作总结",  # a title alone, of ten characters or more
    ],
)
def test_a_few_lines_of_chinese_are_classified(text):
    assert len([c for c in text if "\u4e00" <= c <= "\u9fff"]) >= MIN_HAN
    assert nothing_to_classify(text) is None
    assert not classify(text).evidence[0].feature.startswith("reason:")


@pytest.mark.parametrize(
    "feature, label",
    [
        ("title_genre:报告", "title ends with “报告”"),
        ("title_genre:(none)", "no title"),
        ("title:的报", "title contains “的报”"),
        ("heading:整改措施", "heading “整改措施”"),
        ("token:问卷", "word “问卷” in the text"),
        ("cue:report_opener", "“现将…报告如下” (a report's opening formula)"),
        ("cue:opening_plan", "opens saying a plan is drawn up (特制定本方案)"),
        ("cue:survey_density_2", "some survey vocabulary (调研/调查/问卷/占比)"),
        ("cue:headings_0", "no headings"),
        ("length:<1000", "length under 1000 characters"),
        ("length:>=8000", "length 8000 characters or more"),
    ],
)
def test_features_in_words(feature, label):
    assert feature_label(feature) == label


def test_every_feature_of_the_shipped_model_has_words():
    """No evidence entry of the shipped model is left as a raw feature name."""
    model = load_model()
    unread = [f for f in model.features if feature_label(f) == f]
    assert unread == []


def test_evidence_keeps_the_feature_name_beside_its_words():
    dt = classify("关于县委巡察反馈意见整改落实情况的报告\n一、存在问题\n二、整改措施\n三、整改成效")
    assert dt.evidence
    for e in dt.evidence:
        assert e.label == feature_label(e.feature) and e.label != e.feature
