"""leadership_groups: the sentence, "以…为组长" and list forms, sub-groups, offices, broken lines."""

from __future__ import annotations

import pytest
from reportkit_extractors.leadership_groups import LeadershipGroup, LeadershipGroupsExtractor

from reportkit.document import Document
from reportkit.testing import assert_spans


@pytest.fixture(scope="module")
def groups(segmenter):
    ext = LeadershipGroupsExtractor()

    def run(text):
        doc = Document(text, segmenter=segmenter)
        found = ext.extract(doc)
        assert_spans(doc, found, LeadershipGroup)
        return found

    return run


def roles(group):
    return ([m.text for m in group.leaders], [m.text for m in group.deputy_leaders], [m.text for m in group.members])


def test_sentence_form_with_office(groups):
    (g,) = groups(
        "镇里成立由镇长任组长，两名副镇长任副组长，各站所负责人为成员的防汛抗旱工作领导小组，领导小组下设办公室，"
        "办公室设在应急办。"
    )
    assert g.name == "防汛抗旱工作领导小组"
    assert roles(g) == (["镇长"], ["两名副镇长"], ["各站所负责人"])
    assert g.office.text == "领导小组下设办公室，办公室设在应急办"


def test_yi_wei_zuzhang_form_with_double_leaders(groups):
    (g,) = groups("县里成立了以县委书记、县长为组长，常务副县长为副组长的森林防火指挥部。")
    assert g.name == "森林防火指挥部"
    assert roles(g)[:2] == (["县委书记", "县长"], ["常务副县长"])


def test_roles_after_the_name(groups):
    (g,) = groups(
        "成立扫黑除恶专项斗争领导小组，由县委书记任组长，县委副书记、政法委书记任副组长，县直各单位主要负责人为成员。"
    )
    assert g.name == "扫黑除恶专项斗争领导小组"
    assert roles(g) == (["县委书记"], ["县委副书记", "政法委书记"], ["县直各单位主要负责人"])


def test_list_form_with_subgroups(groups):
    text = (
        "一、组织领导\n学校成立校园安全工作领导小组：\n组长：孙建华（校长）\n副组长：刘卫东（副校长）、程丽萍（副校长）\n"
        "成员：各处室主任、各年级组长\n领导小组下设办公室，办公室设在政教处。\n"
        "（一）安全检查组\n组长：刘卫东\n成员：韩志强、周波\n职责：负责校舍的定期检查。\n"
        "（二）宣传教育组\n组长：程丽萍\n成员：各班主任\n"
    )
    (g,) = groups(text)
    assert g.name == "校园安全工作领导小组"
    assert roles(g) == (["孙建华（校长）"], ["刘卫东（副校长）", "程丽萍（副校长）"], ["各处室主任", "各年级组长"])
    assert [s.name for s in g.subgroups] == ["安全检查组", "宣传教育组"]
    assert [m.text for m in g.subgroups[0].members] == ["韩志强", "周波"]


def test_line_break_inside_the_name(groups):
    (g,) = groups("（一）成立“医疗质量提升年”活动领导小\n组\n组长：党委书记、院长\n副组长：分管医疗副院长\n")
    assert g.name == "“医疗质量提升年”活动领导小组"
    assert "领导小\n组" in g.text
    assert roles(g)[:2] == (["党委书记", "院长"], ["分管医疗副院长"])


def test_coordinated_groups(groups):
    found = groups("全区共成立了3个区级督查组和11个街道督查组。")
    assert [g.name for g in found] == ["区级督查组", "街道督查组"]


def test_led_by(groups):
    (g,) = groups("抽调人员组成4个督导组，由县级领导带队，对各乡镇开展督导。")
    assert g.name == "督导组" and roles(g)[0] == ["县级领导"]


@pytest.mark.parametrize(
    "text",
    [
        "按照县防汛抗旱指挥部的统一部署，开展汛前检查。",  # named in passing
        "会议宣读了《关于成立安全生产领导小组的通知》。",  # the title of another document
        "全村党员划分为6个党小组。",  # party organs are not groups set up
        "成立了校级、年级、班级三级家长委员会。",
    ],
)
def test_not_groups(groups, text):
    assert groups(text) == []


def test_a_group_named_again_is_one_group(groups):
    """Set up in one sentence, named again (or by a shorter name) in another: one finding, the fuller one."""
    found = groups(
        "区指挥部组建企业复工复产工作专班\n\n2月16日，区指挥部召开会议，研究部署企业复工复产工作。会议决定，"
        "组建区企业复工复产工作专班，由区长任组长，分管副区长任副组长，区发改局、区商务局负责同志为成员。"
    )
    assert [g.name for g in found] == ["区企业复工复产工作专班"]
    assert roles(found[0])[:2] == (["区长"], ["分管副区长"])


def test_a_bare_head_noun_elsewhere_is_another_group(groups):
    """ "各社区也分别成立了领导小组": a group of each community, not the subdistrict's group named again."""
    found = groups(
        "我街道成立了以街道党工委书记为组长的“美丽庭院”创建领导小组，下设办公室。各社区作为创建主体，"
        "也分别成立了领导小组，社区书记为第一责任人。"
    )
    assert sorted(g.name for g in found) == sorted(["领导小组", "“美丽庭院”创建领导小组"])


def test_standing_institutions_are_not_groups_set_up_for_a_task(groups):
    found = groups(
        "社区指导小区成立业主委员会，并成立区物业纠纷人民调解委员会。同时成立物业管理专家咨询委员会，为物业管理提供咨询。"
    )
    assert [g.name for g in found] == ["物业管理专家咨询委员会"]


def test_a_second_group_in_a_sentence_does_not_take_the_firsts_leader(groups):
    found = groups(
        "该县成立由县长任指挥长的河道综合整治指挥部，抽调水务、公安等部门人员组成联合执法组，拆除违法建筑23处。"
    )
    by_name = {g.name: g for g in found}
    assert [m.text for m in by_name["河道综合整治指挥部"].leaders] == ["县长"]
    assert sorted(by_name) == ["河道综合整治指挥部", "联合执法组"]
    assert by_name["联合执法组"].leaders == []


def test_list_form_ends_where_the_indented_prose_begins(groups):
    """Paragraphs indented like the role lines (　　) are prose, not more members."""
    text = (
        "会议决定成立医院复评审工作领导小组：\n　　组长：郑某\n　　副组长：叶某、林某\n"
        "　　成员：医务部、护理部、质管办主要负责人\n　　领导小组下设办公室，办公室设在质管办。\n"
        "　　会议明确，本次复评审共涉及评审标准条款652条，其中核心条款48条。\n"
        "　　今年一季度，我院持续深化“最多跑一次”改革，推出多项便民举措。\n"
    )
    (g,) = groups(text)
    assert roles(g) == (["郑某"], ["叶某", "林某"], ["医务部", "护理部", "质管办主要负责人"])
    assert g.office.text == "领导小组下设办公室，办公室设在质管办"


def test_a_member_list_ends_at_a_full_stop(groups):
    text = "区委成立信访积案化解工作领导小组，组长：区委书记；副组长：区长；成员：各镇党委书记。领导小组下设办公室，办公室设在区信访局。"
    (g,) = groups(text)
    assert [m.text for m in g.members] == ["各镇党委书记"]


def test_roles_after_a_name_belong_to_the_next_group_set_up_in_the_sentence(groups):
    found = groups(
        "调整充实了公司安全生产委员会，成立了由公司董事长、总经理任组长，分管安全副总经理任副组长，各矿井主要负责人为成员的"
        "煤矿安全集中整治领导小组，领导小组下设办公室。"
    )
    by_name = {g.name: g for g in found}
    assert roles(by_name["煤矿安全集中整治领导小组"]) == (
        ["公司董事长", "总经理"],
        ["分管安全副总经理"],
        ["各矿井主要负责人"],
    )
    assert all("成立" not in m.text for g in found for m in g.leaders + g.deputy_leaders + g.members)


def test_sub_group_members_end_before_its_duties_and_the_next_sub_group(groups):
    text = (
        "学校成立校园安全工作领导小组：\n　　组长：孙某（校长）\n　　副组长：刘某（副校长）\n　　成员：各处室主任、校医\n"
        "　　领导小组下设两个工作组：\n　　（一）安全检查组\n　　组长：刘某\n　　成员：韩某、周某\n"
        "　　职责：负责校舍、消防设施的定期检查，建立隐患台账。\n　　（二）宣传教育组\n　　组长：程某\n　　成员：各班班主任\n"
        "　　职责：负责安全教育课程安排、应急疏散演练。\n"
    )
    (g,) = groups(text)
    subs = {s.name: s for s in g.subgroups}
    assert [m.text for m in subs["安全检查组"].members] == ["韩某", "周某"]
    assert [m.text for m in subs["宣传教育组"].members] == ["各班班主任"]
