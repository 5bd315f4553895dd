"""leadership_groups on the layouts rosters take in real documents: sub-teams with their own leaders,
总指挥/执行指挥 rosters, "post：name" lines, a person written with their posts, masked names, member
lists over several lines or in parentheses, flattened text. Every text here is written for the test."""

from __future__ import annotations

import pytest
from reportkit_extractors._people import is_name, people
from reportkit_extractors.leadership_groups import LeadershipGroup, LeadershipGroupsExtractor

from reportkit.document import Document
from reportkit.normalize import fold
from reportkit.testing import assert_spans


@pytest.fixture(scope="module")
def groups(segmenter):
    ext = LeadershipGroupsExtractor()

    def run(text):
        doc = Document(text, segmenter=segmenter)
        found = ext.extract(doc)
        assert_spans(doc, found, LeadershipGroup)
        for g in found:  # a person's name and post are pieces of the text too
            for m in g.leaders + g.deputy_leaders + g.members:
                for piece in (m.name, m.post):
                    if piece is not None:
                        assert doc.text[piece.span[0] : piece.span[1]] == piece.text
        return found

    return run


def texts(mentions):
    return [m.text for m in mentions]


def names_posts(mentions):
    return [(m.name.text if m.name else None, m.post.text if m.post else None) for m in mentions]


# -- one person, several ways ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("县委副书记、县长王建国", [("县委副书记、县长王建国", "王建国", "县委副书记、县长")]),
        ("王建国  县委副书记、县长", [("王建国  县委副书记、县长", "王建国", "县委副书记、县长")]),
        ("王建国(县委副书记、县长)", [("王建国(县委副书记、县长)", "王建国", "县委副书记、县长")]),
        ("县委书记×××", [("县委书记×××", "×××", "县委书记")]),
        ("副区长XXX、区卫健局局长**", [("副区长XXX", "XXX", "副区长"), ("区卫健局局长**", "**", "区卫健局局长")]),
        ("镇党委书记 林海燕", [("镇党委书记 林海燕", "林海燕", "镇党委书记")]),
        ("周 斌 县疾控中心主任", [("周 斌 县疾控中心主任", "周 斌", "县疾控中心主任")]),
        # posts alone are as many mentions as posts; so are names alone
        ("县委书记、县长", [("县委书记", None, None), ("县长", None, None)]),
        ("何晓东、罗丹", [("何晓东", None, None), ("罗丹", None, None)]),
        # units before a person are members of their own
        ("县委办、县财政局局长曹明", [("县委办", None, None), ("县财政局局长曹明", "曹明", "县财政局局长")]),
    ],
)
def test_people_in_a_value(value, expected):
    nt = fold(value)
    got = [
        (
            nt[p.start : p.end],
            nt[p.name[0] : p.name[1]] if p.name else None,
            nt[p.post[0] : p.post[1]] if p.post else None,
        )
        for p in people(nt, 0, len(nt))
        for _ in [None]
    ]
    # name and post are reported only when a mention has both
    assert [(t, n, p) if n and p else (t, None, None) for t, n, p in got] == expected


@pytest.mark.parametrize("word", ["王建国", "欧阳振华", "×××", "XX", "**", "张某", "艾力·买买提"])
def test_names(word):
    assert is_name(word)


@pytest.mark.parametrize("word", ["县长", "副镇长", "财政局", "办公室", "成员", "各村", "工作专班", "高管"])
def test_not_names(word):
    assert not is_name(word)


def test_leaders_with_name_and_post_in_the_sentence_form(groups):
    (g,) = groups("县里成立由县委副书记、县长宋立平任组长，副县长吴卫华任副组长的河长制工作领导小组。")
    assert texts(g.leaders) == ["县委副书记、县长宋立平"]
    assert names_posts(g.leaders) == [("宋立平", "县委副书记、县长")]
    assert names_posts(g.deputy_leaders) == [("吴卫华", "副县长")]


def test_a_post_alone_has_neither_name_nor_post(groups):
    (g,) = groups("成立以镇长为组长的秸秆禁烧工作领导小组。")
    assert texts(g.leaders) == ["镇长"] and g.leaders[0].name is None and g.leaders[0].post is None


# -- 总指挥 / 执行指挥 / 副总指挥 / 指挥长 -----------------------------------------------------------


def test_commander_roster_with_spaced_labels_and_masked_names(groups):
    text = (
        "二、组织机构\n"
        "市政府决定成立春运安全保障指挥部，组成人员如下：\n"
        "总 指 挥：市长×××\n"
        "执行指挥：常务副市长×××\n"
        "副总指挥：市政府副秘书长×××，市交通运输局局长×××\n"
        "成　　员：市公安局、市应急管理局、市气象局、各区县人民政府分管负责同志\n"
        "指挥部下设办公室，办公室设在市交通运输局。\n"
    )
    (g,) = groups(text)
    assert g.name == "春运安全保障指挥部"
    assert texts(g.leaders) == ["市长×××"]
    assert names_posts(g.leaders) == [("×××", "市长")]
    assert texts(g.deputy_leaders) == ["常务副市长×××", "市政府副秘书长×××", "市交通运输局局长×××"]
    assert texts(g.members) == ["市公安局", "市应急管理局", "市气象局", "各区县人民政府分管负责同志"]
    assert g.office.text == "指挥部下设办公室，办公室设在市交通运输局"


def test_acting_commander_leads_when_there_is_no_commander(groups):
    text = "成立森林防火前线指挥部：\n执行指挥：区林业局局长葛长青\n副指挥长：区应急局副局长\n成员：各林场场长\n"
    (g,) = groups(text)
    assert texts(g.leaders) == ["区林业局局长葛长青"]
    assert texts(g.deputy_leaders) == ["区应急局副局长"]


def test_commander_roster_as_a_table_with_aligned_names(groups):
    text = (
        "三、组织领导\n"
        "　　调整汛期地质灾害防治指挥部，组成人员如下：\n"
        "　　指 挥 长：程远航　　区委副书记、区长\n"
        "　　副指挥长：苏文静　　区委常委、常务副区长\n"
        "　　　　　　　孔　亮　　副区长\n"
        "　　成　　员：区自然资源局、区水务局、区应急管理局、\n"
        "　　　　　　　区气象局、各街道办事处主要负责人\n"
        "　　指挥部办公室设在区自然资源局。\n"
    )
    (g,) = groups(text)
    assert g.name == "汛期地质灾害防治指挥部"
    assert names_posts(g.leaders) == [("程远航", "区委副书记、区长")]
    assert names_posts(g.deputy_leaders) == [("苏文静", "区委常委、常务副区长"), ("孔　亮", "副区长")]
    assert texts(g.members) == ["区自然资源局", "区水务局", "区应急管理局", "区气象局", "各街道办事处主要负责人"]


# -- "post：name" lines ----------------------------------------------------------------------------


def test_members_as_post_name_lines(groups):
    text = (
        "四、组织机构\n"
        "公司成立消防安全月活动领导小组，人员如下：\n"
        "组  长：总经理 侯振东\n"
        "副组长：安全总监 邵雪梅;生产副总经理 韦 刚\n"
        "成  员：\n"
        "质检部经理：汤立伟\n"
        "仓储部经理：廖 敏\n"
        "一车间主任：XXX\n"
        "领导小组下设办公室，办公室设在安全环保部。\n"
    )
    (g,) = groups(text)
    assert names_posts(g.leaders) == [("侯振东", "总经理")]
    assert names_posts(g.deputy_leaders) == [("邵雪梅", "安全总监"), ("韦 刚", "生产副总经理")]
    assert texts(g.members) == ["质检部经理：汤立伟", "仓储部经理：廖 敏", "一车间主任：XXX"]
    assert names_posts(g.members) == [("汤立伟", "质检部经理"), ("廖 敏", "仓储部经理"), ("XXX", "一车间主任")]
    assert g.office is not None


# -- sub-teams ---------------------------------------------------------------------------------------


def test_sub_teams_with_leaders_and_lettered_tasks_are_subgroups(groups):
    text = (
        "一、组织领导\n"
        "成立运动会筹备工作领导小组\n"
        "组长：校长 郝建新\n"
        "副组长：副校长 钟玉兰\n"
        "成员：各处室主任、各年级组长\n"
        "领导小组下设以下工作组：\n"
        "①、竞赛组 组长：体育组教研组长 戚明\n"
        "A、负责编排竞赛日程和秩序册；\n"
        "B、负责裁判员培训。\n"
        "②、后勤保障组 组长：总务处主任 ××\n"
        "A、负责场地布置和器材准备；\n"
        "B、负责饮水和医疗点设置。\n"
        "③、宣传组 组长：团委书记\n"
        "A、负责开幕式宣传和广播稿件。\n"
    )
    (g,) = groups(text)
    assert g.name == "运动会筹备工作领导小组"
    assert [s.name for s in g.subgroups] == ["竞赛组", "后勤保障组", "宣传组"]
    assert [texts(s.leaders) for s in g.subgroups] == [["体育组教研组长 戚明"], ["总务处主任 ××"], ["团委书记"]]
    assert texts(g.members) == ["各处室主任", "各年级组长"]


def test_sub_teams_listed_under_the_group_each_with_its_roles_in_a_sentence(groups):
    text = (
        "县脱贫攻坚指挥部设立4个专项工作组，每组由1名县领导任组长：\n"
        "（一）产业发展组：组长由副县长施海鹰担任，副组长由县农业农村局局长担任，负责特色产业培育。\n"
        "（二）住房保障组：组长由副县长岑立担任，负责农村危房改造。\n"
        "（三）教育保障组：组长由县委常委、宣传部部长包丽娜担任。\n"
        "（四）督查问责组：组长由县纪委书记担任。\n"
    )
    (g,) = groups(text)
    assert [s.name for s in g.subgroups] == ["产业发展组", "住房保障组", "教育保障组", "督查问责组"]
    assert texts(g.subgroups[0].leaders) == ["副县长施海鹰"]
    assert texts(g.subgroups[0].deputy_leaders) == ["县农业农村局局长"]
    assert names_posts(g.subgroups[2].leaders) == [("包丽娜", "县委常委、宣传部部长")]


def test_sub_teams_named_by_xiashe_with_a_count(groups):
    (g,) = groups("区防指成立由副区长任指挥长的抗旱救灾前线指挥部，下设调水保供、技术指导、宣传报道3个工作组。")
    assert [s.name for s in g.subgroups] == ["调水保供", "技术指导", "宣传报道"]


def test_sub_teams_listed_one_per_line_after_xiashe(groups):
    text = (
        "市委、市政府成立文明城市创建指挥部，由市长任指挥长。指挥部下设4个专项组：\n"
        "（一）环境整治组：牵头单位为市城管局；\n"
        "（二）交通秩序组：组长由市公安局局长担任；\n"
        "（三）文明宣传组：牵头单位为市委宣传部；\n"
        "（四）督查考核组：组长由市委督查室主任担任。\n"
    )
    (g,) = groups(text)
    assert [s.name for s in g.subgroups] == ["环境整治组", "交通秩序组", "文明宣传组", "督查考核组"]
    assert texts(g.subgroups[1].leaders) == ["市公安局局长"]
    assert g.subgroups[0].leaders == []


def test_sub_teams_roles_in_sentences_after_xiashe(groups):
    text = (
        "镇里组建人居环境整治工作专班。专班由镇党委书记任组长，镇长任常务副组长。专班下设清洁组、改厕组2个工作组："
        "清洁组由分管副镇长任组长，负责村庄清洁行动；改厕组由镇农业服务中心主任任组长，负责户厕改造。"
    )
    (g,) = groups(text)
    assert texts(g.leaders) == ["镇党委书记"]
    assert [(s.name, texts(s.leaders)) for s in g.subgroups] == [
        ("清洁组", ["分管副镇长"]),
        ("改厕组", ["镇农业服务中心主任"]),
    ]


# -- roles in the sentence after the group, or roles right after the name ---------------------------


def test_roles_in_the_sentence_after_the_group(groups):
    text = (
        "5月，县政协组成调研组，对全县乡村医生队伍建设情况进行了专题调研。调研组由县政协副主席樊立新任组长，"
        "县政协教科卫体委主任任副组长，成员为部分县政协委员和县卫健局工作人员。"
    )
    (g,) = groups(text)
    assert g.name == "调研组"
    assert names_posts(g.leaders) == [("樊立新", "县政协副主席")]
    assert texts(g.members) == ["部分县政协委员", "县卫健局工作人员"]


def test_a_group_named_then_led_in_an_excerpt_that_begins_with_it(groups):
    (g,) = groups("防汛工作领导小组，镇长×××任组长，副镇长×××任副组长，各村支部书记为成员，办公室设在镇应急办。")
    assert g.name == "防汛工作领导小组"
    assert texts(g.leaders) == ["镇长×××"]


def test_the_roles_of_a_generic_mention_belong_to_the_named_group_before_it(groups):
    found = groups("（一）成立考核工作领导小组。我局成立了以局长为组长，各科室负责人为成员的领导小组，统筹考核工作。")
    assert [g.name for g in found] == ["考核工作领导小组"]
    assert texts(found[0].leaders) == ["局长"]


# -- members ---------------------------------------------------------------------------------------


def test_members_over_several_unindented_lines(groups):
    text = (
        "学校成立校园欺凌防治工作领导小组：\n组长：校长\n副组长：分管德育副校长\n"
        "成员：政教处主任、教务处主任、\n总务处主任、各年级组长、\n各班班主任、心理健康教师\n"
        "领导小组办公室设在政教处。\n"
    )
    (g,) = groups(text)
    assert texts(g.members) == ["政教处主任", "教务处主任", "总务处主任", "各年级组长", "各班班主任", "心理健康教师"]


def test_roster_in_parentheses_after_the_group(groups):
    (g,) = groups(
        "村里成立了疫苗接种动员工作小组（组长：村党支部书记，副组长：村委会主任，成员：各村民小组长、网格员），"
        "逐户摸排未接种人员。"
    )
    assert g.name == "疫苗接种动员工作小组"
    assert texts(g.leaders) == ["村党支部书记"]
    assert texts(g.deputy_leaders) == ["村委会主任"]
    assert texts(g.members) == ["各村民小组长", "网格员"]


def test_flattened_roster_runs_into_the_next_paragraph(groups):
    text = (
        "三、组织机构 街道成立老旧小区改造工作领导小组，组 长：街道党工委书记 姜海洋 副组长：街道办事处主任 邹敏 "
        "成 员：城建科科长 梅立、综治中心主任 庞涛、各社区党委书记 领导小组下设办公室，办公室设在城建科，负责日常工作。"
        " 四、主要任务 （一）摸清底数。"
    )
    (g,) = groups(text)
    assert names_posts(g.leaders) == [("姜海洋", "街道党工委书记")]
    assert names_posts(g.deputy_leaders) == [("邹敏", "街道办事处主任")]
    assert texts(g.members) == ["城建科科长 梅立", "综治中心主任 庞涛", "各社区党委书记"]
    assert g.office.text.startswith("领导小组下设办公室")


def test_a_value_that_describes_duties_names_nobody(groups):
    found = groups("组长：负责全面工作，副组长：协助组长开展工作。")
    assert found == []


def test_a_group_whose_leader_is_the_sentences_subject_gets_no_word_as_leader(groups):
    (g,) = groups("接到督查通报后，区卫健局局长随即牵头成立区医疗废物整治工作领导小组并担任组长，部署整治任务。")
    assert g.name == "区医疗废物整治工作领导小组"
    assert all(m.text != "并" for m in g.leaders)


def test_a_working_mechanism_is_not_a_group(groups):
    found = groups(
        "成立了以主任为组长的巡察整改工作领导小组。建立领导小组统筹抓、专班具体抓、各科室全面参与的工作机制。"
    )
    assert [g.name for g in found] == ["巡察整改工作领导小组"]


def test_two_named_deputies_joined_by_he(groups):
    (g,) = groups("成立由县委书记任组长，县委常委、组织部部长万丽娜和副县长汪海任副组长的人才工作专班。")
    assert texts(g.deputy_leaders) == ["县委常委、组织部部长万丽娜", "副县长汪海"]


def test_a_director_who_leads_is_not_cut_at_ren(groups):
    """ "办公室主任牵头" is the 主任 leading, not "办公室主" taking the role 牵头."""
    text = "领导小组下设3个专项组：\n（1）综合组：办公室主任牵头，负责信息汇总。\n（2）保障组：总务处主任任组长，负责物资。\n"
    found = groups("成立由校长任组长的开学工作领导小组。" + text)
    subs = {s.name: s for g in found for s in g.subgroups}
    assert texts(subs["保障组"].leaders) == ["总务处主任"]
    assert all(not m.text.endswith("主") for g in found for s in g.subgroups for m in s.leaders)


def test_labelled_lines_under_a_sub_team_are_not_members(groups):
    text = (
        "成立禁毒工作领导小组：\n　　组　长：镇长\n　　成　员：各站所负责人\n"
        "　　（一）排查管控组\n　　组　长：派出所所长\n　　成　员：派出所民警、网格员\n"
        "　　职　责：负责排查、管控和线索收集。\n"
    )
    (g,) = groups(text)
    assert texts(g.subgroups[0].members) == ["派出所民警", "网格员"]


def test_people_with_aligned_names_between_commas(groups):
    text = (
        "成立社区治理工作领导小组\n组　长：街道党工委书记　戴　军\n"
        "副组长：街道办事处主任　黎红，党工委副书记　骆　明\n成　员：办公室、综治中心、各社区书记\n"
    )
    (g,) = groups(text)
    assert names_posts(g.deputy_leaders) == [("黎红", "街道办事处主任"), ("骆　明", "党工委副书记")]
    assert texts(g.members) == ["办公室", "综治中心", "各社区书记"]


def test_a_party_group_that_sets_up_a_group_is_not_part_of_its_name(groups):
    """ "厅党组成立…领导小组": 党组 + 成立, not 组成 + 立…"""
    (g,) = groups("厅党组成立巡视整改工作领导小组，厅党组书记、厅长任组长，其他厅领导任副组长。")
    assert g.name == "巡视整改工作领导小组"
    assert texts(g.leaders) == ["厅党组书记", "厅长"]
