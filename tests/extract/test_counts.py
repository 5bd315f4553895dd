"""counts: a table of (text, expected findings), as presidio tests its recognizers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportkit_extractors.counts import CountsExtractor, parse_number

import reportkit
from reportkit.document import Document


@pytest.fixture(scope="module")
def extract(segmenter):
    ext = CountsExtractor()
    ext.load()

    def run(text):
        doc = Document(text, segmenter=segmenter)
        found = ext.extract(doc)
        for f in found:
            assert doc.text[f.span[0] : f.span[1]] == f.text
        return [(f.text, f.value, f.unit, f.approx) for f in found]

    return run


@pytest.mark.parametrize(
    "text, expected",
    [
        ("共排查人员3520 人次。", [("3520 人次", 3520, "人次", None)]),
        ("发放宣传资料2.6万册。", [("2.6万册", 26000, "册", None)]),
        ("开展宣讲40余场。", [("40余场", 40, "场", "over")]),
        ("培训3万余人次。", [("3万余人次", 30000, "人次", "over")]),
        ("追回资金56.74万元。", [("56.74万元", 567400, "元", None)]),
        ("满意度达百分之八十以上。", [("百分之八十以上", 80, "%", "over")]),
        ("六成以上的群众表示满意。", [("六成以上", 60, "%", "over")]),
        ("全县共有1,254,300人。", [("1,254,300人", 1254300, "人", None)]),
        ("中小学生388 968名。", [("388 968名", 388968, "名", None)]),
        ("整改完成率98.71%。", [("98.71%", 98.71, "%", None)]),
        ("组建近2000个团队。", [("近2000个", 2000, "个", "under")]),
        ("约1.4万宗土地流转。", [("约1.4万宗", 14000, "宗", "about")]),
        ("超过85%的受访家长支持课后服务。", [("超过85%", 85, "%", "over")]),
        ("建成10个左右产业园。", [("10个左右", 10, "个", "about")]),
        ("采取了四项措施。", [("四项", 4, "项", None)]),
        ("共一百五十人参加。", [("一百五十人", 150, "人", None)]),
        ("流转土地1.05亿元。", [("1.05亿元", 105000000, "元", None)]),
        ("税收收入完成年度预算的104 6%。", [("104 6%", 104.6, "%", None)]),  # decimal point lost in a web copy
        ("老人占比超过三分之一。", [("超过三分之一", 33.3, "%", "over")]),
        ("3520人参加了培训。", [("3520人", 3520, "人", None)]),  # at the very start of the text
        ("托管服务面积超过20亿亩次。", [("超过20亿亩次", 2000000000, "亩次", "over")]),  # area times passes
    ],
)
def test_counts(extract, text, expected):
    assert extract(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("每组2至3个人。", []),  # a rate (每) is not a count
        ("配备2至3个消防栓。", [("2至3个", 2, "个", None), ("2至3个", 3, "个", None)]),
        ("满意度80%-89%。", [("80%-89%", 80, "%", None), ("80%-89%", 89, "%", None)]),
        ("抽调两三个人。", [("两三个", 2, "个", None), ("两三个", 3, "个", None)]),  # cn2an alone says 23
    ],
)
def test_ranges_give_two_counts(extract, text, expected):
    assert extract(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2021年3月15日召开会议。",  # dates
        "整改期限为3个月，两周内完成。",  # durations
        "为七十岁以上老人体检。",  # ages and thresholds
        "体温超过38.5℃的人员。",
        "根据国办发〔2020〕12号文件。",  # document numbers
        "启动二级响应。",  # response levels
        "践行三个代表，落实八项规定，做到两个维护。",  # formulas and slogans
        "落实“20条底线”要求。",  # a standard named in quotes
        "统一零售价格。",  # cn2an's sentence mode would make this 统10售价
        "按第3名的标准执行。",  # ordinals
        "召开县十八届人大四次会议。",  # session ordinals
        "储备5亿元以上招商项目。",  # a threshold on a size, not a quantity
        "严格落实“六个百分之百”要求。",  # a formula in quotes, written with 百分之
        "年收入10万元至50万元的村。",  # the bounds of a class
        "举一反三，抓好整改。",  # a numeral inside a word
    ],
)
def test_not_counts(extract, text):
    assert extract(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "参会人数不超过200人。",  # caps
        "单个项目补助不得超过50万元。",
        "城镇登记失业率控制在4.5%以内。",  # limits
        "生活垃圾清运量控制在每日80吨。",
        "全年开展应急演练不少于3次。",  # floors set as requirements
        "对商户的抽查比例不低于30%。",
        "每个社区至少配备2名专职网格员。",
        "距离学校200米以内不得开设网吧。",
    ],
)
def test_caps_limits_and_required_floors_are_not_counts(extract, text):
    assert extract(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("超过85%的受访家长支持课后服务。", [("超过85%", 85, "%", "over")]),  # a share found, not a cap
        ("不到10人报名。", [("不到10人", 10, "人", "under")]),
        ("全年已累计培训不少于1200人次。", [("不少于1200人次", 1200, "人次", "over")]),  # done, not required
    ],
)
def test_bounds_that_report_what_happened_are_counts(extract, text, expected):
    assert extract(text) == expected


@pytest.mark.parametrize(
    "text, subjects",
    [
        # the noun phrase before the number, up to a verb
        ("全县共排查企业3520家，印发宣传手册2.6万份。", ["企业", "宣传手册"]),
        # the noun right after the measure word, when there is one
        ("3520名学生参加了培训，技术人员深入19个乡镇开展指导。", ["学生", "乡镇"]),
        ("县里抽调干部组建4个督导组。", ["督导组"]),
        ("问卷显示，71.6%的家长希望延长课后服务。", ["家长"]),
        # a verb right before the number is stepped over
        ("专项资金已拨付1540万元。", ["专项资金"]),
        ("17个问题已完成整改15个。", ["问题", "问题"]),
        # a chain: each number counts the noun after it
        ("反馈问题分为4类16个方面。", ["反馈问题", "方面"]),
        # a share or a change with nothing of its own speaks of the clause before it
        ("社保就业支出12.4亿元，占全年财政支出的21.5%。", ["社保就业支出", "社保就业支出"]),
        ("农民人均可支配收入19600元，比上年增长7.4%。", ["农民人均可支配收入", "农民人均可支配收入"]),
        ("完成规模以上工业总产值186.4亿元，同比增长11.2%。", ["工业总产值", "规模以上工业总产值"]),
    ],
)
def test_subjects_read_in_both_directions(segmenter, text, subjects):
    doc = Document(text, segmenter=segmenter)
    assert [f.subject for f in CountsExtractor().extract(doc)] == subjects


def test_an_event_counted_is_what_was_done_and_time_words_are_no_subject(segmenter):
    doc = Document("秋冬季开展巡查46次，已完成整改18项，未完成2项。", segmenter=segmenter)
    assert [f.subject for f in CountsExtractor().extract(doc)] == ["巡查", "完成整改", "未完成"]


def test_parse_number_uses_cn2an_only_on_isolated_numerals():
    assert parse_number("三千五百二十") == 3520
    assert parse_number("1,254,300") == 1254300
    assert parse_number("两") == 2
    assert parse_number("不是数字") is None


def _clause_by_walking(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a count, by its definition: walk out to a punctuation mark, 40 back, 30 on."""
    from reportkit_extractors._subject import _CLAUSE_DELIMS

    a = start
    while a > 0 and text[a - 1] not in _CLAUSE_DELIMS and start - a < 40:
        a -= 1
    b = end
    while b < len(text) and text[b] not in _CLAUSE_DELIMS and b - end < 30:
        b += 1
    return a, b


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(list("排查企业家人ab1 ") * 8 + list("，,；。：\n（）、!?")), min_size=1, max_size=160).map(
        "".join
    ),
    st.data(),
)
def test_clause_search_equals_the_walk(text, data):
    from reportkit_extractors._subject import _clause

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _clause(text, start, end) == _clause_by_walking(text, start, end)


# -- the scan is linear in runs of numerals, and finds exactly what the plain pattern finds ----------

_PIECES = (
    list("0123456789") * 6
    + list("零〇一二两三四五六七八九十百千万亿") * 3
    + ["分之", "成", "百分之", "点", " ", ",", ".", "%", "至", "-", "余", "多", "以上", "左右", "约", "超过", "共"]
    + ["人", "人次", "家", "个", "万元", "元", "名", "GB", "万人口", "农业人口", "第", "“", "”", "排查", "，", "\n"]
)


def _plain_pattern():
    import regex
    from reportkit_extractors import counts

    return regex.compile(counts._COUNT_PATTERN, regex.VERBOSE)


def _matches(pattern, text):
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


# runs of numerals of every length, joined the ways a count can stop early inside one, then a unit
_NUMERALS = st.one_of(
    st.text("0123456789", min_size=1, max_size=9), st.text("零〇一二两三四五六七八九十百千万亿", min_size=1, max_size=6)
)
_JOINS = st.sampled_from(["", " ", ",", ".", "分之", "成", "百分之", "至", "-", "点"])
_ENDS = st.sampled_from(["", "人", "人次", "家", "个", "%", "万元", "余人", "万农业人口", "以上", "。", "分之一"])
_NUMBER_LIKE = st.tuples(_NUMERALS, _JOINS, _NUMERALS, _ENDS).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(_NUMBER_LIKE, _NUMBER_LIKE, st.sampled_from(_PIECES)), max_size=10).map("".join))
def test_skipping_inside_runs_of_numerals_changes_no_match(text):
    from reportkit_extractors.counts import _COUNT

    assert _matches(_COUNT, text) == _matches(_plain_pattern(), text)


def test_skipping_inside_runs_of_numerals_changes_no_match_in_the_corpus(segmenter):
    from pathlib import Path

    from reportkit_extractors.counts import _COUNT

    import reportkit

    plain = _plain_pattern()
    for path in sorted((Path(__file__).resolve().parents[2] / "corpus" / "docs").iterdir()):
        doc = reportkit.read(path)
        doc._segmenter = segmenter
        text = doc.normalized.text
        assert _matches(_COUNT, text) == _matches(plain, text), path.name


@pytest.mark.parametrize(
    "run", ["1", "一", "零", "十零", "零一", "一零一二", "零一二三四五六七八九十百千万亿两〇", "1一"]
)
def test_long_runs_of_numerals_take_linear_time(run):
    """100,000 characters of numerals: a fraction of a second when linear, hours when quadratic (8,000
    digits took 25 s); the regex module's own time limit makes the quadratic scan fail, not hang."""
    from reportkit_extractors.counts import _COUNT

    text = "共" + run * (100_000 // len(run)) + "。"
    assert list(_COUNT.finditer(text, timeout=60)) == []


def test_hundreds_of_digits_before_a_unit_are_not_a_count(segmenter):
    """Such a number is infinite as a float: the extractor failed on it (an errors entry, and no counts
    for the whole document) instead of leaving it out."""
    text = "关于整改情况的报告\n共排查企业3520家，另有" + "1" * 400 + "人。"
    record = reportkit.Pipeline(only=["counts"]).analyze(text)
    assert record.errors == []
    assert [(c.text, c.value) for c in record.fields["counts"]] == [("3520家", 3520)]
