"""Outline parsing: heading styles and levels, mixed widths, skipped numbers, flattened text, enums."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportkit.document import Document
from reportkit.outline import detect_title, parse_outline


def tree(text: str):
    """(depth, style, heading) for every section."""
    return [(s.depth, s.style, s.heading) for s in list(parse_outline(text).walk())[1:]]


def test_standard_hierarchy_mixed_widths_and_skipped_numbers():
    text = (
        "关于2021年安全生产工作的总结\n"
        "一、主要做法\n"
        "（一）强化组织领导。成立了工作专班。\n"
        "1.召开会议3次。\n"
        "3、开展检查42次。\n"  # 2 is missing
        "(1)抽查企业12家\n"
        "（2）约谈负责人3人\n"
        "(二) 完善制度\n"
        "二．存在问题\n"
        "①台账不全；\n"
        "②整改不及时。\n"
        "三、下一步打算\n"
    )
    assert tree(text) == [
        (1, "cn", "一、主要做法"),
        (2, "pcn", "（一）强化组织领导"),
        (3, "ar", "1.召开会议3次"),
        (3, "ar", "3、开展检查42次"),
        (4, "par", "(1)抽查企业12家"),
        (4, "par", "（2）约谈负责人3人"),
        (2, "pcn", "(二) 完善制度"),
        (1, "cn", "二．存在问题"),
        (2, "circ", "①台账不全"),
        (2, "circ", "②整改不及时"),
        (1, "cn", "三、下一步打算"),
    ]


def test_section_spans_nest_and_cover_their_bodies():
    text = "一、存在问题\n（一）制度不健全。\n台账缺失。\n（二）落实不到位。\n二、整改措施\n加强培训。"
    root = parse_outline(text)
    first, second = root.children
    assert text[first.span[0] : first.span[1]] == "一、存在问题\n（一）制度不健全。\n台账缺失。\n（二）落实不到位。"
    assert text[first.children[0].span[0] : first.children[0].span[1]] == "（一）制度不健全。\n台账缺失。"
    assert text[second.span[0] : second.span[1]] == "二、整改措施\n加强培训。"
    assert second.title == "整改措施"
    assert text[slice(*second.body_span)] == "\n加强培训。"


def test_parts_chapters_and_articles():
    text = "第一章 总则\n第一条 为加强村级财务管理，特制定本制度。\n第二条 本制度适用于全县各村。\n第二章 管理\n第三条 各村应当建立收支台账。"
    assert [(d, s) for d, s, _h in tree(text)] == [
        (1, "part"),
        (2, "article"),
        (2, "article"),
        (1, "part"),
        (2, "article"),
    ]


def test_first_heading_below_the_top_level():
    text = "（一）基本情况\n1.全县共有学校56所。\n（二）存在问题\n1.校舍老化。"
    assert [(d, s) for d, s, _h in tree(text)] == [(1, "pcn"), (2, "ar"), (1, "pcn"), (2, "ar")]


def test_flattened_text_inline_headings_continue_their_sequence():
    text = (
        "关于县审计局反馈问题整改情况的报告 现将整改进展汇报如下：一、细化任务分工，加强统筹调度。"
        "成立整改工作专班。二、紧盯问题清单，逐条对账销号。共整改问题17个。"
        "三、健全长效机制。修订财务制度4项。"
    )
    headings = [h for _d, s, h in tree(text) if s == "cn"]
    assert headings == ["一、细化任务分工，加强统筹调度", "二、紧盯问题清单，逐条对账销号", "三、健全长效机制"]


def test_inline_numbers_out_of_sequence_are_not_headings():
    text = "全县共有企业120家。5.其中规模以上企业的比例较低。"
    assert tree(text) == []


def test_an_entry_whose_text_opens_with_a_number_keeps_its_number_when_it_continues_the_list():
    text = "一、存在问题\n1.台账不全。\n2.3个村未公示。\n3.12.5万元未入账。\n5.6万元另行处理。\n"
    assert tree(text) == [
        (1, "cn", "一、存在问题"),
        (2, "ar", "1.台账不全"),
        (2, "ar", "2.3个村未公示"),  # entry 2, whose text opens with 3个
        (2, "ar", "3.12.5万元未入账"),
    ]  # 5.6 after entry 3 is a decimal
    # not after entry 4: a decimal opening a line, as before
    assert tree("1.5万人参加了培训。\n") == []


def test_decimals_and_dates_are_not_headings():
    text = "1.5万人参加了培训。\n2021年3月，召开动员会。\n12.3%的受访者表示满意。"
    assert tree(text) == []


def test_enumerations_inside_a_paragraph():
    text = "二、主要做法\n我们采取了三项措施：一是加强领导，成立专班；二是完善制度。三是强化督查，通报4次。\n三、成效"
    sections = list(parse_outline(text).walk())[1:]
    enums = [s for s in sections if s.style == "enum"]
    assert [text[s.span[0] : s.span[1]] for s in enums] == [
        "一是加强领导，成立专班；",
        "二是完善制度。",
        "三是强化督查，通报4次。",
    ]
    assert all(e.depth == 2 for e in enums)  # children of 二、主要做法
    assert [e.heading for e in enums] == ["一是加强领导，成立专班", "二是完善制度", "三是强化督查，通报4次"]


def test_a_second_enumeration_in_the_same_line_ends_the_last_entry_of_the_first():
    # problems 一是…三是, then, in the same line, the measures' lead-in and a new run 一是…二是
    text = (
        "检查发现：一是台账不全；二是制度未上墙；三是通道堵塞。针对上述问题，采取以下措施：一是补齐台账；二是清理通道。"
    )
    enums = [s for s in parse_outline(text).walk() if s.style == "enum"]
    assert [text[s.span[0] : s.span[1]] for s in enums] == [
        "一是台账不全；",
        "二是制度未上墙；",
        "三是通道堵塞。",  # not the lead-in and the measures after it
        "一是补齐台账；",
        "二是清理通道。",
    ]
    assert all(e.depth == 1 for e in enums)  # the second run is not inside 三是


def test_first_second_enumeration_and_no_single_item():
    text = "首先，统一思想。其次，压实责任。最后，强化考核。\n统一是前提，单独一个一是不算。"
    enums = [s for s in parse_outline(text).walk() if s.style == "enum"]
    assert [e.marker for e in enums] == ["首先", "其次", "最后"]


def test_heading_runs_into_body_after_a_gap():
    text = "一、基本情况 为摸清底数，我们对全县养老机构进行了逐一走访。"
    (section,) = parse_outline(text).children
    assert section.heading == "一、基本情况"


@pytest.mark.parametrize(
    "text",
    [
        "1、阅览室现有 12 盏灯，照度不足，学生反映看书吃力；",
        "（一）督促物业公司在 2024 年 3 月底前更换全部老化管线；",
        "2.推广使用 APP 预约挂号，减少患者排队时间；",
    ],
)
def test_a_number_or_latin_word_between_spaces_does_not_end_the_heading(text):
    (section,) = parse_outline(text).children
    assert section.heading == text.rstrip("；")


def test_title_detection():
    assert detect_title("\n\n关于开展安全生产大检查的通知\n各乡镇：\n") == (2, 16)
    assert detect_title("内部资料 注意保存\nXX县工作简报\n第12期\n") == (10, 17)
    assert detect_title("同志们：\n今天召开全县防汛工作会议，主要任务是部署今年的防汛工作。\n一、认清形势") is None
    assert detect_title("一、存在问题\n部分企业台账不全。") is None
    text = "农村饮水安全工作整改报告 青川县水务局 关于农村饮水安全存在问题的整改报告 " + "检查发现问题。" * 20
    s, e = detect_title(text)
    assert text[s:e] == "农村饮水安全工作整改报告"
    wrapped = "深入推进城乡生活垃圾分类是改善人居环境、提升基层治理水平的\n重要举措，也是建设美丽乡村的必然要求，各级各单位要\n高度重视。"
    assert detect_title(wrapped) is None


@pytest.mark.parametrize(
    "text",
    [
        # an excerpt that starts as running text has no title, even where a document it names ends in a genre
        "根据市政府办公厅《关于做好年度绩效考评工作的通知》\n要求，我委对照考评细则逐项开展了自查。\n一、基本情况",
        "为深入贯彻落实《关于全面推行河长制的意见》精神，推动我镇河湖管理保护工作，结合实际，制定本方案。" * 2,
        "按照县委巡察工作统一部署，县委第二巡察组对我局进行了巡察\n反馈了巡察意见。",
        # a subtitle without a genre word is no title either
        "——在全县审计整改工作推进会议上\n同志们：\n今天召开会议，主要是部署审计整改工作。",
        # nor is a byline: a post and a name
        "——2023年6月在市人大常委会会议上\n市审计局局长　何明远\n主任、各位副主任：\n",
        "县财政局局长 罗 军\n各位委员：\n现将整改情况报告如下。",
    ],
)
def test_running_text_and_bare_subtitles_are_no_title(text):
    assert detect_title(text) is None


def test_a_subtitle_that_names_the_genre_is_still_the_title():
    text = "厉行节约　反对浪费\n——“光盘行动”倡议书\n全县广大干部群众：\n"
    s, e = detect_title(text)
    assert text[s:e] == "——“光盘行动”倡议书"


HEADINGS = st.sampled_from(
    [
        "一、",
        "二、",
        "（一）",
        "(二)",
        "1.",
        "2、",
        "3．",
        "（1）",
        "(2)",
        "①",
        "②",
        "第一部分",
        "一是",
        "二是",
        "首先，",
        "其次，",
    ]
)
CHUNKS = st.one_of(
    HEADINGS,
    st.text(alphabet=st.sampled_from(list("安全生产检查发现问题整改措施落实到位。；：，\n 　0123456789")), max_size=30),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(CHUNKS, max_size=40).map("".join))
def test_outline_spans_are_valid_and_nested(text):
    root = parse_outline(text)
    for section in root.walk():
        start, end = section.span
        assert 0 <= start <= end <= len(text)
        hs, he = section.heading_span
        if section.style != "root":
            assert start == hs <= he <= end
            assert text[hs:he] == section.heading
            assert section.heading.startswith(section.marker)
        for child in section.children:
            assert start <= child.span[0] and child.span[1] <= end
        starts = [c.span[0] for c in section.children]
        assert starts == sorted(starts)


@settings(max_examples=200, deadline=None)
@given(st.lists(CHUNKS, max_size=40).map("".join))
def test_title_span_is_exact(text):
    doc = Document(text)
    span = doc.title_span
    if span is None:
        assert doc.title is None
    else:
        assert doc.title == text[span[0] : span[1]] == text[span[0] : span[1]].strip() != ""


@settings(max_examples=100, deadline=None)
@given(st.lists(CHUNKS, max_size=40).map("".join))
def test_a_title_line_first_is_the_title_whatever_follows(text):
    title = "关于开展安全生产检查的报告"
    assert Document(f"{title}\n{text}").title_span == (0, len(title))


# -- inline markers: tried where sentences end or a gap follows a word, the same as the look-behind scan --

_inline_alphabet = st.sampled_from(list("一二三十12 。;:!?”’\"')(、.%，正文") + ["①", "10", "(1)", "(二)", "3."])


@settings(max_examples=500, deadline=None)
@given(st.lists(_inline_alphabet, max_size=40).map("".join), st.integers(0, 5))
def test_inline_markers_equal_the_look_behind_scan(line, pos):
    import regex

    from reportkit.outline import _GAP_AFTER, _INLINE_AFTER, _INLINE_BODY, _inline_markers

    reference = regex.compile(f"(?<={_INLINE_AFTER}|{_GAP_AFTER}){_INLINE_BODY}")
    expected = [(m.span(), m.captures("n")) for m in reference.finditer(line, pos)]
    assert [(m.span(), m.captures("n")) for m in _inline_markers(line, pos)] == expected


def test_the_lines_of_a_quoted_table_cell_are_not_headings():
    text = '序号\t问题\t整改措施\n1\t台账不全\t"1.补登台账；\n2.专人管理；\n3.每月检查"\n二、下一步工作\n'
    outline = parse_outline(text)
    assert [s.title for s in outline.walk() if s.depth > 0] == ["下一步工作"]


def test_markers_after_a_heading_with_no_stop_in_a_copy_run_together():
    # a web copy whose lines were run together: a heading ends with no stop, a gap, then its first entry
    text = (
        "关于校园食品安全检查情况的通报 一、检查发现的主要问题 （一）部分学校食堂索证索票不全。"
        "（二）个别学校留样不足48小时。二、整改要求 1.限期整改到位。2.建立长效机制。"
    )
    outline = parse_outline(text)
    assert [(s.depth, s.marker, s.title) for s in outline.walk() if s.depth > 0] == [
        (1, "一、", "检查发现的主要问题"),
        (2, "（一）", "部分学校食堂索证索票不全"),
        (2, "（二）", "个别学校留样不足48小时"),
        (1, "二、", "整改要求"),
        (2, "1.", "限期整改到位"),
        (2, "2.", "建立长效机制"),
    ]


@pytest.mark.parametrize("text", ["共有 3 个乡镇未完成任务。", "组长 张三 副组长 李四", "抽查 12.5 万元资金"])
def test_a_number_after_a_gap_in_running_text_is_no_marker(text):
    assert [s for s in parse_outline(text).walk() if s.depth > 0] == []


def test_the_last_entry_of_a_list_of_one_line_entries_ends_at_its_line():
    text = (
        "经自查，发现以下问题：\n"
        "1.食堂留样记录不全，部分餐次未按规定留样。\n"
        "2.消防通道堆放杂物，应急照明灯损坏2盏。\n"
        "3.门卫登记制度执行不严，外来人员进出未登记。\n"
        "针对以上问题，学校召开专题会议研究整改：\n"
        "一是完善食堂留样制度，指定专人负责。\n"
        "二是清理消防通道，更换损坏的应急照明灯。\n"
    )
    root = parse_outline(text)
    entries = [s for s in root.children if s.style != "enum"]
    assert [s.number for s in entries] == [1, 2, 3]
    last = entries[-1]
    assert text[last.span[0] : last.span[1]] == "3.门卫登记制度执行不严，外来人员进出未登记。"
    # the steps after the list are its parent's, not the last problem's
    steps = [s for s in root.walk() if s.style == "enum"]
    assert [s.number for s in steps] == [1, 2] and all(s in root.children for s in steps)


@pytest.mark.parametrize(
    "text",
    [
        # the entries before it have bodies: a heading over its own
        "1.组织领导\n成立工作专班，由分管副县长任组长。\n2.督查考核\n每月通报一次进度。\n各单位要按时报送进展。\n",
        # the last entry is a title, not a sentence
        "1.成立工作专班。\n2.制定工作方案。\n3.督查考核\n每月通报一次进度，年底纳入考核。\n",
        # something stands under the last entry
        "1.成立工作专班。\n2.制定工作方案。\n3.落实经费保障。\n（1）县财政安排专项资金50万元。\n",
    ],
)
def test_a_last_entry_that_heads_a_body_keeps_it(text):
    root = parse_outline(text)
    last = [s for s in root.children if s.style != "enum"][-1]
    assert last.span[1] == len(text.rstrip())


def test_a_list_run_into_one_paragraph_ends_at_its_last_entrys_sentence():
    # a web page's copy: the problems, the lead-in of the steps and the steps in one paragraph
    text = (
        "督导组检查发现以下问题：1、部分教室照明偏暗；2、体育器材数量不足；3、饮水设备滤芯长期未更换。"
        "针对以上问题，学校成立整改小组，现将整改情况报告如下：1、更换教室灯具；2、申请采购体育器材；"
        "3、每季度更换一次滤芯。下一步，学校将建立日常巡查制度。\n"
    )
    entries = [s for s in parse_outline(text).children if s.style != "enum"]
    assert [text[s.span[0] : s.span[1]] for s in entries] == [
        "1、部分教室照明偏暗；",
        "2、体育器材数量不足；",
        "3、饮水设备滤芯长期未更换。",
        "1、更换教室灯具；",
        "2、申请采购体育器材；",
        "3、每季度更换一次滤芯。",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the entries before the last say more than one sentence: the last may too
        "要求如下：1、成立专班。明确分工。2、制定方案。报县政府审定。3、加强督查。每月通报一次。\n",
        # a labelled field after the last entry is the entry's ("整改措施：（1）…（2）…。责任部门：…")
        "问题一：功能室使用率不高。整改措施：（1）重新编排课表；（2）建立使用登记制度。责任部门：教务处\n",
    ],
)
def test_a_list_run_into_one_paragraph_keeps_what_its_last_entry_holds(text):
    last = [s for s in parse_outline(text).walk() if s.depth > 0 and s.style != "enum"][-1]
    assert last.span[1] == len(text.rstrip())


@pytest.mark.parametrize(
    "furniture",
    [
        "来源：临河县应急管理局　　发布时间：2024-06-21 10:32　　【字体：大 中 小】",
        "信息来源: 县教育局  发布日期: 2023-09-01",
        "发布时间：2024年5月8日　浏览次数：326",
        "【字体：大 中 小】【打印】【关闭】",
    ],
)
def test_a_web_pages_furniture_is_no_title(furniture):
    # a copied web page opens with its breadcrumb trail and a line of source, date and font buttons: the title is
    # the line after them, or there is none
    titled = f"首页 > 政务公开 > 通知公告\n{furniture}\n关于食品安全检查发现问题整改情况的报告\n　　根据要求，现将情况报告如下。\n"
    span = detect_title(titled)
    assert span is not None and titled[span[0] : span[1]] == "关于食品安全检查发现问题整改情况的报告"
    untitled = f"首页 > 政务公开 > 通知公告\n{furniture}\n　　4月22日至26日，市督查组对我县开展了专项督查。\n"
    assert detect_title(untitled) is None
