"""problems and measures: sections, lead-ins, enumerations, mixed 问题/整改 items."""

from __future__ import annotations

import pytest
from reportkit_extractors.measures import MeasuresExtractor
from reportkit_extractors.problems import ProblemsExtractor

from reportkit.document import Document


@pytest.fixture(scope="module")
def run(segmenter):
    def _run(text, doc_type=None):
        doc = Document(text, segmenter=segmenter)
        doc.doc_type = doc_type
        problems = [f.text for f in ProblemsExtractor().extract(doc)]
        measures = [f.text for f in MeasuresExtractor().extract(doc)]
        for f in ProblemsExtractor().extract(doc) + MeasuresExtractor().extract(doc):
            assert doc.text[f.span[0] : f.span[1]] == f.text
        return problems, measures

    return _run


def test_sections_of_a_rectification_report(run):
    text = (
        "关于安全检查问题整改情况的报告\n一、存在的问题\n1.部分企业主体责任落实不到位；\n2.隐患排查治理不彻底。\n"
        "二、整改措施\n（一）加强组织领导。成立整改领导小组，明确责任分工。\n（二）建立隐患台账，实行销号管理。\n"
    )
    problems, measures = run(text)
    assert problems == ["部分企业主体责任落实不到位", "隐患排查治理不彻底"]
    assert measures == ["加强组织领导。成立整改领导小组，明确责任分工", "建立隐患台账，实行销号管理"]


def test_lead_in_frames_the_numbered_items_after_it(run):
    text = "督查组按照评估细则逐项核查，核查中发现仍有以下问题：1、图书室藏书更新较慢；2、实验室仪器配备不齐，部分仪器老化。"
    problems, _ = run(text)
    assert problems == ["图书室藏书更新较慢", "实验室仪器配备不齐，部分仪器老化"]


def test_problem_and_required_measure_in_one_item(run):
    text = (
        "本次消防检查发现的问题及整改要求如下：\n1、疏散通道堆放杂物，要求立即清理；\n2、灭火器压力不足，应及时更换。\n"
    )
    problems, measures = run(text)
    assert problems == ["疏散通道堆放杂物", "灭火器压力不足"]
    assert measures == ["要求立即清理", "应及时更换"]


def test_enumerations_across_paragraphs(run):
    text = "从检查情况看，主要问题表现在：\n一是进货查验制度落实不严。\n二是餐饮服务环境卫生较差。\n三是学校食堂管理存在薄弱环节。\n"
    problems, _ = run(text)
    assert problems == ["进货查验制度落实不严", "餐饮服务环境卫生较差", "学校食堂管理存在薄弱环节"]


def test_inline_list_after_a_colon(run):
    text = "同时也要看到，当前工作中仍存在一些困难和问题：集体经济基础薄弱，增收渠道不宽；人才引进难度较大。\n"
    problems, _ = run(text)
    assert problems == ["集体经济基础薄弱，增收渠道不宽", "人才引进难度较大"]


def test_quoted_feedback_problem_in_a_heading(run):
    text = "（一）关于“干部队伍建设滞后”的问题\n整改情况：制定干部培养计划，选派12名干部挂职。\n"
    problems, measures = run(text, "rectification")
    assert problems == ["干部队伍建设滞后"]
    assert measures == ["制定干部培养计划，选派12名干部挂职"]


def test_requirements_in_a_news_item(run):
    text = "会上，区长强调，要抓紧排查汛期地质灾害隐患，确保群众生命财产安全。会议还通报了一季度重点项目进展。"
    _, measures = run(text, "other")
    assert measures == ["会上，区长强调，要抓紧排查汛期地质灾害隐患，确保群众生命财产安全"]


def test_next_steps_of_a_summary_but_not_its_achievements(run):
    text = (
        "2021年工作总结\n一、主要做法\n（一）加强培训，全年培训干部120人次。\n"
        "二、存在不足\n基层力量还比较薄弱。\n三、下一步打算\n（一）继续加强队伍建设。\n"
    )
    problems, measures = run(text, "summary")
    assert problems == ["基层力量还比较薄弱"]
    assert measures == ["继续加强队伍建设"]


def test_a_speakers_items_in_one_sentence_are_measures(run):
    """ "大家建议，A；B；C。": every item of the sentence after the speaker's verb, not only the first."""
    text = (
        "座谈会上，与会代表交流了经验。大家建议，要进一步完善考核办法，加强过程管理；持续提高服务质量，"
        "畅通群众反映渠道；推进信息平台建设，实现数据共享。会议历时两个小时。"
    )
    _, measures = run(text, "other")
    assert measures == [
        "要进一步完善考核办法，加强过程管理",
        "持续提高服务质量，畅通群众反映渠道",
        "推进信息平台建设，实现数据共享",
    ]


def test_a_noun_or_a_basis_before_the_comma_is_not_a_speaker(run):
    """ "按照上级要求，" and "县委的建议，" say what the work rests on; what follows is an account, not a list of measures."""
    text = "按照上级要求，我校组织全体教师开展了集中学习；各年级召开了家长会。根据县委的建议，县政府编制了规划纲要；提请大会审议。"
    _, measures = run(text, "summary")
    assert measures == []


def test_what_reads_like_a_step_but_is_not(run):
    """Attendance, an action taken zero times, a progress figure and a leftover web link are not measures."""
    text = (
        "关于县审计局反馈问题整改情况的报告\n一、整改措施\n（一）召开党组会议，逐条研究整改方案。\n"
        "（二）局领导班子成员、各股室负责人参加会议。\n（三）给予诫勉谈话0人。\n"
        "（四）截至目前，反馈的18个问题中已整改销号15个，整改完成率83%。\n（五）[查看原文](http://example.invalid/a.html)\n"
        "（六）约谈提醒4人，通报批评2人。\n"
    )
    _, measures = run(text, "rectification")
    assert measures == ["召开党组会议，逐条研究整改方案", "约谈提醒4人，通报批评2人"]


def test_the_colon_of_a_ratio_is_not_a_lead_in(run):
    """ "…问题主要是床护比1:0.6…": the colon of the ratio does not open a list (no "0.6未达标" fragment)."""
    text = "经过检查，医院存在的问题主要是部分病区床护比1:0.6未达标，夜班护士长期不足。"
    problems, measures = run(text, "rectification")
    assert not any(p.startswith("0.6") for p in problems + measures)
