"""The ledger: problems linked to the measures that answer them, with units, deadline and status; progress."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from reportkit_extractors._deadline import (
    DONE_ACT,
    document_date,
    find_actor,
    find_deadline,
    find_status,
    find_units,
)
from reportkit_extractors.ledger import LedgerExtractor, lead_ins, looks_ahead, pair

from reportkit import Pipeline
from reportkit.document import Document
from reportkit.extract.base import Finding, finding_span
from reportkit.extract.context import Context
from reportkit.record import DocType


@pytest.fixture(scope="module")
def pipe():
    return Pipeline(only=["ledger", "progress"])


def _entries(pipe, text):
    record = pipe.analyze(text)
    by_id = {f.id: f for name in ("problems", "measures") for f in record.fields[name]}
    out = []
    for e in record.fields["ledger"]:
        assert text[e.span[0] : e.span[1]] == e.text
        assert by_id[e.problem].text == e.text
        out.append((e.text, [by_id[m].text for m in e.measures], e))
    return out, record


def _counted(entries):
    """Each entry as (problem, number of measures, units' texts, status value or None)."""
    return [(p, len(ms), [u.text for u in e.units], e.status.value if e.status else None) for p, ms, e in entries]


def _by_problem(pipe, text):
    """Each entry's problem text -> its measures' texts."""
    entries, _ = _entries(pipe, text)
    return {p: ms for p, ms, _ in entries}


LABELLED = (
    "关于区委巡察反馈问题整改情况的报告\n"
    "（一）问题：食堂采购台账登记不全。整改措施：补登全部采购记录；建立采购验收双人签字制度。"
    "责任单位：后勤处、财务处。整改时限：2024年5月底前。整改状态：已整改。\n"
    "（二）问题：消防通道堆放杂物。整改措施：清理通道杂物，设置警示标识。责任单位：物业公司。整改时限：立行立改。"
    "整改状态：正在整改。\n"
    "2024年4月12日\n"
)


def test_labelled_blocks(pipe):
    entries, _ = _entries(pipe, LABELLED)
    assert [(p, ms) for p, ms, _ in entries] == [
        ("食堂采购台账登记不全", ["补登全部采购记录", "建立采购验收双人签字制度"]),
        ("消防通道堆放杂物", ["清理通道杂物，设置警示标识"]),
    ]
    first, second = entries[0][2], entries[1][2]
    assert [u.text for u in first.units] == ["后勤处", "财务处"]
    assert (first.deadline.text, first.deadline.kind, first.deadline.date) == ("2024年5月底前", "by_date", "2024-05-31")
    assert (first.status.text, first.status.value) == ("已整改", "done")
    assert (second.deadline.text, second.deadline.kind, second.deadline.date) == ("立行立改", "immediate", None)
    assert second.status.value == "in_progress"


ENUMERATED_STEPS = (
    "关于市委巡察反馈意见整改进展情况的报告\n"
    "二、反馈问题整改落实情况\n"
    "问题一：档案管理制度执行不严。部分会议记录未及时归档。\n"
    "整改措施：一是修订档案管理办法，明确归档时限。二是对近三年会议记录逐份补归档。\n"
    "整改进展：已完成。会议记录已全部归档。\n"
    "问题二：公务接待审批不规范。个别接待无公函。\n"
    "整改措施：一是重新印发公务接待管理规定。二是对无公函接待逐笔核查。\n"
    "整改进展：正在推进。核查工作预计月底前完成。\n"
)


def test_records_whose_steps_are_numbered_in_their_field_are_each_its_own_entry(pipe):
    """问题一：…⏎整改措施：一是…二是…⏎整改进展：…⏎问题二：… — the outline reads the numbered steps as entries of the
    part, which ended one run of the part's text and began the next: the record being read was lost there, so
    every problem of the part shared one block and took the most open status of all. The record carries on."""
    entries, _ = _entries(pipe, ENUMERATED_STEPS)
    assert [(p, len(ms), e.status.text) for p, ms, e in entries] == [
        ("档案管理制度执行不严", 2, "已完成"),
        ("公务接待审批不规范", 2, "正在推进"),
    ]
    doc = Document(ENUMERATED_STEPS)
    blocks = {it.block for it in doc.items() if it.role == "status"}
    assert len(blocks) == 2


def test_a_problem_block_with_a_details_field_is_one_entry_of_its_named_problem(pipe):
    # 问题N：<problem> / 问题描述：<details> / 整改措施：… — the steps answer the named problem (docs/gold.md)
    text = (
        "关于招标投标专项审计发现问题整改情况的报告\n"
        "问题一：部分项目应招标未招标\n"
        "问题描述：所属2家子公司共有5个工程项目未按规定公开招标，采取直接委托方式确定施工单位。\n"
        "整改措施：1.对5个项目的审批过程逐一进行倒查。2.修订《工程建设项目招标管理办法》。\n"
        "责任单位：工程管理部\n"
        "整改进展：已完成整改。\n"
        "问题二：评标专家抽取不规范\n"
        "问题描述：部分项目评标专家由招标人自行指定，未从专家库中随机抽取。\n"
        "整改措施：评标专家一律从省综合评标专家库中随机抽取。\n"
        "责任单位：招标采购中心\n"
        "整改进展：正在整改。\n"
    )
    entries, _ = _entries(pipe, text)
    got = _counted(entries)
    assert got == [
        ("部分项目应招标未招标", 2, ["工程管理部"], "done"),
        ("评标专家抽取不规范", 1, ["招标采购中心"], "in_progress"),
    ]


def test_table_rows(pipe):
    text = (
        "安全隐患整改台账\n"
        "序号\t问题\t整改措施\t责任单位\t整改时限\t完成情况\n"
        "1\t配电箱未上锁\t加装门锁；张贴警示标识\t设备科\t两周内\t已完成\n"
        "2\t应急照明灯损坏\t更换应急照明灯\t后勤科\t长期坚持\t持续整改\n"
    )
    entries, _ = _entries(pipe, text)
    assert [(p, ms, [u.text for u in e.units], e.deadline.kind, e.status.value) for p, ms, e in entries] == [
        ("配电箱未上锁", ["加装门锁", "张贴警示标识"], ["设备科"], "within", "done"),
        ("应急照明灯损坏", ["更换应急照明灯"], ["后勤科"], "long_term", "ongoing"),
    ]


CELL_A_LINE = (
    "关于消防安全检查发现问题整改情况的报告\n"
    "一、整改情况\n"
    "序号\n存在问题\n整改措施\n责任部门\n完成时限\n整改结果\n"
    "1\n宿舍楼疏散指示标志损坏3处，应急照明灯不亮\n更换疏散指示标志；检修全部应急照明灯\n后勤保障处\n2024年3月15日\n已整改完成\n"
    "2\n部分灭火器压力不足，未按月检查并记录\n更换压力不足的灭火器；落实每月检查记录制度\n保卫处\n立行立改\n"
    "3\n实验楼安全出口被杂物堵塞\n清理出口杂物并设置禁止堆放标识\n资产管理处\n2024年4月底前\n正在整改\n"
    "二、下一步工作\n"
    "每季度开展一次消防安全全面检查。\n"
    "2024年3月20日\n"
)


def test_a_table_copied_one_cell_a_line(pipe):
    # a web page's table pasted as text: the column names one a line, then each row's number alone on a line and
    # its cells after it; an empty cell leaves no line (row 2 has no 整改结果), and the text after the table
    # is text again
    text = CELL_A_LINE
    doc = Document(text)
    cells = [it for it in doc.items() if it.kind == "cell"]
    assert all(text[it.start : it.end] == it.text for it in doc.items())
    assert [(it.cell, it.role, it.text) for it in cells if it.role in ("unit", "deadline")] == [
        ((1, 3), "unit", "后勤保障处"),
        ((1, 4), "deadline", "2024年3月15日"),
        ((2, 3), "unit", "保卫处"),
        ((2, 4), "deadline", "立行立改"),
        ((3, 3), "unit", "资产管理处"),
        ((3, 4), "deadline", "2024年4月底前"),
    ]
    assert not any(it.text in ("序号", "整改措施", "完成时限") for it in doc.items())  # the header names no item
    assert len({it.block for it in cells}) == 3
    entries, _ = _entries(pipe, text)
    assert [
        (p, [u.text for u in e.units], e.deadline.text, e.status.value if e.status else None) for p, _, e in entries
    ] == [
        ("宿舍楼疏散指示标志损坏3处，应急照明灯不亮", ["后勤保障处"], "2024年3月15日", "done"),
        ("部分灭火器压力不足，未按月检查并记录", ["保卫处"], "立行立改", None),
        ("实验楼安全出口被杂物堵塞", ["资产管理处"], "2024年4月底前", "in_progress"),
    ]


def test_a_table_copied_one_cell_a_line_with_blank_lines_between_its_cells(pipe):
    # a web page's copy often puts a blank line between paragraphs, here between cells: the rows' numbers then
    # stand a page's distance apart and were once dropped as page numbers
    entries, _ = _entries(pipe, CELL_A_LINE.replace("\n", "\n\n"))
    assert [(p, [u.text for u in e.units], e.deadline.text) for p, _, e in entries] == [
        ("宿舍楼疏散指示标志损坏3处，应急照明灯不亮", ["后勤保障处"], "2024年3月15日"),
        ("部分灭火器压力不足，未按月检查并记录", ["保卫处"], "立行立改"),
        ("实验楼安全出口被杂物堵塞", ["资产管理处"], "2024年4月底前"),
    ]


def test_indented_fields_whose_steps_are_numbered_inline_keep_their_records(pipe):
    """The steps numbered inside an indented field's value ("　　整改措施：（1）…；（2）…") are its entries, as they
    are without the indent: the records after it keep their own deadline (the indent once made the numbered
    steps sections, which ran over the next fields and gave each problem the deadline before it)."""
    text = (
        "关于教育督导反馈问题整改情况的报告\n"
        "　　一、问题整改情况\n"
        "　　问题一：课后服务内容单一。\n"
        "　　整改措施：（1）开设书法、合唱等兴趣社团；（2）聘请校外专业人员兼职指导。\n"
        "　　责任部门：教务处\n"
        "　　完成时限：2024年3月底前\n"
        "　　问题二：食堂留样记录不全。\n"
        "　　整改措施：（1）配备留样专用冰柜；（2）指定专人登记留样。\n"
        "　　责任部门：总务处\n"
        "　　完成时限：立行立改\n"
        "　　问题三：校园监控存在盲区。\n"
        "　　整改措施：（1）新增监控探头8个；（2）安排值班人员每日巡查。\n"
        "　　责任部门：安全办\n"
        "　　完成时限：2024年5月底前\n"
    )
    entries, _ = _entries(pipe, text)
    assert [(p, len(ms), [u.text for u in e.units], e.deadline.text) for p, ms, e in entries] == [
        ("课后服务内容单一", 2, ["教务处"], "2024年3月底前"),
        ("食堂留样记录不全", 2, ["总务处"], "立行立改"),
        ("校园监控存在盲区", 2, ["安全办"], "2024年5月底前"),
    ]


def test_problems_without_measures_and_measures_without_problems(pipe):
    only_problems = "一、存在的问题\n1.值班记录缺失。\n2.巡查频次不够。\n"
    only_measures = "一、下一步工作\n（一）建立值班记录制度。\n（二）每周巡查两次。\n"
    for text in (only_problems, only_measures, ""):
        record = pipe.analyze(text) if text else None
        if record is not None:
            assert record.fields["ledger"] == []


def test_three_hundred_problems(pipe):
    blocks = "".join(
        f"（{k}）问题：第{k}号仓库灭火器过期。整改措施：更换第{k}号仓库灭火器。责任单位：仓储部。\n"
        for k in range(1, 301)
    )
    entries, _record = _entries(pipe, "关于仓储安全检查问题整改情况的报告\n" + blocks)
    assert len(entries) == 300
    assert all(len(ms) == 1 and p[1:].split("号")[0] == ms[0][3:].split("号")[0] for p, ms, _ in entries)
    assert len({e.problem for _, _, e in entries}) == 300


def test_a_list_whose_fields_number_several_problems_and_steps(pipe):
    # one record per unit, its 问题 and 整改措施 numbered inside the fields' values: each step in its place,
    # and the record's owner, time limit and status for each of its problems
    text = (
        "第三小组食堂检查问题整改清单\n"
        "单位名称：第一小学\n检查发现问题：①后厨防蝇设施缺失；②冷藏柜生熟食品混放\n"
        "整改措施：①加装防蝇帘；②分柜存放并张贴标识\n整改责任人：副校长 吴某\n整改期限：10月20日前\n复查结果：已整改到位\n"
        "单位名称：第二中学\n检查发现问题：①从业人员健康证过期；②留样不足125克\n"
        "整改措施：①调离岗位，办理健康证后上岗；②配备电子秤，规范留样操作\n整改责任人：后勤主任 林某\n"
        "整改期限：立即整改\n复查结果：正在整改\n"
    )
    entries, _ = _entries(pipe, text)
    got = [(p, ms, [u.text for u in e.units], e.deadline.text, e.status.value) for p, ms, e in entries]
    assert got == [
        ("后厨防蝇设施缺失", ["加装防蝇帘"], ["副校长 吴某"], "10月20日前", "done"),
        ("冷藏柜生熟食品混放", ["分柜存放并张贴标识"], ["副校长 吴某"], "10月20日前", "done"),
        ("从业人员健康证过期", ["调离岗位，办理健康证后上岗"], ["后勤主任 林某"], "立即整改", "in_progress"),
        ("留样不足125克", ["配备电子秤，规范留样操作"], ["后勤主任 林某"], "立即整改", "in_progress"),
    ]


# -- pairing, on its own ----------------------------------------------------------------------------


def _f(start, end, *blocks):
    return (start, end, frozenset(blocks))


def test_pair_within_a_block_runs_of_problems_share_what_follows():
    problems = [_f(0, 5, 1), _f(6, 10, 1), _f(30, 35, 2)]
    measures = [_f(11, 20, 1), _f(21, 25, 1), _f(26, 29, 1), _f(36, 40, 2)]
    texts = (["甲", "乙", "丙"], ["子", "丑", "卯", "寅"])
    assert pair(problems, measures, texts) == [[0, 1, 2], [0, 1, 2], [3]]


def test_pair_within_a_block_a_measure_answers_the_problem_its_words_name_and_its_sequel_the_same():
    # 审计发现，A；B。A单位已…，并…；B单位已… — each unit's steps answer that unit's problem
    problems = [_f(0, 10, 1), _f(11, 20, 1)]
    measures = [_f(21, 30, 1), _f(31, 35, 1), _f(36, 45, 1)]
    texts = (
        ["区农业局专项资金滞留未拨付", "区民政局低保信息比对不及时"],
        ["区农业局已拨付滞留资金", "并建立专账", "区民政局已建立低保信息比对机制"],
    )
    assert pair(problems, measures, texts) == [[0, 1], [2]]
    # a measure that names neither, before any that does, still answers both
    texts = (texts[0], ["召开专题会议研究部署", "区农业局已拨付滞留资金", "区民政局已建立低保信息比对机制"])
    assert pair(problems, measures, texts) == [[0, 1], [0, 2]]


def test_pair_within_a_block_a_measure_naming_two_of_the_run_answers_those_two_not_the_third():
    # 督导组指出，A；B；C。then a step whose words name A and B about as much: A and B, never C
    problems = [_f(0, 10, 1), _f(11, 20, 1), _f(21, 30, 1)]
    measures = [_f(31, 45, 1), _f(46, 60, 1)]
    texts = (
        ["学生宿舍人均面积偏小", "部分宿舍住十名学生", "校门口缺少防冲撞设施"],
        ["总务处改造周转房为学生宿舍", "在校门口安装防冲撞升降柱"],
    )
    assert pair(problems, measures, texts) == [[0], [0], [1]]


def test_pair_as_many_measures_as_problems_in_one_entry_in_their_places():
    # 问题：A；B；C。整改措施：a；b；c — each measure answers the problem in its place
    problems = [_f(0, 5, 1), _f(6, 10, 1), _f(11, 15, 1), _f(40, 45, 2)]
    measures = [_f(16, 20, 1), _f(21, 25, 1), _f(26, 30, 1), _f(46, 50, 2)]
    texts = (["甲", "乙", "丙", "丁"], ["子", "丑", "寅", "卯"])
    assert pair(problems, measures, texts) == [[0], [1], [2], [3]]


def test_pair_problems_listed_then_measures_in_order():
    problems = [_f(0, 5, 1), _f(6, 10, 2), _f(11, 15, 3)]
    measures = [_f(40, 50, 7), _f(51, 55, 7), _f(60, 70, 8), _f(80, 90, 9)]
    texts = (["甲", "乙", "丙"], ["子", "丑", "寅", "卯"])
    assert pair(problems, measures, texts) == [[0, 1], [2], [3]]


def test_pair_steps_in_their_own_entries_after_a_lone_problem_in_its_section():
    # 1.<problem>。  一是…  二是…  2.<problem>。  一是…  — each step in its own block, under the problem's section
    sec = ("二、整改落实情况", "（一）制度执行方面")
    problems = [_f(0, 10, 1), _f(50, 60, 5)]
    measures = [_f(11, 20, 2), _f(21, 30, 3), _f(31, 40, 4), _f(61, 70, 6)]
    texts = (["甲", "乙"], ["子", "丑", "寅", "卯"])
    paths = ([sec, sec], [(*sec, "甲"), (*sec, "甲"), sec, sec])
    assert pair(problems, measures, texts, paths=paths) == [[0, 1, 2], [3]]
    # without the paths the steps are not taken for the problem (no block, number or words join them)
    assert pair(problems, measures, texts) == [[], []]


def test_pair_steps_in_the_section_a_problem_heads_are_its_own_after_other_problems():
    # an umbrella sentence read as a problem, then "1.<problem>" heading its 一是/二是 steps
    sec = ("二、整改进展情况",)
    problems = [_f(0, 10, 1), _f(11, 20, 2)]
    measures = [_f(21, 30, 3), _f(31, 40, 4)]
    texts = (["整改不够到位", "学习制度执行不严"], ["子", "丑"])
    paths = ([sec, sec], [(*sec, "学习制度执行不严"), (*sec, "学习制度执行不严")])
    assert pair(problems, measures, texts, paths=paths) == [[], [0, 1]]


def test_pair_measures_before_any_problem_or_without_problems_answer_none():
    sec = ("一、整改措施",)
    assert pair([], [_f(0, 5, 1)], ([], ["子"]), paths=([], [sec])) == []
    assert pair([_f(20, 25, 2)], [_f(0, 5, 1)], (["甲"], ["子"]), paths=([sec], [(*sec, "子")])) == [[]]


def test_pair_steps_under_another_section_or_after_a_list_of_problems_are_not_the_last_problems():
    # 一、存在问题 <one problem>  二、整改措施 1. 2. — another section: the steps are not taken for it
    problems, measures = [_f(0, 10, 1)], [_f(50, 60, 5), _f(61, 70, 6)]
    texts = (["甲"], ["子", "丑"])
    assert pair(problems, measures, texts, paths=([("一、存在问题",)], [("二、整改措施",)] * 2)) == [[]]
    # a list of two problems and then two steps in the same section: in order, not both for the last problem
    problems = [_f(0, 10, 1), _f(11, 20, 2)]
    same = [("一、存在问题及整改",)] * 2
    assert pair(problems, measures, (["甲", "乙"], texts[1]), paths=(same, same)) == [[0], [1]]


def test_pair_a_measure_naming_a_problem_by_number():
    problems = [_f(0, 5, 1), _f(6, 10, 2)]
    measures = [_f(40, 50, 7)]
    texts = (["甲", "乙"], ["针对第二个问题，修订管理制度"])
    assert pair(problems, measures, texts) == [[], [0]]


def test_pair_a_step_that_answers_a_detail_answers_the_numbered_problem_it_details():
    # "（二）<problem>。<detail>。（三）<problem>。" then, in another part, steps: a step whose words repeat the
    # detail answers the numbered problem (docs/gold.md: details get no entry of their own)
    problems = [_f(0, 10, 1), _f(11, 30, 1), _f(31, 40, 2)]
    measures = [_f(60, 80, 7), _f(81, 95, 8)]
    texts = (
        ["工程价款结算不规范", "3个项目未经竣工结算审核即拨付工程尾款", "固定资产账实不符"],
        ["对3个项目进行竣工结算审核，追回多付的工程尾款", "对固定资产全面清查盘点，补登入账"],
    )
    own = {0: True, 1: False, 2: True}.__getitem__
    assert pair(problems, measures, texts, own_entry=own, details=lambda h, p: True) == [[0], [], [1]]
    # where the detail is not told in the problem's entry (another entry began between them, or it is a problem
    # beside it in one list), it keeps the step
    assert pair(problems, measures, texts, own_entry=own, details=lambda h, p: False) == [[], [0], [1]]


def test_pair_a_problem_found_after_the_steps_of_a_numbered_problem_keeps_its_own():
    # "1.<problem>。<steps>。“回头看”发现，<problem>。针对这一问题，<steps>。": the second is no detail of the first
    problems = [_f(0, 10, 1), _f(30, 45, 1)]
    measures = [_f(11, 29, 1), _f(46, 60, 1)]
    texts = (["决策制度执行不严格", "个别子公司仍先决策后补纪要"], ["修订决策制度实施办法", "约谈子公司主要负责人"])
    own = {0: True, 1: False}.__getitem__
    assert pair(problems, measures, texts, own_entry=own, details=lambda h, p: True) == [[0], [1]]


DETAILED = (
    "关于2023年度预算执行审计发现问题整改情况的报告\n"
    "一、审计发现的主要问题\n"
    "（一）专项资金被挤占挪用。局机关从道路养护专项资金中列支办公楼装修费用86万元。\n"
    "（二）工程结算审核把关不严。4个养护项目未经结算审核即支付尾款，多付工程款23.5万元。\n"
    "（三）固定资产管理薄弱。2019年以来新建的道班房等资产315万元未登记入账。\n"
    "二、整改落实情况\n"
    "1.针对挤占挪用专项资金的问题，已从局机关公用经费中安排86万元归还原渠道。\n"
    "2.由工程科牵头，对4个养护项目补做结算审核，已追回多付工程款23.5万元。\n"
    "3.组织对全部资产清查盘点，将未入账的道班房等资产315万元登记入账。\n"
)


def test_a_report_answering_problems_told_with_details_keeps_one_entry_per_numbered_problem(pipe):
    entries, record = _entries(pipe, DETAILED)
    problems = [f.text for f in record.fields["problems"]]
    details = [p for p in problems if p.startswith(("局机关", "4个养护", "2019年"))]
    assert details, "the details are problems of their own (docs/gold.md)"
    assert [p for p, _, _ in entries] == ["专项资金被挤占挪用", "工程结算审核把关不严", "固定资产管理薄弱"]
    assert all(len(ms) == 1 for _, ms, _ in entries)


RECORDS_WITH_DETAILS = (
    "关于医保基金专项审计发现问题整改情况的报告\n"
    "问题一：定点医院违规收费资金未追回\n"
    "审计发现，3家定点医院存在重复收费问题，涉及医保基金21.4万元。主要原因是日常稽核力量不足。\n"
    "整改措施：下达追回通知，已追回全部违规资金；对违规医院暂停医保结算1个月。\n"
    "责任人：基金监管股股长\n整改时限：2021年3月底前\n整改结果：已完成整改。\n"
    "问题二：参保信息更新滞后\n"
    "审计比对发现，有42名已死亡人员仍在参保名单中。\n"
    "整改措施：与民政、公安部门建立死亡人员信息按月共享机制。\n"
    "责任人：信息中心主任\n整改时限：2021年6月底前\n整改结果：正在整改。\n"
)


def test_records_with_their_problems_details_between_the_problem_and_the_measures(pipe):
    entries, _ = _entries(pipe, RECORDS_WITH_DETAILS)
    assert _counted(entries) == [
        ("定点医院违规收费资金未追回", 2, ["基金监管股股长"], "done"),
        ("参保信息更新滞后", 1, ["信息中心主任"], "in_progress"),
    ]


PROMISED = (
    "关于巡察反馈问题整改情况的报告\n"
    "一、关于“专业技术人员占比偏低”的问题。我局已向市人社局申请专项招录计划，拟于明年公开招录检验检测人员12名。"
    "此项工作需跨年度推进，目前正在推进。\n"
    "二、关于“档案管理不规范”的问题。我局拟于9月底前完成全部档案的整理归档。\n"
)


def test_a_steps_promise_gives_way_to_the_status_the_entry_states(pipe):
    # "拟于明年…" in a step says what is to come; "…，目前正在推进。" says how far the rectification is. Where the
    # entry says nothing else, the promise is its status (planned)
    entries, _ = _entries(pipe, PROMISED)
    statuses = {p: (e.status.value if e.status else None, e.status.text if e.status else None) for p, _, e in entries}
    assert statuses == {
        "专业技术人员占比偏低": ("in_progress", "正在推进"),
        "档案管理不规范": ("planned", "拟"),
    }


def test_pair_by_shared_words_only_when_enough():
    problems = [_f(0, 10, 1), _f(11, 20, 2)]
    measures = [_f(40, 60, 7), _f(61, 80, 8), _f(81, 90, 9)]
    texts = (
        ["档案室温湿度记录缺失", "公务车辆加油卡管理混乱"],
        ["为档案室配备温湿度计，每日记录温湿度", "规范加油卡管理，加油卡由专人保管", "开展廉政教育"],
    )
    assert pair(problems, measures, texts) == [[0], [1]]


def test_pair_by_few_shared_words_when_they_point_at_one_problem_only():
    # 一、存在问题 1.… 2.…  二、整改措施 1.… 2.… in another order: each step shares a few words (below the
    # 0.2 that links across sections on its own) with one problem and none with the other
    problems = [_f(0, 25, 1), _f(26, 45, 2)]
    measures = [_f(60, 75, 7), _f(76, 90, 8), _f(91, 99, 9)]
    texts = (
        ["食堂从业人员健康证过期未及时更换，晨检记录填写不全", "实验室危险化学品出入库台账登记不规范"],
        ["购置防爆柜，化学品分类存放", "组织全体从业人员到医院体检，统一办理新证", "开展一次消防演练"],
    )
    assert pair(problems, measures, texts) == [[1], [0]]
    # a step whose few words are shared alike with both problems answers neither
    texts = (texts[0], ["核对从业人员和化学品的名单", *texts[1][1:]])
    assert pair(problems, measures, texts) == [[1], []]


def test_pair_a_prose_step_by_the_topic_that_leads_up_to_it_in_its_clause():
    # problems in one paragraph, the steps in the next, each clause naming its problem before the step
    text = (
        "自查中发现：部分楼道堆放杂物；电动车在楼内充电；消防通道被私家车占用。\n"
        "整改情况：堆放杂物的，由物业逐户通知清理；对楼内充电的住户，由楼长上门劝导并张贴告示；"
        "通道占用问题，已施划禁停标线。\n"
    )
    problems = ["部分楼道堆放杂物", "电动车在楼内充电", "消防通道被私家车占用"]
    measures = ["由物业逐户通知清理", "由楼长上门劝导并张贴告示", "已施划禁停标线"]
    p_spans = [(text.index(x), text.index(x) + len(x)) for x in problems]
    m_spans = [(text.index(x), text.index(x) + len(x)) for x in measures]
    leads = lead_ins(text, p_spans, m_spans)
    assert leads == ["整改情况：堆放杂物的，", "对楼内充电的住户，", "通道占用问题，"]
    p_info, m_info = [_f(*p, 1) for p in p_spans], [_f(*m, 2) for m in m_spans]
    assert pair(p_info, m_info, (problems, measures)) == [[], [], []]  # the steps' own words share nothing
    assert pair(p_info, m_info, (problems, measures), leads=leads.__getitem__) == [[0], [1], [2]]
    # a lead-in stops at the finding before it: the next step's lead is not the last one's words
    assert lead_ins("甲问题，改了乙，改了丙。", [(0, 1)], [(6, 7), (10, 11)]) == ["问题，改了", "，改了"]


def test_pair_leaves_the_reports_outlook_to_what_ties_it_to_one_problem():
    # 1.<problem>。<its step>。  then 下一步，<a step for the work at large> in the same section
    text = "二、整改情况\n1.值班记录填写不全。已统一印制值班记录本。\n下一步，我们将建立长效机制，定期开展自查。\n"
    problems, measures = ["值班记录填写不全"], ["已统一印制值班记录本", "定期开展自查"]
    spans = [(text.index(x), text.index(x) + len(x)) for x in measures]
    sec = ("二、整改情况",)
    outlook = [looks_ahead(text, start, sec) for start, _ in spans]
    assert outlook == [0, 2]  # the second opens a paragraph of outlook
    p_info, m_info = [_f(text.index(problems[0]), text.index(problems[0]) + 8, 1)], [_f(*spans[0], 1), _f(*spans[1], 2)]
    paths = ([sec], [sec, sec])
    assert pair(p_info, m_info, (problems, measures), paths=paths) == [[0, 1]]  # without it, the section's last
    assert pair(p_info, m_info, (problems, measures), paths=paths, outlook=outlook.__getitem__) == [[0]]
    # a closing paragraph of outlook is not the last entry's step, even in the block of that entry's body
    same_block = [_f(*spans[0], 1), _f(*spans[1], 1)]
    assert pair(p_info, same_block, (problems, measures), outlook=outlook.__getitem__) == [[0]]
    # but a 下一步 sentence inside the entry's own paragraph is its step
    inline = "二、整改情况\n1.值班记录填写不全。已统一印制值班记录本。下一步将定期开展自查。\n"
    start = inline.index("定期开展自查")
    assert looks_ahead(inline, start, sec) == 1
    assert pair(p_info, same_block, (problems, measures), outlook=[0, 1].__getitem__) == [[0, 1]]
    # a 下一步打算 section is the outlook, unless it also holds the problems
    assert looks_ahead(text, spans[0][0], ("三、下一步工作打算", "（一）健全制度")) == 1
    assert looks_ahead(text, spans[0][0], ("三、存在的问题和下一步打算",)) == 0
    assert looks_ahead("今年以来，已统一印制值班记录本。", 7, ()) == 0


# -- deadlines, statuses, units -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [
        ("2023年6月底前完成", None, ("2023年6月底前", "by_date", "2023-06-30")),
        ("6月底前完成", (2023, 3), ("6月底前", "by_date", "2023-06-30")),
        ("3月底前完成", (2023, 11), ("3月底前", "by_date", "2024-03-31")),  # before the report's month: next year
        ("2024年2月底前", None, ("2024年2月底前", "by_date", "2024-02-29")),
        ("2月30日前", (2023, 1), ("2月30日前", "by_date", None)),  # no such day: the words stay
        ("6月30日前整改到位", (2022, 5), ("6月30日前", "by_date", "2022-06-30")),
        ("年底前", (2021, 4), ("年底前", "by_date", "2021-12-31")),
        ("2024年底前全部完成", (2022, 4), ("2024年底前", "by_date", "2024-12-31")),  # the year stated, not the report's
        ("2023年末前", None, ("2023年末前", "by_date", "2023-12-31")),
        ("2022年一季度末前", None, ("2022年一季度末前", "by_date", "2022-03-31")),
        ("9月中旬前", (2020, 8), ("9月中旬前", "by_date", "2020-09-20")),
        ("6月底前", None, ("6月底前", "by_date", None)),  # no year anywhere
        ("立行立改", None, ("立行立改", "immediate", None)),
        ("长期坚持", None, ("长期坚持", "long_term", None)),
        ("两周内完成", None, ("两周内", "within", None)),
        ("限期整改", None, ("限期整改", "within", None)),
        ("30个工作日内", None, ("30个工作日内", "within", None)),
        # a number set between spaces, as converters and some writers set it
        ("保证 2024 年 5 月底前完成", None, ("2024 年 5 月底前", "by_date", "2024-05-31")),
        ("于 2023 年 12 月 15 日前整改到位", None, ("2023 年 12 月 15 日前", "by_date", "2023-12-15")),
        ("2022 年底前", None, ("2022 年底前", "by_date", "2022-12-31")),
        ("9 月 30 日前", (2021, 2), ("9 月 30 日前", "by_date", "2021-09-30")),
        # a published copy's masked digits: a date as written, which one it does not say
        ("要求于x月x日前整改到位", (2021, 2), ("x月x日前", "by_date", None)),
        ("20XX年X月底前完成", (2021, 2), ("20XX年X月底前", "by_date", None)),
        ("20xx年6月底前完成", (2021, 2), ("20xx年6月底前", "by_date", None)),  # not the report's year
    ],
)
def test_deadlines(text, written, expected):
    hit = find_deadline(text, 0, len(text), written)
    assert hit is not None
    assert (text[hit.start : hit.end], hit.kind, hit.date) == expected


def test_no_deadline_in_plain_words():
    text = "组织全体职工学习安全生产法"
    assert find_deadline(text, 0, len(text), (2023, 1)) is None
    text = "下载Max月前的数据"  # a Latin word's last letter before 月 is no masked month
    assert find_deadline(text, 0, len(text), (2023, 1)) is None


@pytest.mark.parametrize(
    "text",
    [
        "已于10月8日完成整改",
        "原定2018年底前完工的项目至今未完成",
        "原计划4月底通水的目标没有实现",
        "原定于6月30日前投用",
    ],
)
def test_a_date_done_or_missed_is_no_deadline(text):
    assert find_deadline(text, 0, len(text), (2023, 1)) is None


def test_a_missed_plan_leaves_the_deadline_set_after_it():
    text = "原定2018年底前完工的项目至今未完成，要求2023年6月底前完成设备安装"
    hit = find_deadline(text, 0, len(text), None)
    assert hit is not None and (text[hit.start : hit.end], hit.date) == ("2023年6月底前", "2023-06-30")


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [
        ("2024年3月31日", None, ("2024年3月31日", "by_date", "2024-03-31")),  # a time-limit cell: the date alone
        ("2018年10月底", None, ("2018年10月底", "by_date", "2018-10-31")),
        ("9月", (2021, 5), ("9月", "by_date", "2021-09-30")),
        ("持续推进，长期坚持", None, ("长期坚持", "long_term", None)),
        ("限期整改", None, ("限期整改", "within", None)),
    ],
)
def test_deadlines_in_a_time_limit_field(text, written, expected):
    hit = find_deadline(text, 0, len(text), written, field=True)
    assert hit is not None
    assert (text[hit.start : hit.end], hit.kind, hit.date) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月31日召开了推进会",  # in running text a date without 前/内 is when something happened
        "该项工作已于10月8日完成",  # when it was done, not when it is due
        "长期坚持开展夜查行动",  # how a measure is carried out
        "立即组织人员清理",  # 立即 alone is how soon, not a time limit
        "持续整改",  # a status
        "对5家企业下达限期整改通知书",  # an order to the units checked, not the entry's own time limit
        "责令其限期整改并处以罚款",
    ],
)
def test_not_deadlines_in_running_text(text):
    assert find_deadline(text, 0, len(text), (2023, 1)) is None


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [
        # a date a plan or an expectation names, with no 前 after it
        ("计划于9月组织一次应急演练", (2022, 5), ("9月", "by_date", "2022-09-30")),
        ("预计8月中旬完工", (2022, 5), ("8月中旬完工", "by_date", "2022-08-20")),
        ("拟于2024年下半年公开选聘", None, ("2024年下半年", "by_date", "2024-12-31")),
        ("力争上半年完成", (2023, 2), ("上半年完成", "by_date", "2023-06-30")),
        # a season, a holiday or an event a plan or an order sets, or by which the work is to be done
        ("要求各摊点春节前完成整改", None, ("春节前", "by_date", None)),
        ("拟于暑假期间实施改造", None, ("暑假期间", "by_date", None)),
        ("秋播前完成复耕", None, ("秋播前", "by_date", None)),
        ("预计9月开学前全部到岗", None, ("9月开学前", "by_date", None)),
        ("确保供热管网开栓前完成改造", None, ("开栓前", "by_date", None)),
        # a period: of hours, or after 限期
        ("要求施工单位48小时内补设到位", None, ("48小时内", "within", None)),
        ("责令限期五天整改", None, ("限期五天", "within", None)),
        ("限期3个月内完成", None, ("限期3个月内", "within", None)),
        # a time limit said as such in running text is read as a field's value
        ("此项由信息科负责，整改时限为2023年6月30日，目前正在推进", None, ("2023年6月30日", "by_date", "2023-06-30")),
        ("该问题完成时限是长期坚持，我局将持续推进", None, ("长期坚持", "long_term", None)),
        # the time the work is due before the season in which it is done
        ("计划暑假期间施工，8月31日前完工", (2023, 4), ("8月31日前", "by_date", "2023-08-31")),
        # a time a contract's end sets; a season an order to a contractor sets
        ("对租金偏低的合同，拟于合同到期后重新公开招租", None, ("合同到期后", "by_date", None)),
        ("责成施工方秋收后返修", None, ("秋收后", "by_date", None)),
        # a limit said as such comes before a date a step names
        ("确保10月中旬前完成对账销号，完成时限为2024年10月20日", None, ("2024年10月20日", "by_date", "2024-10-20")),
    ],
)
def test_deadlines_planned_seasonal_and_said(text, written, expected):
    hit = find_deadline(text, 0, len(text), written)
    assert hit is not None
    assert (text[hit.start : hit.end], hit.kind, hit.date) == expected


@pytest.mark.parametrize(
    "text",
    [
        "夏收期间仍有零星焚烧现象",  # when something happens, not when it is due
        "汛前组织受威胁群众开展避险演练",
        "列入汛后实施计划",
        "要求企业统计人员变动后十个工作日内报县统计局备案",  # a standing rule a measure sets
        "接到投诉后24小时内回复",
        "每年3月底前上报上年度执行情况",
        "常规检验报告出具时间压缩至2小时以内",  # a standard a step sets
        "会议要求认真整改，并在年底前报告整改情况",  # when a report on the rectification is due
        "11月底前报送整改报告",
        "在收费系统中设置互斥规则，同一天内不能重复计费",  # the same day's, a rule's words
        "建立投诉处理台账，接到投诉后24小时内回复，3个工作日内办结",  # a rule's periods, the second running on
        "原定去年底完工的项目至今未完成",  # a missed plan
        "门面房租赁合同到期后未重新公开发包",  # when, in a problem
    ],
)
def test_not_deadlines_planned_seasonal_or_standing(text):
    assert find_deadline(text, 0, len(text), (2023, 1)) is None


def test_an_order_at_once_is_a_time_limit_only_where_the_text_orders_the_units_it_checked():
    text = "责令项目部立即停用并组织紧固"
    assert find_deadline(text, 0, len(text), None) is None  # a rectification report: how soon
    hit = find_deadline(text, 0, len(text), None, orders=True)  # an inspection notice: the unit's time limit
    assert hit is not None and (text[hit.start : hit.end], hit.kind) == ("立即", "immediate")
    # 立即 with no order is how soon, in a notice too; an order that sets a period has that one
    for text, expected in (("检查组立即组织人员清理", None), ("责令塔吊立即停用，7日内整改到位", "7日内")):
        hit = find_deadline(text, 0, len(text), None, orders=True)
        assert (text[hit.start : hit.end] if hit else None) == expected


def test_a_time_limit_with_no_period_counts_in_an_order_only_where_the_text_orders_the_units_it_checked():
    text = "部分学校一键报警装置未联网，要求相关学校限期整改。"
    assert find_deadline(text, 0, len(text), None) is None  # a report's order to a unit it oversees
    hit = find_deadline(text, 0, len(text), None, orders=True)
    assert hit is not None and (text[hit.start : hit.end], hit.kind) == ("限期整改", "within")
    text = "对5家企业下达限期整改通知书"  # no order in its clause: a notice's name
    assert find_deadline(text, 0, len(text), None, orders=True) is None


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # the unit an order names, in a notice: a township, a body whose name ends in 所, businesses in the plural
        ("镇防汛物资储备不足。要求青石镇按照储备标准补足物资。", ["青石镇"]),
        ("溢洪道内有杂物阻塞。责令水库管理所三日内清除阻水物。", ["水库管理所"]),
        ("部分超市散装食品未标明保质期。要求各超市在春节前完成整改。", ["各超市"]),
        # 该单位 / 该超市: the unit the sentence before opens with, masked or not
        ("（二）城东某某超市销售标签不符合规定的食品6种。责令该超市三日内提供进货凭证。", ["城东某某超市"]),
        ("xx购物广场冷藏柜制冷故障。责令该单位立即停止使用故障冷藏柜。", ["xx购物广场"]),
        # 该单位 with no unit before it names none; an order to do, not to a unit, names none
        ("冷藏柜制冷故障。责令该单位立即停止使用。", []),
        ("市场监管局督促核查处理。", []),
    ],
)
def test_units_an_inspection_notice_orders(text, units):
    assert [text[s:e] for s, e in find_units(text, 0, len(text), orders=True)] == units


def test_units_an_order_names_are_not_read_in_a_report_of_ones_own_steps():
    # in a rectification report the unit that acts is the one responsible, not the one it urges
    text = "责令该超市三日内提供进货凭证。法制科要在6月底前督促各中队清理积压数据。"
    assert [text[s:e] for s, e in find_units(text, 0, len(text))] == []


def test_a_unit_field_in_a_file_with_crlf_line_ends_ends_before_the_cr():
    text = "整改措施：将结余资金统筹用于设备购置。\r\n责任股室：规划财务股\r\n整改时限：2023年10月底前\r\n"
    assert [text[s:e] for s, e in find_units(text, 0, len(text))] == ["规划财务股"]


def test_a_season_in_a_time_limit_field():
    text = "2019年采暖季前"
    hit = find_deadline(text, 0, len(text), None, field=True)
    assert hit is not None and (text[hit.start : hit.end], hit.kind, hit.date) == (text, "by_date", None)


def test_a_year_alone_is_no_deadline_even_in_a_field():
    text = "2024年"
    assert find_deadline(text, 0, len(text), None, field=True) is None


@pytest.mark.parametrize(
    ("text", "value", "words"),
    [
        ("已完成管网改造，其余点位正在施工", "in_progress", "正在施工"),  # the more open status wins
        ("已完成整改，长期坚持", "done", "已完成整改"),  # closed, then kept up
        ("该问题需长期坚持", "ongoing", "长期坚持"),
        ("设备已采购，待安装", "in_progress", "待安装"),
        ("系统调试中", "in_progress", "调试中"),
        ("违规款项已清退完毕", "done", "已清退完毕"),
        ("经复查，整改到位", "done", "整改到位"),
        # the rectification's own status over a piece of work's: the work went on, the problem is closed
        ("排水管网改造工程正在施工，该问题已整改完成", "done", "已整改完成"),
        ("已完成图纸设计，整改中", "in_progress", "整改中"),
        # closings of the problems before them and one problem's partial progress still state a status,
        # though tallies and kinds of problem do not (test_a_tally_or_a_kind_of_problem_is_no_status)
        ("以上3项问题已整改完成", "done", "已整改完成"),
        ("两项问题均已整改到位", "done", "已整改到位"),
        ("第一个问题已整改完成", "done", "已整改完成"),
        ("已化解积案6件，其余3件正在推进", "in_progress", "正在推进"),
        ("该问题正在整改中", "in_progress", "正在整改"),
        ("该问题整改中，预计月底完成", "in_progress", "整改中"),
        ("整改状态：整改中，预计6月完成", "in_progress", "整改中"),
        # 长期坚持 as its own words, not how a step is carried on
        ("咨询窗口已开放，此项工作长期坚持。", "ongoing", "长期坚持"),
        ("巡查制度已修订到位，各学院安全员长期坚持开展夜间巡查", "done", "已修订到位"),
    ],
)
def test_the_status_of_an_entry_with_several(text, value, words):
    hit = find_status(text, 0, len(text))
    assert hit is not None and (hit.value, text[hit.start : hit.end]) == (value, words)


def test_a_time_limit_field_says_when_and_a_status_field_how_far(pipe):
    # a form's block: 整改时限：长期坚持 is the deadline; how far the rectification is, the 整改情况 line says
    text = (
        "县农业农村局关于巡察反馈问题整改情况的报告\n"
        "（一）问题：农机购置补贴公示不及时。\n"
        "整改措施：建立补贴信息按月公示制度，由农机站专人负责。\n"
        "整改时限：长期坚持\n"
        "整改情况：公示平台正在调试。\n"
        "（二）问题：涉农资金项目库更新滞后。\n"
        "整改措施：对项目库开展全面清理，每季度更新一次。\n"
        "整改时限：长期坚持\n"
    )
    entries, _ = _entries(pipe, text)
    assert [(e.deadline.text if e.deadline else None, e.status.value if e.status else None) for _, _, e in entries] == [
        ("长期坚持", "in_progress"),
        ("长期坚持", "ongoing"),  # nothing else says how far: its time limit's words are all there is
    ]


def test_a_status_after_each_measure_belongs_to_its_entry(pipe):
    text = (
        "消防检查整改情况的报告\n"
        "一、存在的问题\n"
        "（一）疏散通道堆放杂物。\n"
        "（二）消防控制室值班人员未持证上岗。\n"
        "二、整改措施\n"
        "（一）针对第一个问题，组织清理疏散通道内的杂物，划定禁止堆放区域。已整改。\n"
        "（二）针对第二个问题，安排值班人员参加消防设施操作员培训，取证前由维保单位派持证人员值守。正在整改。\n"
    )
    entries, _ = _entries(pipe, text)
    got = [(p, e.status.value if e.status else None) for p, _, e in entries]
    assert got == [("疏散通道堆放杂物", "done"), ("消防控制室值班人员未持证上岗", "in_progress")]


def test_a_results_field_after_the_steps_gives_the_status(pipe):
    # 问题 / 整改措施 / 整改成效 (or 整改效果, 整改结果) lines: the results line is the entry's status field, and its
    # figures and words are not steps
    text = (
        "关于信访工作专项督查反馈问题整改情况的报告\n"
        "问题一：部分信访事项办理超期，按期办结率偏低。\n"
        "整改措施：县信访局对超期事项逐件督办；将按期办结率纳入年度目标考核。\n"
        "整改成效：6月以来按期办结率达98.5%，该问题已整改完成。\n"
        "问题二：信访信息系统录入不规范。\n"
        "整改措施：组织系统操作人员集中培训；每月抽查录入情况。\n"
        "整改效果：录入差错明显减少，目前正在整改。\n"
    )
    entries, _ = _entries(pipe, text)
    got = [
        (p, len(ms), e.status.value if e.status else None, e.status.text if e.status else None) for p, ms, e in entries
    ]
    assert got == [
        ("部分信访事项办理超期，按期办结率偏低", 2, "done", "已整改完成"),
        ("信访信息系统录入不规范", 2, "in_progress", "正在整改"),
    ]
    for _, ms, _ in entries:
        assert not any("办结率达" in m or "差错" in m for m in ms)


def _statuses(pipe, text):
    entries, _ = _entries(pipe, text)
    return [(p, e.status.value if e.status else None) for p, _, e in entries]


def test_a_status_said_of_several_problems_closes_those_before_it(pipe):
    # a paragraph of its own after the last section closes every entry of the report (a sign-off may follow);
    # an entry with a status of its own keeps it
    text = (
        "镇卫生院关于县卫健局督查反馈问题整改情况的报告\n"
        "县卫健局：\n"
        "2023年3月，县卫健局督查组对我院医疗质量和院感管理工作进行了督查，反馈问题3个。我院高度重视，逐项制定整改措施，现将整改情况报告如下：\n"
        "一、医疗质量方面\n"
        "（一）病历书写不及时，部分首次病程记录超过8小时完成。整改措施：组织全院医生开展病历书写规范培训，医务科每周抽查运行病历，抽查结果纳入月度考核。\n"
        "（二）处方点评流于形式，点评结果未与绩效挂钩。整改措施：修订处方点评制度，每月点评处方不少于100张，点评结果与科室绩效挂钩。目前正在整改。\n"
        "二、院感管理方面\n"
        "（一）医疗废物交接登记不全，部分交接记录缺少签名。整改措施：重新印制交接登记本，由院感专干每日核对签字。\n"
        "截至目前，以上问题均已整改完成。\n"
        "镇卫生院\n"
        "2023年5月10日\n"
    )
    assert _statuses(pipe, text) == [
        ("病历书写不及时，部分首次病程记录超过8小时完成", "done"),
        ("处方点评流于形式，点评结果未与绩效挂钩", "in_progress"),
        ("医疗废物交接登记不全，部分交接记录缺少签名", "done"),
    ]


OPENING_ALL = (
    "县水利局关于县委巡察反馈意见整改情况的报告\n"
    "县委巡察办：\n"
    "县委第二巡察组反馈我局问题3个。我局对照问题清单逐项整改，{opening}现将整改情况报告如下：\n"
    "一、河道采砂监管不严的问题\n"
    "整改措施：联合县公安局开展非法采砂专项整治，拆除采砂设备4套，建立河道巡查日志。\n"
    "二、小型水库安全鉴定滞后的问题\n"
    "整改措施：委托有资质单位完成6座小型水库安全鉴定，鉴定报告已报市水利局备案。\n"
    "三、项目资金拨付不及时的问题\n"
    "整改措施：修订项目资金拨付办法，按工程进度拨付资金，目前正在整改。\n"
)


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        # a sentence before the first problem that speaks of all of them gives each its status, unless it
        # states its own (the third: 正在整改)
        ("截至目前，3个问题已全部整改完毕。", ["done", "done", "in_progress"]),
        ("目前，所有问题均已整改到位。", ["done", "done", "in_progress"]),
        ("截至5月底，反馈问题已基本整改到位。", [None, None, "in_progress"]),  # not said with 均/全部 of each
        # a tally says which stand where, not one status of all
        ("截至目前，已整改完成2个，其余1个正在整改。", [None, None, "in_progress"]),
        # a promise is no status
        ("力争6月底前全部问题整改到位。", [None, None, "in_progress"]),
        # cases handed over, money returned: not the problems
        ("巡察移交的2件问题线索已全部办结。", [None, None, "in_progress"]),
        ("违规发放的补贴款项已全部退还。", [None, None, "in_progress"]),
        ("", [None, None, "in_progress"]),
    ],
)
def test_an_opening_sentence_that_speaks_of_all_the_problems_gives_their_status(pipe, opening, expected):
    assert [status for _, status in _statuses(pipe, OPENING_ALL.format(opening=opening))] == expected


def test_a_status_said_of_all_in_one_section_is_not_the_others(pipe):
    text = (
        "县水利局关于县委巡察反馈意见整改情况的报告\n"
        "一、党建方面\n"
        "该方面问题已全部整改完成。\n"
        "（一）支部组织生活不规范的问题\n"
        "整改措施：制定支部组织生活计划，规范会议记录。\n"
        "二、业务方面\n"
        "（一）河道采砂监管不严的问题\n"
        "整改措施：联合县公安局开展非法采砂专项整治，建立河道巡查日志。\n"
    )
    statuses = _statuses(pipe, text)
    assert [p for p, _ in statuses] == ["支部组织生活不规范", "河道采砂监管不严"]
    assert statuses[1][1] is None


def test_a_section_of_its_own_that_says_all_the_problems_above_are_done_closes_them(pipe):
    # the entries under 一, then a results section whose first sentence speaks of all of them ("以上问题均已…"),
    # then another section: each entry without a status of its own takes it — not from one that speaks of some
    head = (
        "县疾控中心关于市卫健委督查反馈问题整改情况的报告\n"
        "市卫健委：\n"
        "现将整改情况报告如下：\n"
        "一、反馈问题及整改情况\n"
        "（一）冷链设备温度记录不连续。整改措施：为4台冷藏柜加装自动温度记录仪，专人每日核查。\n"
        "（二）预防接种档案录入滞后。整改措施：抽调3名专业人员集中补录档案，录入情况纳入月度考核，目前正在整改。\n"
        "二、整改成效\n"
    )
    plans = "三、下一步打算\n我中心将把整改与疫苗管理规范化建设结合起来，持续巩固整改成果。\n"
    closing = "以上问题均已整改完成。通过整改，全年冷链运行无一次温度超限。\n" + plans
    assert _statuses(pipe, head + closing) == [
        ("冷链设备温度记录不连续", "done"),
        ("预防接种档案录入滞后", "in_progress"),
    ]
    some = "以上问题中部分已整改完成。通过整改，全年冷链运行无一次温度超限。\n" + plans
    assert [status for _, status in _statuses(pipe, head + some)] == [None, "in_progress"]
    assert [status for _, status in _statuses(pipe, head + plans)] == [None, "in_progress"]


def test_a_review_line_gives_the_status_of_problems_by_their_numbers(pipe):
    # a check record's findings, each with its order, then a review line that states the status of each by its
    # list number (第1、3项…；第2项…); a number two lists of the document share names neither
    head = (
        "县应急管理局危险化学品经营企业安全检查记录\n"
        "被检查单位：城东加油站　检查时间：2023年9月12日\n"
        "检查发现问题及处理意见：\n"
        "1.油罐区防雷接地检测报告超过有效期，责令企业立即委托有资质机构重新检测。\n"
        "2.卸油区静电接地报警器损坏，要求三日内修复。\n"
        "3.员工应急演练记录缺失，站长未取得安全管理人员资格证书，责令组织演练并限期参加培训考核。\n"
    )
    review = "复查情况（9月20日）：第1、3项已整改完毕；第2项正在整改，配件已订购。\n"
    assert _statuses(pipe, head + review) == [
        ("油罐区防雷接地检测报告超过有效期", "done"),
        ("卸油区静电接地报警器损坏", "in_progress"),
        ("员工应急演练记录缺失，站长未取得安全管理人员资格证书", "done"),
    ]
    assert [status for _, status in _statuses(pipe, head)] == [None, None, None]
    two_lists = (
        "县市场监管局食品经营单位检查情况通报\n"
        "一、城东超市\n"
        "1.冷藏柜温度记录缺失，责令建立温度记录台账。\n"
        "2.过期食品未及时下架，责令立即下架销毁。\n"
        "二、城西餐馆\n"
        "1.后厨防蝇设施破损，要求三日内修复。\n"
        "2.从业人员健康证过期，责令暂停上岗并补办。\n"
        "复查情况：第1项已整改完毕。\n"
    )
    assert [status for _, status in _statuses(pipe, two_lists)] == [None, None, None, None]


def test_a_closing_sentence_inside_a_paragraph_closes_only_that_paragraphs_entries(pipe):
    text = (
        "县第二中学关于县教育局安全专项检查反馈问题整改情况的报告\n"
        "县教育局：\n"
        "2022年10月，县教育局安全专项检查组对我校进行了检查，指出问题3个。现将整改情况报告如下：\n"
        "一、校舍安全方面\n"
        "检查发现教学楼部分窗户限位器缺失，存在学生坠落隐患。整改措施：总务处对全校窗户逐一排查，补装限位器86个。\n"
        "二、食堂管理方面\n"
        "检查发现食堂留样记录不完整，部分餐次无人签字；库房食品离地离墙存放不规范。整改措施：食堂管理员每餐留样并由值班领导签字确认；购置不锈钢货架12组，食品分类上架存放。以上两项已整改到位。\n"
        "县第二中学\n"
        "2022年11月20日\n"
    )
    assert [status for _, status in _statuses(pipe, text)] == [None, "done", "done"]


def test_a_tally_of_problems_rectified_is_no_entrys_status(pipe):
    # a report run into one line, as a web page gives it: "共排查出问题3个，已整改2个" before the list counts the
    # problems; it says nothing of which one stands where, so an entry that states none of its own has none
    text = (
        "关于县第三中学安全隐患排查整改情况的报告 县教育局：按照县教育局要求，我校开展了安全隐患排查，"
        "共排查出问题3个，已整改2个。具体情况如下：一是实验室危化品台账登记不全。整改措施：实验室管理员逐瓶清点，"
        "重新建立危化品台账。二是学生宿舍消防通道堆放杂物。整改措施：总务处组织清理杂物，宿管员每日巡查。"
        "三是食堂燃气报警器损坏。整改措施：联系燃气公司更换报警器，目前正在整改。县第三中学 2023年11月2日"
    )
    assert _statuses(pipe, text) == [
        ("实验室危化品台账登记不全", None),
        ("学生宿舍消防通道堆放杂物", None),
        ("食堂燃气报警器损坏", "in_progress"),
    ]


def test_a_number_limits_the_entries_a_closing_sentence_speaks_of(pipe):
    text = (
        "城南社区关于消防安全检查反馈问题整改情况的报告\n"
        "街道办事处：\n"
        "11月5日，街道消防安全检查组对我社区开展了检查，反馈问题3个。现将整改情况报告如下：\n"
        "一、楼道堆放杂物，影响人员疏散。整改措施：组织物业公司清理楼道杂物，在各单元设置禁止堆放标识，网格员每周巡查。\n"
        "二、部分灭火器压力不足，已超过检验期限。整改措施：联系维保公司更换灭火器12具，建立灭火器检查台账。\n"
        "三、消防车通道被私家车长期占用，消防车辆无法通行。整改措施：施划消防车通道标线，安装禁停标牌，对占用车辆进行劝离。\n"
        "以上两个问题已整改完成。\n"
        "城南社区居委会\n"
        "2023年11月30日\n"
    )
    assert _statuses(pipe, text) == [
        ("楼道堆放杂物，影响人员疏散", None),
        ("部分灭火器压力不足，已超过检验期限", "done"),
        ("消防车通道被私家车长期占用，消防车辆无法通行", "done"),
    ]
    # a tally of them is no one status of them all (the last entry reads the sentence after it as its own)
    tallied = text.replace("以上两个问题已整改完成。", "以上3个问题中，已整改完成2个，1个正在整改。")
    assert [status for _, status in _statuses(pipe, tallied)][:2] == [None, None]


@pytest.mark.parametrize(
    ("text", "value", "words"),
    [
        ("该问题已整改完成", "done", "已整改完成"),
        ("已销号", "done", "已销号"),
        ("目前正在整改", "in_progress", "正在整改"),
        ("基本完成", "in_progress", "基本完成"),
        ("该问题已基本整改到位", "in_progress", "基本整改"),  # basically fixed is not closed (docs/gold.md)
        ("截至目前，反馈的8个问题已全部整改完成", "done", "已全部整改完成"),  # all of them, not a tally
        ("持续整改", "ongoing", "持续整改"),
        # rectification that goes on, not 整改中 inside it (持续推进中 read so already); 正在 makes it in progress
        ("目前持续整改中", "ongoing", "持续整改"),
        ("正在持续整改中", "in_progress", "正在持续"),
        ("拟于下月召开专题会议", "planned", "拟"),
        ("整改状态：完成", "done", "整改状态：完成"),
        ("完成情况：完成", "done", "完成情况：完成"),
        ("整改进度：阶段性完成", "in_progress", "阶段性完成"),
        ("检查当天即进行了整改", "done", "进行了整改"),
        ("接到通知后立即进行了整治", "done", "进行了整治"),
        ("目前全部完成", "done", "全部完成"),
        ("当周即整改完毕", "done", "整改完毕"),
        ("补充协议已于6月2日签订", "done", "已于6月2日签订"),
        # when they were all done (a deadline reads 均于…前 so too), not asked
        ("以上6项问题均于7月10日前整改完成", "done", "均于7月10日前整改完成"),
        ("目前污水处理站已恢复运行", "done", "已恢复运行"),
        ("明年将继续开展专项检查", "planned", "将"),
        # 计划 as a verb before when or what, what waits for something first, what is put into a plan, 将 before how
        ("计划暑假期间施工", "planned", "计划"),
        ("学校计划6月底前完工", "planned", "计划"),
        ("下一步计划改用管道天然气", "planned", "计划"),
        ("待专项资金下达后实施", "planned", "待专项资金下达后实施"),
        ("已列入明年老旧管网改造计划", "planned", "列入明年老旧管网改造计划"),
        ("专家论证会定于6月28日召开", "planned", "定于"),
        ("中心将重点抓好三项工作", "planned", "将"),
        ("将结合预算编制推进", "planned", "将"),
        ("设备已到货，待安装调试", "in_progress", "待安装"),
        ("该问题未完成整改", "in_progress", "未完成"),  # not done: 完成整改 negated
    ],
)
def test_statuses(text, value, words):
    hit = find_status(text, 0, len(text))
    assert hit is not None and (hit.value, text[hit.start : hit.end]) == (value, words)


@pytest.mark.parametrize(
    ("value_text", "value", "words"),
    [
        ("完成", "done", "完成"),
        (" 已完成", "done", "已完成"),
        ("已办结。", "done", "已办结"),
        ("整改到位", "done", "整改到位"),
        ("阶段性完成（培训已完成，人员正在招聘）", "in_progress", "阶段性完成"),
        ("未完成", "in_progress", "未完成"),
        ("长期坚持", "ongoing", "长期坚持"),
    ],
)
def test_the_value_of_a_status_field_or_cell_alone(value_text, value, words):
    # "整改状态：完成" read as a field: its value alone is the status
    hit = find_status(value_text, 0, len(value_text), field=True)
    assert hit is not None and (hit.value, value_text[hit.start : hit.end]) == (value, words)


@pytest.mark.parametrize(
    "text", ["要求上述问题均于6月底前整改完成", "上述问题力争均于年底前完成", "各乡镇均于本月开展了自查"]
)
def test_a_date_all_are_asked_to_be_done_by_is_no_status(text):
    assert find_status(text, 0, len(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "已制定整改计划",
        "按计划推进",
        "严格执行年度工作计划",
        "将病历质量纳入科室考核",
        # the 待 of a word, a condition, a time
        "严格执行公务接待审批制度",
        "对未验收项目暂停拨付资金，待验收合格后再行拨付",
        "整改完成前，该生产线全面停产",
        # done negated
        "上轮巡察反馈的问题未整改到位",
        "该问题没有整改完毕",
    ],
)
def test_what_reads_like_a_status_and_says_none(text):
    assert find_status(text, 0, len(text)) is None


def test_a_step_told_as_done_gives_the_entry_no_status_says(pipe):
    # no word of the rectification's own status: a step of its own told as done (已 and the act) is its status,
    # below a status the text says of it by number, and never a promise's
    text = (
        "县人民医院关于院内安全检查发现问题整改情况的报告\n"
        "一、检查发现的问题及整改情况\n"
        "（一）部分科室消防器材过期。整改措施：保卫科对全院消防器材逐一排查，已更换过期灭火器，建立月检登记制度。\n"
        "（二）检验科试剂柜未落实双人双锁。整改措施：检验科已购置双锁试剂柜，明确专人保管钥匙。\n"
        "（三）病案室防潮设施不足，部分纸质病案受潮。整改措施：医务科拟采购除湿机，对受潮病案进行修复。\n"
    )
    assert [status for _, status in _statuses(pipe, text)] == ["done", "done", "planned"]
    review = text + "复查情况：第二项正在整改，钥匙交接登记尚未建立。\n"
    assert [status for _, status in _statuses(pipe, review)] == ["done", "in_progress", "planned"]
    in_part = text.replace("检验科已购置双锁试剂柜，明确专人保管钥匙", "检验科已购置双锁试剂柜2个，其余3个柜子分批更换")
    assert [status for _, status in _statuses(pipe, in_part)] == ["done", None, "planned"]  # the rest still to do
    assert DONE_ACT.search("虽已建立危化品管理制度，但执行不严") is None  # a concession, not a step
    assert DONE_ACT.search("经复查合格后方可恢复使用") is None  # a condition
    assert DONE_ACT.search("要求已整改单位建立台账") is None
    assert DONE_ACT.search("已督促企业补办手续") is not None


def test_a_heading_that_groups_problems_by_status_gives_theirs(pipe):
    # a report grouping its problems by how far they are: the heading over each group says it of each problem
    # under it; a status an entry states itself comes first
    text = (
        "县中心卫生院关于基本公共卫生服务项目督导反馈问题整改情况的报告\n"
        "县卫生健康局：\n"
        "今年5月，县卫生健康局督导组对我院基本公共卫生服务项目进行了督导，反馈问题4个。现将整改情况报告如下：\n"
        "一、已完成整改的问题（2个）\n"
        "1.居民健康档案信息不准确，部分档案联系电话错误。整改措施：组织村医逐户核对档案，更正联系电话和住址信息。\n"
        "2.慢病随访记录填写不规范。整改措施：对村医开展随访规范培训，统一随访表填写标准。\n"
        "二、正在整改的问题（1个）\n"
        "3.老年人体检率偏低。整改措施：与各村委会对接，分批组织集中体检。\n"
        "三、需长期坚持的问题（1个）\n"
        "4.健康教育宣传覆盖面不够广，群众知晓率偏低。整改措施：每季度开展一次健康讲座，利用村广播宣传健康知识。\n"
    )
    assert [status for _, status in _statuses(pipe, text)] == ["done", "done", "in_progress", "ongoing"]
    own = text.replace("分批组织集中体检。", "分批组织集中体检，目前已全部完成。")
    assert [status for _, status in _statuses(pipe, own)] == ["done", "done", "done", "ongoing"]
    # a heading that names one problem, or announces the problems found, says no status of them
    plain = text.replace("已完成整改的问题（2个）", "检查发现的问题").replace("正在整改的问题（1个）", "其他问题")
    assert [status for _, status in _statuses(pipe, plain)][:3] == [None, None, None]


def test_a_bare_done_word_outside_a_field_is_no_status():
    for text in ("完成", "任务完成后组织验收"):
        assert find_status(text, 0, len(text)) is None
    assert find_status("任务完成后组织验收", 0, 9, field=True) is None  # a field's value, but not a status


@pytest.mark.parametrize("closing", ["以上问题已整改完成。", "以上两项已整改完成。", "以上已整改完成。"])
def test_a_sentence_closing_the_entries_before_it_gives_their_status(pipe, closing):
    # a step still under way, then 以上问题已整改完成 — the rectification's own word on the entry, over the
    # state of one piece of work. (What is tested is the status: the step opens with who does it, as most do, so
    # that it is a measure whatever the item model says of a bare "更换…，…正在施工", which is near its 0.5.)
    text = (
        "关于安全检查反馈问题整改情况的报告\n一、存在的问题\n（一）配电房未配备绝缘垫。\n（二）应急照明灯损坏2盏。\n"
        "二、整改措施\n（一）为配电房配备绝缘垫，对值班电工进行安全培训。\n"
        f"（二）安排电工更换损坏的应急照明灯，楼道线路改造正在施工。{closing}\n"
    )
    entries, _ = _entries(pipe, text)
    status = {p: (e.status.value, e.status.text) for p, _, e in entries if e.status}
    assert status == {"应急照明灯损坏2盏": ("done", "已整改完成")}
    # without it, the work under way is all the text says
    entries, _ = _entries(pipe, text.replace(closing, ""))
    status = {p: (e.status.value, e.status.text) for p, _, e in entries if e.status}
    assert status == {"应急照明灯损坏2盏": ("in_progress", "正在施工")}


def test_each_entry_of_a_sentence_takes_the_status_of_its_own_clause(pipe):
    # 问题：A；B。整改措施：a，已整改完成；b，正在采购。 — one sentence, two entries: each its ；-clause's status
    text = (
        "关于消防检查反馈问题整改情况的报告\n"
        "（一）问题：疏散通道堆放杂物；应急照明灯损坏。整改措施：清理通道杂物，已整改完成；更换应急照明灯，正在采购。\n"
    )
    entries, _ = _entries(pipe, text)
    assert [(p, e.status.value) for p, _, e in entries] == [
        ("疏散通道堆放杂物", "done"),
        ("应急照明灯损坏", "in_progress"),
    ]


def test_a_time_limit_or_status_in_another_entrys_part_of_the_sentence_is_that_ones(pipe):
    text = (
        "关于消防检查反馈问题整改情况的报告\n"
        "（一）问题：疏散通道堆放杂物；应急照明灯损坏。整改措施：清理通道杂物，6月底前完成；更换应急照明灯，已整改完成。\n"
    )
    entries, _ = _entries(pipe, text)
    got = [(p, e.deadline.text if e.deadline else None, e.status.value if e.status else None) for p, _, e in entries]
    assert got == [("疏散通道堆放杂物", "6月底前", None), ("应急照明灯损坏", None, "done")]


def test_a_status_field_that_says_done_in_a_word(pipe):
    text = (
        "关于敬老院安全检查问题整改情况的报告\n"
        "1.问题：厨房液化气钢瓶与灶具同室存放。\n整改措施：在厨房外新建钢瓶间。\n整改时限：2024年5月底前\n整改状态：完成\n"
        "2.问题：夜间值班只有1人。\n整改措施：夜间值班增加到2人。\n整改时限：2024年6月\n整改状态：推进中\n"
    )
    entries, _ = _entries(pipe, text)
    got = [(p, e.status.value if e.status else None, e.status.text if e.status else None) for p, _, e in entries]
    assert got == [("厨房液化气钢瓶与灶具同室存放", "done", "完成"), ("夜间值班只有1人", "in_progress", "推进中")]


@pytest.mark.parametrize(
    "text",
    [
        "确保2025年3月底前完成整改",
        "力争年底前全部完成",
        "要求各乡镇10日内整改到位",
        "保证 2024 年 5 月底完成整改",
        # a promise reaches over the steps it lists
        "确保11月底前设备安装到位，投入使用，完成整改",
        "力争在汛期前完成清淤，全面完成整改",
    ],
)
def test_a_target_is_not_a_status(text):
    assert find_status(text, 0, len(text)) is None


def test_a_purpose_is_no_promise():
    text = "为确保整改效果，街道组织城管、市场监管等部门联合执法，全部完成整改"
    hit = find_status(text, 0, len(text))
    assert hit is not None and (hit.value, text[hit.start : hit.end]) == ("done", "全部完成")


@pytest.mark.parametrize("text", ["将病历书写质量与科室绩效考核挂钩", "将整改情况纳入年度考核"])
def test_jiang_that_means_ba_is_not_planned(text):
    assert find_status(text, 0, len(text)) is None


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("学校要求总务处组织人力更换灯管", ["总务处"]),
        ("督促施工单位加快工程进度", ["施工单位"]),
        ("明确县医保中心牵头负责", ["县医保中心"]),
        ("明确由各村党组织书记负责", ["各村党组织书记"]),
        ("责成各科室逐项核对", ["各科室"]),
        ("（牵头单位：县扶贫办、县建设所）", ["县扶贫办", "县建设所"]),
        # the units that work with the one leading, and units acting together
        ("由城关镇牵头，县住建局、县商务局配合，依法下达限期拆除决定", ["城关镇", "县住建局", "县商务局"]),
        ("由乡派出所和安监站联合督促其设置隔离带", ["乡派出所", "安监站"]),
        # the unit leading and those it works with (会同/协同: 配合单位 are units too), with or without 由
        ("由工程股牵头，会同财务股对3个项目进行了结算审核", ["工程股", "财务股"]),
        ("整改中，营林处牵头，会同各林场所对工棚开展排查", ["营林处", "各林场所"]),
        ("区发改局负责，协同区财政局于6月底前完成清理", ["区发改局", "区财政局"]),
        ("由县安监局、县公安消防大队组成联合检查组", []),  # bodies that form a group, not a step's units
        ("改造资金由县财政和村集体共同承担", []),  # nor those that share a cost
        # not a body told to act: a noun 要求, a verb after 处, a place
        ("按照更高标准、更严要求加强自身建设", []),
        ("市场监管局督促核查处理", []),
        ("要求在期限内先行出具处理意见", []),
        # words for whichever body is meant name none: the unit is told elsewhere, or not at all
        ("督促相关单位加快整改进度", []),
        ("明确由有关部门牵头负责", []),
        ("安排专人负责台账管理", []),
        ("由责任单位负责人回访群众", []),
    ],
)
def test_units_told_to_act_led_by_and_in_brackets(text, units):
    assert [text[s:e] for s, e in find_units(text, 0, len(text))] == units


def test_a_step_given_to_whichever_body_gets_the_unit_that_acts(pipe):
    # "由相关科室…" names no unit: the body acting in the entry's other step is its unit
    text = (
        "关于医疗质量检查反馈问题的整改报告\n"
        "一、存在问题及整改情况\n"
        "（一）部分病历书写不及时。医务科每月抽查运行病历，对超时病历通报扣分；由相关科室负责人逐份督促补记。\n"
    )
    entries, _ = _entries(pipe, text)
    assert [(p, [u.text for u in e.units]) for p, _, e in entries] == [("部分病历书写不及时", ["医务科"])]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("办公室会同财务股对全局固定资产进行了全面盘点", ["办公室", "财务股"]),
        ("县食药监局会同城管部门依法予以取缔", ["县食药监局", "城管部门"]),
        ("县水利局会同金竹乡人民政府，于9月上旬设立警示标识牌", ["县水利局", "金竹乡人民政府"]),
        ("医务科协同护理部、药剂科开展专项检查", ["医务科", "护理部", "药剂科"]),
        ("市场监管局会同市公安局、市税务局等部门开展联合执法", ["市场监管局", "市公安局", "市税务局"]),
        ("我局会同有关部门开展联合检查", []),  # whichever bodies are meant name none
        ("办公室会同开展检查", ["办公室"]),  # 会同 with no body after it: the actor alone (开展 is no body)
    ],
)
def test_the_bodies_a_steps_actor_acts_together_with_are_units_too(text, units):
    assert [text[s:e] for s, e in find_actor(text, 0)] == units


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # a survey's suggestion names the body it would have act; a plan says what a body is to do
        ("建议县卫健委组织乡镇卫生院与服务中心签约", ["县卫健委"]),
        ("建议市交通局统筹农村公路养护资金", ["市交通局"]),
        ("为此，各学校应实行教师弹性上下班制度", ["各学校"]),
        ("区教育局需在暑假前完成校舍排查", ["区教育局"]),
        ("县发改委牵头编制项目清单", ["县发改委"]),
        ("建议加强统筹协调", []),  # no body named
        ("委托第三方开展评估", []),  # 委托 is no commission
    ],
)
def test_the_body_a_suggestion_or_a_plan_names_to_act(text, units):
    assert [text[s:e] for s, e in find_actor(text, 0)] == units


def test_units_one_each_and_led_by():
    text = "责任单位：县市场监管局、县卫健局。由县应急管理局牵头负责。"
    assert [text[s:e] for s, e in find_units(text, 0, len(text))] == ["县市场监管局", "县卫健局", "县应急管理局"]


def test_document_date_is_the_last_full_date():
    assert document_date("2022年3月5日召开会议……\n某某局\n2022年4月18日") == (2022, 4)
    assert document_date("没有日期的文本") is None


# -- progress ---------------------------------------------------------------------------------------


def test_progress_figures_once_per_document(pipe):
    text = "巡察组共反馈问题26个。截至目前，已整改22个，正在整改4个，整改完成率84.6%。另有3个问题已整改完成。\n"
    record = pipe.analyze(text)
    (progress,) = record.fields["progress"]
    assert (progress.total.value, progress.done.value, progress.in_progress.value, progress.rate.value) == (
        26,
        22,
        4,
        84.6,
    )
    for fig in (progress.total, progress.done, progress.in_progress, progress.rate):
        assert text[fig.span[0] : fig.span[1]] == fig.text


def test_no_progress_without_figures(pipe):
    assert pipe.analyze("一、存在的问题\n1.值班记录缺失。\n").fields["progress"] == []


def test_a_time_limit_in_a_shared_block_is_not_every_problems(pipe):
    text = (
        "食品安全专项检查问题整改情况的报告\n"
        "一、检查发现的问题\n"
        "（一）操作间纱窗破损。\n"
        "（二）供货商资质证明不全。\n"
        "（三）晨检记录缺失。\n"
        "二、整改措施\n"
        "（一）针对第一个问题，更换操作间纱窗。（二）针对第二个问题，补齐供货商资质证明，6月底前完成。"
        "（三）针对第三个问题，由食堂管理员每日开展晨检并登记。\n"
        "2024年4月12日\n"
    )
    entries, _ = _entries(pipe, text)
    deadlines = {p: (e.deadline.text if e.deadline else None) for p, _, e in entries}
    assert deadlines == {"操作间纱窗破损": None, "供货商资质证明不全": "6月底前", "晨检记录缺失": None}


def test_a_time_limit_closing_an_answer_to_a_listed_problem_is_that_entrys():
    # the problems listed first, in one paragraph (a block the entries share), answered after: the time limit
    # closing an answer's paragraph is its entry's, not the next one's
    text = (
        "关于环保督察反馈问题整改情况的报告\n"
        "一、反馈的问题\n"
        "督察指出：一是园区污水管网老化渗漏；二是危废暂存间防渗层破损。\n"
        "二、整改情况\n"
        "（一）关于园区污水管网老化渗漏的问题。更换老化管网4.2公里；封堵渗漏点17处。牵头单位：园区管委会。"
        "目前主管网已更换完毕，支管改造正在施工，2024年9月底前完成。\n"
        "（二）关于危废暂存间防渗层破损的问题。重新铺设危废暂存间防渗层，设置导流沟和收集池。目前已完成整改。\n"
        "2024年6月20日\n"
    )
    problems = ["园区污水管网老化渗漏", "危废暂存间防渗层破损"]
    measures = ["更换老化管网4.2公里", "封堵渗漏点17处", "重新铺设危废暂存间防渗层，设置导流沟和收集池"]
    entries = _ledger_of(text, problems, measures, "rectification")
    assert [(e.text, e.measures) for e in entries] == [
        (problems[0], ["measures/1", "measures/2"]),
        (problems[1], ["measures/3"]),
    ]
    for e in entries:
        assert e.deadline is None or text[e.deadline.span[0] : e.deadline.span[1]] == e.deadline.text
    assert [(e.deadline.text, e.deadline.date) if e.deadline else None for e in entries] == [
        ("2024年9月底前", "2024-09-30"),
        None,
    ]


def test_a_time_limit_said_once_of_several_problems_is_each_ones():
    text = (
        "关于安全生产检查反馈问题整改情况的报告\n"
        "一、安全管理方面\n"
        "（一）项目部安全责任制落实不到位。项目部修订安全生产责任制，逐级签订责任书。\n"
        "（二）班前安全交底流于形式。每日召开班前会，交底双方签字确认。\n"
        "以上长期坚持。\n"
        "二、施工现场方面\n"
        "（一）临时用电线路私拉乱接。电工班重新敷设临时用电线路，6月底前完成。\n"
        "2024年5月8日\n"
    )
    problems = ["项目部安全责任制落实不到位", "班前安全交底流于形式", "临时用电线路私拉乱接"]
    measures = [
        "项目部修订安全生产责任制，逐级签订责任书",
        "每日召开班前会，交底双方签字确认",
        "电工班重新敷设临时用电线路",
    ]
    entries = _ledger_of(text, problems, measures, "rectification")
    assert [e.measures for e in entries] == [["measures/1"], ["measures/2"], ["measures/3"]]
    for e in entries:
        assert e.deadline is not None and text[e.deadline.span[0] : e.deadline.span[1]] == e.deadline.text
    assert [(e.deadline.text, e.deadline.kind) for e in entries] == [
        ("长期坚持", "long_term"),
        ("长期坚持", "long_term"),
        ("6月底前", "by_date"),
    ]


@pytest.mark.parametrize(
    "closing",
    [
        "以上两项已整改完毕，另有1项正在协调，预计开学前完成。",  # the limit of one not named, in a later clause
        "以上2项问题均于7月10日前整改完成。",  # when they were done
    ],
)
def test_a_sentence_about_several_problems_that_sets_none_of_them_a_time_limit(closing):
    text = (
        "关于校园安全检查问题整改情况的报告\n"
        "（一）校门口未设减速带。联系交警部门施划减速带。\n"
        "（二）消防器材过期。更换全部过期灭火器。\n" + closing + "\n"
    )
    problems = ["校门口未设减速带", "消防器材过期"]
    measures = ["联系交警部门施划减速带", "更换全部过期灭火器"]
    entries = _ledger_of(text, problems, measures, "rectification")
    assert [e.measures for e in entries] == [["measures/1"], ["measures/2"]]
    assert [e.deadline for e in entries] == [None, None]


def _ledger_of(text: str, problems: list[str], measures: list[str], label: str | None = None):
    """The ledger of given problems and measures (not the item model's): what pairing and fields do (with
    ``label``, in a document the classifier read as that type)."""
    doc = Document(text)

    def found(name: str, strings: list[str]) -> list[Finding]:
        return [
            Finding(id=f"{name}/{k}", **finding_span(doc, text.index(s), text.index(s) + len(s)), score=0.9)
            for k, s in enumerate(strings, 1)
        ]

    findings = {"problems": found("problems", problems), "measures": found("measures", measures)}
    doc_type = DocType(label=label, confidence=0.9) if label is not None else None
    context = Context(doc, doc_type=doc_type, findings=MappingProxyType(findings), items_model=None)
    return LedgerExtractor().extract(doc, context)


def test_a_sentence_about_the_problems_above_is_no_status_of_one_told_after_it():
    # 以上问题已完成整改 closes the problems before it; a shortcoming the report goes on to admit in the same
    # paragraph is not done because of it
    text = (
        "关于燃气安全检查反馈问题整改情况的报告\n一、整改落实情况\n"
        "　　检查指出门站报警器探头超期未检，公司已送检全部探头。储配站液位计损坏，公司更换了液位计。"
        "以上问题已完成整改，其间未发生燃气泄漏事故。整改工作虽然取得阶段性成效，但部分员工安全意识仍不强，"
        "习惯性违章时有发生。对此，公司分批组织员工开展安全操作规程轮训，培训考试成绩与岗位绩效挂钩。\n"
    )
    problems = ["门站报警器探头超期未检", "储配站液位计损坏", "部分员工安全意识仍不强，习惯性违章时有发生"]
    measures = [
        "公司已送检全部探头",
        "公司更换了液位计",
        "公司分批组织员工开展安全操作规程轮训，培训考试成绩与岗位绩效挂钩",
    ]
    entries = _ledger_of(text, problems, measures, "rectification")
    assert [e.text for e in entries] == problems
    assert [e.measures for e in entries] == [["measures/1"], ["measures/2"], ["measures/3"]]
    assert [(e.status.value, e.status.text) if e.status else None for e in entries] == [
        ("done", "已完成整改"),
        ("done", "已完成整改"),
        None,
    ]


def _units(text: str, entries) -> list[list[str]]:
    """Each entry's units as written, each checked to be exactly its span of ``text``."""
    for e in entries:
        assert all(text[u.span[0] : u.span[1]] == u.text for u in e.units)
    return [[u.text for u in e.units] for e in entries]


def test_a_status_in_a_shared_block_is_every_problems_only_when_it_says_so():
    text = (
        "关于审计查出问题整改情况的报告\n"
        "（一）关于专项资金管理\n"
        "审计发现，区农业局专项资金滞留未拨付；区民政局低保信息比对不及时。\n"
        "区农业局已拨付滞留资金，该问题已整改完成；区民政局正在建立低保信息比对机制。\n"
        "（二）关于国有资产管理\n"
        "审计发现，区文旅局闲置房产未盘活；区卫健委固定资产未入账。\n"
        "区文旅局把闲置房产移交机关事务中心统一调配；区卫健委补登固定资产账目。以上问题均已整改完成。\n"
    )
    problems = [
        "区农业局专项资金滞留未拨付",
        "区民政局低保信息比对不及时",
        "区文旅局闲置房产未盘活",
        "区卫健委固定资产未入账",
    ]
    measures = [
        "区农业局已拨付滞留资金",
        "区民政局正在建立低保信息比对机制",
        "区文旅局把闲置房产移交机关事务中心统一调配",
        "区卫健委补登固定资产账目",
    ]
    entries = _ledger_of(text, problems, measures)
    by_id = dict(zip([f"measures/{k}" for k in range(1, 5)], measures))
    assert [(e.text, [by_id[m] for m in e.measures]) for e in entries] == list(zip(problems, [[m] for m in measures]))
    assert [(e.status.text, e.status.value) if e.status else None for e in entries] == [
        ("已整改完成", "done"),  # in its own sentence
        ("正在建立", "in_progress"),  # in its own sentence, not its neighbour's 已整改完成
        ("已整改完成", "done"),  # 以上问题均已整改完成: all of them
        ("已整改完成", "done"),
    ]
    # a status sentence of its own closing a shared block is every entry's of the block
    entries = _ledger_of(text.replace("以上问题均已", "目前已"), problems, measures)
    assert [e.status.value if e.status else None for e in entries] == ["done", "in_progress", "done", "done"]
    # status words in another entry's sentence are that entry's
    text = text.replace(
        "统一调配；区卫健委补登固定资产账目。以上问题均已整改完成。", "统一调配。区卫健委补登固定资产账目，已整改完成。"
    )
    entries = _ledger_of(text, problems, measures)
    assert [e.status.value if e.status else None for e in entries] == ["done", "in_progress", None, "done"]


def test_units_named_as_actors_or_as_the_label_of_a_units_paragraph():
    text = (
        "关于河湖问题整改情况的报告\n"
        "东岭乡：河道内有废弃采砂船未清理。已组织打捞队将采砂船拖离河道。\n"
        "石门镇：镇级河长巡河记录不全。对巡河记录逐月检查，纳入考核。\n"
        "（三）城关第一小学\n"
        "食堂操作间生熟砧板混用。已购置三色砧板，分区使用。\n"
        "二、其他问题\n"
        "部分单位固定资产未入账。县财政局已组织清查，补登账目。\n"
    )
    problems = ["河道内有废弃采砂船未清理", "镇级河长巡河记录不全", "食堂操作间生熟砧板混用", "部分单位固定资产未入账"]
    measures = [
        "已组织打捞队将采砂船拖离河道",
        "对巡河记录逐月检查，纳入考核",
        "已购置三色砧板，分区使用",
        "县财政局已组织清查，补登账目",
    ]
    entries = _ledger_of(text, problems, measures)
    assert _units(text, entries) == [["东岭乡"], ["石门镇"], ["城关第一小学"], ["县财政局"]]


def test_actors_named_where_a_measure_sentence_starts_and_actors_joined():
    text = (
        "关于审计反馈问题整改情况的报告\n"
        "一、食堂耗材出库登记不及时。总务处和财务处对库存逐项盘点，建立出入库台账。\n"
        "二、报账票据要素不全。镇财政所对不规范票据逐张补正；组织报账员开展集中培训。\n"
        "三、值班记录填写不全。镇党委每季度专题研究一次值班工作。\n"
    )
    problems = ["食堂耗材出库登记不及时", "报账票据要素不全", "值班记录填写不全"]
    # the measures found start after the actor: it is read where their sentence starts
    measures = ["建立出入库台账", "组织报账员开展集中培训", "镇党委每季度专题研究一次值班工作"]
    entries = _ledger_of(text, problems, measures)
    assert _units(text, entries) == [["总务处", "财务处"], ["镇财政所"], ["镇党委"]]


def test_actors_after_a_connective_and_with_more_verbs_of_a_step():
    text = (
        "关于审计反馈问题整改情况的报告\n"
        "一、行政处罚裁量标准不统一。对此，局法规股组织对已办结案件逐件评查。\n"
        "二、投诉举报渠道不畅。院纪检监察室设立举报信箱和投诉电话。\n"
        "三、先施工后招标。先施工后招标问题涉及面较广，区发改局牵头对近三年项目逐一核查。\n"
    )
    problems = ["行政处罚裁量标准不统一", "投诉举报渠道不畅", "先施工后招标"]
    measures = [
        "组织对已办结案件逐件评查",
        "院纪检监察室设立举报信箱和投诉电话",
        "先施工后招标问题涉及面较广，区发改局牵头对近三年项目逐一核查",
    ]
    entries = _ledger_of(text, problems, measures)
    # 对此， is not part of the name; 设立 is a step's verb as 建立 is; a measure that opens with its topic
    # names its actor after it
    assert _units(text, entries) == [["局法规股"], ["院纪检监察室"], ["区发改局"]]


def test_an_actor_after_zhenggai_zhong_and_a_discipline_committee_acts():
    text = (
        "关于巡察反馈问题整改情况的报告\n"
        "一、公务接待管理不规范。整改中，公司纪委对近两年接待费用逐笔核查。\n"
        "二、工程变更审批不严。整改过程中，工程管理部重新修订变更审批办法。\n"
        "三、档案管理混乱。整改期间，镇党政办统一配置档案柜。\n"
        "四、报销凭证缺失。镇财政所补齐了全部报销凭证。\n"
    )
    problems = ["公务接待管理不规范", "工程变更审批不严", "档案管理混乱", "报销凭证缺失"]
    measures = [
        "整改中，公司纪委对近两年接待费用逐笔核查",
        "工程管理部重新修订变更审批办法",
        "整改期间，镇党政办统一配置档案柜",
        "镇财政所补齐了全部报销凭证",
    ]
    entries = _ledger_of(text, problems, measures)
    # 整改中， opens the clause as 对此， does, and is no part of the name; a 纪委 is a body as a 党委 is; 补齐 is
    # a step's verb (as are 补缴, 收回, 追缴, 退还 …)
    assert _units(text, entries) == [["公司纪委"], ["工程管理部"], ["镇党政办"], ["镇财政所"]]


def test_a_unit_named_as_the_leading_department_in_a_sentence_and_actors_that_are_told_or_entrust():
    text = (
        "关于安全检查发现问题整改情况的通报\n"
        "一、城区供水管网漏损率偏高。该问题牵头部门为供水运营部，正在推进中，计划年底前完成管网改造。\n"
        "二、非现场执法数据积压。法制科要在6月底前督促各中队清理积压数据。\n"
        "三、废弃采石场未闭坑治理。县国土资源局委托专业机构编制闭坑治理方案。\n"
    )
    problems = ["城区供水管网漏损率偏高", "非现场执法数据积压", "废弃采石场未闭坑治理"]
    measures = [
        "计划年底前完成管网改造",
        "法制科要在6月底前督促各中队清理积压数据",
        "县国土资源局委托专业机构编制闭坑治理方案",
    ]
    entries = _ledger_of(text, problems, measures)
    # "牵头部门为X，" names X as a field does (to the end of its clause, not the prose after it); a body that is
    # told what to do (X要…) or entrusts the work (X委托…) acts as one that does it
    assert _units(text, entries) == [["供水运营部"], ["法制科"], ["县国土资源局"]]


def test_an_inspection_group_acts_and_lianhe_is_not_part_of_the_name_after_it():
    text = (
        "关于巡察反馈问题整改情况的报告\n"
        "一、干部作风不实。局督查组联合人事股开展作风纪律明察暗访。\n"
        "二、食品安全校长负责制落实不够。一是联合区卫健局印发学校食品安全工作通知。\n"
    )
    problems = ["干部作风不实", "食品安全校长负责制落实不够"]
    measures = ["局督查组联合人事股开展作风纪律明察暗访", "联合区卫健局印发学校食品安全工作通知"]
    entries = _ledger_of(text, problems, measures)
    # 督查组 is a body as 小组 is; "联合区卫健局…" names the body the author acts with, without 联合
    assert _units(text, entries) == [["局督查组"], ["区卫健局"]]


def test_a_markdown_ledger_table(tmp_path):
    path = tmp_path / "台账.md"
    path.write_text(
        "# 消防检查问题整改台账\n\n"
        "| 序号 | 问题描述 | 整改措施 | 责任单位 | 整改时限 | 整改情况 |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| 1 | 疏散通道堆放杂物 | 清理杂物，设置警示标识 | 物业科 | 2024年5月底前 | 已整改 |\n"
        "| 2 | 灭火器压力不足 | 更换灭火器 | 保卫科 | 立行立改 | 正在整改 |\n",
        encoding="utf-8",
    )
    pipe = Pipeline(only=["ledger"])
    doc = pipe.read(str(path))[0]
    entries, _ = _entries(pipe, doc.text)
    got = [
        (
            p,
            ms,
            [u.text for u in e.units],
            e.deadline.text if e.deadline else None,
            e.status.value if e.status else None,
        )
        for p, ms, e in entries
    ]
    assert got == [
        ("疏散通道堆放杂物", ["清理杂物，设置警示标识"], ["物业科"], "2024年5月底前", "done"),
        ("灭火器压力不足", ["更换灭火器"], ["保卫科"], "立行立改", "in_progress"),
    ]


def test_a_line_that_names_the_problem_it_answers_by_its_number():
    text = (
        "关于专项整治反馈问题整改情况的报告\n"
        "督导组指出的问题主要有：一是部分乡镇排查不够深入；二是案件查办力度偏弱；三是部门信息共享不够。\n"
        "针对第三个问题，县政府召开联席会议，建立案件线索双向通报制度。\n"
        "针对第一个问题，我局划分网格片区，由班子成员分片包干；组织开展拉网式复查。\n"
        "关于第二个问题，局稽查大队对案件线索进行全面梳理。\n"
    )
    problems = ["部分乡镇排查不够深入", "案件查办力度偏弱", "部门信息共享不够"]
    # the measures found start after the words that name their problem
    measures = [
        "建立案件线索双向通报制度",
        "由班子成员分片包干",
        "组织开展拉网式复查",
        "局稽查大队对案件线索进行全面梳理",
    ]
    entries = _ledger_of(text, problems, measures)
    got = {text[e.span[0] : e.span[1]]: e.measures for e in entries}
    assert got == {
        "部分乡镇排查不够深入": ["measures/2", "measures/3"],
        "案件查办力度偏弱": ["measures/4"],
        "部门信息共享不够": ["measures/1"],
    }


def test_only_a_report_that_answers_problems_pairs_them_by_section_order_or_words():
    text = (
        "青川县农村饮水安全巩固提升工作方案\n"
        "一、工作背景\n"
        "部分村集中供水工程管护不到位，水质检测覆盖面不足。\n"
        "二、主要任务\n"
        "（一）落实工程管护责任，明确管护主体和管护经费。\n"
        "（二）扩大水质检测覆盖面，每季度抽检一次。\n"
        "（三）推进城乡供水一体化，新建联村管网。\n"
    )
    problems = ["部分村集中供水工程管护不到位", "水质检测覆盖面不足"]
    measures = [
        "落实工程管护责任，明确管护主体和管护经费",
        "扩大水质检测覆盖面，每季度抽检一次",
        "推进城乡供水一体化，新建联村管网",
    ]
    read_as_rectification = _ledger_of(text, problems, measures, "rectification")
    assert {text[e.span[0] : e.span[1]]: e.measures for e in read_as_rectification} == {
        "部分村集中供水工程管护不到位": ["measures/1"],
        "水质检测覆盖面不足": ["measures/2"],
    }
    # a plan's background is not answered task by task: only what its own entry ties to a problem is paired
    assert _ledger_of(text, problems, measures, "work_plan") == []
    # in a plan, the problems of a paragraph and the measure that follows them there stay paired
    text2 = text.replace("水质检测覆盖面不足。", "水质检测覆盖面不足，要求各乡镇每季度抽检一次。")
    own = _ledger_of(text2, problems, [*measures, "要求各乡镇每季度抽检一次"], "work_plan")
    assert [(text2[e.span[0] : e.span[1]], e.measures) for e in own] == [
        ("部分村集中供水工程管护不到位", ["measures/4"]),
        ("水质检测覆盖面不足", ["measures/4"]),
    ]


def test_a_surveys_suggestions_answer_the_problems_they_take_up_by_matter():
    """A survey's suggestions take up the problems it found (docs/gold.md): each problem with the suggestion on
    its matter, in whatever order they come; a problem no suggestion takes up, and a suggestion for the work at
    large, stay out."""
    text = (
        "关于全市社区食堂运营情况的调研报告\n"
        "二、存在的问题\n"
        "（一）就餐价格偏高。多数社区食堂一餐收费在15元以上。\n"
        "（二）食品安全管理薄弱。部分食堂没有留样记录。\n"
        "（三）网点布局不均衡。老城区网点密集，新建小区基本没有。\n"
        "三、对策建议\n"
        "（一）健全工作协调机制，定期研究社区助餐工作。\n"
        "（二）强化食品安全管理，落实食品留样和晨检制度，每季度开展一次食品安全检查。\n"
        "（三）完善就餐价格补贴，对高龄老人就餐给予价格补贴。\n"
    )
    problems = ["就餐价格偏高", "食品安全管理薄弱", "网点布局不均衡"]
    measures = [
        "健全工作协调机制，定期研究社区助餐工作",
        "强化食品安全管理，落实食品留样和晨检制度，每季度开展一次食品安全检查",
        "完善就餐价格补贴，对高龄老人就餐给予价格补贴",
    ]
    entries = _ledger_of(text, problems, measures, "survey")
    assert {e.text: e.measures for e in entries} == {
        "就餐价格偏高": ["measures/3"],
        "食品安全管理薄弱": ["measures/2"],
    }


def test_a_summarys_next_steps_answer_the_problems_it_admits_by_matter():
    """A summary's next steps take up the shortcomings it admits (docs/gold.md), as a survey's suggestions do: each
    problem with the step on its matter, in whatever order they come, though they stand in the outlook (下一步打算),
    which in a rectification report is for the work at large; a step for the work at large, and a problem no step
    takes up, stay out. Suggestions under a heading of the outlook (下一步工作建议) answer in a survey too."""
    text = (
        "某县2024年农村供水工作总结\n"
        "一、主要工作\n"
        "全年新建和改造集中供水工程18处，巩固提升了2.3万人的供水保障水平。\n"
        "二、存在的不足\n"
        "一是部分工程管护经费落实不到位，个别水厂设备带病运行。二是水质检测能力薄弱，乡镇水厂多数未配备化验室。"
        "三是用水户缴费意识不强，水费收缴率偏低。\n"
        "三、下一步工作打算\n"
        "（一）加强组织领导，把农村供水纳入乡镇年度目标考核。\n"
        "（二）提升水质检测能力，为规模以上水厂配齐化验设备，每季度开展一次水质抽检。\n"
        "（三）落实工程管护经费，将维修养护资金列入县级财政预算，及时更换老化设备。\n"
    )
    problems = [
        "部分工程管护经费落实不到位，个别水厂设备带病运行",
        "水质检测能力薄弱，乡镇水厂多数未配备化验室",
        "用水户缴费意识不强，水费收缴率偏低",
    ]
    measures = [
        "加强组织领导，把农村供水纳入乡镇年度目标考核",
        "提升水质检测能力，为规模以上水厂配齐化验设备，每季度开展一次水质抽检",
        "落实工程管护经费，将维修养护资金列入县级财政预算，及时更换老化设备",
    ]
    expected = {problems[0]: ["measures/3"], problems[1]: ["measures/2"]}
    assert {e.text: e.measures for e in _ledger_of(text, problems, measures, "summary")} == expected
    # read as a rectification report, the outlook is for the work at large: no step of it answers one problem
    assert _ledger_of(text, problems, measures, "rectification") == []
    # a survey's suggestions under a heading of the outlook answer the problems it found
    as_survey = text.replace("三、下一步工作打算", "三、下一步工作建议")
    assert {e.text: e.measures for e in _ledger_of(as_survey, problems, measures, "survey")} == expected


def test_a_summarys_next_steps_are_planned_when_their_opening_says_they_will_be_taken():
    """The sentence that opens a summary's next steps and says they will be taken (2025年，我局将…; 下半年，我们将…)
    makes the entries they answer ``planned`` (docs/gold.md: 拟/将/计划); a heading alone (2025年工作打算) says
    nothing of how far the work is, and 将 as 把 (已将…纳入) is no plan."""
    head = (
        "某县统计局2024年工作总结\n"
        "一、存在的不足\n"
        "一是基层统计人员流动频繁，乡镇统计站专职人员不足。二是部分企业统计台账不规范，原始记录缺失。\n"
        "二、2025年工作打算\n"
    )
    steps = (
        "（一）为每个乡镇统计站配齐专职统计员，保持人员相对稳定。\n"
        "（二）指导企业规范统计台账，建立原始记录和统计台账“一企一档”。\n"
    )
    problems = ["基层统计人员流动频繁，乡镇统计站专职人员不足", "部分企业统计台账不规范，原始记录缺失"]
    measures = [
        "为每个乡镇统计站配齐专职统计员，保持人员相对稳定",
        "指导企业规范统计台账，建立原始记录和统计台账“一企一档”",
    ]

    def statuses(text: str) -> list[tuple[str | None, str | None]]:
        entries = _ledger_of(text, problems, measures, "summary")
        assert [e.measures for e in entries] == [["measures/1"], ["measures/2"]]
        return [(e.status.value, e.status.text) if e.status else (None, None) for e in entries]

    opened = head + "2025年，我局将重点抓好以下工作：\n" + steps
    assert statuses(opened) == [("planned", "我局将")] * 2
    in_one = head + "下半年，我们将抓好两项工作：" + steps.replace("\n", "")
    assert statuses(in_one) == [("planned", "我们将")] * 2
    assert statuses(head + steps) == [(None, None)] * 2
    done_before = head + "我局已将统计工作纳入乡镇年度考核。\n" + steps
    assert statuses(done_before) == [(None, None)] * 2
    # a survey's suggestion (建议将…纳入…) is no step said to be taken
    suggested = head.replace("工作总结", "调研报告").replace("2025年工作打算", "下一步工作建议")
    suggested += "建议将统计基础工作纳入乡镇年度考核。\n" + steps
    entries = _ledger_of(suggested, problems, measures, "survey")
    assert [(e.measures, e.status) for e in entries] == [(["measures/1"], None), (["measures/2"], None)]


def test_a_meetings_requirements_to_all_answer_no_problem_unless_they_take_up_its_matter():
    """A briefing of a meeting names problems, then sets requirements for everyone (会议要求，一要…；二要…): a requirement
    that shares no words with a problem answers none of them (docs/gold.md); one that takes up a problem's matter
    (二要对超期未办结的信访件…) answers it, and a requirement in the problem's own sentence is its answer."""
    text = (
        "信访工作简报（第5期）\n"
        "9月12日，县信访联席会议召开。会议通报，督查发现两方面问题：一是部分信访件办理超期，按期办结率不足八成；"
        "二是少数乡镇信息录入不规范。会议要求，一要压实各级领导干部责任，坚持主要领导亲自抓；"
        "二要对超期未办结的信访件逐件挂牌督办，月底前全部办结。\n"
    )
    problems = ["部分信访件办理超期，按期办结率不足八成", "少数乡镇信息录入不规范"]
    measures = ["压实各级领导干部责任，坚持主要领导亲自抓", "对超期未办结的信访件逐件挂牌督办，月底前全部办结"]
    entries = _ledger_of(text, problems, measures, "briefing")
    assert {e.text: e.measures for e in entries} == {problems[0]: ["measures/2"]}
    # read as a rectification report, its steps answer its problems as before
    assert _ledger_of(text, problems, measures, "rectification") != []
    # a requirement in the problem's own sentence is its answer
    own = "信访工作简报\n督查发现，少数乡镇信息录入不规范，要逐月开展抽查。\n"
    entries = _ledger_of(own, ["少数乡镇信息录入不规范"], ["要逐月开展抽查"], "briefing")
    assert [(e.text, e.measures) for e in entries] == [("少数乡镇信息录入不规范", ["measures/1"])]


def test_units_a_step_is_given_to_or_labelled_with_within_a_line():
    text = (
        "关于医疗质量检查反馈问题整改情况的报告\n"
        "一、门诊处方书写不规范。由医务科每月随机抽查门诊处方。\n"
        "二、巡线频次不够。组织专题培训并逐人考试；管网运行部重新划分巡线片区，实行定位巡检。\n"
        "三、各科室问题。护理部：交接班记录不全。已统一记录格式。药学部：高警示药品未单独存放。已设置专柜。\n"
    )
    problems = ["门诊处方书写不规范", "巡线频次不够", "交接班记录不全", "高警示药品未单独存放"]
    measures = ["每月随机抽查门诊处方", "实行定位巡检", "已统一记录格式", "已设置专柜"]
    entries = _ledger_of(text, problems, measures)
    assert _units(text, entries) == [["医务科"], ["管网运行部"], ["护理部"], ["药学部"]]


@pytest.mark.parametrize(
    ("step", "unit"),
    [
        ("由市场电工更换箱体、重新压接线头", "市场电工"),  # a post, a step done at once
        ("由项目技术部重新组织交底并补签", "项目技术部"),
        ("由设备租赁单位另行委派持证司机", "设备租赁单位"),
        ("请乡供电所电工对院内线路进行检修", "乡供电所电工"),  # the one asked, not 请
        ("委托县环境监测站对出水水质进行检测", "县环境监测站"),  # the one entrusted, not 委托
        ("由总务处联系燃气公司更换软管", "总务处"),  # the one given the step, not a name run on past 联系
    ],
)
def test_a_step_given_to_a_body_or_a_post_names_it(step, unit):
    text = f"关于安全检查问题整改情况的报告\n一、配电箱门锁损坏，{step}，已整改完毕。\n"
    entries = _ledger_of(text, ["配电箱门锁损坏"], [step], "rectification")
    assert _units(text, entries) == [[unit]]


def test_a_time_limit_the_opening_sets_for_all_problems():
    text = (
        "关于医院巡查反馈问题整改情况的报告\n"
        "收到反馈意见后，医院召开院长办公会逐条研究，要求各科室6月30日前完成整改。现将整改情况报告如下。\n"
        "一、病历书写不及时。医务科每周抽查在架病历。\n"
        "二、试剂存放温度记录不连续。检验科更换自动记录温度计，5月底前完成。\n"
    )
    problems = ["病历书写不及时", "试剂存放温度记录不连续"]
    measures = ["医务科每周抽查在架病历", "检验科更换自动记录温度计"]
    entries = _ledger_of(text, problems, measures)
    assert [(e.deadline.text, e.deadline.date) for e in entries] == [("6月30日前", None), ("5月底前", None)]
    # said of one entry after the problems have begun, a time limit is that entry's, no one else's
    later = (
        text.replace("要求各科室6月30日前完成整改。", "")
        .replace("抽查在架病历。\n", "抽查在架病历，6月30日前完成整改。\n")
        .replace("，5月底前完成", "")
    )
    assert [e.deadline.text if e.deadline else None for e in _ledger_of(later, problems, measures)] == [
        "6月30日前",
        None,
    ]


@pytest.mark.parametrize(
    "text",
    [
        "截至目前，16个问题中已整改完成13个，3个问题正在整改中",  # a tally of the report's problems
        "反馈问题已完成整改18项",
        "对正在整改的问题盯住不放，确保按时销号",  # said of a kind of problem, before 的
        "对已整改的问题适时开展回头看",
        "整改中，院党委修订了议事规则",  # when the steps were taken, opening the sentence
        "在项目实施中，发现部分材料不合格",
        # a shortfall: the status words are what falls short, the sentence states a problem
        "河长制工作常态化推进不力，巡河记录流于形式",
        "上轮审计指出的问题持续整改不到位",
        "部分隐患整改完成不及时",
        "垃圾分类工作持续推进缓慢，回头看走过场",
    ],
)
def test_a_tally_or_a_kind_of_problem_is_no_status(text):
    assert find_status(text, 0, len(text)) is None


TITLED = (
    "关于环境卫生暗访问题整改情况的报告\n"
    "县督查室：\n"
    "按照暗访通报要求，我乡逐项整改，现将有关情况报告如下：\n"
    "一、集镇河道两岸垃圾清运不及时的问题。\n"
    "集镇沿河居民户多，保洁员只有两名，清运车辆不足，部分群众环保意识不强，随手向河道倾倒生活垃圾。\n"
    "收到通报后，我乡从以下方面进行了整治：\n"
    "一是组织保洁员每日清理河道两岸垃圾，实行分段包干；\n"
    "二是在河道沿线设置宣传牌和垃圾收集点。\n"
    "二、农贸市场周边乱摆乱放的问题。\n"
    "市场场地狭小，管理力量不足。检查时发现部分商户门前的消防通道被货物堵塞。\n"
    "我乡采取了以下措施：\n"
    "一是划定临时摆放区，引导商户规范经营；\n"
    "二是安排城管队员定点值守；\n"
    "三是督促商户清理堵塞消防通道的货物。\n"
)


def test_the_steps_of_a_section_titled_by_its_problem_answer_the_title_not_the_causes_told_before_them(pipe):
    # each section: its problem as the title, then how it came about (sentences of shortfall themselves),
    # then the steps — which answer the section's problem, not the last cause before them
    by_problem = _by_problem(pipe, TITLED)
    assert by_problem["集镇河道两岸垃圾清运不及时"] == [
        "组织保洁员每日清理河道两岸垃圾，实行分段包干",
        "在河道沿线设置宣传牌和垃圾收集点",
    ]
    # also a step whose words repeat a detail told in the body: the entry is the problem the title names, as a
    # 台账 keeps one row for it (docs/gold.md), and the details get no entry of their own
    assert by_problem["农贸市场周边乱摆乱放"] == [
        "划定临时摆放区，引导商户规范经营",
        "安排城管队员定点值守",
        "督促商户清理堵塞消防通道的货物",
    ]
    assert list(by_problem) == ["集镇河道两岸垃圾清运不及时", "农贸市场周边乱摆乱放"]


def test_a_labelled_problem_told_with_its_details_in_its_field_is_one_entry(pipe):
    # "问题1：<problem>。<details>。" then "整改措施：1.…2.…" lines of the same block: the sentences after the first in
    # the 问题 field tell its details, and the steps answer the problem the label numbers (docs/gold.md)
    text = (
        "关于市场监管专项督查反馈问题整改情况的报告\n"
        "问题1：特种设备使用登记不规范。督查发现，全区抽查的18台电梯中有4台未办理使用登记，仍在运行。\n"
        "整改措施：1.责令4台电梯的使用单位停用并限期办理登记；2.对全区在用电梯开展登记情况全面复核。\n"
        "整改进展：已完成整改。\n"
        "问题2：食品快检数据上报滞后。督查发现，3个农贸市场快检室连续两个月未上报检测数据。\n"
        "整改措施：1.建立快检数据日报制度；2.对3个市场快检室负责人进行约谈。\n"
        "整改进展：已完成整改。\n"
    )
    got = _by_problem(pipe, text)
    assert [(p, len(ms)) for p, ms in got.items()] == [("特种设备使用登记不规范", 2), ("食品快检数据上报滞后", 2)]


def test_causes_enumerated_under_a_problem_heading_are_its_details_not_entries(pipe):
    # "一、关于<problem>问题" then its details, then "究其原因，一是…；二是…" and the steps: the steps answer the
    # heading's problem; the causes (list markers though they have) are no entries of their own (docs/gold.md)
    text = (
        "关于食品安全专项检查反馈问题整改情况的报告\n"
        "一、关于学校食堂食品安全管理不到位问题\n"
        "检查组抽查了城区5所学校食堂，发现2所食堂留样记录不全；1所食堂后厨存放过期调味品。"
        "究其原因，一是食堂管理员多为临时聘用人员，业务不熟；二是学校日常巡查流于形式。\n"
        "学校对此高度重视，立即清理过期调味品，补齐留样记录；组织食堂从业人员开展食品安全培训；"
        "建立校领导每周陪餐巡查制度。目前该问题已整改完成。\n"
        "二、关于校外培训机构消防隐患问题\n"
        "检查发现3家校外培训机构疏散通道堆放杂物。已责令3家机构当场清理。\n"
    )
    entries, _ = _entries(pipe, text)
    first = entries[0]
    assert first[0] == "学校食堂食品安全管理不到位"
    assert len(first[1]) >= 3 and all(not m.startswith("检查组") for m in first[1])
    # the enumerated causes get no entry of their own
    assert not any(p.startswith(("食堂管理员", "学校日常巡查")) for p, _, _ in entries)


def test_a_general_step_ahead_of_steps_that_name_their_problems_answers_none(pipe):
    # problems listed, then "针对上述问题：一是<a general step>；二是<a step naming one problem>…": the general step
    # shares words with none of them and answers none; each named step answers its problem
    text = (
        "关于社区卫生服务中心自查整改情况的报告\n"
        "经自查，发现以下问题：一是预防接种门诊冷链温度记录有缺失；二是慢性病随访档案更新不及时；"
        "三是药品库房灭火器过期未更换。针对上述问题，中心研究制定了整改措施：一是加强组织领导，主任为第一责任人，"
        "班子成员分工负责；二是补齐冷链温度记录，安装温度自动监测仪；三是组织医生逐户补访，更新慢性病随访档案；"
        "四是更换药品库房过期灭火器。\n"
    )
    got = _by_problem(pipe, text)
    general = [m for ms in got.values() for m in ms if "加强组织领导" in m]
    assert general == []
    named = {p: ms for p, ms in got.items() if ms}
    assert len(named) == 3 and all(len(ms) == 1 for ms in named.values())
    assert any("灭火器" in p and "灭火器" in ms[0] for p, ms in named.items())


def test_problems_listed_in_one_field_sentence_stay_entries_of_their_own(pipe):
    # "存在问题：A；B" then "整改措施：a；b": a list in one sentence of the field, not a problem and its details
    text = (
        "关于食品生产企业自查情况的报告\n"
        "一、原料管理\n"
        "存在问题：部分原料入库未查验供货商许可证明；冷库温度记录有3天缺失\n"
        "整改措施：对全部原料供货商许可证明逐一补查存档；冷库加装自动温度记录仪\n"
    )
    got = _by_problem(pipe, text)
    assert got == {
        "部分原料入库未查验供货商许可证明": ["对全部原料供货商许可证明逐一补查存档"],
        "冷库温度记录有3天缺失": ["冷库加装自动温度记录仪"],
    }


def test_the_steps_of_a_numbered_problem_told_with_its_details_answer_the_problem(pipe):
    # "1.<problem>。<details>；<details>。整改中，<steps>" in one paragraph: steps that repeat a detail's words
    # still answer the numbered problem
    text = (
        "关于巡察反馈问题整改情况的通报\n"
        "（一）作风建设方面\n"
        "1.窗口服务效率不高。群众办理社保业务平均排队时间超过40分钟；自助终端长期故障，群众只能到人工窗口办理。"
        "整改中，中心增设社保业务窗口3个，实行弹性排班；更换全部自助终端，由信息股每日巡检。已整改完成。\n"
        "2.干部培训不系统。整改中，制定年度培训计划，每季度组织业务培训1次。已整改完成。\n"
    )
    entries, _ = _entries(pipe, text)
    # (the first step may keep its lead-in 整改中，: the pairing, not the item's edge, is what is tested here)
    first = entries[0]
    assert first[0] == "窗口服务效率不高"
    assert [m.split("，", 1)[-1] if m.startswith("整改中") else m for m in first[1]] == [
        "中心增设社保业务窗口3个，实行弹性排班",
        "更换全部自助终端，由信息股每日巡检",
    ]
    # the details told in its paragraph are no entries of their own
    assert not any(p.startswith(("群众办理", "自助终端")) for p, _, _ in entries)


@pytest.mark.parametrize("aimed", ["针对", "对于", "对", "就"])
def test_a_problem_named_again_where_its_steps_begin_gets_them(pipe, aimed):
    # the findings listed in one sentence, then each answered in its own paragraph, the first opening with
    # 针对<the problem, shorter>问题 (对…问题 at the start of its paragraph): its steps are the listed problem's, and
    # the name is no entry of its own
    text = (
        "关于巡察反馈问题整改情况的报告\n"
        "二、资产管理方面\n"
        "巡察组在抽查中发现，县城南仓库2个库房物资数量账实不符，短少物资价值12.6万元；"
        "部分办公设备超期服役，维修费用偏高。\n"
        f"{aimed}仓库物资账实不符问题，局党组责成仓库负责人查明原因；对全县仓库开展库存大清查。该问题已整改完成。\n"
        "办公设备问题由局办公室负责，制定办公设备更新计划，报县财政局批准后分批更新。\n"
    )
    entries, _ = _entries(pipe, text)
    got = {p: ms for p, ms, _ in entries}
    first = next(p for p in got if p.startswith("县城南仓库"))
    assert got[first] == ["局党组责成仓库负责人查明原因", "对全县仓库开展库存大清查"]
    assert not any(p.startswith("仓库物资账实不符") for p in got)


def test_a_problem_named_with_its_steps_and_nowhere_before_is_an_entry_of_its_own(pipe):
    text = (
        "关于安全检查发现问题整改情况的报告\n"
        "针对消防通道堵塞问题，物业公司清理了通道内堆放的杂物，划定禁停标线。已整改完成。\n"
    )
    entries, _ = _entries(pipe, text)
    assert [(p, ms) for p, ms, _ in entries] == [("消防通道堵塞", ["物业公司清理了通道内堆放的杂物，划定禁停标线"])]


def test_the_problems_of_a_section_titled_by_a_theme_keep_their_own_steps(pipe):
    text = (
        "巡察整改情况报告\n"
        "一、关于落实全面从严治党主体责任方面\n"
        "问题1：党支部“三会一课”记录不规范。整改措施：组织专项检查，统一会议记录格式。\n"
        "问题2：公务用车管理存在漏洞。整改措施：为公务用车加装定位终端，严格执行派车审批制度。\n"
    )
    got = _by_problem(pipe, text)
    assert got["党支部“三会一课”记录不规范"] == ["组织专项检查，统一会议记录格式"]
    assert got["公务用车管理存在漏洞"] == ["为公务用车加装定位终端，严格执行派车审批制度"]


def test_a_title_answered_in_the_paragraph_that_tells_its_cause(pipe):
    # the cause and the steps in one paragraph ("…原因是…。针对这一问题，…"): the steps answer the title
    text = (
        "关于消防安全检查反馈问题整改情况的报告\n"
        "一、关于“敬老院消防设施维护不到位”的问题\n"
        "经查，院内部分疏散指示灯损坏，原因是院里没有专人负责日常巡查。针对这一问题，"
        "我院聘请维保单位对全院消防设施进行全面维护保养，并将消防设施维护纳入物业服务合同考核。\n"
    )
    got = _by_problem(pipe, text)
    assert any("纳入物业服务合同考核" in m for m in got["敬老院消防设施维护不到位"])
    assert list(got) == ["敬老院消防设施维护不到位"]  # the cause told before the steps is no entry of its own


def test_a_problem_found_after_the_titles_own_steps_keeps_its_own_steps(pipe):
    text = (
        "关于巡察反馈意见整改“回头看”情况的报告\n"
        "（一）关于“公务接待管理不规范，部分接待无公函”的问题\n"
        "集中整改期间，局党组修订了公务接待管理办法，对全部接待单据逐一审核。"
        "“回头看”抽查发现，个别下属单位仍存在先接待、后补审批单的情况。针对这一问题，"
        "局纪检组对该单位负责人进行了约谈，推行接待审批线上办理。\n"
    )
    got = _by_problem(pipe, text)
    late = next(p for p in got if "先接待、后补审批单" in p)
    assert any("约谈" in m for m in got[late])
    assert not any("约谈" in m for m in got.get("公务接待管理不规范，部分接待无公函", []))


def test_a_numbered_entry_with_its_details_and_causes_in_its_paragraph(pipe):
    # a flattened copy: "1.<problem>。<details>。经查，<cause>。针对这一问题，<steps>" — the entry is no heading,
    # the details and the cause are not entries of their own, the steps answer the numbered problem
    text = (
        "关于教育局督查反馈问题的整改报告 县教育局：10月12日，县教育局督查组对我校安全工作进行了督查，反馈了2个问题。"
        "现将整改情况报告如下：1.食堂卫生管理不到位。督查组检查时，操作间地面积水较多，留样冰箱温度记录不全。"
        "经查，食堂管理员由后勤人员兼任，平时检查不够。针对这一问题，学校聘任专职食堂管理员，"
        "实行每日卫生检查登记；同时将食堂卫生纳入后勤处月度考核。"
        "2.校门口上下学时段交通秩序混乱。接送车辆在校门口随意停放，堵塞道路。经查，学校未安排专人疏导。"
        "针对这一问题，学校安排值周教师在上下学时段到校门口值守，并商请交警中队在高峰时段加强疏导。"
    )
    got = _by_problem(pipe, text)
    assert list(got) == ["食堂卫生管理不到位", "校门口上下学时段交通秩序混乱"]
    assert any("聘任专职食堂管理员" in m for m in got["食堂卫生管理不到位"])
    assert any("纳入后勤处月度考核" in m for m in got["食堂卫生管理不到位"])
    assert any("值周教师" in m for m in got["校门口上下学时段交通秩序混乱"])


def test_units_of_a_notice_that_goes_place_by_place_and_posts_that_act():
    # the place whose paragraph it is (a market, a scenic area) together with the body its step names; a post
    # named as acting (护士长, 保健医); "其他市场" names no one
    text = (
        "关于节前安全检查情况的通报\n"
        "城关农贸市场：冷库温度记录缺失。城关市场监管所已责令市场开办者补齐记录。\n"
        "青龙峡景区：游客中心疏散指示标志损坏。景区管理处已更换全部指示标志。\n"
        "县医院：抢救车内2种药品过期。护士长已当场更换过期药品。\n"
        "其他市场：部分摊位未公示价格。督促各摊位按要求公示。\n"
    )
    problems = ["冷库温度记录缺失", "游客中心疏散指示标志损坏", "抢救车内2种药品过期", "部分摊位未公示价格"]
    measures = [
        "城关市场监管所已责令市场开办者补齐记录",
        "景区管理处已更换全部指示标志",
        "护士长已当场更换过期药品",
        "督促各摊位按要求公示",
    ]
    entries = _ledger_of(text, problems, measures)
    assert _units(text, entries) == [
        ["城关农贸市场", "城关市场监管所"],
        ["青龙峡景区", "景区管理处"],
        ["县医院", "护士长"],
        [],
    ]


RESTATED = (
    "关于石桥镇2022年度财务收支审计发现问题整改情况的报告\n"
    "县审计局：\n"
    "县审计局于2023年4月对我镇2022年度财务收支情况进行了审计。现将整改情况报告如下：\n"
    "一、审计发现的主要问题\n"
    "（一）镇财政所代管的村级公益事业资金18.6万元长期闲置，未按计划拨付使用。\n"
    "（二）部分工程项目未按规定办理竣工验收，3个项目已投入使用但未验收。\n"
    "（三）镇机关公务用车使用登记不完整，部分派车单缺少审批人签字。\n"
    "二、整改落实情况\n"
    "（一）关于公务用车登记问题。镇党政办重新印制派车单，实行一车一单、一事一批，每月在机关公示栏公示用车情况。"
    "该问题已整改完成。\n"
    "（二）关于公益事业资金闲置问题。镇财政所已将闲置资金全部拨付到村，用于村内道路硬化；同时建立资金拨付台账，"
    "按月跟踪项目进度。该问题已整改完成。\n"
    "（三）关于工程项目竣工验收问题。镇建设办组织设计、监理和施工单位对3个项目开展竣工验收，目前已完成2个，"
    "剩余1个正在整改。\n"
    "特此报告。\n"
    "石桥镇人民政府\n"
    "2023年6月20日\n"
)


def test_problems_listed_then_answered_under_headings_that_name_them_again(pipe):
    # the headings of 二 name again, shorter and in another order, the problems 一 lists: each heading's steps
    # answer the problem it names; the heading's own words are no entry; the units are those of the steps'
    # paragraph, not of the entries between
    entries, _ = _entries(pipe, RESTATED)
    assert [(p, ms, [u.text for u in e.units], e.status.value) for p, ms, e in entries] == [
        (
            "镇财政所代管的村级公益事业资金18.6万元长期闲置，未按计划拨付使用",
            ["镇财政所已将闲置资金全部拨付到村，用于村内道路硬化", "同时建立资金拨付台账，按月跟踪项目进度"],
            ["镇财政所"],
            "done",
        ),
        (
            "部分工程项目未按规定办理竣工验收，3个项目已投入使用但未验收",
            ["镇建设办组织设计、监理和施工单位对3个项目开展竣工验收"],
            ["镇建设办"],
            "in_progress",
        ),
        (
            "镇机关公务用车使用登记不完整，部分派车单缺少审批人签字",
            ["镇党政办重新印制派车单，实行一车一单、一事一批，每月在机关公示栏公示用车情况"],
            ["镇党政办"],
            "done",
        ),
    ]


def test_a_heading_that_names_two_listed_problems_again_answers_each_with_its_own_steps(pipe):
    # "（二）关于A和B的问题" names two of the problems 一 lists: neither name alone holds half of the heading's
    # words, each holds most of one problem's; the steps under it answer the one whose words they share
    text = (
        "关于县文化馆专项审计问题整改落实情况的报告\n"
        "县审计局：\n"
        "现将整改情况报告如下：\n"
        "一、审计发现的主要问题\n"
        "（一）免费开放补助资金使用不规范，2.3万元用于发放加班补贴。\n"
        "（二）固定资产登记不及时，新购置的音响设备未入账。\n"
        "（三）非遗项目档案管理混乱，部分传承人资料缺失。\n"
        "二、整改落实情况\n"
        "（一）关于免费开放补助资金使用不规范的问题\n"
        "已将2.3万元补贴资金退回补助资金专户。已整改完成。\n"
        "（二）关于固定资产登记不及时和非遗档案管理混乱的问题\n"
        "财务股已将新购置的音响设备全部登记入账；非遗保护中心逐一走访传承人，补齐档案资料。均已整改完成。\n"
    )
    by_problem = _by_problem(pipe, text)
    assert by_problem == {
        "免费开放补助资金使用不规范，2.3万元用于发放加班补贴": ["已将2.3万元补贴资金退回补助资金专户"],
        "固定资产登记不及时，新购置的音响设备未入账": ["财务股已将新购置的音响设备全部登记入账"],
        "非遗项目档案管理混乱，部分传承人资料缺失": ["非遗保护中心逐一走访传承人，补齐档案资料"],
    }


def test_a_summary_in_the_opening_is_not_what_the_headings_after_it_name_again(pipe):
    # "存在A、B、C等问题" sums up; each part after it tells its problem in full and answers that one
    text = (
        "关于市场监管所专项检查反馈问题整改情况的报告 县市场监管局：专项检查组反馈我所存在执法案卷不规范、"
        "投诉处置不及时、检测设备管理不到位等问题。我所逐项制定措施，现将整改情况报告如下：一、关于执法案卷问题。"
        "检查发现，2022年办结的案卷中有7卷缺少送达回证。法制员已逐卷补齐送达材料，并建立案卷交叉评查制度，该问题"
        "已整改完成。二、关于投诉处置问题。检查指出，有12件消费投诉超过规定时限才答复。我所已指定专人每日登录平台"
        "受理投诉，超过5个工作日未处理的由所长督办，目前正在整改。三、关于检测设备问题。经核实，快检室2台检测仪超过"
        "校准周期仍在使用。已送县计量所重新校准，并建立设备校准台账，已整改完成。特此报告。"
    )
    entries, record = _entries(pipe, text)
    summary = next(p for p in record.fields["problems"] if p.text.startswith("执法案卷不规范"))
    assert summary.id not in [e.problem for _, _, e in entries]
    assert [[m[:8] for m in ms] for _, ms, _ in entries] == [["法制员已逐卷补齐"], ["我所已指定专人每"]]


def test_parts_each_titled_by_its_own_problem_are_not_restatements(pipe):
    # "一、关于“X”的问题" parts are problems of their own, however alike their words
    text = (
        "关于县图书馆服务工作检查问题整改情况的报告\n"
        "一、关于“图书借阅登记不规范”的问题\n"
        "部分借阅记录未登记读者证号。整改措施：图书馆已重新培训借阅台工作人员，对借阅记录逐条补登。已整改完成。\n"
        "二、关于“少儿阅览区图书借阅登记不及时”的问题\n"
        "整改措施：周末增派2名志愿者协助登记。已整改完成。\n"
    )
    by_problem = _by_problem(pipe, text)
    assert by_problem["少儿阅览区图书借阅登记不及时"] == ["周末增派2名志愿者协助登记"]
    assert by_problem["图书借阅登记不规范"] == ["图书馆已重新培训借阅台工作人员，对借阅记录逐条补登"]


# records listed one after another inside one list entry (a 台账 pasted as label lines under 二、): each record's
# owner, deadline and status are its own, and a copy with CRLF line ends or blank lines reads the same
NUMBERED_RECORDS = (
    "关于县市场监管局食品安全专项检查问题整改情况的报告\n"
    "一、基本情况\n"
    "县市场监管局于2024年3月对我校食堂开展专项检查，指出问题3个。\n"
    "二、问题整改台账\n"
    "序号：1\n"
    "问题描述：食堂从业人员健康证过期2人，未及时换证。\n"
    "整改措施：安排2人到县疾控中心体检换证；建立健康证到期提醒台账。\n"
    "责任人：后勤处处长 周XX\n"
    "完成时限：2024年4月15日\n"
    "整改状态：已完成\n"
    "\n"
    "序号：2\n"
    "问题描述：留样冰箱未配温度计，留样记录缺签字。\n"
    "整改措施：为留样冰箱加装温度计，每日登记温度。\n"
    "责任人：食堂主管 何XX\n"
    "完成时限：2024年4月30日\n"
    "整改状态：正在整改\n"
    "\n"
    "序号：3\n"
    "问题描述：库房货架离墙不足10厘米。\n"
    "整改措施：重新摆放货架，地面标出离墙线。\n"
    "责任人：总务科 钱XX\n"
    "完成时限：2024年5月31日\n"
    "整改状态：已完成\n"
)


@pytest.mark.parametrize("copy", ["as written", "crlf", "blank lines"])
def test_records_listed_in_one_entry_keep_their_own_fields(copy):
    problems = ["食堂从业人员健康证过期2人，未及时换证", "留样冰箱未配温度计，留样记录缺签字", "库房货架离墙不足10厘米"]
    measures = [
        "安排2人到县疾控中心体检换证",
        "建立健康证到期提醒台账",
        "为留样冰箱加装温度计，每日登记温度",
        "重新摆放货架，地面标出离墙线",
    ]
    text = {"as written": NUMBERED_RECORDS, "crlf": NUMBERED_RECORDS.replace("\n", "\r\n")}.get(
        copy, NUMBERED_RECORDS.replace("\n", "\n\n")
    )
    entries = _ledger_of(text, problems, measures, label="rectification")
    got = [
        (
            text[e.span[0] : e.span[1]],
            e.measures,
            [u.text for u in e.units],
            e.deadline.text if e.deadline else None,
            e.status.value if e.status else None,
        )
        for e in entries
    ]
    assert got == [
        (problems[0], ["measures/1", "measures/2"], ["后勤处处长 周XX"], "2024年4月15日", "done"),
        (problems[1], ["measures/3"], ["食堂主管 何XX"], "2024年4月30日", "in_progress"),
        (problems[2], ["measures/4"], ["总务科 钱XX"], "2024年5月31日", "done"),
    ]


def test_problems_listed_together_in_one_entry_and_answered_together_stay_one_record():
    # 问题1：…⏎问题2：…⏎整改落实：针对问题1，…针对问题2，… — the second problem label opens no record of its own
    text = (
        "关于交通运输安全检查反馈问题整改情况的报告\n"
        "二、问题及整改情况\n"
        "（一）客运站安全管理方面\n"
        "问题1：安检仪操作人员未持证上岗。\n"
        "问题2：候车厅应急疏散指示牌损坏。\n"
        "整改落实：针对问题1，客运站组织安检人员参加培训考核，全部取得上岗证。针对问题2，更换损坏的疏散指示牌8块。\n"
    )
    problems = ["安检仪操作人员未持证上岗", "候车厅应急疏散指示牌损坏"]
    measures = ["客运站组织安检人员参加培训考核，全部取得上岗证", "更换损坏的疏散指示牌8块"]
    entries = _ledger_of(text, problems, measures, label="rectification")
    assert {text[e.span[0] : e.span[1]]: e.measures for e in entries} == {
        problems[0]: ["measures/1"],
        problems[1]: ["measures/2"],
    }


def test_a_sections_fields_line_reaches_its_entries_in_a_copy_with_crlf_or_blank_lines():
    # the fields a section closes with are looked for within a window of the entry, counted in characters that
    # are not line breaks: a copy with CRLF line ends or blank lines reaches them as the file does
    lines = [f"第{k}批记录已归档。" for k in range(1, 39)]
    text = (
        "关于食品安全检查反馈问题整改情况的报告\n"
        "一、整改落实情况\n"
        "（一）食品安全方面\n"
        "学校食堂原料进货查验记录不全。对此，后勤处补齐了全部进货票据，建立进货查验台账。\n"
        + "\n".join(lines)
        + "\n（本部分责任领导：副校长张XX；完成时限：2024年6月底前）\n"
        "（二）消防安全方面\n"
        "宿舍楼消防通道堆放杂物。对此，宿管科清理了杂物，设置警示标识。\n"
    )
    problems = ["学校食堂原料进货查验记录不全", "宿舍楼消防通道堆放杂物"]
    measures = ["后勤处补齐了全部进货票据，建立进货查验台账", "宿管科清理了杂物，设置警示标识"]
    # the time limit is under 400 characters past the measure but for its line breaks, over 400 with them as CRLF
    start, at = text.index(measures[0]) + len(measures[0]), text.index("2024年6月底前")
    breaks = text.count("\n", start, at)
    assert at - start - breaks < 400 < at - start + breaks
    for copy in (text, text.replace("\n", "\r\n"), text.replace("\n", "\n\n")):
        entries = _ledger_of(copy, problems, measures, label="rectification")
        first = next(e for e in entries if e.text == problems[0])
        assert first.deadline is not None and first.deadline.text == "2024年6月底前"


# the lines after an entry's numbered steps, in its section, are its own: its fields, or a sentence that closes it
STEPS_THEN_CLOSING = (
    "关于市生态环境局交办信访件办理情况的报告\n"
    "（一）关于青石镇采石场夜间爆破扰民的问题\n"
    "群众反映青石镇采石场夜间爆破，震感明显，附近两个村民小组房屋出现裂缝。经查，该采石场未按规定时段作业。\n"
    "整改措施：\n"
    "1.县自然资源局对该采石场违规作业行为立案查处，责令停产整顿；\n"
    "2.采石场调整爆破时段，每日18时后禁止爆破作业；\n"
    "3.对受损房屋逐户鉴定，由企业承担维修费用。\n"
    "{closing}\n"
    "（二）关于城北污水泵站异味扰民的问题\n"
    "群众反映城北污水泵站臭味明显，夏季尤甚。\n"
    "整改措施：\n"
    "1.泵站格栅间加装密闭罩和除臭设备；\n"
    "2.由县住建局每周开展一次异味巡查，并公布结果。\n"
    "责任单位：县住建局；整改时限：2024年8月底前；整改情况：正在整改。\n"
    "2024年6月20日\n"
)


@pytest.mark.parametrize(
    ("closing", "units", "status"),
    [
        ("该件由县自然资源局、青石镇人民政府负责，已整改到位。", ["县自然资源局", "青石镇人民政府"], "done"),
        ("责任单位：县自然资源局；整改情况：已整改。", ["县自然资源局"], "done"),
    ],
)
def test_the_lines_after_an_entrys_steps_are_its_own(pipe, closing, units, status):
    text = STEPS_THEN_CLOSING.format(closing=closing)
    entries, _ = _entries(pipe, text)
    got = _counted(entries)
    assert got == [
        ("青石镇采石场夜间爆破扰民", 3, units, status),
        ("城北污水泵站异味扰民", 2, ["县住建局"], "in_progress"),
    ]


def test_a_list_of_one_line_problems_then_as_many_steps_pair_in_order(pipe):
    # the last problem of the list does not head the paragraphs after it: the steps answer the list in order
    text = (
        "关于社区卫生服务中心自查情况的报告\n"
        "按照区卫健局要求，我中心对照检查标准开展了自查，查找出以下问题：\n"
        "1.预检分诊登记不规范，部分就诊人员信息登记不全。\n"
        "2.医疗废物暂存间未张贴警示标识，交接记录缺少签名。\n"
        "3.家庭医生签约服务随访不及时，部分慢病患者半年未随访。\n"
        "4.药房近效期药品未单独存放，缺少效期管理台账。\n"
        "针对以上问题，中心召开专题会议逐项研究，制定了整改措施：\n"
        "一是规范预检分诊。重新培训分诊人员，就诊人员信息做到应登尽登。\n"
        "二是规范医疗废物管理。医疗废物暂存间张贴警示标识，交接记录由双方签名确认。\n"
        "三是加强随访管理。家庭医生团队每月梳理慢病患者名单，按期完成随访。\n"
        "四是加强药品效期管理。近效期药品单独存放并建立效期管理台账。\n"
    )
    entries, _ = _entries(pipe, text)
    lines = text.split("\n")
    step_of = {ln[:2]: n for n, ln in enumerate(("一是", "二是", "三是", "四是"))}

    def step(measure: str) -> int:  # which 一是/二是… line a measure lies in
        (line,) = [ln for ln in lines if measure in ln]
        return step_of[line[:2]]

    assert [p[:6] for p, _, _ in entries] == ["预检分诊登记", "医疗废物暂存", "家庭医生签约", "药房近效期药"]
    assert [sorted({step(m) for m in ms}) for _, ms, _ in entries] == [[0], [1], [2], [3]]


@pytest.mark.parametrize("steps_label", ["整改措施", "整改完成情况"])
def test_steps_listed_under_a_label_line_stay_in_their_record(steps_label):
    # a 公示 of several records, each with its steps numbered on lines of their own under a label line: the
    # steps are the field's value, and the lines after them (责任单位, 整改时限, 完成情况) are still the record's —
    # not the section of its last step, which then ran into the next record (the problems and steps given, so
    # what is checked is the records' structure, not how sure the item model is of a bare 开展专项检查 in a
    # 完成情况 field)
    text = (
        "关于巡察反馈问题整改情况的公示\n根据要求，现将整改情况公示如下：\n"
        f"问题一：村级补贴资金发放监管不严。\n{steps_label}：\n1.开展补贴资金全面清查。\n2.追回被代领资金1.8万元。\n"
        "责任单位：镇财政所\n整改时限：2023年8月底前\n完成情况：已完成整改\n"
        f"问题二：部分村党支部组织生活走过场。\n{steps_label}：\n1.开展专项检查。\n2.对村党组织书记开展轮训。\n"
        "责任单位：镇党建办\n整改时限：长期坚持\n"
    )
    problems = ["村级补贴资金发放监管不严", "部分村党支部组织生活走过场"]
    measures = ["开展补贴资金全面清查", "追回被代领资金1.8万元", "开展专项检查", "对村党组织书记开展轮训"]
    entries = _ledger_of(text, problems, measures, "rectification")
    assert [(e.text, e.measures, e.deadline.text if e.deadline else None) for e in entries] == [
        ("村级补贴资金发放监管不严", ["measures/1", "measures/2"], "2023年8月底前"),
        ("部分村党支部组织生活走过场", ["measures/3", "measures/4"], "长期坚持"),
    ]
    assert _units(text, entries) == [["镇财政所"], ["镇党建办"]]
    items = Document(text).items()
    assert [(it.label, it.marker) for it in items if it.text.startswith(("开展", "追回", "对村"))] == [
        (steps_label, "1."),
        (steps_label, "2."),
        (steps_label, "1."),
        (steps_label, "2."),
    ]


def test_a_status_in_a_list_run_into_one_paragraph_is_the_entry_it_stands_in():
    # a web page's copy runs the problems and the steps answering them into one paragraph: one step's 已于…完成
    # is not the status of the problems after it, nor 计划…完成 of the entries around it
    text = (
        "关于中心小学办学条件督导问题的整改报告\n"
        "督导组检查发现以下问题：1、部分教室照明偏暗；2、体育器材数量不足；3、饮水设备滤芯长期未更换。"
        "针对以上问题，学校成立整改小组，现将整改情况报告如下：1、总务处更换教室灯具86盏，已于5月10日完成；"
        "2、向县教育局申请经费采购体育器材，计划于6月底前完成；3、与供水公司签订维护协议，每季度更换一次滤芯。\n"
    )
    problems = ["部分教室照明偏暗", "体育器材数量不足", "饮水设备滤芯长期未更换"]
    measures = [
        "总务处更换教室灯具86盏，已于5月10日完成",
        "向县教育局申请经费采购体育器材，计划于6月底前完成",
        "与供水公司签订维护协议，每季度更换一次滤芯",
    ]
    entries = _ledger_of(text, problems, measures, "rectification")
    assert [e.measures for e in entries] == [["measures/1"], ["measures/2"], ["measures/3"]]
    assert [(e.status.value, e.status.text) if e.status else None for e in entries] == [
        ("done", "已于5月10日完成"),
        ("planned", "计划于"),
        None,
    ]


ORDER = (
    "临河县应急管理局\n安全隐患整改通知书\n临应急改〔2025〕12号\n\n"
    "临河县宏达建材有限公司：\n"
    "　　2025年5月6日，我局对你公司进行了安全生产检查，发现下列问题：\n"
    "　　1.粉尘收集器泄爆口朝向人员通道，责令你公司5日内改变泄爆口朝向。\n"
    "　　2.叉车司机无特种作业操作证，要求立即停止其作业，由设备部负责另行安排持证司机。\n"
    "　　请你公司于5月20日前将整改情况书面报送我局。\n"
)


_ONE_ORDER = "".join(line for line in ORDER.splitlines(keepends=True) if "叉车" not in line)


def test_an_order_to_one_unit_makes_it_answer_for_problems_that_name_no_other():
    problems = ["粉尘收集器泄爆口朝向人员通道", "叉车司机无特种作业操作证"]
    measures = ["责令你公司5日内改变泄爆口朝向", "要求立即停止其作业，由设备部负责另行安排持证司机"]
    entries = _ledger_of(ORDER, problems, measures, "other")
    assert [e.text for e in entries] == problems
    assert _units(ORDER, entries) == [["临河县宏达建材有限公司"], ["设备部"]]


def test_an_orders_addressee_is_read_in_a_file_with_windows_line_endings():
    # the salutation's line ends in \r\n in a file saved on Windows: the unit is the same as in the file with \n
    crlf = ORDER.replace("\n", "\r\n")
    problems = ["粉尘收集器泄爆口朝向人员通道", "叉车司机无特种作业操作证"]
    measures = ["责令你公司5日内改变泄爆口朝向", "要求立即停止其作业，由设备部负责另行安排持证司机"]
    entries = _ledger_of(crlf, problems, measures, "other")
    assert _units(crlf, entries) == [["临河县宏达建材有限公司"], ["设备部"]]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a report answers to the office it addresses, though it says 你局 of it
        (_ONE_ORDER.replace("整改通知书", "整改情况的报告").replace("你公司", "你局"), "rectification"),
        # a notice to several units names none of them by its salutation
        (_ONE_ORDER.replace("临河县宏达建材有限公司：", "各乡镇、各有关企业："), "other"),
    ],
)
def test_a_report_or_a_notice_to_several_units_has_no_addressee_answering(text, label):
    problems = ["粉尘收集器泄爆口朝向人员通道"]
    measures = [next(m for m in ("责令你公司5日内改变泄爆口朝向", "责令你局5日内改变泄爆口朝向") if m in text)]
    entries = _ledger_of(text, problems, measures, label)
    assert _units(text, entries) == [[]]
