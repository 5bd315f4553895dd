"""The items layer: every candidate item with its exact span, kind, label, block and lead-in."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportkit.document import Document
from reportkit.items import build_items

ROOT_DOCS = __import__("pathlib").Path(__file__).resolve().parents[2] / "corpus" / "docs"


@pytest.fixture(scope="module")
def items_of(segmenter):
    def _items(text):
        doc = Document(text, segmenter=segmenter)
        items = doc.items()
        check_invariants(doc.text, items)
        return items

    return _items


def check_invariants(text, items):
    last_end = -1
    for k, it in enumerate(items):
        assert text[it.start : it.end] == it.text  # offsets are sacred
        assert it.index == k
        assert it.start >= last_end, "items never overlap and come in text order"
        assert it.text == it.text.strip(" \t\r\n\u3000"), "trimmed of whitespace"
        assert it.text[-1] not in "。；;，,：:" and it.text[0] not in "。；;，,：:"
        last_end = it.end


def texts(items, **where):
    return [it.text for it in items if all(getattr(it, k) == v for k, v in where.items())]


def test_headings_and_their_bodies(items_of):
    text = (
        "关于仓储安全检查问题整改情况的报告\n一、存在的问题\n1.部分仓库消防通道被货物占用；\n2.叉车司机无证上岗。\n"
        "二、整改措施\n（一）落实清障责任。仓储部每日巡查通道，发现占用当场清理。\n"
    )
    items = items_of(text)
    assert "关于仓储安全检查问题整改情况的报告" not in [it.text for it in items]  # the title is no item
    assert texts(items, kind="heading") == [
        "存在的问题",
        "部分仓库消防通道被货物占用",
        "叉车司机无证上岗",
        "整改措施",
        "落实清障责任",
    ]
    body = next(it for it in items if it.text.startswith("仓储部每日巡查通道"))
    head = next(it for it in items if it.text == "落实清障责任")
    assert body.path == ("整改措施", "落实清障责任")
    assert body.block == head.block, "the body of a list entry shares the entry's block"
    assert head.marker == "（一）"
    assert next(it for it in items if it.text == "叉车司机无证上岗").path == ("存在的问题",)


@pytest.mark.parametrize("colon", ["：", ":"])
@pytest.mark.parametrize("entries", ["1、", "（一）", "一是"])
def test_a_label_ending_its_line_over_entries_of_its_own_is_their_heading(items_of, colon, entries):
    # "二、整改措施：⏎1、…" as "二、整改措施⏎1、…": the entries are under the heading (they were read with no heading
    # path at all, as if the label beside them had no value)
    second = {"1、": "2、", "（一）": "（二）", "一是": "二是"}[entries]
    text = (
        f"一、存在问题{colon}\n{entries}食堂操作间地面湿滑无防滑垫。\n{second}消防器材过期未更换。\n"
        f"二、整改措施{colon}\n{entries}铺设防滑垫并张贴警示标识。\n{second}更换全部过期灭火器。\n"
    )
    items = items_of(text)
    assert next(it for it in items if it.text.startswith("铺设防滑垫")).path == ("整改措施",)
    assert next(it for it in items if it.text.startswith("更换全部过期")).path == ("整改措施",)
    assert next(it for it in items if it.text.startswith("消防器材过期")).path == ("存在问题",)
    assert not [it for it in items if it.kind == "field"]


def test_a_heading_label_with_its_value_on_its_line_stays_a_field(items_of):
    items = items_of("一、问题：食堂地面湿滑。\n（一）整改措施：铺设防滑垫。\n（二）整改措施：\n1、张贴警示标识。\n")
    assert [(it.kind, it.label, it.path, it.text) for it in items] == [
        ("field", "问题", (), "食堂地面湿滑"),
        ("field", "整改措施", (), "铺设防滑垫"),
        ("heading", None, (), "整改措施"),
        ("heading", None, ("整改措施",), "张贴警示标识"),
    ]


def test_a_bullet_is_an_entry_marker_not_text(items_of):
    """● ■ • and a dash before a space open an entry as a list number does (a Word bullet list, a Markdown
    list, a web page's): the bullet is the item's marker, its text starts after it."""
    text = (
        "关于食堂检查问题整改情况的报告\n二、整改措施\n● 建立食材进货查验台账。\n■每周检查一次后厨卫生。\n"
        "• 从业人员持证上岗。\n- 每月公示检查结果。\n-5℃以下的冷库每日记录温度。\n"
    )
    items = items_of(text)
    by_text = {it.text: it for it in items}
    assert [
        (t, by_text[t].marker)
        for t in ("建立食材进货查验台账", "每周检查一次后厨卫生", "从业人员持证上岗", "每月公示检查结果")
    ] == [
        ("建立食材进货查验台账", "●"),
        ("每周检查一次后厨卫生", "■"),
        ("从业人员持证上岗", "•"),
        ("每月公示检查结果", "-"),
    ]
    assert by_text["-5℃以下的冷库每日记录温度"].marker is None  # a minus sign is no bullet


@pytest.mark.parametrize("dashes", ["——", "─────", "--"])
def test_a_run_of_dashes_is_the_bullet_of_an_official_list(items_of, dashes):
    # "——坚持…" lists goals and findings in Chinese official documents; a PDF's text layer may give box rules
    items = items_of(f"二、存在问题\n{dashes}消防通道堆放杂物；\n{dashes}灭火器过期未更换。\n----\n")
    assert [(it.text, it.marker) for it in items if it.kind != "heading"] == [
        ("消防通道堆放杂物", dashes),
        ("灭火器过期未更换", dashes),
        ("----", None),  # a rule alone on its line opens nothing
    ]


def test_a_lead_in_frames_the_items_after_it(items_of):
    items = items_of("督查中发现以下问题：一是宿舍楼电线私拉乱接；二是灭火器压力不足。\n其余工作正常推进。\n")
    assert texts(items, lead="督查中发现以下问题") == ["宿舍楼电线私拉乱接", "灭火器压力不足"]
    assert texts(items, marker="一是") == ["宿舍楼电线私拉乱接"]
    assert next(it for it in items if it.text == "其余工作正常推进").lead is None


def test_a_lead_in_ending_a_line_frames_the_next_line(items_of):
    items = items_of("经自查，主要存在以下不足：\n值班记录填写不规范，交接班不清楚。\n")
    item = next(it for it in items if it.text.startswith("值班记录"))
    assert item.lead == "经自查，主要存在以下不足"


def test_an_inline_list_gives_one_item_per_entry(items_of):
    items = items_of("抽查还发现部分门店存在价签缺失、临期商品未下架、冷柜温度超标等问题。")
    assert texts(items, kind="inline") == ["价签缺失", "临期商品未下架", "冷柜温度超标"]
    assert len({it.sentence for it in items}) == 1, "the pieces of one sentence share its number"


@pytest.mark.parametrize(
    "sentence",
    [
        "经逐卷复核，未发现超越职权处罚、擅自提高罚款标准等问题。",
        "对照清单逐人自查，没有发现收受礼品礼金、违规兼职取酬等情况。",
        "全县12家养老机构均不存在消防通道堵塞、电动车违规充电等隐患。",
    ],
)
def test_a_list_said_not_to_exist_gives_no_inline_items(items_of, sentence):
    # what a self-inspection did not find is no problem: the sentence is read as a sentence, not as a list
    items = items_of(sentence)
    assert texts(items, kind="inline") == []
    assert items and all(it.text in sentence for it in items)
    # while a list that exists after a negated one is read as a list
    found = items_of("未发现突出问题，但普遍存在应急演练次数不够、承载量测算不科学等情况。")
    assert texts(found, kind="inline") == ["应急演练次数不够", "承载量测算不科学"]


def test_aimed_at_sentences_give_the_problem_and_what_was_done(items_of):
    items = items_of("针对部分村务公开栏更新不及时的问题，镇纪委督促各村每月更新一次。")
    assert texts(items, kind="split") == ["部分村务公开栏更新不及时", "镇纪委督促各村每月更新一次"]


@pytest.mark.parametrize("after", ["，", "："])
def test_aimed_at_words_before_an_enumeration_give_the_problem(items_of, after):
    # "针对…的问题，一是…；二是…": the steps are the enumeration's entries, the words before them name the problem
    text = f"整改情况\n针对部分村务公开栏更新不及时的问题{after}一是督促各村每月更新一次；二是将公开情况纳入考核。\n"
    items = items_of(text)
    assert [(it.kind, it.text) for it in items if it.start > 4] == [
        ("split", "部分村务公开栏更新不及时"),
        ("enum", "督促各村每月更新一次"),
        ("enum", "将公开情况纳入考核"),
    ]
    assert len({it.block for it in items if it.start > 4}) == 1


def test_aimed_at_words_may_name_a_problem_of_several_clauses(items_of):
    items = items_of("针对寄宿生就寝时间执行不严，部分学生睡眠不足的问题，学校修订了作息制度。")
    assert texts(items, kind="split") == ["寄宿生就寝时间执行不严，部分学生睡眠不足", "学校修订了作息制度"]
    # but 对 opening a clause of its own is not 针对: "对照检查，对存在的问题…" names no problem
    items = items_of("对照检查，对存在的问题，逐项整改，对责任人进行问责的情况，予以通报。")
    assert texts(items, kind="split") == []
    # nor is 对照/对标, a step of its own: "对照反馈的12个问题，逐条…" (once read as 对 + "照反馈的12个")
    for text in ("对照反馈的12个问题，逐条建立台账，实行销号管理。", "对标省级示范标准查找的问题，逐项补齐短板。"):
        items = items_of(text)
        assert texts(items, kind="split") == []
        assert [it.text[0] for it in items] == ["对"]


@pytest.mark.parametrize(
    "words",
    [
        "针对检查发现的",
        "针对巡察反馈的",
        "针对督导组指出的",
        "针对上述",
        "针对自查中查摆出的以上",
        "针对反馈的3个方面9个",
        "针对第一个",  # a pointer back, shorter than any problem
        "针对该",
        "针对这一",
    ],
)
def test_aimed_at_words_that_point_back_name_no_problem(items_of, words):
    # "针对巡察反馈的问题，…" refers to problems stated elsewhere: the words are no problem of their own, and
    # what was done is still read
    items = items_of(f"{words}问题，镇党委逐项制定整改措施，明确责任人和完成时限。")
    assert not [it for it in items if it.text.startswith(words[2:])]
    assert [it.text for it in items if it.text.startswith("镇党委逐项制定整改措施")]
    # a lead-in that points back is one item, as any lead-in ending with a colon
    items = items_of(f"整改情况\n{words}问题，我局立即召开专题会议研究部署，现将整改情况报告如下：\n1.修订制度。\n")
    assert texts(items, kind="sentence")[0].startswith(words)


def test_a_problem_and_the_step_required_for_it(items_of):
    items = items_of("1.仓库货物堆放杂乱，要求按品类分区码放。\n")
    assert [it.text for it in items] == ["仓库货物堆放杂乱", "要求按品类分区码放"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # what was found, then who does what about it, then what was done: the shortfall an item of its own
        ("一、配电箱门锁损坏，由电工当日更换门锁，已整改完毕。", ["配电箱门锁损坏", "由电工当日更换门锁，已整改完毕"]),
        ("二、灭火器已过检验期，项目部已更换灭火器8具。", ["灭火器已过检验期", "项目部已更换灭火器8具"]),
        ("三、通道被货物占用，已当场清理。", ["通道被货物占用", "已当场清理"]),
    ],
)
def test_a_shortfall_and_the_response_to_it_are_items_of_their_own(items_of, line, expected):
    assert [it.text for it in items_of(line + "\n")] == expected


@pytest.mark.parametrize(
    "line",
    [
        "一、由总务处负责更换教室灯具，9月底前完成。",  # a step: nothing found before 由
        "二、部分台账记录不全，由于人员变动频繁。",  # 由于: a cause, not who answers
        "三、部分台账已过期销毁。",  # one clause
    ],
)
def test_no_response_is_cut_where_no_shortfall_comes_before_it(items_of, line):
    assert len(items_of(line + "\n")) == 1


def test_what_comes_before_a_required_step_is_cut_at_its_commas_as_any_sentence(items_of):
    # a long account of what was done, then "责令…": each clause of the account is an item of its own, not the
    # whole account one item (it was, and the model then read steps, tallies and all as one)
    text = (
        "我局党组迅速行动，逐条研究反馈问题，制定整改措施21条，已完成整改问题17个，"
        "对12名相关人员进行处理，其中诫勉谈话3人，批评教育9人，责令作出书面检查5人。\n"
    )
    items = items_of(text)
    assert [it.text for it in items] == [
        "我局党组迅速行动",
        "逐条研究反馈问题",
        "制定整改措施21条",
        "已完成整改问题17个",
        "对12名相关人员进行处理",
        "其中诫勉谈话3人",
        "批评教育9人",
        "责令作出书面检查5人",
    ]
    assert {it.sentence for it in items} == {items[0].sentence}, "the pieces of one sentence"


def test_labelled_fields_inside_a_paragraph(items_of):
    items = items_of(
        "（一）问题：食堂留样记录不全。整改措施：补齐留样柜，指定专人登记。责任单位：后勤处 整改时限：2024年3月底前\n"
    )
    fields = [(it.label, it.role, it.text) for it in items if it.kind == "field"]
    assert fields == [
        ("问题", "problem", "食堂留样记录不全"),
        ("整改措施", "measure", "补齐留样柜，指定专人登记"),
        ("责任单位", "unit", "后勤处"),
        ("整改时限", "deadline", "2024年3月底前"),
    ]
    assert len({it.block for it in items}) == 1


@pytest.mark.parametrize("open_, close", [("（", "）"), ("(", ")")])
def test_fields_in_brackets_after_a_measure_are_fields_and_no_bracket_is_left_on_an_item(items_of, open_, close):
    # a plan's task names who leads it and by when in a bracketed group after its steps
    text = (
        f"（一）县城污水处理厂超负荷运行。整改措施：加快扩建工程，新增日处理能力2万吨；对溢流口实施截污改造。"
        f"{open_}牵头单位：县住建局；责任单位：县水务公司；完成时限：2024年12月底前{close}\n"
    )
    items = items_of(text)
    fields = [(it.label, it.role, it.text) for it in items if it.kind == "field"]
    assert fields == [
        ("整改措施", "measure", "加快扩建工程，新增日处理能力2万吨"),
        ("整改措施", "measure", "对溢流口实施截污改造"),
        ("牵头单位", "unit", "县住建局"),
        ("责任单位", "unit", "县水务公司"),
        ("完成时限", "deadline", "2024年12月底前"),
    ]
    assert not [it for it in items if open_ in it.text or close in it.text]


@pytest.mark.parametrize("open_, close", [("（", "）"), ("(", ")")])
def test_a_field_in_brackets_ends_where_its_bracket_closes(items_of, open_, close):
    # text copied from a web page runs a plan's tasks together on one line: the bracketed units of one task are
    # followed by the next task, which is not the unit field's value
    text = (
        f"一、减轻企业负担1.清理涉企收费。全面清理行政事业性收费，公布收费目录清单。{open_}牵头单位：市财政局、"
        f"市发展改革委{close}2.降低用地成本。工业用地可采取长期租赁、先租后让等方式供应。"
        f"{open_}责任单位：各县{open_}市、区{close}政府；完成时限：2025年6月底前{close}3.压减审批时限。"
        "企业开办时间压缩至1个工作日内。\n"
    )
    items = items_of(text)
    fields = [(it.label, it.text) for it in items if it.kind == "field"]
    assert fields == [
        ("牵头单位", "市财政局、市发展改革委"),
        ("责任单位", f"各县{open_}市、区{close}政府"),  # a bracket inside the value does not end it
        ("完成时限", "2025年6月底前"),
    ]
    unlabelled = " ".join(it.text for it in items if it.label is None)
    for step in ("降低用地成本", "工业用地可采取长期租赁", "压减审批时限", "企业开办时间压缩至1个工作日内"):
        assert step in unlabelled


def test_a_bracket_an_item_opens_and_closes_stays_on_it(items_of):
    items = items_of("问题：公务接待无清单。\n整改措施：印发公务接待管理办法（试行）。\n")
    assert [it.text for it in items] == ["公务接待无清单", "印发公务接待管理办法（试行）"]


@pytest.mark.parametrize("label", ["整改成效", "整改效果", "整改结果", "办理结果"])
def test_a_results_line_after_the_steps_is_a_status_field(items_of, label):
    items = items_of(f"问题一：台账登记不全。\n整改措施：补登全部记录。\n{label}：已补登记录126条，已整改完成。\n")
    fields = [(it.label, it.role, it.text) for it in items if it.kind == "field"]
    assert fields == [
        ("问题一", "problem", "台账登记不全"),
        ("整改措施", "measure", "补登全部记录"),
        (label, "status", "已补登记录126条，已整改完成"),
    ]


def test_a_details_field_stays_in_the_record_of_the_problem_it_tells(items_of):
    text = (
        "审计发现问题整改台账\n问题一：部分项目应招标未招标\n问题描述：3个项目未按规定公开招标，直接委托施工。\n"
        "整改措施：修订招标管理办法。\n责任单位：工程管理部\n"
        "问题二：评标专家管理不规范\n具体表现：部分项目专家由招标人自行指定。\n整改措施：一律从专家库随机抽取。\n"
    )
    items = items_of(text)
    blocks = {}
    for it in items:
        if it.kind == "field":
            blocks.setdefault(it.block, []).append(it.label)
    assert list(blocks.values()) == [
        ["问题一", "问题描述", "整改措施", "责任单位"],
        ["问题二", "具体表现", "整改措施"],
    ]


def test_unlabelled_details_between_a_problem_field_and_its_measures_stay_in_the_record(items_of):
    # 问题一：<problem>⏎<what was found and why, a paragraph without a label>⏎整改措施：…⏎责任人：… — the paragraph
    # tells the record's problem: one block with its fields (before, it ended the record and its measures began
    # a record of their own, answering nothing)
    text = (
        "审计整改情况\n问题一：专项资金未及时拨付\n审计发现，县农业局滞留专项资金86万元。主要原因是审批环节多。\n"
        "整改措施：已拨付全部滞留资金；精简审批环节。\n责任人：财务股股长\n"
        "问题二：固定资产账实不符\n整改措施：全面清查盘点。\n"
    )
    items = items_of(text)
    first = {it.block for it in items if it.start < text.index("问题二")}
    assert len(first) == 1, "problem, details, measures and owner: one record"
    assert items[-1].block not in first, "the next 问题 opens a record of its own"


@pytest.mark.parametrize(
    "after",
    [
        "问题二：固定资产账实不符\n整改措施：全面清查盘点。\n",  # another problem comes before any measure
        "",  # no measure field follows at all
    ],
    ids=["next-problem", "no-measure"],
)
def test_a_paragraph_after_a_problem_field_that_no_measure_field_follows_is_no_part_of_its_record(items_of, after):
    text = "审计整改情况\n问题一：专项资金未及时拨付\n会后，各单位对照问题清单逐项开展自查。\n" + after
    items = items_of(text)
    field = next(it for it in items if it.label == "问题一")
    prose = next(it for it in items if it.text.startswith("会后"))
    assert prose.block != field.block


def test_label_lines_of_one_record_share_a_block(items_of):
    text = (
        "消防检查整改台账\n问题：仓库消防通道堆放杂物\n整改措施：清理杂物，划定禁停线\n责任单位：物业科\n整改时限：2024年5月底前\n"
        "问题：值班记录填写不全\n整改措施：修订值班制度\n责任单位：办公室\n"
    )
    items = items_of(text)
    check_invariants(text, items)
    blocks = [(it.label, it.block) for it in items if it.kind == "field"]
    assert [label for label, _ in blocks] == [
        "问题",
        "整改措施",
        "责任单位",
        "整改时限",
        "问题",
        "整改措施",
        "责任单位",
    ]
    first, second = {b for _, b in blocks[:4]}, {b for _, b in blocks[4:]}
    assert len(first) == 1 and len(second) == 1, "the lines of one record share its block"
    assert first != second, "a new 问题 after a complete record starts the next one"


@pytest.mark.parametrize("numbered", [False, True])
def test_bracketed_labels_of_a_record_are_its_fields(items_of, numbered):
    # a ledger copied from a web page writes its labels in brackets: one a line, or (numbered) run into one
    rows = [
        [
            "【问题】仓库消防通道堆放杂物",
            "【整改措施】清理杂物，划定禁停线",
            "【责任单位】物业科",
            "【整改时限】2024年5月底前",
        ],
        ["【问题】值班记录填写不全", "【整改措施】修订值班制度", "【责任单位】办公室"],
    ]
    if numbered:
        text = "消防检查整改台账\n" + "".join(f"{k}.{''.join(row)}\n" for k, row in enumerate(rows, 1))
    else:
        text = "消防检查整改台账\n" + "".join("\n".join(row) + "\n" for row in rows)
    items = items_of(text)
    fields = [(it.label, it.role, it.text) for it in items if it.kind == "field"]
    assert fields == [
        ("问题", "problem", "仓库消防通道堆放杂物"),
        ("整改措施", "measure", "清理杂物，划定禁停线"),
        ("责任单位", "unit", "物业科"),
        ("整改时限", "deadline", "2024年5月底前"),
        ("问题", "problem", "值班记录填写不全"),
        ("整改措施", "measure", "修订值班制度"),
        ("责任单位", "unit", "办公室"),
    ]


def test_a_briefings_bracketed_column_heading_is_not_a_field_though_it_is_a_labels_word(items_of):
    text = (
        "整改工作简报\n【工作动态】市整改办召开第三次调度会\n会议听取了各责任单位整改进展汇报。\n"
        "【进展情况】城区黑臭水体整治取得阶段性成效\n截至目前，已完成清淤12.6公里。\n"
    )
    items = items_of(text)
    assert not [it for it in items if it.kind == "field"]
    assert any(it.text.startswith("【进展情况】") for it in items)


@pytest.mark.parametrize("markers", [("①", "②"), ("（1）", "（2）"), ("1.", "2.")])
def test_entries_numbered_inside_a_fields_value_are_the_fields_in_its_record(items_of, markers):
    a, b = markers
    text = (
        "食堂检查问题整改清单\n"
        f"单位名称：第一小学\n检查发现问题：{a}后厨防蝇设施缺失；{b}冷藏柜生熟食品混放\n"
        f"整改措施：{a}加装防蝇帘；{b}分柜存放并张贴标识\n整改责任人：副校长 吴某\n复查结果：已整改到位\n"
        f"单位名称：第二中学\n检查发现问题：{a}从业人员健康证过期\n整改措施：{a}调离岗位，办理健康证后上岗\n"
    )
    items = items_of(text)
    fields = [(it.text, it.role, it.label, it.marker, it.block) for it in items if it.kind == "field"]
    first = fields[1:7]
    assert [(t, r, m) for t, r, _, m, _ in first] == [
        ("后厨防蝇设施缺失", "problem", a),
        ("冷藏柜生熟食品混放", "problem", b),
        ("加装防蝇帘", "measure", a),
        ("分柜存放并张贴标识", "measure", b),
        ("副校长 吴某", "unit", None),
        ("已整改到位", "status", None),
    ]
    assert {label for _, _, label, _, _ in first[:2]} == {"检查发现问题"}
    assert len({block for *_, block in first}) == 1, "the numbered entries stay in their record's block"
    second = [
        (t, r, block) for t, r, _, _, block in fields if t in ("从业人员健康证过期", "调离岗位，办理健康证后上岗")
    ]
    assert [r for _, r, _ in second] == ["problem", "measure"]
    assert second[0][2] == second[1][2] != first[0][4], "the next record's 问题 starts a block of its own"
    assert not [it for it in items if it.kind == "heading" and it.start > text.index("单位名称")]


def test_an_enumeration_inside_a_paragraph_shares_the_paragraph_block(items_of):
    text = (
        "整改情况报告\n"
        "督查指出台账不全、公示滞后的问题。为此，一是补齐全部台账；二是每月公示一次；三是落实专人管理。\n"
        "一是建立回访制度。\n"
        "二是开展专项督查。\n"
    )
    items = items_of(text)
    check_invariants(text, items)
    by_text = {it.text: it for it in items}
    paragraph = {by_text[t].block for t in ("补齐全部台账", "每月公示一次", "落实专人管理")}
    assert paragraph == {by_text["督查指出台账不全、公示滞后的问题"].block}, "a line is one block"
    assert by_text["补齐全部台账"].kind == "enum"
    assert len({by_text["建立回访制度"].block, by_text["开展专项督查"].block, *paragraph}) == 3, (
        "an enumeration entry that starts its own line starts a block"
    )


def test_label_lines_of_a_plan(items_of):
    items = items_of(
        "世界环境日主题团日活动方案\n活动主题：守护绿水青山\n活动时间：2022年6月5日\n参加人员：全体团员青年\n"
    )
    assert [(it.label, it.role) for it in items] == [
        ("活动主题", "background"),
        ("活动时间", "time"),
        ("参加人员", "people"),
    ]


def test_a_tab_separated_table_with_a_header(items_of):
    text = (
        "序号\t问题\t整改措施\t责任单位\t整改时限\n"
        "1\t配电箱未上锁\t加装门锁；张贴警示标识\t设备科\t立行立改\n"
        "2\t应急灯损坏\t\t后勤科\t\n"
    )
    items = items_of(text)
    cells = [(it.cell, it.label, it.role, it.text) for it in items]
    assert cells == [
        ((1, 1), "问题", "problem", "配电箱未上锁"),
        ((1, 2), "整改措施", "measure", "加装门锁"),
        ((1, 2), "整改措施", "measure", "张贴警示标识"),
        ((1, 3), "责任单位", "unit", "设备科"),
        ((1, 4), "整改时限", "deadline", "立行立改"),
        ((2, 1), "问题", "problem", "应急灯损坏"),
        ((2, 3), "责任单位", "unit", "后勤科"),
    ]
    assert items[0].block != items[-1].block, "a block per row"


def test_a_spreadsheet_pasted_as_text_with_a_title_row_and_cells_of_several_lines(items_of):
    # a 台账 copied out of a spreadsheet: a 填报单位 line above the header; a cell of several lines in quotes,
    # its entries numbered; a quoted cell of one line
    text = (
        "城南街道消防安全隐患整改台账\n"
        "填报单位：城南街道\t\t\t填报日期：2024年3月1日\n"
        "序号\t问题\t整改措施\t责任单位\n"
        '1\t消防通道堆放杂物\t"1.清理通道杂物；\n2.设置禁停标识"\t城南社区\n'
        '2\t"监控探头2处损坏"\t更换探头\t物业公司\n'
    )
    items = items_of(text)
    assert [(it.cell, it.label, it.text) for it in items] == [
        ((0, 0), None, "填报单位：城南街道"),
        ((0, 3), None, "填报日期：2024年3月1日"),
        ((2, 1), "问题", "消防通道堆放杂物"),
        ((2, 2), "整改措施", "清理通道杂物"),
        ((2, 2), "整改措施", "设置禁停标识"),
        ((2, 3), "责任单位", "城南社区"),
        ((3, 1), "问题", "监控探头2处损坏"),
        ((3, 2), "整改措施", "更换探头"),
        ((3, 3), "责任单位", "物业公司"),
    ]
    assert len({it.block for it in items if it.cell[0] == 2}) == 1, "the lines of a quoted cell stay in its row"


def test_space_aligned_columns_under_a_header_are_a_table(items_of):
    text = "问题      整改措施        责任部门\n台账缺页  补登并装订成册  办公室\n"
    items = items_of(text)
    assert [(it.role, it.text) for it in items] == [
        ("problem", "台账缺页"),
        ("measure", "补登并装订成册"),
        ("unit", "办公室"),
    ]


def test_a_roster_with_wide_gaps_is_not_a_table(items_of):
    items = items_of("组  长：刘长河  区委副书记\n副组长：周敏  副区长\n")
    assert all(it.kind != "cell" for it in items)


def test_rows_with_missing_or_extra_cells(items_of):
    text = "问题\t措施\n门禁失灵\n\t更换读卡器\t多出的一格\n"
    items = items_of(text)  # no exception; what is there is read
    assert "更换读卡器" in [it.text for it in items]


def test_a_long_sentence_is_cut_at_commas_outside_quotes(items_of):
    text = (
        "该区高度重视，迅速行动，组织对辖区“三小场所”开展拉网式排查，建立问题清单，逐一整改销号，"
        "并对排查中发现的“小、散、乱”问题集中整治。"
    )
    items = items_of(text)
    assert [it.text for it in items] == [
        "该区高度重视",
        "迅速行动，组织对辖区“三小场所”开展拉网式排查",  # a clause under five characters joins the next
        "建立问题清单",
        "逐一整改销号",
        "并对排查中发现的“小、散、乱”问题集中整治",
    ]
    assert len({it.sentence for it in items}) == 1


def test_a_speaker_frames_the_clauses_of_the_sentence(items_of):
    items = items_of("会议强调，要抓紧补齐短板；要强化督查问效。随后通报了一季度情况。")
    assert texts(items, lead="会议强调") == ["要抓紧补齐短板", "要强化督查问效"]
    assert next(it for it in items if it.text.startswith("随后")).lead is None


def test_a_web_address_is_not_a_lead_in(items_of):
    items = items_of("通报全文见 https://example.invalid/notice.html 。\n")
    assert [it.text for it in items] == ["通报全文见 https://example.invalid/notice.html"]


def test_a_heading_quoting_a_feedback_problem(items_of):
    items = items_of("（一）关于“专项资金拨付滞后”的问题\n整改情况：已于5月拨付到位。\n")
    quoted = items[0]
    assert (quoted.text, quoted.role, quoted.kind) == ("专项资金拨付滞后", "problem", "heading")


def test_a_numbered_heading_naming_a_problem_keeps_the_steps_its_sentence_goes_on_to(items_of):
    # "（一）针对“…”的问题，局会同…督促…；…": the outline takes the whole first sentence for the heading; the steps
    # after the problem it names were once in no item at all
    text = (
        "三、重点问题整改情况\n"
        "（一）针对“城区污水处理能力不足”的问题，局会同市住建局督促水务集团加快扩建工程，工程已于11月建成通水；"
        "对雨污合流管网开展了全面排查。\n"
    )
    items = items_of(text)
    got = [(it.text, it.kind, it.role) for it in items]
    assert got[1:4] == [
        ("城区污水处理能力不足", "heading", "problem"),
        ("局会同市住建局督促水务集团加快扩建工程", "split", None),
        ("工程已于11月建成通水", "split", None),
    ]
    assert got[4][0] == "对雨污合流管网开展了全面排查"
    assert len({it.block for it in items[1:]}) == 1  # one entry: the problem and its steps


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("关于“专项资金拨付滞后”的问题。我局已于5月拨付到位。", "专项资金拨付滞后"),
        ("　　针对“村务公开不及时”问题的整改情况。各村已按月公开。", "村务公开不及时"),
        ('整改情况\n关于"消防通道堵塞"的问题\n已组织清理,并建立巡查制度.\n', "消防通道堵塞"),
    ],
)
def test_a_sentence_naming_the_problem_its_paragraph_answers(items_of, text, named):
    items = items_of(text)
    assert (items[0].text, items[0].role, items[0].kind) == (named, "problem", "inline")
    assert items[1].role is None and items[1].text.startswith(("我局", "各村", "已组织"))


def test_a_sentence_that_only_mentions_a_quoted_problem_is_read_as_a_sentence(items_of):
    items = items_of("关于“专项资金拨付滞后”的问题，我局高度重视，已于5月拨付到位。")
    assert all(it.role is None for it in items)
    assert items[0].text == "关于“专项资金拨付滞后”的问题"


@pytest.mark.parametrize("text", ["", " \n\t\u3000", "。。；；", "1.\n2.\n", "\t\t\n\t"])
def test_texts_with_nothing_in_them(items_of, text):
    assert items_of(text) == []


def test_a_one_megabyte_paragraph(items_of):
    sentence = "各单位要落实巡查制度，发现隐患及时上报，"
    text = sentence * (1_000_000 // len(sentence))
    items = items_of(text)
    assert len(items) > 1000 and items[-1].end <= len(text)


def test_every_corpus_document(segmenter):
    paths = sorted(p for p in ROOT_DOCS.iterdir() if p.suffix == ".txt")
    assert paths
    for path in paths:
        doc = Document(path.read_bytes().decode("utf-8-sig", errors="replace"), segmenter=segmenter)
        check_invariants(doc.text, doc.items())


_PIECES = [
    "一、",
    "（二）",
    "3.",
    "①",
    "一是",
    "问题：",
    "整改措施：",
    "责任单位：",
    "\t",
    '"',
    '\t"',
    '"\t',
    '""',
    "  ",
    "\n",
    "\r\n",
    "，",
    "。",
    "；",
    "：",
    "“",
    "”",
    "存在",
    "、",
    "等问题",
    "针对",
    "的问题，",
    "要求",
    "会议强调，",
    "台账不全",
    "加强巡查",
    "http://a.b",
    "\u3000",
    "x",
    "12",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_spans_are_exact_on_any_text(segmenter, pieces):
    doc = Document("".join(pieces), segmenter=segmenter)
    check_invariants(doc.text, build_items(doc))


def test_docx_tables_keep_their_cells(tmp_path):
    """A .docx cell of several paragraphs is still one cell of its row: the reader keeps where each cell is."""
    import docx

    import reportkit

    book = docx.Document()
    book.add_paragraph("食堂检查问题整改台账")
    table = book.add_table(rows=0, cols=4)
    for row in (
        ["序号", "问题", "整改措施", "责任单位"],
        ["1", "留样柜温度不达标", "更换留样柜\n每日两次记录温度", "后勤处"],
        ["2", "从业人员健康证过期", "组织体检补办健康证", "食堂"],
    ):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            first, *rest = value.split("\n")
            cell.text = first
            for more in rest:
                cell.add_paragraph(more)
    path = tmp_path / "ledger.docx"
    book.save(path)
    doc = reportkit.read(path)
    assert [len(row) for row in doc.source.metadata["tables"][0]] == [4, 4, 4]
    items = doc.items()
    check_invariants(doc.text, items)
    cells = [(it.cell, it.role, it.text) for it in items if it.kind == "cell"]
    assert cells == [  # (the 序号 cells are too short to be items)
        ((1, 1), "problem", "留样柜温度不达标"),
        ((1, 2), "measure", "更换留样柜"),
        ((1, 2), "measure", "每日两次记录温度"),
        ((1, 3), "unit", "后勤处"),
        ((2, 1), "problem", "从业人员健康证过期"),
        ((2, 2), "measure", "组织体检补办健康证"),
        ((2, 3), "unit", "食堂"),
    ]
    assert len({it.block for it in items if it.cell and it.cell[0] == 1}) == 1


def test_a_markdown_table_is_a_table(items_of):
    text = (
        "消防检查问题整改清单\n"
        "| 序号 | 问题描述 | 整改措施 | 责任单位 | 整改时限 |\n"
        "| --- | :--- | --- | --- | ---: |\n"
        "| 1 | 疏散通道堆放杂物 | 清理杂物，设置警示标识 | 物业科 | 2024年5月底前 |\n"
        "｜2｜灭火器压力不足｜更换灭火器｜保卫科｜立行立改｜\n"
    )
    items = items_of(text)
    check_invariants(text, items)
    cells = [(it.cell, it.role, it.text) for it in items if it.kind == "cell"]
    assert cells == [
        ((2, 1), "problem", "疏散通道堆放杂物"),
        ((2, 2), "measure", "清理杂物，设置警示标识"),
        ((2, 3), "unit", "物业科"),
        ((2, 4), "deadline", "2024年5月底前"),
        ((3, 1), "problem", "灭火器压力不足"),
        ((3, 2), "measure", "更换灭火器"),
        ((3, 3), "unit", "保卫科"),
        ((3, 4), "deadline", "立行立改"),
    ]
    assert len({it.block for it in items if it.cell and it.cell[0] == 2}) == 1, "a row is one block"


@pytest.mark.parametrize("bar", [" | ", "|", "｜"])
def test_cells_between_bars_without_bars_at_the_ends_are_a_table(items_of, bar):
    rows = [
        ["序号", "反馈问题", "整改措施", "责任部门", "整改时限"],
        ["1", "公务接待清单填写不全", "补全接待清单；建立审核制度", "办公室", "2024年6月底前"],
        ["2", "固定资产账实不符", "开展资产清查", "财务科", "立行立改"],
    ]
    text = "巡察反馈问题整改清单\n" + "".join(bar.join(row) + "\n" for row in rows)
    items = items_of(text)
    cells = [(it.cell, it.role, it.text) for it in items if it.kind == "cell"]
    assert cells == [
        ((1, 1), "problem", "公务接待清单填写不全"),
        ((1, 2), "measure", "补全接待清单"),
        ((1, 2), "measure", "建立审核制度"),
        ((1, 3), "unit", "办公室"),
        ((1, 4), "deadline", "2024年6月底前"),
        ((2, 1), "problem", "固定资产账实不符"),
        ((2, 2), "measure", "开展资产清查"),
        ((2, 3), "unit", "财务科"),
        ((2, 4), "deadline", "立行立改"),
    ]


def test_bars_in_lines_under_no_header_of_column_names_are_no_table(items_of):
    text = "工作简报\n本周重点：防汛 | 秸秆禁烧 | 森林防火\n各乡镇要落实值班制度 | 发现险情及时报告 | 不得迟报漏报\n"
    assert not [it for it in items_of(text) if it.kind == "cell"]


@pytest.mark.parametrize(
    "text",
    [
        "标题\n| 只有一个竖线分隔 | 的文字\n",  # two bars: not a row
        "标题\n||||\n| | |\n",  # rows of empty cells
        "标题\n| a | b |\n" * 3,
        "标题\n｜问题｜\n｜｜\n",
    ],
)
def test_odd_pipe_lines_give_exact_items_or_none(items_of, text):
    check_invariants(text, items_of(text))


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("集镇河道两岸垃圾堆积的问题", "集镇河道两岸垃圾堆积"),  # a matter of its own, no word of shortfall
        ("食堂管理不规范的问题。", "食堂管理不规范"),  # a heading that ends like a sentence
        ("关于“台账登记不全”的问题", "台账登记不全"),
        # a name in quotes inside the problem: the whole problem, not refused for its quotation marks
        ("“清河湾”街区商铺空置率高的问题。", "“清河湾”街区商铺空置率高"),
        ("关于“一卡通”系统数据更新不及时的问题", "“一卡通”系统数据更新不及时"),
        ("“回头看”发现的问题", None),  # announcing, with or without quotes
        ("存在的问题", None),  # announcing the problems of a section
        ("检查发现的问题", None),
        ("需要注意的几个问题", None),
        ("安全生产方面的问题", None),
        ("群众反映强烈的问题", None),
        # 针对X的问题 names X, as X的问题 does; 针对 what was found or fed back points back at a section
        ("针对食堂采购台账登记不全的问题", "食堂采购台账登记不全"),
        ("针对巡察反馈的问题", None),
        ("针对检查发现的问题", None),
    ],
)
def test_a_heading_names_one_problem_or_announces_a_section(title, named):
    from reportkit.items.cues import named_problem

    span = named_problem(title)
    assert (title[span[0] : span[1]] if span else None) == named


@pytest.mark.parametrize("bars", [False, True])
def test_a_table_one_cell_a_line_whose_cells_number_their_entries(items_of, bars):
    # a web table copied one cell a line, its problem cells numbering their entries ("1.…;2.…"): the numbers are
    # a cell's, not headings that cut the table into sections. Some converters put a bar after each cell and a bar
    # alone between rows; the table is read the same
    rows = [
        ["序号", "检查单位", "隐患描述", "检查日期"],
        ["1", "城南敬老院", "1.厨房燃气管老化;2.灭火器过期", "9月24日"],
        ["2", "河口敬老院", "1.房间内私拉电线;2.应急预案未更新;3.消防通道堆物", "9月25日"],
    ]
    body = "".join(("|\n" if bars else "") + "".join(f"{cell}{' |' if bars else ''}\n" for cell in row) for row in rows)
    items = items_of(f"国庆前安全隐患排查情况通报\n一、排查情况\n本次共检查养老机构2家。\n附件：隐患清单\n{body}")
    cells = [(it.cell, it.label, it.text) for it in items if it.kind == "cell"]
    assert cells == [
        ((1, 1), "检查单位", "城南敬老院"),
        ((1, 2), "隐患描述", "厨房燃气管老化"),
        ((1, 2), "隐患描述", "灭火器过期"),
        ((1, 3), "检查日期", "9月24日"),
        ((2, 1), "检查单位", "河口敬老院"),
        ((2, 2), "隐患描述", "房间内私拉电线"),
        ((2, 2), "隐患描述", "应急预案未更新"),
        ((2, 2), "隐患描述", "消防通道堆物"),
        ((2, 3), "检查日期", "9月25日"),
    ]
    assert not [it for it in items if it.kind == "heading" and it.text != "排查情况"]
    assert not [it for it in items if "|" in it.text]


@pytest.mark.parametrize("pointer", ["这一", "该", "上述"])
def test_a_pointer_back_is_read_before_the_words_up_to_a_later_problem(items_of, pointer):
    # "针对该问题，<step>，对…发现的问题，<step>": the pointer names no problem, and the words from it to the later 问题
    # are a step, not the problem's name (which once took them, losing the step)
    items = items_of(
        f"整改情况\n针对{pointer}问题，镇党委召开专题会议研究部署，对排查中发现的隐患问题，逐项明确责任人限期整改到位。\n"
    )
    found = [it.text for it in items if it.start > 4]
    assert not [t for t in found if t.startswith(pointer)]
    assert [t for t in found if t.startswith("镇党委召开专题会议研究部署")]
