"""The item model's features: the character pairs of an item, and one definition of the features for
training and for prediction (the model's fast sums are the weights of the features training saw)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import reportkit
from reportkit.document import Document
from reportkit.items.cues import heading_kind
from reportkit.items.features import _MAX_GRAMS, describe_feature, item_features, item_grams
from reportkit.items.model import load_item_model
from reportkit.items.train import GRAM_MIN_DOCS, AnnotatedDocument, train_items

ROOT = Path(__file__).resolve().parents[2]


def test_character_pairs_are_read_within_runs_of_chinese():
    assert item_grams("检查发现台账不全，整改3项") == ("检查", "查发", "发现", "现台", "台账", "账不", "不全", "整改")
    assert item_grams("A级 危房 B类") == ("危房",)  # pairs do not cross a space or a letter
    assert len(item_grams("落实" * 100)) == _MAX_GRAMS
    assert describe_feature("c2:不全") == "characters “不全”"


@pytest.mark.parametrize("name", ["rec_001.txt", "sum_020.docx", "brf_010.txt"])
def test_the_models_sums_are_the_weights_of_the_features_training_sees(name):
    """The item model sums its weights part by part, with caches; the same features as dicts
    (what training fits on) give the same probabilities."""
    model = load_item_model()
    doc = reportkit.read(ROOT / "corpus" / "docs" / name)
    doc_type = {"rectification": 0.7, "summary": 0.2, "other": 0.1}
    fast = model.probabilities(doc, doc_type)
    slow = []
    for feats in item_features(doc, doc.items(), doc_type):
        z = list(model._intercept)
        for fname, value in feats.items():
            block, _, key = fname.partition(":")
            w = model._tables.get(block, {}).get(key)
            if w is not None:
                z = [a + b * value for a, b in zip(z, w)]
        z = [v / model.temperature for v in z]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        slow.append([v / sum(e) for v in e])
    assert len(fast) == len(slow) > 10
    assert any(f.startswith("c2:") for feats in item_features(doc) for f in feats)
    for a, b in zip(fast, slow):
        assert a == pytest.approx(b, abs=1e-9)


def test_training_keeps_character_pairs_found_in_enough_documents():
    docs = [
        AnnotatedDocument(
            f"d{k}",
            Document(f"一、存在的问题\n{k + 1}号库房消防通道堵塞。\n二、整改措施\n清理通道杂物。\n"),
            {"doc_type": "rectification", "problems": [f"{k + 1}号库房消防通道堵塞"], "measures": ["清理通道杂物"]},
        )
        for k in range(GRAM_MIN_DOCS)
    ]
    once = "猕猴桃园排水沟淤塞"
    docs.append(
        AnnotatedDocument(
            "d9",
            Document(f"一、存在的问题\n{once}。\n二、整改措施\n清理通道杂物。\n"),
            {"doc_type": "rectification", "problems": [once], "measures": ["清理通道杂物"]},
        )
    )
    model, _ = train_items(docs, folds=2, doc_types=[{"rectification": 1.0}] * len(docs), evaluate=False)
    grams = {f for f in model.features if f.startswith("c2:")}
    assert {"c2:消防", "c2:通道", "c2:清理"} <= grams  # in every document
    assert not grams & {f"c2:{g}" for g in item_grams(once)}  # in one


@pytest.mark.parametrize(
    ("sentence", "no_incident"),
    [
        ("全年未发生一起较大以上安全生产事故。", True),
        ("辖区内没有发生土地流转纠纷。", True),
        ("连续三年实现零事故。", True),
        ("部分企业未建立隐患排查台账。", False),  # a shortfall: negation alone
        ("该路段去年发生交通事故4起。", False),
    ],
)
def test_a_negation_that_reports_no_incident_is_a_feature_of_its_own(sentence, no_incident):
    doc = Document(sentence)
    (feats,) = item_features(doc)
    assert ("cue:no_incident" in feats) is no_incident
    assert describe_feature("cue:no_incident") == "reports no incident (未发生…事故)"


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("城区排水管网改造成效不稳固。", True),  # a negated word no list of shortfalls holds
        ("部分村级财务账目与实物不符。", True),
        ("个别网格员长期不在岗。", True),
        ("违规占用耕地问题屡禁不止。", True),
        ("全体党员干部要坚持学习不断。", False),  # an adverb
        ("各单位一律不得擅自调整。", False),  # a ban
        ("镇村两级干部的思想认识始终不动摇。", True),  # a resolve reads the same: its words tell it apart
        ("该项工作已全部完成。", False),
    ],
)
def test_a_clause_that_ends_on_a_negated_word_is_a_cue_of_its_own(sentence, negated):
    (feats,) = item_features(Document(sentence))
    assert ("cue:not_tail" in feats) is negated
    assert describe_feature("cue:not_tail") == "ends on a negated word (…不稳固, …不符)"


@pytest.mark.parametrize(
    ("text", "past"),
    [
        # a state told of the past, in its own clause or in a clause before it in the sentence
        (
            "2016年以前，村里通往乡政府的道路还是砂土路，每逢雨雪天气车辆无法通行。",
            ["2016年以前", "村里通往乡政府的道路还是砂土路", "每逢雨雪天气车辆无法通行"],
        ),
        ("改造前，小区雨污管网混接，经常返水。", ["改造前，小区雨污管网混接，经常返水"]),
        ("过去一些村民习惯把垃圾倒进河沟。", ["过去一些村民习惯把垃圾倒进河沟"]),
        # a deadline, and a past time in another sentence, are not
        ("要求各乡镇2025年以前完成改造。", []),
        ("2016年以前道路是土路。现在部分村道路灯损坏，夜间照明不足。", ["2016年以前道路是土路"]),
    ],
)
def test_a_state_told_of_the_past_is_a_feature_of_its_sentence(text, past):
    doc = Document(text)
    told = [it.text for it, f in zip(doc.items(), item_features(doc), strict=True) if "past:sentence" in f]
    assert told == past
    assert describe_feature("past:sentence") == "a past time named in its sentence"


def test_a_heading_over_items_of_its_own_is_told_from_an_entry_with_its_text():
    # "1.乡镇⏎存在…问题。" names a category; "2.消防通道堆放杂物。" states a finding in its heading, and so does
    # "4.安全意识不够强" over its steps: a title that names a shortfall is no category
    doc = Document(
        "二、检查情况\n1.乡镇\n部分村道路灯损坏，夜间照明不足。\n2.消防通道堆放杂物。\n3.社区\n宣传栏内容陈旧。\n"
        "4.安全意识不够强\n整改措施：开展专题培训。\n"
    )
    feats = {it.text: f for it, f in zip(doc.items(), item_features(doc), strict=True)}
    parents = [text for text, f in feats.items() if any(name.startswith("parent:") for name in f)]
    assert parents == ["检查情况", "乡镇", "社区"]
    assert feats["乡镇"]["parent:<6"] == 1.0
    assert describe_feature("parent:<6") == "a heading over items of its own, length <6"


@pytest.mark.parametrize(
    "title, kind",
    [
        ("整改工作开展情况", "organising"),
        ("整改工作的组织开展情况", "organising"),
        ("自查自纠工作组织情况", "organising"),
        ("集团党委抓巡视整改的主要做法", "organising"),
        # the parts of a published rectification progress report that tell who led it
        ("党组书记组织落实整改工作情况", "organising"),
        ("领导班子其他成员落实整改情况", "organising"),
        ("主要负责人履行整改第一责任人职责情况", "organising"),
        ("党委书记组织落实巡察反馈问题整改情况", "organising"),  # names the problems, tells who led
        ("责任单位落实情况", "achievement"),
        ("问题整改情况", "mixed"),  # the answers to the problems, not how the work was organised
        ("反馈问题整改落实情况", "mixed"),
        ("整改措施", "measure"),
        ("主要做法", "achievement"),  # a summary's account of its work
        ("督查检查开展情况", "achievement"),  # the inspection's own account, not the unit's rectification
    ],
)
def test_the_account_of_how_a_rectification_was_organised_is_a_heading_kind_of_its_own(title, kind):
    # docs/gold.md: the steps of that account are measures, the titles over them (加强组织领导) seldom are; read
    # as a measure heading ("整改"), its titles took the weight of a work plan's tasks
    assert heading_kind(title) == kind
    doc = Document(f"一、{title}\n（一）加强组织领导\n成立整改工作领导小组。\n")
    feats = {it.text: f for it, f in zip(doc.items(), item_features(doc), strict=True)}
    assert feats["加强组织领导"][f"head:{kind}"] == 1.0


def test_a_heading_over_items_of_its_own_is_told_apart_under_a_heading_that_announces_problems():
    # under 发现的主要问题 a numbered bare name (1.燃气经营企业 over its findings) looks like a numbered finding:
    # the conjunction is a feature of its own, as a linear model cannot form it
    doc = Document("二、发现的主要问题\n1.燃气经营企业\n部分送气人员未取得从业资格证。\n2.消防通道堆放杂物。\n")
    feats = {it.text: f for it, f in zip(doc.items(), item_features(doc), strict=True)}
    assert feats["燃气经营企业"]["parent×head:problem"] == 1.0
    assert not any(name.startswith("parent×head") for name in feats["消防通道堆放杂物"])
    assert describe_feature("parent×head:problem") == (
        "a heading over items of its own under a heading announcing problem"
    )


@pytest.mark.parametrize(
    ("sentence", "said_of"),
    [
        ("会同县住建局对手续不全的12个安置小区实行集中办理。", True),  # what the step acts on
        ("对整改不到位的单位进行约谈。", True),
        ("部分安置小区手续不全。", False),  # stated as found
        ("存在资金使用不规范的问题。", False),  # 存在…的问题 states one
    ],
)
def test_a_shortfall_said_of_what_a_step_acts_on_is_a_cue_of_its_own(sentence, said_of):
    (feats,) = item_features(Document(sentence))
    assert ("cue:shortfall_of" in feats) is said_of
    assert "cue:shortfall" in feats
    assert describe_feature("cue:shortfall_of") == "a shortfall said of what a step acts on (对手续不全的…)"


@pytest.mark.parametrize("part", ["core", "cue", "near"])
def test_every_field_a_part_of_the_features_reads_is_in_its_key(part):
    # the item model sums each part of a shape's weights (its core, its cues, its neighbours) once per key, for
    # every document a Pipeline reads: a field a part reads left out of its key gives one document's sums to the
    # next (records then depend on what was read before them)
    import dataclasses

    from reportkit.items import features

    key = getattr(features, f"{part}_key")
    make = {"core": features.core_triples, "cue": features.cue_triples, "near": features.neighbour_triples}[part]
    doc = Document("二、存在问题\n1.乡镇\n部分村道路灯损坏。\n整改措施：更换路灯。\n")
    changed_any = 0
    for shape in features.feature_parts(doc).shapes:
        for field in dataclasses.fields(shape):
            for other in ({True: False, False: True}.get(getattr(shape, field.name)), "other", ("x",), ("x", "y")):
                try:
                    changed = dataclasses.replace(shape, **{field.name: other})
                    triples = make(changed)
                except (TypeError, AttributeError, IndexError):  # a value the part cannot read
                    continue
                if triples != make(shape):
                    changed_any += 1
                    assert key(changed) != key(shape), field.name
    assert changed_any  # the test changed something each part reads


def _cued(text: str, cue: str) -> list[str]:
    """The items of ``text`` whose features hold the cue ``cue``."""
    doc = Document(text)
    return [it.text for it, f in zip(doc.items(), item_features(doc), strict=True) if f"cue:{cue}" in f]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # a run-in title of stance or direction, with no act of its own (docs/gold.md: part of no measure)
        ("1.提高政治站位，扛牢整改责任。局党组收到反馈意见后立即召开党组会议。", "提高政治站位，扛牢整改责任"),
        ("（二）加强组织领导。成立整改工作领导小组。", "加强组织领导"),
        ("三、切实巩固整改成果，健全长效机制。修订制度5项。", "切实巩固整改成果，健全长效机制"),
        # a title that states a step, and a sentence that holds a stance among its acts, are not
        ("1.建立问题台账，实行销号管理。对12个问题逐项销号。", None),
        ("局党组提高政治站位，召开专题会议研究部署整改工作。", None),
    ],
)
def test_an_item_that_states_a_stance_and_no_act_is_a_cue_of_its_own(text, stance):
    assert _cued(text, "stance") == ([stance] if stance else [])
    assert describe_feature("cue:stance") == "a stance with no act (提高政治站位, 加强组织领导)"


@pytest.mark.parametrize(
    ("text", "resolve"),
    [
        # an attitude, an acceptance, a responsibility held, a mood formed: no act of its own (docs/gold.md: no
        # measure in an account of what was done)
        ("县卫健局党组对督查组指出的问题照单全收，诚恳接受。", ["县卫健局党组对督查组指出的问题照单全收，诚恳接受"]),
        ("全所干部深刻认识到专项整治的必要性和紧迫性。", ["全所干部深刻认识到专项整治的必要性和紧迫性"]),
        (
            "党委书记主动扛起整改第一责任人职责，班子成员各司其职。",
            ["党委书记主动扛起整改第一责任人职责，班子成员各司其职"],
        ),
        ("把审计整改当作规范财务管理的重要契机。", ["把审计整改当作规范财务管理的重要契机"]),
        ("全镇形成了一级抓一级、层层抓落实的整改格局。", ["全镇形成了一级抓一级、层层抓落实的整改格局"]),
        ("以更加务实的作风推进问题整改。", ["以更加务实的作风推进问题整改"]),
        # a pledge, the closing resolve of a report, a mood told as grown
        ("做到问题不查清不放过、责任不落实不销号。", ["做到问题不查清不放过、责任不落实不销号"]),
        ("切实把审计整改成果转化为规范管理的长效动力。", ["切实把审计整改成果转化为规范管理的长效动力"]),
        (
            "干部职工的思想认识进一步统一，整改的责任感明显增强。",
            ["干部职工的思想认识进一步统一，整改的责任感明显增强"],
        ),
        ("对此，院党委进行了深刻反思。", ["对此，院党委进行了深刻反思"]),
        # resolve that goes on to an act, an act that assigns a responsibility, a shortfall: not resolve only
        ("院党委高度重视，于4月2日召开党委会议专题研究部署。", []),
        ("局党组十分重视，成立了整改工作专班。", []),
        ("明确各股室负责人为整改第一责任人。", []),
        ("修订班子成员主体责任清单。", []),
        ("班子成员履行一岗双责不到位。", []),
        ("以钉钉子精神开展专项排查3次。", []),
        ("局党组高度重视，但整改进度滞后。", []),
        ("某镇卫生院以业务培训名义超标准列支餐费。", []),  # 以…名义 and 超标准: a problem, no manner of resolve
    ],
)
def test_an_item_that_states_resolve_and_no_act_is_a_cue_of_its_own(text, resolve):
    assert _cued(text, "resolve") == resolve
    # resolve holds where no act stands beside it: a verb of action found there is a noun of the resolve (审计整改)
    assert not set(_cued(text, "resolve")) & set(_cued(text, "action"))
    assert describe_feature("cue:resolve") == "resolve with no act (高度重视, 照单全收, 履行第一责任人职责)"


@pytest.mark.parametrize(
    ("text", "remaining"),
    [
        ("镇建设办组织设计、监理和施工单位对3个项目开展竣工验收，目前已完成2个，剩余1个正在整改。", "剩余1个正在整改"),
        ("局党组对照问题清单逐项推进整改，已整改18项，其余22项正在按时序推进。", "其余22项正在按时序推进"),
        # the rest given an act of its own is a step, not a progress report
        ("镇安监站督促餐饮单位加装燃气报警器，已安装12家，其余8家限期5月底前安装到位。", None),
        ("其余6人目前正在参加县民政局组织的护理员培训。", None),
    ],
)
def test_the_state_of_the_rest_told_after_what_is_done_is_a_cue_of_its_own(text, remaining):
    assert _cued(text, "remaining") == ([remaining] if remaining else [])


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        # every clause a stance or a direction, or all but one of three or more: a kind of its own
        ("加强组织领导", "stance"),
        ("提高政治站位，压实整改责任", "stance"),
        ("强化组织领导,压实林长责任", "stance"),
        ("坚持问题导向，压实整改责任，全面抓好整改落实", "stance"),
        ("坚持标本兼治，建立健全长效机制", "stance"),
        # a heading that names a part of the account, or a step beside a stance, is read by its words
        ("整改工作开展情况", "organising"),
        ("细化整改方案，压实整改责任", "measure"),
        ("下一步工作打算", "measure"),
        ("加强组织领导，成立专项整治工作专班", "background"),
        ("存在的问题", "problem"),
    ],
)
def test_a_heading_of_stance_is_a_heading_kind_of_its_own(title, kind):
    # docs/gold.md: the run-in titles under such a heading are measures in a plan's requirements and part of no
    # measure in an account of what was done — the heading's words cannot tell which (加强组织领导 had been read as
    # background, 提高政治站位，压实整改责任 as measure); the document's type, crossed with the item's stance, can
    assert heading_kind(title) == kind


def test_an_items_stance_is_read_with_its_heading_and_the_documents_type():
    doc = Document("一、提高政治站位，压实整改责任\n（一）加强组织领导。局党组召开专题会议研究部署整改工作。\n")
    items = doc.items()
    for doc_type, top in (
        ({"rectification": 0.8, "work_plan": 0.2}, "rectification"),
        ({"work_plan": 0.9}, "work_plan"),
    ):
        feats = {it.text: f for it, f in zip(items, item_features(doc, items, doc_type), strict=True)}
        title = feats["加强组织领导"]
        assert title["head:stance"] == 1.0
        assert title[f"type×cue:{top}|stance"] == 1.0
        assert title["head×cue:stance|stance"] == 1.0
        assert not any(
            name.startswith("type×cue") and name.endswith("|stance")
            for name in feats["局党组召开专题会议研究部署整改工作"]
        )
    assert describe_feature("type×cue:rectification|stance") == (
        "a stance with no act (提高政治站位, 加强组织领导) under a document type rectification"
    )


def test_every_feature_of_the_shipped_model_is_told_in_words():
    """A finding's explanation names its strongest features: none may reach a user as its internal name
    (head×kind:measure|heading was printed so)."""
    model = load_item_model()
    raw = sorted({name.partition(":")[0] for name in model.features if describe_feature(name) == name} - {"bias"})
    assert raw == []
    assert describe_feature("head×kind:measure|heading") == "found as a heading under a heading announcing measure"
    assert describe_feature("lead×kind:problem|clause") == "found as a clause after a lead-in announcing problem"
    assert describe_feature("block:first") == "the first item of its entry or paragraph"
